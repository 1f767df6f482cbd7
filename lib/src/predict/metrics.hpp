#pragma once
// How well scores rank and match outcomes: AUC with DeLong's confidence interval, Brier score,
// log-loss, calibration bins and logistic recalibration, deciles for lift and gain, and the
// confusion table at a threshold with the expected value of acting on it. Private to predict.
#include <cstdint>
#include <optional>
#include <vector>

#include "bpm/predict/train.hpp"

namespace bpm::predict_detail {

using predict::ConfusionTable;
using predict::ScoreBin;
using predict::Validation;

/// The area under the ROC curve (ties count half) and DeLong's standard error. NaN without
/// cases of both classes.
struct Auc {
  double auc = 0.0;
  double se = 0.0;
};
[[nodiscard]] Auc auc_delong(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels);

/// The linear recalibration y ~ a + b·z of linear predictors z (a logistic fit of two parameters)
/// and the calibration-in-the-large a' of y ~ a' + offset z; with standard errors.
struct Recalibration {
  double slope = 1.0;
  double slope_se = 0.0;
  double intercept = 0.0;  // of the two-parameter fit (Platt scaling: score = logistic(intercept + slope·z))
  double in_the_large = 0.0;
  double in_the_large_se = 0.0;
};
[[nodiscard]] Recalibration recalibrate(const std::vector<double>& linear_predictors,
                                        const std::vector<std::uint8_t>& labels);

/// Isotonic regression of the labels on the linear predictors (pool adjacent violators): the
/// ascending thresholds where the fitted step function changes, and its values.
void isotonic(const std::vector<double>& linear_predictors, const std::vector<std::uint8_t>& labels,
              std::vector<double>& thresholds, std::vector<double>& values);

/// Every measure of Validation for `scores` (probabilities).
/// `value`/`cost` give the confusion table its expected value of acting.
[[nodiscard]] Validation validate(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels,
                                  double threshold, std::optional<double> value, std::optional<double> cost);

/// The threshold with the highest expected value of acting above it (value per positive acted on,
/// cost per case acted on), among the scores themselves.
[[nodiscard]] double best_threshold(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels,
                                    double value, double cost);

}  // namespace bpm::predict_detail
