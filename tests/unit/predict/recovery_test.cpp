// Recovery of known effects from logs simulated with them (the process of kKnownEffects): over
// independent replications, the 95% confidence intervals of the fitted coefficients contain the
// true values at the stated rate.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>

#include "bpm/predict/train.hpp"
#include "predict_test_support.hpp"

TEST_CASE("fitted odds ratios contain the true ones at the stated 95% rate", "[predict][slow]") {
  // 200 replications of 2000 cases; three coefficients each. The process routes a case to `won`
  // when its own uniform draw falls below logistic(-1 + 0.8 referral - 0.5 partner + 0.4 employees).
  constexpr int kReplications = 200;
  const std::map<std::string, double> truth{{"channel=referral", 0.8}, {"channel=partner", -0.5}, {"employees", 0.4}};
  auto options = predict_test::won_options();
  options.exclude = {"draw"};
  options.test_share = 0.0;  // every case into the fit: the intervals of the model written
  int covered = 0;
  int intervals = 0;
  double sum_employees = 0.0;
  for (int r = 0; r < kReplications; ++r) {
    const predict_test::LogFile log(
        predict_test::simulate_log(predict_test::kKnownEffects, static_cast<std::uint32_t>(r), 1));
    const auto model = bpm::predict::train_score_model(log.paths(), {}, options).model;
    for (const auto& c : model.columns) {
      const auto it = truth.find(c.name());
      REQUIRE(it != truth.end());
      ++intervals;
      if (std::abs(c.coefficient - it->second) <= 1.959963984540054 * c.std_error) ++covered;
      if (c.name() == "employees") sum_employees += c.coefficient;
    }
  }
  REQUIRE(intervals == 3 * kReplications);
  // Coverage of 600 intervals: 95% ± 3.29 binomial standard errors (0.0089), i.e. 92.1% to 97.9%.
  const double coverage = static_cast<double>(covered) / intervals;
  const double se = std::sqrt(0.95 * 0.05 / intervals);
  INFO("coverage " << coverage);
  CHECK(std::abs(coverage - 0.95) <= 3.29 * se);
  // And the estimates centre on the truth (mean of 200 estimates, each with se about 0.05).
  CHECK(sum_employees / kReplications == Approx(0.4).margin(0.02));
}
