#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "bpm/stats/running_stats.hpp"

namespace {
bpm::RunningStats of(const std::vector<double>& values) {
  bpm::RunningStats stats;
  for (const double x : values) stats.add(x);
  return stats;
}
}  // namespace

TEST_CASE("running stats of a known sample", "[stats]") {
  const bpm::RunningStats stats = of({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(stats.count() == 8);
  CHECK(stats.mean() == Approx(5.0).epsilon(1e-15));
  CHECK(stats.population_variance() == Approx(4.0).epsilon(1e-15));
  CHECK(stats.variance() == Approx(32.0 / 7.0).epsilon(1e-15));
  CHECK(stats.sd() == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-15));
  CHECK(stats.min() == 2.0);
  CHECK(stats.max() == 9.0);
  CHECK(stats.sum() == 40.0);
}

TEST_CASE("running stats stay accurate with a large mean", "[stats]") {
  // The textbook sum-of-squares formula returns garbage here: 1e9² swamps the spread.
  const bpm::RunningStats stats = of({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  CHECK(stats.mean() == 1e9 + 10);
  CHECK(stats.variance() == Approx(30.0).epsilon(1e-12));
}

TEST_CASE("running stats of fewer than two values", "[stats]") {
  const bpm::RunningStats empty;
  CHECK(empty.empty());
  CHECK(std::isnan(empty.mean()));
  CHECK(std::isnan(empty.min()));
  CHECK(std::isnan(empty.max()));
  CHECK(std::isnan(empty.variance()));
  CHECK(empty.sum() == 0.0);
  const bpm::RunningStats one = of({3.5});
  CHECK(one.mean() == 3.5);
  CHECK(one.population_variance() == 0.0);
  CHECK(std::isnan(one.variance()));
  CHECK(std::isnan(one.sd()));
}

TEST_CASE("merging running stats equals accumulating everything", "[stats]") {
  std::vector<double> values;
  values.reserve(1000);
  for (int i = 0; i < 1000; ++i) values.push_back(std::sin(i * 0.37) * 100.0 + i * 0.01);
  const bpm::RunningStats all = of(values);

  bpm::RunningStats left = of(std::vector<double>(values.begin(), values.begin() + 300));
  const bpm::RunningStats right = of(std::vector<double>(values.begin() + 300, values.end()));
  left.merge(right);
  CHECK(left.count() == all.count());
  CHECK(left.mean() == Approx(all.mean()).epsilon(1e-12));
  CHECK(left.variance() == Approx(all.variance()).epsilon(1e-12));
  CHECK(left.min() == all.min());
  CHECK(left.max() == all.max());

  SECTION("with an empty side") {
    bpm::RunningStats empty;
    empty.merge(all);
    CHECK(empty.mean() == all.mean());
    CHECK(empty.m2() == all.m2());
    bpm::RunningStats copy = all;
    copy.merge(bpm::RunningStats{});
    CHECK(copy.m2() == all.m2());
    CHECK(copy.count() == all.count());
  }
}

TEST_CASE("running stats restore from stored moments", "[stats]") {
  const bpm::RunningStats stats = of({1.5, 2.5, 10.0});
  const bpm::RunningStats restored =
      bpm::RunningStats::restore(stats.count(), stats.mean(), stats.m2(), stats.min(), stats.max(), stats.sum());
  CHECK(restored.count() == 3);
  CHECK(restored.mean() == stats.mean());
  CHECK(restored.variance() == stats.variance());
  CHECK(restored.min() == 1.5);
  CHECK(restored.max() == 10.0);
  CHECK(restored.sum() == 14.0);
  CHECK(bpm::RunningStats::restore(0, 1, 2, 3, 4, 5).empty());
}
