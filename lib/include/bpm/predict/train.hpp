#pragma once
// Training and validating a score model from event logs: bpm-optimize score train.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/predict/score_model.hpp"

namespace bpm::predict {

enum class CalibrationChoice : std::uint8_t { Auto, None, Platt, Isotonic };
/// "auto", "none", "platt" or "isotonic"; throws UsageError.
[[nodiscard]] BPM_API CalibrationChoice parse_calibration(std::string_view text);

struct BPM_API TrainOptions {
  Label label;
  Cut cut;
  std::vector<std::string> exclude;      // attribute columns left out
  std::vector<std::string> include;      // when not empty: only these attribute columns
  std::vector<std::string> categorical;  // attribute columns read as categories even when numeric
  /// A level of a categorical feature (or an activity, a last activity) needs this many training
  /// cases, and at least 1% of them, to get its own column; rarer ones are pooled into "(other)".
  std::uint64_t min_level_cases = 20;
  std::uint32_t max_levels = 30;  // per categorical feature, most frequent first
  bool time_split = true;         // else a random split
  double test_share = 0.2;        // the newest cases (or a random share) held out; 0: none
  std::uint32_t folds = 5;        // k-fold cross-validation of the training part
  std::optional<double> lambda;   // fixed penalty instead of choosing it by cross-validation
  /// Cross-validation fits on a random sample of this many training cases at most (the penalty
  /// matters little beyond that); the final fits use every case.
  std::uint64_t cv_sample = 20000;
  CalibrationChoice calibration = CalibrationChoice::Auto;
  double threshold = 0.5;       // of the confusion table
  std::optional<double> value;  // of acting on a positive case (expected value of acting)
  std::optional<double> cost;   // of acting on any case
  std::uint64_t seed = 1;       // folds, random split and the CV sample
  unsigned threads = 1;         // results are the same for any number
  /// When not empty: write the feature table there (atomically; "-" = stdout): one row per case
  /// at the cut with case_id, replication, set (train, test, or late: left out of the training
  /// part as its outcome came after the split), label and every column's raw value.
  std::string feature_table;
};

/// One row of a table of cases ranked by score (calibration bins, deciles).
struct BPM_API ScoreBin {
  std::uint64_t cases = 0;
  std::uint64_t positives = 0;
  double mean_score = 0.0;
  double low_score = 0.0;  // the lowest and highest score in the bin
  double high_score = 0.0;
};

struct BPM_API ConfusionTable {
  double threshold = 0.5;
  std::uint64_t true_positives = 0;
  std::uint64_t false_positives = 0;
  std::uint64_t false_negatives = 0;
  std::uint64_t true_negatives = 0;
  std::optional<double> value_per_case;      // expected value of acting above the threshold, per case
  std::optional<double> value_all_per_case;  // of acting on every case (acting on none: 0)
};

/// How well scores separate and match the outcomes of a set of cases.
struct BPM_API Validation {
  std::string name;  // "test (newest 20%)", "5-fold cross-validation", "training"
  std::uint64_t cases = 0;
  std::uint64_t positives = 0;
  double auc = 0.0;
  double auc_low = 0.0;  // 95% confidence interval (DeLong)
  double auc_high = 0.0;
  double brier = 0.0;
  double log_loss = 0.0;
  /// Logistic recalibration y ~ a + b·logit(score): slope 1 and intercept 0 when calibrated.
  double calibration_slope = 1.0;
  double calibration_slope_se = 0.0;
  double calibration_intercept = 0.0;  // calibration-in-the-large: a with b fixed at 1
  double calibration_intercept_se = 0.0;
  std::vector<ScoreBin> calibration;  // ten bins of equal size by score, ascending
  std::vector<ScoreBin> deciles;      // ten deciles by score, highest first (lift, gain)
  std::optional<ConfusionTable> confusion;
  std::optional<double> auc_sd;  // cross-validation: the spread of the folds' AUCs
};

/// A feature left out or flagged, and why; also printed as a warning by the tool.
struct BPM_API TrainWarning {
  std::string feature;  // empty for warnings about the data as a whole
  std::string message;
};

struct BPM_API TrainResult {
  ScoreModel model;
  std::vector<std::string> sources;
  std::string convention;
  std::uint64_t cases_read = 0;
  std::uint64_t cases_unlabelled = 0;    // in flight: no outcome yet
  std::uint64_t cases_not_reached = 0;   // never reached the cut
  std::uint64_t cases_decided = 0;       // outcome known before the cut
  std::uint64_t cases_late_outcome = 0;  // training cases whose outcome came after the split
  std::uint64_t train_cases = 0;
  std::uint64_t test_cases = 0;
  std::string split;                                   // how the test set was chosen
  std::string lambda_choice;                           // "5-fold cross-validation over 13 values", "--lambda"
  std::vector<std::pair<double, double>> lambda_path;  // (lambda, cross-validated log-loss)
  std::optional<Validation> test;
  std::optional<Validation> cross_validation;
  Validation training;                   // of the final model, in sample
  std::optional<double> best_threshold;  // maximising the expected value out of fold
  std::vector<TrainWarning> warnings;
  std::uint32_t iterations = 0;  // of the final fit
  /// Wall-clock seconds of each phase (reading, columns, cross-validation, fits): for benchmarks,
  /// never part of a report (which must not change from run to run).
  std::vector<std::pair<std::string, double>> timings;
};

/// Reads the logs (read_logs: every column not a standard one is an attribute) and trains,
/// validates and refits a model on every labelled case at the cut. Throws DataError (no outcome,
/// one class only, no usable case), UsageError for contradictory options, IoError.
[[nodiscard]] BPM_API TrainResult train_score_model(const std::vector<std::string>& logs,
                                                    const kpi::LogOptions& log_options, const TrainOptions& options);

}  // namespace bpm::predict
