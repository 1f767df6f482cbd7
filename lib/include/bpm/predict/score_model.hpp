#pragma once
// A score model of bpm-optimize score: an L2-regularised logistic regression over a case's
// attributes and its early behaviour, as a plain value that reads and writes as YAML
// (share/doc/bpm-optimize.md#score lists every field).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm::predict {

/// The point in a case where its features are taken, and where an in-flight case is scored.
struct BPM_API Cut {
  enum class Kind : std::uint8_t {
    Arrival,  // the case attributes only, as known when the case starts
    Elapsed,  // a fixed time after the case started
    Events,   // when the case completed its n-th activity
    After,    // when the case first completed a given activity
  };
  Kind kind = Kind::Arrival;
  double seconds = 0.0;      // Elapsed
  std::uint32_t events = 0;  // Events
  std::string activity;      // After

  /// "arrival", "2d", "events:3", "after:demo": the form parse_cut reads.
  [[nodiscard]] std::string text() const;
  friend bool operator==(const Cut&, const Cut&) = default;
};

/// Parses "arrival", a duration ("2d", "36h"), "events:N" or "after:ACTIVITY". Throws UsageError.
[[nodiscard]] BPM_API Cut parse_cut(std::string_view text);

/// What makes a case positive: its outcome is one of `outcomes` (the log's outcome column, or the
/// attribute column named by `column`), or, with `activity`, the case does that activity.
struct BPM_API Label {
  std::vector<std::string> outcomes;
  std::string column;    // empty: the log's outcome column
  std::string activity;  // instead of outcomes

  /// "won", "won or expanded", "does 'O_Accepted'": what a positive case is, for reports.
  [[nodiscard]] std::string text() const;
  friend bool operator==(const Label&, const Label&) = default;
};

/// How one column of the model is computed from a case at the cut.
enum class ColumnKind : std::uint8_t {
  Numeric,     // a numeric attribute; `fill` when missing or not yet known
  Missing,     // 1 when the numeric attribute `source` is missing or not yet known
  Level,       // 1 when the categorical attribute `source` equals `level`
  OtherLevel,  // 1 when it is none of `known` (rare levels, pooled; and values unseen in training)
  Count,       // completions of activity `source` so far
  OtherCount,  // completions of activities not in `known` so far
  Elapsed,     // seconds since the case started
  Waiting,     // seconds the case waited so far (enabled work not yet started)
  Last,        // 1 when the last activity completed so far is `level` ("(none)" before the first)
  OtherLast,   // 1 when it is none of `known`
};

[[nodiscard]] BPM_API std::string_view column_kind_name(ColumnKind kind) noexcept;

struct BPM_API Column {
  ColumnKind kind = ColumnKind::Numeric;
  std::string source;              // attribute or activity name
  std::string level;               // Level, Last
  std::string reference;           // Level, Last: the most frequent level, which has no column
  std::vector<std::string> known;  // OtherLevel, OtherCount, OtherLast
  double fill = 0.0;               // Numeric: the training mean
  double mean = 0.0;               // training mean of the column: reasons are relative to it
  double sd = 1.0;                 // training sd: the regularisation is on the standardised scale
  double coefficient = 0.0;        // log-odds per unit of the column (after Platt calibration)
  double std_error = 0.0;          // of the coefficient (sandwich estimate of the penalised fit)

  /// How the column reads in reports and the feature table: "segment=mid-market", "deal_value",
  /// "deal_value missing", "count(demo)", "count(other activities)", "elapsed", "waiting",
  /// "last=demo".
  [[nodiscard]] std::string name() const;
  friend bool operator==(const Column&, const Column&) = default;
};

/// The map from the linear predictor to the score when the raw logistic is not calibrated.
/// Platt scaling is folded into the coefficients when the model is built, so only isotonic
/// regression remains: a step function of the linear predictor.
struct BPM_API Calibration {
  enum class Kind : std::uint8_t { None, Platt, Isotonic };
  Kind kind = Kind::None;
  double platt_slope = 1.0;  // Platt: already folded in; kept for reports
  double platt_intercept = 0.0;
  std::vector<double> thresholds;  // Isotonic: ascending linear-predictor thresholds
  std::vector<double> values;      // the score from thresholds[i] on (values[0] below thresholds[1])
  friend bool operator==(const Calibration&, const Calibration&) = default;
};

[[nodiscard]] BPM_API std::string_view calibration_name(Calibration::Kind kind) noexcept;

/// What the model was trained on, for reports and the model file.
struct BPM_API TrainingFacts {
  std::uint64_t cases = 0;  // cases the final model was fitted on
  std::uint64_t positives = 0;
  double lambda = 0.0;      // per-case penalty on the standardised coefficients
  std::string first_start;  // ISO 8601: the oldest and newest case start in the training data
  std::string last_start;
  friend bool operator==(const TrainingFacts&, const TrainingFacts&) = default;
};

struct BPM_API ScoreModel {
  Label label;
  Cut cut;
  double intercept = 0.0;
  std::vector<Column> columns;
  Calibration calibration;
  TrainingFacts training;

  /// The linear predictor (log-odds before an isotonic calibration) of one row of column values.
  [[nodiscard]] double linear_predictor(const double* x) const noexcept;
  /// The score (probability of a positive case) of a linear predictor.
  [[nodiscard]] double score(double linear_predictor) const noexcept;
  friend bool operator==(const ScoreModel&, const ScoreModel&) = default;
};

/// The model as YAML ("format: bpm-score-model/1"), numbers written exactly (shortest round trip).
[[nodiscard]] BPM_API std::string write_score_model(const ScoreModel& model);
/// Reads a model file. Throws DataError (located in `source`) when it is not one.
[[nodiscard]] BPM_API ScoreModel read_score_model(std::string_view text, const std::string& source);

}  // namespace bpm::predict
