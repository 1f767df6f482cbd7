// Distribution fitting: the family that generated a sample is found, with its parameters.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "discover/fit.hpp"

using namespace bpm;
using namespace bpm::discover;

TEST_CASE("fit: constants, few values, families", "[discover]") {
  CHECK(fit_time({60.0, 60.0, 60.0}).distribution.kind == DistKind::Constant);
  CHECK(fit_time({42.0}).distribution.p[0] == 42.0);
  const Fit few = fit_time({300, 300, 300, 3600, 3600, 300});
  CHECK(few.distribution.kind == DistKind::Empirical);
  CHECK(few.distribution.values == std::vector<double>{300, 3600});

  // An exponential sample (fixed seed) is best fitted by a family close to it: mean within 5%
  // (the standard error of a 2000-sample mean is 2.2%), and the KS distance small.
  std::mt19937_64 rng(5);
  std::exponential_distribution<double> exponential(1.0 / 1800.0);
  std::vector<double> sample;
  for (int k = 0; k < 2000; ++k) sample.push_back(exponential(rng));
  const Fit fit = fit_time(sample);
  CHECK(fit.distribution.mean() == Approx(1800.0).epsilon(0.05));
  CHECK(fit.ks < 0.04);
  CHECK(fit.distribution.kind != DistKind::Histogram);

  // A bimodal sample no family fits becomes a histogram.
  std::normal_distribution<double> low(600.0, 30.0);
  std::normal_distribution<double> high(7200.0, 60.0);
  std::vector<double> bimodal;
  for (int k = 0; k < 500; ++k) bimodal.push_back(k % 2 == 0 ? low(rng) : high(rng));
  const Fit two = fit_time(bimodal);
  CHECK(two.distribution.kind == DistKind::Histogram);
  CHECK(two.distribution.mean() == Approx(3900.0).epsilon(0.05));
}

TEST_CASE("round_significant", "[discover]") {
  CHECK(round_significant(1234.567, 4) == 1235.0);
  CHECK(round_significant(0.012345, 3) == Approx(0.0123));
  CHECK(round_significant(0.0) == 0.0);
}
