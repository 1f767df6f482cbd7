// Column planning. Levels (of attributes, activities and last activities) are kept when at least
// min_level_cases training cases, and 1% of them, have them; the most frequent is the reference
// (no column), the rest are pooled into "(other)". Numeric attributes get their training mean
// where missing and a missing indicator when some cases lack them.
#include "columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "bpm/core/error.hpp"

namespace bpm::predict_detail {
namespace {

using predict::Column;
using predict::ColumnKind;
using predict::TrainWarning;

constexpr const char* kNoActivity = "(none)";

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
};

Moments moments(const std::vector<double>& values) {
  Moments m;
  if (values.empty()) return m;
  for (const double v : values) m.mean += v;
  m.mean /= static_cast<double>(values.size());
  double s = 0.0;
  for (const double v : values) s += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(s / static_cast<double>(values.size()));
  return m;
}

/// A level with its training count, for the choice of levels.
struct LevelCount {
  std::string name;
  std::uint64_t count = 0;
};

/// Kept levels by frequency (the first is the reference) and the count of the pooled rest.
struct LevelChoice {
  std::vector<LevelCount> kept;
  std::uint64_t other = 0;
};

LevelChoice choose_levels(std::vector<LevelCount> levels, std::uint64_t threshold, std::uint32_t max_levels) {
  std::sort(levels.begin(), levels.end(), [](const LevelCount& a, const LevelCount& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
  LevelChoice choice;
  for (const LevelCount& l : levels) {
    if (l.count == 0) continue;
    if (l.count >= threshold && choice.kept.size() < max_levels) {
      choice.kept.push_back(l);
    } else {
      choice.other += l.count;
    }
  }
  return choice;
}

std::vector<std::string> names_of(const std::vector<LevelCount>& levels) {
  std::vector<std::string> out;
  for (const auto& l : levels) out.push_back(l.name);
  std::sort(out.begin(), out.end());
  return out;
}

/// The level of a categorical attribute in a row ("(missing)" when missing or unknown; empty for
/// a value beyond the distinct values kept, which is pooled).
std::string_view level_text(const AttributeValues& a, std::size_t row, std::string& buffer) {
  const std::uint32_t l = a.level[row];
  if (l == AttributeValues::kMissing) return kMissingLevel;
  if (l == AttributeValues::kOverflow) return {};
  if (l == AttributeValues::kNumeric) {
    buffer = fmt::format("{}", a.number[row]);
    return buffer;
  }
  return a.levels.name(l);
}

class Planner {
 public:
  Planner(const CaseTable& table, const std::vector<std::uint32_t>& train, const predict::TrainOptions& options,
          const kpi::LogDictionary& dictionary)
      : t_(table), train_(train), o_(options), dictionary_(dictionary) {
    const auto one_percent = static_cast<std::uint64_t>(std::ceil(0.01 * static_cast<double>(train.size())));
    threshold_ = std::max<std::uint64_t>(options.min_level_cases, one_percent);
  }

  ColumnPlan run() {
    for (std::size_t a = 0; a < t_.attributes.size(); ++a) attribute(a);
    if (o_.cut.kind != predict::Cut::Kind::Arrival) prefix();
    return std::move(plan_);
  }

 private:
  void warn(const std::string& feature, std::string message) {
    plan_.warnings.push_back(TrainWarning{feature, std::move(message)});
  }

  void attribute(std::size_t index) {
    const AttributeValues& a = t_.attributes[index];
    if (a.recorded > 0 && 2 * a.late > a.recorded) {
      warn(a.name, fmt::format("attribute '{}' is recorded only after the cut ({}) in {} of the {} cases that have "
                               "it: refused, as it is not known when a case is scored (it would leak the outcome)",
                               a.name, o_.cut.text(), a.late, a.recorded));
      return;
    }
    if (a.late > 0) {
      warn(a.name,
           fmt::format("attribute '{}' is recorded after the cut in {} cases: taken as missing there", a.name, a.late));
    }
    if (a.numeric && !a.forced_categorical) {
      numeric(a);
    } else {
      categorical(a);
    }
  }

  void numeric(const AttributeValues& a) {
    std::vector<double> known;
    std::uint64_t missing = 0;
    for (const std::uint32_t row : train_) {
      const double x = a.number[row];
      if (std::isnan(x)) {
        ++missing;
      } else {
        known.push_back(x);
      }
    }
    if (known.empty()) {
      warn(a.name, fmt::format("attribute '{}' has no value at the cut in the training cases: left out", a.name));
      return;
    }
    const Moments m = moments(known);
    if (!std::isfinite(m.mean) || !std::isfinite(m.sd)) {
      // Squares of values beyond about 1e154 overflow: such a column cannot be standardised, and
      // kept it would become a silent zero column.
      const double largest =
          *std::max_element(known.begin(), known.end(), [](double x, double y) { return std::abs(x) < std::abs(y); });
      warn(a.name,
           fmt::format("attribute '{}' has values too large to use ({:g}): left out; rescale it", a.name, largest));
      return;
    }
    const bool varies = m.sd > 0.0;
    const bool some_missing = missing > 0 && missing < train_.size();
    if (!varies && !some_missing) {
      warn(a.name, fmt::format("attribute '{}' is constant ({}) in the training cases: left out", a.name, m.mean));
      return;
    }
    if (varies) {
      Column c;
      c.kind = ColumnKind::Numeric;
      c.source = a.name;
      c.fill = m.mean;
      plan_.columns.push_back(std::move(c));
    }
    if (some_missing) {
      Column c;
      c.kind = ColumnKind::Missing;
      c.source = a.name;
      plan_.columns.push_back(std::move(c));
    }
  }

  void categorical(const AttributeValues& a) {
    if (!a.forced_categorical) warn_mostly_numeric(a);
    std::unordered_map<std::string, std::uint64_t> counts;
    std::uint64_t overflow = 0;
    std::string buffer;
    for (const std::uint32_t row : train_) {
      const std::string_view text = level_text(a, row, buffer);
      if (text.empty()) {
        ++overflow;
      } else {
        ++counts[std::string(text)];
      }
    }
    std::vector<LevelCount> levels;
    for (auto& [name, n] : counts) levels.push_back({name, n});
    LevelChoice choice = choose_levels(std::move(levels), threshold_, o_.max_levels);
    choice.other += overflow;
    if (choice.kept.empty()) {
      warn(a.name,
           fmt::format("attribute '{}' has no value shared by {} training cases: left out", a.name, threshold_));
      return;
    }
    if (choice.kept.size() == 1 && choice.other == 0) {
      warn(a.name, fmt::format("attribute '{}' is constant ('{}') in the training cases: left out", a.name,
                               choice.kept.front().name));
      return;
    }
    add_levels(ColumnKind::Level, ColumnKind::OtherLevel, a.name, choice);
  }

  // A number column with a few stray texts (`inf`, `n.a.`, `12,5`) turns into categories, which
  // changes what the model learns from it: say so rather than do it silently.
  void warn_mostly_numeric(const AttributeValues& a) {
    std::uint64_t numbers = 0;
    std::uint64_t texts = 0;
    for (const std::uint32_t row : train_) {
      const std::uint32_t l = a.level[row];
      if (l == AttributeValues::kNumeric) {
        ++numbers;
      } else if (l != AttributeValues::kMissing) {
        ++texts;
      }
    }
    if (texts == 0 || numbers < 4 * texts || a.levels.size() == 0) return;
    warn(a.name, fmt::format("attribute '{}' is read as categories: {} of its {} training values are numbers, but "
                             "not '{}'; clean the values, or exclude it",
                             a.name, numbers, numbers + texts, a.levels.name(0)));
  }

  void add_levels(ColumnKind level_kind, ColumnKind other_kind, const std::string& source, const LevelChoice& choice) {
    for (std::size_t k = 1; k < choice.kept.size(); ++k) {
      Column c;
      c.kind = level_kind;
      c.source = source;
      c.level = choice.kept[k].name;
      c.reference = choice.kept.front().name;
      plan_.columns.push_back(std::move(c));
    }
    if (choice.other > 0) {
      Column c;
      c.kind = other_kind;
      c.source = source;
      c.known = names_of(choice.kept);
      plan_.columns.push_back(std::move(c));
    }
  }

  void prefix() {
    // Activity counts: an activity gets its own column when enough training cases did it by the cut.
    std::vector<std::uint64_t> doers(dictionary_.activities.size(), 0);
    std::vector<std::uint64_t> last_counts(dictionary_.activities.size() + 1, 0);  // [0] = none yet
    for (const std::uint32_t row : train_) {
      for (std::uint32_t k = t_.count_offsets[row]; k < t_.count_offsets[row + 1]; ++k) ++doers[t_.counts[k].first];
      ++last_counts[static_cast<std::size_t>(t_.last[row] + 1)];
    }
    std::vector<std::string> kept;
    bool other = false;
    for (std::size_t activity = 0; activity < doers.size(); ++activity) {
      if (doers[activity] == 0) continue;
      if (doers[activity] >= threshold_) {
        kept.push_back(dictionary_.activities.name(static_cast<std::uint32_t>(activity)));
      } else {
        other = true;
      }
    }
    std::sort(kept.begin(), kept.end());
    for (const std::string& name : kept) {
      Column c;
      c.kind = ColumnKind::Count;
      c.source = name;
      plan_.columns.push_back(std::move(c));
    }
    if (other) {
      Column c;
      c.kind = ColumnKind::OtherCount;
      c.known = kept;
      plan_.columns.push_back(std::move(c));
    }
    for (const ColumnKind kind : {ColumnKind::Elapsed, ColumnKind::Waiting}) {
      Column c;
      c.kind = kind;
      plan_.columns.push_back(std::move(c));
    }
    std::vector<LevelCount> levels;
    levels.push_back({kNoActivity, last_counts[0]});
    for (std::size_t activity = 0; activity + 1 < last_counts.size(); ++activity) {
      levels.push_back({dictionary_.activities.name(static_cast<std::uint32_t>(activity)), last_counts[activity + 1]});
    }
    const LevelChoice choice = choose_levels(std::move(levels), threshold_, o_.max_levels);
    if (!choice.kept.empty()) add_levels(ColumnKind::Last, ColumnKind::OtherLast, "", choice);
  }

  const CaseTable& t_;
  const std::vector<std::uint32_t>& train_;
  const predict::TrainOptions& o_;
  const kpi::LogDictionary& dictionary_;
  std::uint64_t threshold_ = 20;
  ColumnPlan plan_;
};

std::uint32_t count_of(const CaseTable& t, std::size_t row, std::int64_t activity) {
  if (activity < 0) return 0;
  for (std::uint32_t k = t.count_offsets[row]; k < t.count_offsets[row + 1]; ++k) {
    if (t.counts[k].first == static_cast<std::uint32_t>(activity)) return t.counts[k].second;
  }
  return 0;
}

const AttributeValues* attribute_named(const CaseTable& t, const std::string& name) {
  for (const AttributeValues& a : t.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string_view activity_text(const kpi::LogDictionary& dictionary, std::int32_t activity) {
  return activity < 0 ? std::string_view(kNoActivity)
                      : std::string_view(dictionary.activities.name(static_cast<std::uint32_t>(activity)));
}

bool is_known(const std::vector<std::string>& known, std::string_view value) {
  return std::binary_search(known.begin(), known.end(), value, std::less<>());
}

}  // namespace

ColumnPlan plan_columns(const CaseTable& table, const std::vector<std::uint32_t>& train,
                        const predict::TrainOptions& options, const kpi::LogDictionary& dictionary) {
  return Planner(table, train, options, dictionary).run();
}

Design raw_design(const CaseTable& t, const ColumnPlan& plan, const kpi::LogDictionary& dictionary) {
  const auto n = static_cast<Eigen::Index>(t.size());
  const auto p = static_cast<Eigen::Index>(plan.columns.size());
  Design x(n, p + 1);
  // Names resolved once per column.
  struct Resolved {
    const AttributeValues* attribute = nullptr;
    std::int64_t activity = -1;
    std::int64_t last = -2;
  };
  std::vector<Resolved> resolved;
  for (const Column& c : plan.columns) {
    Resolved r;
    r.attribute = c.source.empty() ? nullptr : attribute_named(t, c.source);
    if (c.kind == ColumnKind::Count) r.activity = dictionary.activities.find(c.source);
    if (c.kind == ColumnKind::Last) r.last = c.level == kNoActivity ? -1 : dictionary.activities.find(c.level);
    resolved.push_back(r);
  }
  std::string buffer;
  // The table is stored by column and the design by row: blocks of rows keep both in cache.
  constexpr Eigen::Index kBlock = 2048;
  for (Eigen::Index block = 0; block < n; block += kBlock) {
    const Eigen::Index end = std::min(n, block + kBlock);
    for (Eigen::Index j = 0; j < p; ++j) {
      const Column& c = plan.columns[static_cast<std::size_t>(j)];
      const Resolved& r = resolved[static_cast<std::size_t>(j)];
      const AttributeValues* a = r.attribute;
      for (Eigen::Index i = block; i < end; ++i) {
        const auto row = static_cast<std::size_t>(i);
        double v = 0.0;
        switch (c.kind) {
          case ColumnKind::Numeric: {
            const double value = a->number[row];
            v = std::isnan(value) ? c.fill : value;
            break;
          }
          case ColumnKind::Missing: v = std::isnan(a->number[row]) ? 1.0 : 0.0; break;
          case ColumnKind::Level: v = level_text(*a, row, buffer) == c.level ? 1.0 : 0.0; break;
          case ColumnKind::OtherLevel: {
            const std::string_view text = level_text(*a, row, buffer);
            v = !text.empty() && is_known(c.known, text) ? 0.0 : 1.0;
            break;
          }
          case ColumnKind::Count: v = count_of(t, row, r.activity); break;
          case ColumnKind::OtherCount:
            for (std::uint32_t k = t.count_offsets[row]; k < t.count_offsets[row + 1]; ++k) {
              if (!is_known(c.known, dictionary.activities.name(t.counts[k].first))) v += t.counts[k].second;
            }
            break;
          case ColumnKind::Elapsed: v = t.elapsed[row]; break;
          case ColumnKind::Waiting: v = t.waiting[row]; break;
          case ColumnKind::Last: v = t.last[row] == r.last ? 1.0 : 0.0; break;
          case ColumnKind::OtherLast: v = is_known(c.known, activity_text(dictionary, t.last[row])) ? 0.0 : 1.0; break;
        }
        x(i, j) = v;
      }
    }
    for (Eigen::Index i = block; i < end; ++i) x(i, p) = 1.0;
  }
  return x;
}

void RowEvaluator::bind(const kpi::LogDictionary& dictionary, const Location& where) {
  if (bound_ && dictionary.activities.size() == activities_seen_) return;
  attribute_.assign(columns_.size(), -1);
  activity_.assign(columns_.size(), -1);
  known_activity_.assign(columns_.size(), {});
  const auto& names = dictionary.attributes;
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const Column& c = columns_[j];
    switch (c.kind) {
      case ColumnKind::Numeric:
      case ColumnKind::Missing:
      case ColumnKind::Level:
      case ColumnKind::OtherLevel: {
        const auto it = std::find(names.begin(), names.end(), c.source);
        if (it == names.end()) {
          throw DataError(where, fmt::format("the log has no attribute column '{}', which the model reads", c.source));
        }
        attribute_[j] = it - names.begin();
        break;
      }
      case ColumnKind::Count: activity_[j] = dictionary.activities.find(c.source); break;
      case ColumnKind::Last: activity_[j] = c.level == kNoActivity ? -1 : dictionary.activities.find(c.level); break;
      case ColumnKind::OtherCount:
      case ColumnKind::OtherLast: {
        std::vector<bool>& known = known_activity_[j];
        known.assign(dictionary.activities.size(), false);
        for (std::size_t a = 0; a < known.size(); ++a) {
          known[a] = is_known(c.known, dictionary.activities.name(static_cast<std::uint32_t>(a)));
        }
        break;
      }
      case ColumnKind::Elapsed:
      case ColumnKind::Waiting: break;
    }
  }
  activities_seen_ = dictionary.activities.size();
  bound_ = true;
}

void RowEvaluator::evaluate(const kpi::CaseRecord& record, const CaseFacts& facts, double* x) const {
  for (std::size_t j = 0; j < columns_.size(); ++j) {
    const Column& c = columns_[j];
    double v = 0.0;
    const auto text = [&]() -> std::string_view {
      const auto a = static_cast<std::size_t>(attribute_[j]);
      const std::string_view value = facts.known[a] ? std::string_view(record.attributes[a]) : std::string_view();
      return is_missing_value(value) ? std::string_view() : value;
    };
    switch (c.kind) {
      case ColumnKind::Numeric: {
        const double value = parse_value(text());
        v = std::isnan(value) ? c.fill : value;
        break;
      }
      case ColumnKind::Missing: v = std::isnan(parse_value(text())) ? 1.0 : 0.0; break;
      case ColumnKind::Level: v = level_of(text(), buffer_) == c.level ? 1.0 : 0.0; break;
      case ColumnKind::OtherLevel: v = is_known(c.known, level_of(text(), buffer_)) ? 0.0 : 1.0; break;
      case ColumnKind::Count:
        for (const auto& [activity, count] : facts.counts) {
          if (static_cast<std::int64_t>(activity) == activity_[j]) v = count;
        }
        break;
      case ColumnKind::OtherCount:
        for (const auto& [activity, count] : facts.counts) {
          if (!known_activity_[j][activity]) v += count;
        }
        break;
      case ColumnKind::Elapsed: v = facts.elapsed; break;
      case ColumnKind::Waiting: v = facts.waiting; break;
      case ColumnKind::Last:
        v = (c.level == kNoActivity ? facts.last < 0 : facts.last >= 0 && facts.last == activity_[j]) ? 1.0 : 0.0;
        break;
      case ColumnKind::OtherLast:
        v = facts.last >= 0 && !known_activity_[j][static_cast<std::size_t>(facts.last)] ? 1.0 : 0.0;
        if (facts.last < 0) v = is_known(c.known, kNoActivity) ? 0.0 : 1.0;
        break;
    }
    x[j] = v;
  }
}

}  // namespace bpm::predict_detail
