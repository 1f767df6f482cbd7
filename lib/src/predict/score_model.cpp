// The score model as a value: its columns' names, the score of a row, and the model file.
#include "bpm/predict/score_model.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "model/yaml_reader.hpp"

namespace bpm::predict {

std::string_view column_kind_name(ColumnKind kind) noexcept {
  switch (kind) {
    case ColumnKind::Numeric: return "numeric";
    case ColumnKind::Missing: return "missing";
    case ColumnKind::Level: return "level";
    case ColumnKind::OtherLevel: return "other_level";
    case ColumnKind::Count: return "count";
    case ColumnKind::OtherCount: return "other_count";
    case ColumnKind::Elapsed: return "elapsed";
    case ColumnKind::Waiting: return "waiting";
    case ColumnKind::Last: return "last";
    case ColumnKind::OtherLast: return "other_last";
  }
  return "numeric";
}

std::string_view calibration_name(Calibration::Kind kind) noexcept {
  switch (kind) {
    case Calibration::Kind::None: return "none";
    case Calibration::Kind::Platt: return "platt";
    case Calibration::Kind::Isotonic: return "isotonic";
  }
  return "none";
}

std::string Column::name() const {
  switch (kind) {
    case ColumnKind::Numeric: return source;
    case ColumnKind::Missing: return source + " missing";
    case ColumnKind::Level: return source + "=" + level;
    case ColumnKind::OtherLevel: return source + "=(other)";
    case ColumnKind::Count: return "count(" + source + ")";
    case ColumnKind::OtherCount: return "count(other activities)";
    case ColumnKind::Elapsed: return "elapsed";
    case ColumnKind::Waiting: return "waiting";
    case ColumnKind::Last: return "last=" + level;
    case ColumnKind::OtherLast: return "last=(other)";
  }
  return source;
}

double ScoreModel::linear_predictor(const double* x) const noexcept {
  double eta = intercept;
  for (std::size_t j = 0; j < columns.size(); ++j) eta += columns[j].coefficient * x[j];
  return eta;
}

double ScoreModel::score(double eta) const noexcept {
  if (calibration.kind == Calibration::Kind::Isotonic && !calibration.thresholds.empty()) {
    // The last threshold at or below eta; below the first, the first value.
    const auto it = std::upper_bound(calibration.thresholds.begin(), calibration.thresholds.end(), eta);
    const std::size_t i =
        it == calibration.thresholds.begin() ? 0 : static_cast<std::size_t>(it - calibration.thresholds.begin()) - 1;
    return calibration.values[i];
  }
  return 1.0 / (1.0 + std::exp(-eta));
}

// ---- the model file ------------------------------------------------------------------------------

namespace {

constexpr std::string_view kFormat = "bpm-score-model/1";

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

std::string number(double x) { return fmt::format("{}", x); }

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + quoted(items[i]);
  return out + "]";
}

std::string numbers(const std::vector<double>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + number(items[i]);
  return out + "]";
}

}  // namespace

std::string write_score_model(const ScoreModel& m) {
  std::string out;
  out += "# A score model of bpm-optimize score: P(" + m.label.text() +
         ") = logistic(intercept + sum of coefficient x column).\n";
  out += "# Score cases with `bpm-optimize score apply LOG --model FILE`; write it into a process file with\n";
  out += "# `bpm-optimize score attach FILE PROCESS`. Fields: share/doc/bpm-optimize.md#score.\n";
  out += fmt::format("format: {}\n", kFormat);
  out += "label: { ";
  if (!m.label.activity.empty()) {
    out += "activity: " + quoted(m.label.activity);
  } else {
    out += "outcomes: " + list(m.label.outcomes);
    if (!m.label.column.empty()) out += ", column: " + quoted(m.label.column);
  }
  out += " }\n";
  out += "cut: " + quoted(m.cut.text()) + "\n";
  out += "intercept: " + number(m.intercept) + "\n";
  out += "columns:\n";
  for (const Column& c : m.columns) {
    out += fmt::format("  - {{ kind: {}", column_kind_name(c.kind));
    if (!c.source.empty()) out += ", source: " + quoted(c.source);
    if (!c.level.empty()) out += ", level: " + quoted(c.level);
    if (!c.reference.empty()) out += ", reference: " + quoted(c.reference);
    if (!c.known.empty()) out += ", known: " + list(c.known);
    if (c.kind == ColumnKind::Numeric) out += ", fill: " + number(c.fill);
    out += fmt::format(", mean: {}, sd: {}, coefficient: {}, std_error: {} }}\n", number(c.mean), number(c.sd),
                       number(c.coefficient), number(c.std_error));
  }
  const Calibration& cal = m.calibration;
  out += fmt::format("calibration: {{ kind: {}", calibration_name(cal.kind));
  if (cal.kind == Calibration::Kind::Platt) {
    out += fmt::format(", slope: {}, intercept: {}", number(cal.platt_slope), number(cal.platt_intercept));
  }
  if (cal.kind == Calibration::Kind::Isotonic) {
    out += ", thresholds: " + numbers(cal.thresholds) + ", values: " + numbers(cal.values);
  }
  out += " }\n";
  const TrainingFacts& t = m.training;
  out += fmt::format("training: {{ cases: {}, positives: {}, lambda: {}", t.cases, t.positives, number(t.lambda));
  if (!t.first_start.empty()) out += ", first_start: " + quoted(t.first_start);
  if (!t.last_start.empty()) out += ", last_start: " + quoted(t.last_start);
  out += " }\n";
  return out;
}

namespace {

ColumnKind parse_kind(std::string_view name, bool& ok) {
  for (const ColumnKind kind :
       {ColumnKind::Numeric, ColumnKind::Missing, ColumnKind::Level, ColumnKind::OtherLevel, ColumnKind::Count,
        ColumnKind::OtherCount, ColumnKind::Elapsed, ColumnKind::Waiting, ColumnKind::Last, ColumnKind::OtherLast}) {
    if (column_kind_name(kind) == name) return kind;
  }
  ok = false;
  return ColumnKind::Numeric;
}

class ModelReader {
 public:
  ModelReader(const YAML::Node& root, const std::string& source) : root_(root), r_(source) {}

  ScoreModel read() {
    ScoreModel m;
    if (!r_.expect_map(root_, "a score model",
                       {"format", "label", "cut", "intercept", "columns", "calibration", "training"})) {
      fail();
    }
    const std::string format = r_.string(need("format"), "format").value_or("");
    if (format != kFormat) {
      r_.error(root_["format"],
               fmt::format("not a score model of this version: format '{}', expected '{}'", format, kFormat));
      fail();
    }
    const YAML::Node label = need("label");
    if (r_.expect_map(label, "label", {"outcomes", "column", "activity"})) {
      if (label["outcomes"]) m.label.outcomes = r_.string_list(label["outcomes"], "label outcomes");
      if (label["column"]) m.label.column = r_.string(label["column"], "label column").value_or("");
      if (label["activity"]) m.label.activity = r_.string(label["activity"], "label activity").value_or("");
      if (m.label.outcomes.empty() == m.label.activity.empty()) {
        r_.error(label, "label: give either outcomes or activity");
      }
    }
    try {
      m.cut = parse_cut(r_.string(need("cut"), "cut").value_or("arrival"));
    } catch (const UsageError& e) {
      r_.error(root_["cut"], e.what());
    }
    m.intercept = finite(need("intercept"), "intercept");
    const YAML::Node columns = need("columns");
    if (r_.expect_sequence(columns, "columns")) {
      for (const auto& c : columns) m.columns.push_back(column(c));
    }
    if (const YAML::Node cal = root_["calibration"]; cal) m.calibration = calibration(cal);
    if (const YAML::Node t = root_["training"];
        t && r_.expect_map(t, "training", {"cases", "positives", "lambda", "first_start", "last_start"})) {
      if (t["cases"])
        m.training.cases = static_cast<std::uint64_t>(r_.integer(t["cases"], "cases", 0, INT64_MAX).value_or(0));
      if (t["positives"]) {
        m.training.positives =
            static_cast<std::uint64_t>(r_.integer(t["positives"], "positives", 0, INT64_MAX).value_or(0));
      }
      if (t["lambda"]) m.training.lambda = r_.number(t["lambda"], "lambda").value_or(0.0);
      if (t["first_start"]) m.training.first_start = r_.string(t["first_start"], "first_start").value_or("");
      if (t["last_start"]) m.training.last_start = r_.string(t["last_start"], "last_start").value_or("");
    }
    if (r_.error_count() > 0) fail();
    return m;
  }

 private:
  [[noreturn]] void fail() {
    const auto& d = r_.diagnostics();
    const auto first =
        std::find_if(d.begin(), d.end(), [](const Diagnostic& x) { return x.severity == Severity::Error; });
    if (first == d.end()) throw DataError(Location{r_.file(), 0, 0}, "not a score model");
    throw DataError(first->where, first->message);
  }

  YAML::Node need(const char* key) {
    const YAML::Node n = root_[key];
    if (!n) {
      r_.error(root_, fmt::format("a score model needs '{}'", key));
      fail();
    }
    return n;
  }

  double finite(const YAML::Node& n, std::string_view what) {
    const auto x = r_.number(n, what);
    if (x && !std::isfinite(*x)) r_.error(n, fmt::format("{} must be a finite number", what));
    return x.value_or(0.0);
  }

  Column column(const YAML::Node& n) {
    Column c;
    if (!r_.expect_map(
            n, "a column",
            {"kind", "source", "level", "reference", "known", "fill", "mean", "sd", "coefficient", "std_error"})) {
      return c;
    }
    bool ok = true;
    c.kind = parse_kind(r_.string(n["kind"], "column kind").value_or(""), ok);
    if (!ok || !n["kind"])
      r_.error(n,
               "a column's kind is numeric, missing, level, other_level, count, other_count, "
               "elapsed, waiting, last or other_last");
    if (n["source"]) c.source = r_.string(n["source"], "column source").value_or("");
    if (n["level"]) c.level = r_.string(n["level"], "column level").value_or("");
    if (n["reference"]) c.reference = r_.string(n["reference"], "column reference").value_or("");
    if (n["known"]) c.known = r_.string_list(n["known"], "column known");
    if (n["fill"]) c.fill = finite(n["fill"], "fill");
    if (n["mean"]) c.mean = finite(n["mean"], "mean");
    if (n["sd"]) c.sd = finite(n["sd"], "sd");
    if (n["std_error"]) c.std_error = r_.number(n["std_error"], "std_error").value_or(0.0);
    if (n["coefficient"]) {
      c.coefficient = finite(n["coefficient"], "coefficient");
    } else {
      r_.error(n, "a column needs 'coefficient'");
    }
    const bool needs_source = c.kind != ColumnKind::OtherCount && c.kind != ColumnKind::Elapsed &&
                              c.kind != ColumnKind::Waiting && c.kind != ColumnKind::Last &&
                              c.kind != ColumnKind::OtherLast;
    if (needs_source && c.source.empty())
      r_.error(n, fmt::format("a {} column needs 'source'", column_kind_name(c.kind)));
    if ((c.kind == ColumnKind::Level || c.kind == ColumnKind::Last) && c.level.empty()) {
      r_.error(n, fmt::format("a {} column needs 'level'", column_kind_name(c.kind)));
    }
    return c;
  }

  Calibration calibration(const YAML::Node& n) {
    Calibration cal;
    if (!r_.expect_map(n, "calibration", {"kind", "slope", "intercept", "thresholds", "values"})) return cal;
    const std::string kind = r_.string(n["kind"], "calibration kind").value_or("none");
    if (kind == "platt") {
      cal.kind = Calibration::Kind::Platt;
      if (n["slope"]) cal.platt_slope = finite(n["slope"], "slope");
      if (n["intercept"]) cal.platt_intercept = finite(n["intercept"], "intercept");
    } else if (kind == "isotonic") {
      cal.kind = Calibration::Kind::Isotonic;
      for (const char* key : {"thresholds", "values"}) {
        auto& into = std::string_view(key) == "thresholds" ? cal.thresholds : cal.values;
        if (!n[key] || !r_.expect_sequence(n[key], key)) continue;
        for (const auto& x : n[key]) into.push_back(r_.number(x, key).value_or(0.0));
      }
      if (cal.thresholds.size() != cal.values.size() || cal.thresholds.empty() ||
          !std::is_sorted(cal.thresholds.begin(), cal.thresholds.end())) {
        r_.error(n, "isotonic calibration: thresholds (ascending) and values of the same, non-zero length");
      }
    } else if (kind != "none") {
      r_.error(n["kind"], fmt::format("calibration kind is none, platt or isotonic, not '{}'", kind));
    }
    return cal;
  }

  YAML::Node root_;
  detail::YamlReader r_;
};

}  // namespace

ScoreModel read_score_model(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw DataError(Location{source, e.mark.line + 1, e.mark.column + 1}, "not a score model: " + e.msg);
  }
  if (!root.IsMap()) throw DataError(Location{source, 1, 1}, "not a score model: expected a YAML mapping");
  return ModelReader(root, source).read();
}

}  // namespace bpm::predict
