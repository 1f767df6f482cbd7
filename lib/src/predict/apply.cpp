// Scoring open cases with a model, row by row as the log is read.
#include "bpm/predict/apply.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/io/output_file.hpp"
#include "case_facts.hpp"
#include "columns.hpp"

namespace bpm::predict {
namespace {

using predict_detail::CaseFacts;
using predict_detail::CaseState;

/// Columns that explain together: an attribute's columns, each activity's count, elapsed,
/// waiting, and the last activity.
struct ReasonGroups {
  std::vector<std::size_t> of_column;
  std::vector<std::size_t> first_column;  // per group: a column, for its kind and source
};

ReasonGroups group_columns(const std::vector<Column>& columns) {
  ReasonGroups g;
  std::map<std::string, std::size_t> index;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const Column& c = columns[j];
    std::string key;
    switch (c.kind) {
      case ColumnKind::Numeric:
      case ColumnKind::Missing:
      case ColumnKind::Level:
      case ColumnKind::OtherLevel: key = "attribute:" + c.source; break;
      case ColumnKind::Last:
      case ColumnKind::OtherLast: key = "last"; break;
      default: key = c.name(); break;
    }
    const auto [it, added] = index.emplace(key, g.first_column.size());
    if (added) g.first_column.push_back(j);
    g.of_column.push_back(it->second);
  }
  return g;
}

/// Values the model never saw in training, counted per attribute while scoring: a level of a
/// categorical attribute without a pooled column (scored as the reference level), a text in a
/// number attribute (scored as missing). Scores stay defined; the analyst hears about it.
class UnfamiliarValues {
 public:
  explicit UnfamiliarValues(const std::vector<Column>& columns) {
    std::map<std::string, std::size_t> index;
    for (std::size_t j = 0; j < columns.size(); ++j) {
      const Column& c = columns[j];
      if (c.source.empty() || c.kind == ColumnKind::Count || c.kind == ColumnKind::Last) continue;
      const auto [it, added] = index.emplace(c.source, watches_.size());
      if (added) watches_.push_back(Watch{c.source, j, {}, false, false, 0, {}});
      Watch& w = watches_[it->second];
      switch (c.kind) {
        case ColumnKind::Numeric: w.numeric = true; break;
        case ColumnKind::Level:
          w.column = j;  // one that names the reference
          w.levels.push_back(c.level);
          if (std::find(w.levels.begin(), w.levels.end(), c.reference) == w.levels.end())
            w.levels.push_back(c.reference);
          break;
        case ColumnKind::OtherLevel: w.pooled = true; break;
        default: break;
      }
    }
  }

  /// `value(j)`: the text of column j's attribute for the case at the cut (empty when missing).
  template <typename TextOf>
  void check(const TextOf& value) {
    for (Watch& w : watches_) {
      const std::string_view text = value(w.column);
      if (text.empty()) continue;
      bool unfamiliar = false;
      if (w.numeric) {
        unfamiliar = std::isnan(predict_detail::parse_value(text));
      } else if (!w.pooled && !w.levels.empty()) {
        const std::string_view level = predict_detail::level_of(text, buffer_);
        unfamiliar = std::find(w.levels.begin(), w.levels.end(), level) == w.levels.end();
      }
      if (!unfamiliar) continue;
      if (w.cases++ == 0) w.example = std::string(text);
    }
  }

  [[nodiscard]] std::vector<std::string> warnings(const std::vector<Column>& columns) const {
    std::vector<std::string> out;
    for (const Watch& w : watches_) {
      if (w.cases == 0) continue;
      if (w.numeric) {
        out.push_back(
            fmt::format("attribute '{}' is not a number in {} scored cases (e.g. '{}'): scored as missing "
                        "(the training mean)",
                        w.source, w.cases, w.example));
      } else {
        const std::string& reference = columns[w.column].reference;
        out.push_back(
            fmt::format("attribute '{}' has a level the model was not trained on in {} scored cases "
                        "(e.g. '{}'): scored as the reference level '{}'",
                        w.source, w.cases, w.example, reference));
      }
    }
    return out;
  }

  void reset() {
    for (Watch& w : watches_) {
      w.cases = 0;
      w.example.clear();
    }
  }

 private:
  struct Watch {
    std::string source;
    std::size_t column;               // one of its columns
    std::vector<std::string> levels;  // reference and levels with a column
    bool numeric;
    bool pooled;  // unknown levels fall into (other): expected, not unfamiliar
    std::uint64_t cases;
    std::string example;
  };
  std::vector<Watch> watches_;
  std::string buffer_;
};

class ScoringSink final : public kpi::CaseSink {
 public:
  ScoringSink(const ScoreModel& model, const ApplyOptions& options, const kpi::LogInfo& info, Location where)
      : model_(model),
        options_(options),
        info_(info),
        where_(std::move(where)),
        evaluator_(model.columns),
        groups_(group_columns(model.columns)),
        unfamiliar_(model.columns),
        x_(model.columns.size()),
        contribution_(groups_.first_column.size()) {}

  void on_case(kpi::CaseRecord& record) override {
    ++summary.cases;
    const kpi::LogDictionary& dictionary = info_.dictionary;
    if (!header_done_) header(dictionary);
    evaluator_.bind(dictionary, where_);
    const std::int64_t label_activity =
        model_.label.activity.empty() ? -1 : dictionary.activities.find(model_.label.activity);
    const std::int64_t cut_activity =
        model_.cut.kind == Cut::Kind::After ? dictionary.activities.find(model_.cut.activity) : -1;
    predict_detail::facts_at_cut(record, model_.label, model_.cut, label_activity, cut_activity, info_.has_outcome,
                                 options_.now, facts_);
    if (!record.instances.empty()) latest_ = std::max(latest_, record.end());
    const bool open = facts_.label.value < 0;
    Row row;
    row.id.clear();
    append_csv_field(row.id, record.id);
    if (replications_) row.id += fmt::format(",{}", record.replication);
    row.cut = facts_.cut;
    row.open = open;
    if (facts_.state != CaseState::Usable) {
      if (!open || facts_.state == CaseState::Empty) {
        ++summary.decided;
        return;
      }
      ++summary.not_reached;
      row.rest = not_reached_text();
      emit(std::move(row));
      return;
    }
    if (!open && !options_.all) {
      ++summary.decided;
      return;
    }
    evaluator_.evaluate(record, facts_, x_.data());
    unfamiliar_.check([&](std::size_t j) { return attribute_text(j, record); });
    const double lp = model_.linear_predictor(x_.data());
    row.rest = fmt::format("{:.6f}", model_.score(lp));
    if (options_.all) row.rest += open ? "," : facts_.label.value != 0 ? ",1" : ",0";
    reasons(record, row.rest);
    ++summary.scored;
    emit(std::move(row));
  }

  void reset() override {
    summary = {};
    pending_.clear();
    deferred_.clear();
    latest_ = -std::numeric_limits<double>::infinity();
    unfamiliar_.reset();
  }

  /// Writes what is left once the logs are read.
  void finish(OutputFile& out) {
    if (!header_done_) header(info_.dictionary);
    const Time now = options_.now.value_or(latest_);
    for (Row& row : deferred_) {
      if (row.open && model_.cut.kind == Cut::Kind::Elapsed && !(row.cut <= now) && !row.rest.empty() &&
          row.rest != not_reached_text()) {
        --summary.scored;
        ++summary.not_reached;
        row.rest = not_reached_text();
      }
      pending_ += row.id + "," + row.rest + "\n";
    }
    out.write(pending_);
    pending_.clear();
    summary.warnings = unfamiliar_.warnings(model_.columns);
  }

  ApplySummary summary;

 private:
  struct Row {
    std::string id;
    std::string rest;
    Time cut = 0.0;
    bool open = true;
  };

  std::string not_reached_text() const {
    std::string text = ",";  // no score
    if (options_.all) text += ",";
    text += "not yet at the cut (" + model_.cut.text() + ")";
    for (std::uint32_t k = 1; k < options_.reasons; ++k) text += ",";
    return text;
  }

  void header(const kpi::LogDictionary&) {
    header_done_ = true;
    replications_ = info_.has_replication;
    pending_ = replications_ ? "case_id,replication,score" : "case_id,score";
    if (options_.all) pending_ += ",label";
    for (std::uint32_t k = 1; k <= options_.reasons; ++k) pending_ += fmt::format(",reason_{}", k);
    pending_ += "\n";
  }

  void emit(Row row) {
    // An elapsed cut without --now: whether an open case is at the cut depends on the latest time
    // in the log, known at the end.
    if (model_.cut.kind == Cut::Kind::Elapsed && !options_.now) {
      deferred_.push_back(std::move(row));
      return;
    }
    pending_ += row.id + "," + row.rest + "\n";
  }

  void reasons(const kpi::CaseRecord& record, std::string& out) {
    std::fill(contribution_.begin(), contribution_.end(), 0.0);
    for (std::size_t j = 0; j < x_.size(); ++j) {
      const Column& c = model_.columns[j];
      contribution_[groups_.of_column[j]] += c.coefficient * (x_[j] - c.mean);
    }
    order_.resize(contribution_.size());
    for (std::size_t g = 0; g < order_.size(); ++g) order_[g] = g;
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(contribution_[a]) > std::abs(contribution_[b]);
    });
    for (std::uint32_t k = 0; k < options_.reasons; ++k) {
      out += ',';
      if (k >= order_.size() || std::abs(contribution_[order_[k]]) < 0.005) continue;
      const std::size_t g = order_[k];
      append_csv_field(out, fmt::format("{} ({:+.2f})", describe(groups_.first_column[g], record), contribution_[g]));
    }
  }

  /// The value of column j's attribute known at the cut; empty when missing.
  std::string_view attribute_text(std::size_t j, const kpi::CaseRecord& record) const {
    const auto a = static_cast<std::size_t>(evaluator_.attribute_index(j));
    const std::string_view value = facts_.known[a] ? std::string_view(record.attributes[a]) : std::string_view();
    return predict_detail::is_missing_value(value) ? std::string_view() : value;
  }

  /// "segment=mid-market", "deal_value=12000", "deal_value missing", "count(demo)=2", "waiting=1.5d".
  std::string describe(std::size_t j, const kpi::CaseRecord& record) const {
    const Column& c = model_.columns[j];
    switch (c.kind) {
      case ColumnKind::Numeric:
      case ColumnKind::Missing:
      case ColumnKind::Level:
      case ColumnKind::OtherLevel: {
        const std::string_view value = attribute_text(j, record);
        if (value.empty()) return c.source + " missing";
        if (c.kind == ColumnKind::Numeric) {
          const double number = predict_detail::parse_value(value);
          if (!std::isnan(number)) return fmt::format("{}={:.6g}", c.source, number);
        }
        return fmt::format("{}={}", c.source, value);
      }
      case ColumnKind::Count:
      case ColumnKind::OtherCount: return fmt::format("{}={:g}", c.name(), x_[j]);
      case ColumnKind::Elapsed: return "elapsed=" + humanize_duration(x_[j]);
      case ColumnKind::Waiting: return "waiting=" + humanize_duration(x_[j]);
      case ColumnKind::Last:
      case ColumnKind::OtherLast:
        return facts_.last < 0 ? "last=(none)"
                               : "last=" + info_.dictionary.activities.name(static_cast<std::uint32_t>(facts_.last));
    }
    return c.name();
  }

  const ScoreModel& model_;
  const ApplyOptions& options_;
  const kpi::LogInfo& info_;
  Location where_;
  predict_detail::RowEvaluator evaluator_;
  ReasonGroups groups_;
  UnfamiliarValues unfamiliar_;
  std::vector<double> x_;
  std::vector<double> contribution_;
  std::vector<std::size_t> order_;
  CaseFacts facts_;
  bool header_done_ = false;
  bool replications_ = false;
  Time latest_ = -std::numeric_limits<double>::infinity();
  std::string pending_;
  std::vector<Row> deferred_;

 public:
  /// Rows written so far are handed over when the buffer is large (streaming mode only).
  std::string& pending() { return pending_; }
};

/// Streams rows to the output while reading when the reader promises never to start over.
class StreamingSink final : public kpi::CaseSink {
 public:
  StreamingSink(ScoringSink& inner, OutputFile& out) : inner_(inner), out_(out) {}
  void on_case(kpi::CaseRecord& record) override {
    inner_.on_case(record);
    if (inner_.pending().size() >= (1U << 20)) {
      out_.write(inner_.pending());
      inner_.pending().clear();
    }
  }
  void reset() override { throw Error("internal: a log read as grouped by case started over"); }

 private:
  ScoringSink& inner_;
  OutputFile& out_;
};

}  // namespace

ApplySummary apply_score_model(const std::vector<std::string>& logs, const kpi::LogOptions& log_options,
                               const ScoreModel& model, const ApplyOptions& options, const std::string& path) {
  kpi::LogOptions lo = log_options;
  lo.all_attributes = true;
  lo.keep_attributes.clear();
  if (!model.label.column.empty()) lo.columns.outcome = model.label.column;
  kpi::LogInfo info;
  const Location where{logs.empty() || logs.front() == "-" ? "<stdin>" : logs.front(), 1, 0};
  ScoringSink sink(model, options, info, where);
  OutputFile out(path);
  // A reader that may start over (a log that turns out not to be grouped by case) must not have
  // written anything yet: rows stream only when grouping is promised (--order case).
  if (lo.order == kpi::LogOrder::ByCase) {
    StreamingSink streaming(sink, out);
    kpi::read_logs(logs, lo, info, streaming);
  } else {
    kpi::read_logs(logs, lo, info, sink);
  }
  sink.finish(out);
  out.commit();
  return sink.summary;
}

}  // namespace bpm::predict
