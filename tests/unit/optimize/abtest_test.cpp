// A/B tests against textbook figures (two-proportion z test, Welch t test, sample-size formulas).
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/optimize/abtest.hpp"

TEST_CASE("two proportions: 120/1000 against 150/1000", "[optimize][abtest]") {
  const bpm::AbResult r = bpm::compare_proportions({120, 1000}, {150, 1000});
  CHECK(r.difference == Approx(0.03));
  CHECK(r.relative_lift == Approx(0.25));
  // Pooled rate 0.135: z = 0.03 / sqrt(0.135 * 0.865 * 2/1000) = 1.9630, p = 0.0496.
  CHECK(r.statistic == Approx(1.963050).epsilon(1e-5));
  CHECK(r.p_value == Approx(0.049640).epsilon(1e-4));
  // Unpooled 95% interval 0.03 ± 1.96 * 0.015266.
  CHECK(r.lower == Approx(0.0000760).margin(1e-6));
  CHECK(r.upper == Approx(0.0599240).margin(1e-6));
}

TEST_CASE("equal proportions give p = 1", "[optimize][abtest]") {
  const bpm::AbResult r = bpm::compare_proportions({50, 500}, {50, 500});
  CHECK(r.difference == 0.0);
  CHECK(r.p_value == Approx(1.0));
}

TEST_CASE("Welch t test of two means", "[optimize][abtest]") {
  // se = sqrt(4/50 + 4/50) = 0.4, t = 2.5 with 98 degrees of freedom: p = 0.0141.
  const bpm::AbResult r = bpm::compare_means({10, 2, 50}, {11, 2, 50});
  CHECK(r.statistic == Approx(2.5));
  CHECK(r.dof == Approx(98.0));
  CHECK(r.p_value == Approx(0.01408).margin(2e-4));
  CHECK(r.lower < 1.0);
  CHECK(r.upper > 1.0);
  CHECK(r.upper - r.lower == Approx(2 * 1.98447 * 0.4).epsilon(1e-4));
}

TEST_CASE("sample sizes per arm", "[optimize][abtest]") {
  // 50% → 60%, two-sided 5%, power 80%: the classic 388 per arm (normal approximation).
  CHECK(bpm::sample_size_proportions(0.5, 0.1, 0.05, 0.8) == 388);
  // Means: 2 (1.96 + 0.8416)^2 / 0.5^2 = 62.8 → 63 per arm for a half-sd difference.
  CHECK(bpm::sample_size_means(1.0, 0.5, 0.05, 0.8) == 63);
  CHECK_THROWS_AS(bpm::sample_size_proportions(0.95, 0.1, 0.05, 0.8), bpm::UsageError);
  CHECK_THROWS_AS(bpm::sample_size_means(1.0, 0.0, 0.05, 0.8), bpm::UsageError);
}

TEST_CASE("arms as written on the command line", "[optimize][abtest]") {
  const bpm::AbArm counts = bpm::parse_ab_arm("120/1000");
  CHECK(counts.is_proportion);
  CHECK(counts.proportion.successes == 120);
  CHECK(counts.proportion.trials == 1000);
  const bpm::AbArm mean = bpm::parse_ab_arm("12.5,3.2,40");
  CHECK_FALSE(mean.is_proportion);
  CHECK(mean.mean.mean == 12.5);
  CHECK(mean.mean.sd == 3.2);
  CHECK(mean.mean.n == 40);
  CHECK_THROWS_AS(bpm::parse_ab_arm("12/x"), bpm::UsageError);
  CHECK_THROWS_AS(bpm::parse_ab_arm("1,2"), bpm::UsageError);
  CHECK_THROWS_AS(bpm::compare_proportions({1200, 1000}, {1, 10}), bpm::UsageError);
}

TEST_CASE("A/B figures that are not counts, or too large to compare", "[optimize][abtest]") {
  CHECK_THROWS_AS(bpm::compare_proportions({1.5, 10}, {3, 10}), bpm::UsageError);  // 1.5 successes
  CHECK_THROWS_AS(bpm::compare_proportions({1, 10.5}, {3, 10}), bpm::UsageError);
  CHECK_THROWS_AS(bpm::compare_means({10, 3, 20.5}, {12, 3, 20}), bpm::UsageError);  // n 20.5
  CHECK_THROWS_AS(bpm::compare_means({10, INFINITY, 20}, {12, 3, 20}), bpm::UsageError);
  // Finite means whose difference is not (1e308 - -1e308 = -inf once).
  CHECK_THROWS_AS(bpm::compare_means({1e308, 1, 10}, {-1e308, 1, 10}), bpm::UsageError);
}

TEST_CASE("sample sizes are at least what a test needs, and countable", "[optimize][abtest]") {
  CHECK(bpm::sample_size_means(0.001, 100, 0.05, 0.8) == 2);  // once "per_arm 0"
  CHECK(bpm::sample_size_proportions(0.5, 0.45, 0.05, 0.8) >= 1);
  CHECK_THROWS_AS(bpm::sample_size_means(1, 1e-160, 0.05, 0.8), bpm::UsageError);
}
