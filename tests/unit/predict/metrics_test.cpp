// Validation measures against hand computations.
#include <catch2/catch.hpp>

#include <cmath>

#include "predict/metrics.hpp"

using bpm::predict_detail::auc_delong;

TEST_CASE("AUC and DeLong's standard error of a small example", "[predict]") {
  // Positives 0.9 0.8 0.4, negatives 0.7 0.3 0.2 0.1: 11 of the 12 pairs are ordered.
  // V10 = (1, 1, 3/4), V01 = (2/3, 1, 1, 1): var = 0.0208/3 + 0.0278/4, se = 0.1179.
  const auto a = auc_delong({0.9, 0.8, 0.4, 0.7, 0.3, 0.2, 0.1}, {1, 1, 1, 0, 0, 0, 0});
  CHECK(a.auc == Approx(11.0 / 12.0));
  CHECK(a.se == Approx(std::sqrt(0.0208333333 / 3 + 0.0277777778 / 4)).epsilon(1e-6));
  // Ties count half; a constant score is 0.5; one class only has none.
  CHECK(auc_delong({0.5, 0.5, 0.5, 0.5}, {1, 0, 1, 0}).auc == 0.5);
  CHECK(auc_delong({0.9, 0.1}, {1, 0}).auc == 1.0);
  CHECK(auc_delong({0.1, 0.9}, {1, 0}).auc == 0.0);
  CHECK(std::isnan(auc_delong({0.1, 0.9}, {1, 1}).auc));
}

TEST_CASE("the validation of scores: Brier, log-loss, bins, confusion and expected value", "[predict]") {
  const std::vector<double> scores{0.9, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.1, 0.7, 0.05};
  const std::vector<std::uint8_t> labels{1, 1, 0, 1, 0, 0, 0, 1, 1, 0};
  const auto v = bpm::predict_detail::validate(scores, labels, 0.5, 100.0, 30.0);
  double brier = 0.0;
  double log_loss = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    brier += (scores[i] - labels[i]) * (scores[i] - labels[i]);
    log_loss -= labels[i] ? std::log(scores[i]) : std::log(1 - scores[i]);
  }
  CHECK(v.brier == Approx(brier / 10));
  CHECK(v.log_loss == Approx(log_loss / 10));
  REQUIRE(v.deciles.size() == 10);
  CHECK(v.deciles.front().mean_score == 0.9);       // highest first
  CHECK(v.calibration.front().mean_score == 0.05);  // lowest first
  REQUIRE(v.confusion);
  // Acted on: 0.9 0.8 0.6 0.7 -> 3 positives, 1 negative; passed over: 2 positives, 4 negatives.
  CHECK(v.confusion->true_positives == 3);
  CHECK(v.confusion->false_positives == 1);
  CHECK(v.confusion->false_negatives == 2);
  CHECK(v.confusion->true_negatives == 4);
  CHECK(*v.confusion->value_per_case == Approx((3 * 100.0 - 4 * 30.0) / 10));
  CHECK(*v.confusion->value_all_per_case == Approx((5 * 100.0 - 10 * 30.0) / 10));
  // Acting on the top 3 (0.9, 0.8, 0.7) gains 3 x 70 = 210; the top 5 (down to 0.4) 4 x 100 - 5 x 30
  // = 250, the best; the top 6 (down to 0.3) 220; all ten 200.
  CHECK(bpm::predict_detail::best_threshold(scores, labels, 100.0, 30.0) == 0.4);
}

TEST_CASE("recalibration finds the slope and intercept that generated the labels", "[predict]") {
  // Labels from logistic(0.5 + 2z) over a grid of z: the fit recovers them.
  std::vector<double> z;
  std::vector<std::uint8_t> labels;
  std::uint64_t state = 99;
  for (int i = 0; i < 40000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(state >> 11) * 0x1.0p-53;
    const double zi = -2.0 + 4.0 * (i % 100) / 99.0;
    z.push_back(zi);
    labels.push_back(u < 1.0 / (1.0 + std::exp(-(0.5 + 2.0 * zi))) ? 1 : 0);
  }
  const auto r = bpm::predict_detail::recalibrate(z, labels);
  CHECK(r.slope == Approx(2.0).margin(4 * r.slope_se));
  CHECK(r.intercept == Approx(0.5).margin(0.1));
}

TEST_CASE("isotonic regression pools adjacent violators", "[predict]") {
  std::vector<double> thresholds;
  std::vector<double> values;
  // Labels by ascending z: 0 1 0 1 1 -> blocks {0}, {1, 0} pooled to 0.5, {1, 1}.
  bpm::predict_detail::isotonic({1, 2, 3, 4, 5}, {0, 1, 0, 1, 1}, thresholds, values);
  REQUIRE(thresholds == std::vector<double>{1, 2, 4});
  CHECK(values[0] == Approx(1e-6));
  CHECK(values[1] == Approx(0.5));
  CHECK(values[2] == Approx(1 - 1e-6));
}
