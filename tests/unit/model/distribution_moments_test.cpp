// Moments and CDF of distributions as the simulator draws them (truncation by resampling, the
// clamp after the last candidate, scale), against closed forms and against the sampler itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/distribution.hpp"
#include "core/random.hpp"

namespace {

constexpr double kMinute = 60.0;
constexpr int kDraws = 200000;

bpm::Distribution time_dist(std::string_view text) { return bpm::parse_distribution(text, true, kMinute); }
bpm::Distribution plain_dist(std::string_view text) { return bpm::parse_distribution(text, false, 1.0); }

std::vector<double> draws(const bpm::Distribution& d, std::string_view stream_name) {
  auto rng = bpm::Rng::stream(2027, 0, bpm::Rng::key(stream_name));
  std::vector<double> xs(kDraws);
  for (double& x : xs) x = d.sample(rng);
  return xs;
}

/// The sampler's mean and variance against mean() and variance(), within 4 standard errors (the
/// variance's from the plug-in fourth moment), as in distribution_test.cpp.
void check_against_sampler(const bpm::Distribution& d, std::string_view text) {
  const std::vector<double> xs = draws(d, text);
  double mean = 0.0;
  for (const double x : xs) mean += x;
  mean /= kDraws;
  double variance = 0.0;
  double fourth = 0.0;
  for (const double x : xs) {
    const double dev = (x - mean) * (x - mean);
    variance += dev;
    fourth += dev * dev;
  }
  variance /= kDraws - 1;
  fourth /= kDraws;
  INFO(text << ": sample mean " << mean << " vs " << d.mean() << ", sample variance " << variance << " vs "
            << d.variance());
  CHECK(std::fabs(mean - d.mean()) <= 4 * std::sqrt(d.variance() / kDraws) + 1e-12 * std::fabs(d.mean()));
  const double variance_se = std::sqrt(std::max(0.0, fourth - variance * variance) / kDraws);
  CHECK(std::fabs(variance - d.variance()) <= 4 * variance_se + 1e-9 * d.variance());
}

/// The fraction of draws at or below (below) x against cdf(x), within 4 binomial standard errors.
void check_cdf(const bpm::Distribution& d, std::string_view text, double x, bool inclusive) {
  const std::vector<double> xs = draws(d, text);
  const auto count = std::count_if(xs.begin(), xs.end(), [&](double v) { return inclusive ? v <= x : v < x; });
  const double fraction = static_cast<double>(count) / kDraws;
  const double p = d.cdf(x, inclusive);
  INFO(text << " at " << x << (inclusive ? " (<=)" : " (<)") << ": fraction " << fraction << ", cdf " << p);
  CHECK(std::fabs(fraction - p) <= 4 * std::sqrt(std::max(p * (1 - p), 1.0 / kDraws) / kDraws));
}

}  // namespace

TEST_CASE("a truncated distribution has the mean it is simulated with", "[model][distribution]") {
  SECTION("normal(10m, 20m, min: 0): 10 + 20 φ(0.5)/Φ(0.5) minutes") {
    const auto d = time_dist("normal(10m, 20m, min: 0)");
    const double phi = std::exp(-0.125) / std::sqrt(2 * std::numbers::pi);
    const double Phi = 0.5 * std::erfc(-0.5 / std::numbers::sqrt2);
    CHECK(d.mean() == Approx((10 + 20 * phi / Phi) * kMinute).epsilon(1e-12));
    CHECK(d.mean() / kMinute == Approx(20.18).margin(0.01));
    check_against_sampler(d, "normal(10m, 20m, min: 0)");
  }
  SECTION("without truncation the family's own moments, exactly") {
    CHECK(time_dist("exponential(5m)").mean() == 300);
    CHECK(plain_dist("triangular(0, 1, 5)").mean() == 2);
  }
  SECTION("every family, truncated, against its sampler") {
    for (const char* text :
         {"exponential(10, min: 3, max: 25)", "normal(5, 3, max: 4)", "lognormal(mean: 10, sd: 8, min: 5, max: 30)",
          "gamma(2.5, 3, min: 2, max: 12)", "erlang(3, 9, max: 8)", "weibull(1.5, 10, min: 4)",
          "poisson(6, min: 3, max: 9)", "binomial(20, 0.3, min: 4, max: 8)", "normal(0, 1, min: 2.5)",
          "lognormal(mean: 10, sd: 30, max: 3)"}) {
      check_against_sampler(plain_dist(text), text);
    }
    // Families whose own parameters are called min and max take their truncation in code.
    struct Cut {
      const char* text;
      double lower;
      double upper;
    };
    for (const Cut& cut : {Cut{"uniform(0, 10)", 2, 5}, Cut{"triangular(0, 2, 10)", 1, 6},
                           Cut{"beta(2, 5, 0, 10)", 1, 4}, Cut{"truncated_normal(5, 4, 0, 20)", 3, 9}}) {
      auto d = plain_dist(cut.text);
      d.lower = cut.lower;
      d.upper = cut.upper;
      check_against_sampler(d, cut.text);
    }
    const auto empirical =
        bpm::make_table_distribution(bpm::DistKind::Empirical, {{"1", "0.2"}, {"3", "0.5"}, {"7", "0.3"}}, false, 1.0);
    auto cut = empirical;
    cut.upper = 3;
    check_against_sampler(cut, "empirical max 3");
    const auto histogram =
        bpm::make_table_distribution(bpm::DistKind::Histogram, {{"0", "10", "0.5"}, {"10", "30", "0.5"}}, false, 1.0);
    auto window = histogram;
    window.lower = 5;
    window.upper = 20;
    check_against_sampler(window, "histogram 5..20");
  }
  SECTION("bounds that hold little mass: the clamp after the last resample counts") {
    // exponential(1) kept above 3: each candidate lands inside with p = e^-3, so (1 − e^-3)^64 =
    // 3.78% of draws end clamped at 3; the others have mean 3 + 1 (no memory).
    const auto d = plain_dist("exponential(1, min: 3)");
    const double clamped = std::pow(1 - std::exp(-3.0), 64);
    CHECK(d.mean() == Approx((1 - clamped) * 4 + clamped * 3).epsilon(1e-12));
    check_against_sampler(d, "exponential(1, min: 3)");
    // No mass at all: every draw is the bound.
    CHECK(plain_dist("exponential(1, min: 50)").mean() == Approx(50.0));
    CHECK(plain_dist("exponential(1, min: 50)").variance() == Approx(0.0).margin(1e-9));
  }
  SECTION("the scale multiplies a truncated draw") {
    auto d = time_dist("normal(10m, 20m, min: 0)");
    const double mean = d.mean();
    const double variance = d.variance();
    d.scale = 0.8;
    CHECK(d.mean() == Approx(0.8 * mean));
    CHECK(d.variance() == Approx(0.64 * variance));
    check_against_sampler(d, "normal(10m, 20m, min: 0)*0.8");
  }
}

TEST_CASE("the CDF of a distribution as simulated", "[model][distribution]") {
  SECTION("closed forms") {
    CHECK(plain_dist("exponential(10)").cdf(10) == Approx(1 - std::exp(-1.0)));
    CHECK(plain_dist("uniform(0, 4)").cdf(1) == Approx(0.25));
    CHECK(plain_dist("normal(0, 1)").cdf(0) == Approx(0.5));
    // An atom: P(X <= 2) and P(X < 2) of a Poisson(3).
    const double e = std::exp(-3.0);
    CHECK(plain_dist("poisson(3)").cdf(2, true) == Approx(e * (1 + 3 + 4.5)));
    CHECK(plain_dist("poisson(3)").cdf(2, false) == Approx(e * (1 + 3)));
    CHECK(plain_dist("7").cdf(7, true) == 1.0);
    CHECK(plain_dist("7").cdf(7, false) == 0.0);
    // lognormal(mean: 12000, sd: 6000): σ² = ln 1.25, μ = ln 12000 − σ²/2.
    const double s = std::sqrt(std::log(1.25));
    const double mu = std::log(12000.0) - 0.5 * std::log(1.25);
    CHECK(plain_dist("lognormal(mean: 12000, sd: 6000)").cdf(20000) ==
          Approx(0.5 * std::erfc(-(std::log(20000.0) - mu) / s / std::numbers::sqrt2)));
  }
  SECTION("against the sampler, truncated and scaled too") {
    check_cdf(plain_dist("normal(10, 20, min: 0)"), "normal(10, 20, min: 0)", 15, true);
    check_cdf(plain_dist("gamma(2, 3, max: 10)"), "gamma(2, 3, max: 10)", 4, true);
    check_cdf(plain_dist("weibull(0.8, 5)"), "weibull(0.8, 5)", 6, true);
    check_cdf(plain_dist("beta(2, 3, 10, 20)"), "beta(2, 3, 10, 20)", 13, true);
    check_cdf(plain_dist("binomial(12, 0.4, min: 2)"), "binomial(12, 0.4, min: 2)", 5, false);
    check_cdf(plain_dist("binomial(12, 0.4, min: 2)"), "binomial(12, 0.4, min: 2)", 5, true);
    check_cdf(plain_dist("triangular(1, 2, 6)"), "triangular(1, 2, 6)", 3, true);
    // The clamp's atom at the bound: 3.78% of draws are exactly 3.
    check_cdf(plain_dist("exponential(1, min: 3)"), "exponential(1, min: 3)", 3, true);
    check_cdf(plain_dist("exponential(1, min: 3)"), "exponential(1, min: 3)", 3, false);
    auto scaled = plain_dist("exponential(10)");
    scaled.scale = -2;
    check_cdf(scaled, "exponential(10)*-2", -15, true);
  }
}
