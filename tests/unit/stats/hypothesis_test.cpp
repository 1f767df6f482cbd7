// p-values and Holm's correction, against closed forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "bpm/stats/hypothesis.hpp"

TEST_CASE("Holm's step-down adjustment", "[stats]") {
  // Sorted: 0.005 × 4 = 0.02, 0.01 × 3 = 0.03, 0.03 × 2 = 0.06, 0.04 × 1 = 0.04 → kept at 0.06.
  const std::vector<double> adjusted = bpm::holm_adjusted({0.01, 0.04, 0.03, 0.005});
  REQUIRE(adjusted.size() == 4);
  CHECK(adjusted[0] == Approx(0.03));
  CHECK(adjusted[1] == Approx(0.06));
  CHECK(adjusted[2] == Approx(0.06));
  CHECK(adjusted[3] == Approx(0.02));
  // Capped at 1; NaN stays NaN and does not count in m.
  const std::vector<double> capped = bpm::holm_adjusted({0.6, std::nan(""), 0.5});
  CHECK(capped[0] == 1.0);
  CHECK(std::isnan(capped[1]));
  CHECK(capped[2] == 1.0);
  CHECK(bpm::holm_adjusted({}).empty());
}

TEST_CASE("F upper tail and t test p-values", "[stats]") {
  // F(2, d) has P(F >= f) = (1 + 2f/d)^(-d/2); F(1, d) is t(d)².
  CHECK(bpm::f_upper_tail(3.0, 2.0, 8.0) == Approx(std::pow(1.0 + 6.0 / 8.0, -4.0)).epsilon(1e-12));
  CHECK(bpm::f_upper_tail(4.0, 1.0, 10.0) == Approx(2.0 * bpm::student_t_cdf(-2.0, 10.0)).epsilon(1e-12));
  CHECK(bpm::f_upper_tail(0.0, 3.0, 5.0) == 1.0);
  CHECK(bpm::f_upper_tail(INFINITY, 3.0, 5.0) == 0.0);
  CHECK(std::isnan(bpm::f_upper_tail(1.0, 0.0, 5.0)));

  const double t = 2.0 / (1.0 / std::sqrt(5.0));
  CHECK(bpm::t_test_p_value(bpm::Estimate{2.0, 1.0, 0.0, 5}) == Approx(2.0 * bpm::student_t_cdf(-t, 4.0)));
  CHECK(bpm::t_test_p_value(bpm::Estimate{0.0, 0.0, 0.0, 5}) == 1.0);  // exactly no effect
  CHECK(bpm::t_test_p_value(bpm::Estimate{3.0, 0.0, 0.0, 5}) == 0.0);  // an effect without noise
  CHECK(std::isnan(bpm::t_test_p_value(bpm::Estimate{3.0, 1.0, 0.0, 1})));
}
