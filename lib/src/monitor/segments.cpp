// SegmentBuilder: case-level KPI statistics per segment, then intervals and tests against the
// other cases.
#include "bpm/monitor/segments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/stats/histogram.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "monitor/completed_cases.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Distinct values followed one by one; a column with more (an id, an amount) is no segmentation.
constexpr std::size_t kMaxDistinct = 1000;
const std::string kNone = "(none)";
const std::string kOther = "(other)";

struct Acc : CompletedCases {
  std::uint64_t cases = 0;
  RunningStats revenue;
  LogHistogram cycle_quantiles;
  std::uint64_t last_case = 0;

  void merge(const Acc& o) {
    CompletedCases::merge(o);
    cases += o.cases;
    revenue.merge(o.revenue), cycle_quantiles.merge(o.cycle_quantiles);
  }
};

/// The moments of `whole` without those of `part` (a part of it): the other cases.
RunningStats without(const RunningStats& whole, const RunningStats& part) {
  const std::uint64_t n = whole.count() - std::min(whole.count(), part.count());
  if (n == 0) return {};
  const auto nw = static_cast<double>(whole.count());
  const auto np = static_cast<double>(part.count());
  const auto nr = static_cast<double>(n);
  const double sum = whole.sum() - (part.empty() ? 0.0 : part.sum());
  const double mean = sum / nr;
  double m2 = whole.m2();
  if (!part.empty()) {
    const double delta = mean - part.mean();
    m2 -= part.m2() + delta * delta * np * nr / nw;
  }
  return RunningStats::restore(n, mean, std::max(0.0, m2), mean, mean, sum);
}

/// Wilson's score interval of x successes in n at 95%.
std::pair<double, double> wilson(std::uint64_t x, std::uint64_t n) {
  if (n == 0) return {kNaN, kNaN};
  const double z = 1.959963984540054;
  const double p = static_cast<double>(x) / static_cast<double>(n);
  const auto nn = static_cast<double>(n);
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

/// Two-sided p-value of the two-proportion z-test.
double two_proportions(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2) {
  if (n1 == 0 || n2 == 0) return kNaN;
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(x2) / static_cast<double>(n2);
  const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / static_cast<double>(n1) + 1.0 / static_cast<double>(n2)));
  if (!(se > 0.0)) return p1 == p2 ? 1.0 : 0.0;
  return 2.0 * (1.0 - normal_cdf(std::fabs(p1 - p2) / se));
}

enum class Kind : unsigned char { Mean, Quantile, Rate };

struct MetricDef {
  const char* name;
  kpi::Unit unit;
  Kind kind;
  const RunningStats Acc::*stats = nullptr;
  double quantile = 0.0;
  std::uint64_t Acc::*successes = nullptr;
};

}  // namespace

struct SegmentBuilder::State {
  SegmentOptions options;
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> names;
  std::vector<Acc> accs;
  Acc other;  // values beyond kMaxDistinct
  Acc overall;
  bool any_cost = false;
  bool any_revenue = false;
  bool any_value = false;
  std::uint64_t stamp = 0;

  Acc& acc_of(const std::string& key) {
    if (const auto found = index.find(key); found != index.end()) return accs[found->second];
    if (accs.size() >= kMaxDistinct) return other;
    index.emplace(key, static_cast<std::uint32_t>(accs.size()));
    names.push_back(key);
    return accs.emplace_back();
  }
};

SegmentBuilder::SegmentBuilder(SegmentOptions options) : state_(std::make_unique<State>()) {
  if (options.by.empty()) throw SettingError("by", "needs a case attribute, or outcome, resource, activity or variant");
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) throw SettingError("alpha", "must be in (0, 1)");
  state_->options = std::move(options);
}

SegmentBuilder::~SegmentBuilder() = default;

void SegmentBuilder::reset() {
  SegmentOptions options = state_->options;
  state_ = std::make_unique<State>();
  state_->options = std::move(options);
}

std::string SegmentBuilder::attribute() const {
  const std::string& by = state_->options.by;
  return by == "outcome" || by == "resource" || by == "activity" || by == "variant" ? std::string() : by;
}

void SegmentBuilder::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) {
  State& s = *state_;
  const std::string& by = s.options.by;
  ++s.stamp;
  std::vector<std::string> keys;
  if (by == "outcome") {
    keys.push_back(record.outcome.empty() ? kNone : record.outcome);
  } else if (by == "resource" || by == "activity") {
    for (const kpi::ActivityInstance& i : record.instances) {
      if (by == "resource" && i.resource < 0) continue;
      const std::string& name = by == "resource"
                                    ? info.dictionary.resources.name(static_cast<std::uint32_t>(i.resource))
                                    : info.dictionary.activities.name(i.activity);
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) keys.push_back(name);
    }
    if (keys.empty()) keys.push_back(kNone);
  } else if (by == "variant") {
    std::string v;
    for (const kpi::ActivityInstance& i : record.instances) {
      if (!v.empty()) v += " > ";
      v += info.dictionary.activities.name(i.activity);
    }
    keys.push_back(v);
  } else {
    const auto& attrs = info.dictionary.attributes;
    const auto at = std::find(attrs.begin(), attrs.end(), by);
    const std::string* value =
        at != attrs.end() ? &record.attributes[static_cast<std::size_t>(at - attrs.begin())] : nullptr;
    s.any_value = s.any_value || (value != nullptr && !value->empty());
    keys.push_back(value == nullptr || value->empty() ? kNone : *value);
  }
  s.any_cost = s.any_cost || facts.cost != 0.0 || info.has_cost;
  s.any_revenue = s.any_revenue || facts.revenue != 0.0;
  auto add = [&](Acc& a) {
    if (a.last_case == s.stamp) return;  // two keys pooled into "(other)": count the case once
    a.last_case = s.stamp;
    ++a.cases;
    if (!facts.completed) return;
    a.add(facts);
    a.revenue.add(facts.revenue);
    a.cycle_quantiles.add(facts.cycle());
  };
  for (const std::string& key : keys) add(s.acc_of(key));
  add(s.overall);
}

SegmentResult SegmentBuilder::result(const kpi::LogInfo& info) const {
  const State& s = *state_;
  SegmentResult r;
  r.by = s.options.by;
  r.alpha = s.options.alpha;
  r.overlapping = r.by == "resource" || r.by == "activity";
  if (!attribute().empty() && !s.any_value && s.overall.cases > 0) {
    throw SettingError("by", fmt::format("'{}': no case has a value for it (is it a column of the log?)", r.by));
  }
  std::vector<MetricDef> defs = {
      {"cycle_time.mean", kpi::Unit::Duration, Kind::Mean, &Acc::cycle},
      {"cycle_time.p50", kpi::Unit::Duration, Kind::Quantile, nullptr, 0.5},
      {"cycle_time.p90", kpi::Unit::Duration, Kind::Quantile, nullptr, 0.9},
      {"waiting_time.mean", kpi::Unit::Duration, Kind::Mean, &Acc::waiting},
      {"processing_time.mean", kpi::Unit::Duration, Kind::Mean, &Acc::processing},
  };
  if (info.has_outcome) defs.push_back({"win_rate", kpi::Unit::Fraction, Kind::Rate, nullptr, 0.0, &Acc::won});
  defs.push_back({"rework_rate", kpi::Unit::Fraction, Kind::Rate, nullptr, 0.0, &Acc::rework});
  if (s.any_cost) defs.push_back({"cost.per_case", kpi::Unit::Money, Kind::Mean, &Acc::cost});
  if (s.any_revenue) defs.push_back({"revenue.per_case", kpi::Unit::Money, Kind::Mean, &Acc::revenue});
  for (const MetricDef& d : defs) r.metrics.push_back(SegmentMetric{d.name, d.unit, d.kind == Kind::Rate});

  // The largest segments; the rest pooled.
  std::vector<std::uint32_t> order(s.accs.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&s](std::uint32_t a, std::uint32_t b) {
    if (s.accs[a].cases != s.accs[b].cases) return s.accs[a].cases > s.accs[b].cases;
    return s.names[a] < s.names[b];
  });
  std::vector<std::pair<std::string, Acc>> groups;
  Acc pooled = s.other;
  std::size_t pooled_groups = s.other.cases > 0 ? 1 : 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k < s.options.max_segments) {
      groups.emplace_back(s.names[order[k]], s.accs[order[k]]);
    } else {
      pooled.merge(s.accs[order[k]]);
      ++pooled_groups;
    }
  }
  if (pooled.cases > 0) groups.emplace_back(kOther, pooled);
  if (pooled_groups > 0) {
    r.notes.push_back(fmt::format("segments beyond the {} largest pooled as {}", s.options.max_segments, kOther));
  }

  auto fill = [&](const Acc& a, bool test) {
    std::vector<SegmentValue> values;
    for (const MetricDef& d : defs) {
      SegmentValue v;
      v.n = a.completed;
      v.low = v.high = v.p_value = kNaN;
      if (d.kind == Kind::Mean) {
        const RunningStats& stats = a.*d.stats;
        v.value = stats.empty() ? kNaN : stats.mean();
        if (stats.count() >= 2) {
          const Estimate e = estimate(stats);
          v.low = e.mean - e.half_width;
          v.high = e.mean + e.half_width;
        }
        if (test) {
          const RunningStats rest = without(s.overall.*d.stats, stats);
          v.p_value = welch_p_value(stats, rest);
          if (!rest.empty() && !stats.empty()) v.direction = stats.mean() > rest.mean() ? 1 : -1;
        }
      } else if (d.kind == Kind::Quantile) {
        v.value = a.cycle_quantiles.empty() ? kNaN : interpolated_quantile(a.cycle_quantiles, d.quantile);
      } else {
        const std::uint64_t x = a.*d.successes;
        v.value = a.completed > 0 ? static_cast<double>(x) / static_cast<double>(a.completed) : kNaN;
        std::tie(v.low, v.high) = wilson(x, a.completed);
        if (test) {
          const std::uint64_t rest_n = s.overall.completed - a.completed;
          const std::uint64_t rest_x = s.overall.*d.successes - x;
          v.p_value = two_proportions(x, a.completed, rest_x, rest_n);
          if (rest_n > 0 && a.completed > 0) {
            v.direction = static_cast<double>(x) / static_cast<double>(a.completed) >
                                  static_cast<double>(rest_x) / static_cast<double>(rest_n)
                              ? 1
                              : -1;
          }
        }
      }
      values.push_back(v);
    }
    return values;
  };
  for (auto& [name, acc] : groups) {
    Segment seg;
    seg.value = name;
    seg.cases = acc.cases;
    seg.completed = acc.completed;
    seg.values = fill(acc, groups.size() > 1 || r.overlapping);
    r.segments.push_back(std::move(seg));
  }
  r.overall.value = "all cases";
  r.overall.cases = s.overall.cases;
  r.overall.completed = s.overall.completed;
  r.overall.values = fill(s.overall, false);

  // Holm's step-down correction over the segments, KPI by KPI.
  for (std::size_t m = 0; m < defs.size(); ++m) {
    std::vector<std::size_t> tested;
    for (std::size_t k = 0; k < r.segments.size(); ++k) {
      if (std::isfinite(r.segments[k].values[m].p_value)) tested.push_back(k);
    }
    std::stable_sort(tested.begin(), tested.end(), [&](std::size_t a, std::size_t b) {
      return r.segments[a].values[m].p_value < r.segments[b].values[m].p_value;
    });
    for (std::size_t i = 0; i < tested.size(); ++i) {
      SegmentValue& v = r.segments[tested[i]].values[m];
      if (!(v.p_value <= r.alpha / static_cast<double>(tested.size() - i))) break;
      v.significant = true;
    }
    for (Segment& seg : r.segments) {
      if (!seg.values[m].significant) seg.values[m].direction = 0;
    }
  }
  if (r.overlapping) {
    r.notes.push_back(
        fmt::format("a case belongs to every {} it has: the segments overlap, and each is compared with "
                    "the cases outside it",
                    r.by));
  }
  r.notes.push_back(
      fmt::format("KPIs over completed cases with 95% intervals; ↑/↓: significantly higher/lower than the "
                  "other cases (Welch's t-test for means, the two-proportion z-test for rates, Holm-"
                  "corrected over the segments at alpha {:g})",
                  r.alpha));
  return r;
}

}  // namespace bpm::monitor
