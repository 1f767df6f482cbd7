#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"

namespace {

// SplitMix64: a documented, portable generator for test data.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double uniform01(std::uint64_t& state) {  // in (0, 1)
  return (static_cast<double>(splitmix64(state) >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

TEST_CASE("t quantiles match pinned table values", "[stats]") {
  CHECK(bpm::student_t_quantile(0.975, 1) == Approx(12.706204736).epsilon(1e-9));
  CHECK(bpm::student_t_quantile(0.975, 2) == Approx(4.302652730).epsilon(1e-9));
  CHECK(bpm::student_t_quantile(0.975, 9) == Approx(2.262157163).epsilon(1e-9));
  CHECK(bpm::student_t_quantile(0.975, 29) == Approx(2.045229642).epsilon(1e-9));
  CHECK(bpm::student_t_quantile(0.975, 1000) == Approx(1.962339081).epsilon(1e-9));
  // Reference values computed with mpmath at 40 digits.
  CHECK(bpm::student_t_quantile(0.995, 5) == Approx(4.0321429835552272).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(0.999999, 3) == Approx(103.29946777942897).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(1e-10, 4) == Approx(-416.17514032960412).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(0.75, 1.5) == Approx(0.87259466254157064).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(0.999, 0.7) == Approx(3637.0146301057332).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(0.975, 1e5) == Approx(1.9599877075346093).epsilon(1e-12));
  CHECK(bpm::student_t_quantile(0.975, 1e9) == Approx(1.9599639869123251).epsilon(1e-12));
}

TEST_CASE("t quantiles at the edges", "[stats]") {
  CHECK(bpm::student_t_quantile(0.5, 7) == 0.0);
  CHECK(bpm::student_t_quantile(0.025, 9) == Approx(-bpm::student_t_quantile(0.975, 9)).epsilon(1e-14));
  CHECK(std::isinf(bpm::student_t_quantile(1.0, 3)));
  CHECK(bpm::student_t_quantile(0.0, 3) < 0);
  CHECK(std::isnan(bpm::student_t_quantile(1.5, 3)));
  CHECK(std::isnan(bpm::student_t_quantile(0.9, 0)));
  CHECK(std::isnan(bpm::student_t_quantile(NAN, 3)));
}

TEST_CASE("the t cdf inverts the quantile", "[stats]") {
  for (const double dof : {1.0, 2.0, 3.0, 4.5, 10.0, 30.0, 250.0, 1e4}) {
    for (const double p : {1e-8, 0.001, 0.05, 0.3, 0.5, 0.8, 0.975, 0.9999}) {
      CHECK(bpm::student_t_cdf(bpm::student_t_quantile(p, dof), dof) == Approx(p).epsilon(1e-10));
    }
  }
  CHECK(bpm::student_t_cdf(2.0, 3) == Approx(0.93033701572057841).epsilon(1e-14));
  CHECK(bpm::student_t_cdf(-8, 30) == Approx(3.1329112378503795e-9).epsilon(1e-12));
  CHECK(bpm::student_t_cdf(INFINITY, 3) == 1.0);
  CHECK(bpm::student_t_cdf(-INFINITY, 3) == 0.0);
}

TEST_CASE("normal quantiles", "[stats]") {
  CHECK(bpm::normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(bpm::normal_quantile(0.001) == Approx(-3.0902323061678135).epsilon(1e-15));
  CHECK(bpm::normal_quantile(1e-20) == Approx(-9.2623400897984076).epsilon(1e-14));
  CHECK(bpm::normal_quantile(0.5000001) == Approx(2.5066282733116483e-7).epsilon(1e-14));
  CHECK(bpm::normal_quantile(0.5) == 0.0);
  CHECK(std::isinf(bpm::normal_quantile(0.0)));
  CHECK(std::isnan(bpm::normal_quantile(-0.1)));
  CHECK(bpm::normal_cdf(bpm::normal_quantile(0.3)) == Approx(0.3).epsilon(1e-15));
}

TEST_CASE("estimate gives the Student-t confidence interval", "[stats]") {
  bpm::RunningStats stats;
  for (const double x : {10.0, 12.0, 9.0, 11.0, 13.0}) stats.add(x);
  const bpm::Estimate e = bpm::estimate(stats);
  CHECK(e.n == 5);
  CHECK(e.mean == Approx(11.0));
  CHECK(e.sd == Approx(std::sqrt(2.5)));
  CHECK(e.half_width == Approx(bpm::student_t_quantile(0.975, 4) * std::sqrt(2.5) / std::sqrt(5.0)));
  CHECK(bpm::estimate(stats, 0.99).half_width > e.half_width);

  bpm::RunningStats one;
  one.add(4.0);
  const bpm::Estimate single = bpm::estimate(one);
  CHECK(single.mean == 4.0);
  CHECK(std::isnan(single.half_width));
  CHECK_THROWS_AS(bpm::estimate(stats, 1.0), bpm::UsageError);
  CHECK_THROWS_AS(bpm::estimate(stats, 0.0), bpm::UsageError);
}

TEST_CASE("95% intervals cover the true mean 95% of the time", "[stats]") {
  // 4000 samples of 5 normal values: the coverage count is Binomial(4000, 0.95), whose 99.9%
  // range is 0.95 ± 3.3·sqrt(0.95·0.05/4000) = 0.95 ± 0.0114.
  std::uint64_t state = 20240605;
  int covered = 0;
  constexpr int kTrials = 4000;
  for (int trial = 0; trial < kTrials; ++trial) {
    bpm::RunningStats sample;
    for (int i = 0; i < 5; ++i) sample.add(3.0 + 2.0 * bpm::normal_quantile(uniform01(state)));
    const bpm::Estimate e = bpm::estimate(sample);
    if (std::fabs(e.mean - 3.0) <= e.half_width) ++covered;
  }
  CHECK(static_cast<double>(covered) / kTrials == Approx(0.95).margin(0.0114));
}

TEST_CASE("paired difference", "[stats]") {
  const std::vector<double> a{5.1, 4.8, 6.0, 5.5, 5.2};
  const std::vector<double> b{4.9, 4.9, 5.1, 5.0, 4.6};
  const bpm::Estimate e = bpm::paired_difference(a, b);
  CHECK(e.n == 5);
  CHECK(e.mean == Approx(0.42).epsilon(1e-12));
  CHECK(e.sd == Approx(0.38340579025361673).epsilon(1e-12));
  CHECK(e.half_width == Approx(0.47606116646077956).epsilon(1e-12));
  CHECK_THROWS_AS(bpm::paired_difference(a, {1.0}), bpm::UsageError);
}

TEST_CASE("Welch's t-test p-value", "[stats]") {
  bpm::RunningStats a;
  bpm::RunningStats b;
  for (const double x : {12.1, 11.7, 13.4, 12.9, 12.2, 11.8, 12.6}) a.add(x);
  for (const double x : {11.2, 11.9, 11.1, 11.6, 10.8, 11.4, 11.0, 11.3}) b.add(x);
  // t = 4.1757, Welch dof = 9.2175 (mpmath reference).
  CHECK(bpm::welch_p_value(a, b) == Approx(0.0022695798802737785).epsilon(1e-10));
  CHECK(bpm::welch_p_value(b, a) == bpm::welch_p_value(a, b));
  CHECK(bpm::welch_p_value(a, a) == Approx(1.0));

  bpm::RunningStats constant;
  constant.add(2.0);
  constant.add(2.0);
  bpm::RunningStats other_constant;
  other_constant.add(3.0);
  other_constant.add(3.0);
  CHECK(bpm::welch_p_value(constant, constant) == 1.0);
  CHECK(bpm::welch_p_value(constant, other_constant) == 0.0);
  bpm::RunningStats single;
  single.add(1.0);
  CHECK(std::isnan(bpm::welch_p_value(single, a)));
}
