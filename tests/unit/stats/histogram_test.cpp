#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/stats/histogram.hpp"
#include "bpm/stats/student_t.hpp"

using bpm::LogHistogram;

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Lognormal(3, 1.5) values: a cycle-time-like spread over five orders of magnitude.
std::vector<double> lognormal_values(std::size_t n, std::uint64_t seed) {
  std::vector<double> values(n);
  for (double& x : values) {
    const double u = (static_cast<double>(splitmix64(seed) >> 11) + 0.5) * 0x1.0p-53;
    x = std::exp(3.0 + 1.5 * bpm::normal_quantile(u));
  }
  return values;
}

double relative_error(double estimate, double exact) { return std::fabs(estimate - exact) / std::fabs(exact); }

}  // namespace

TEST_CASE("histogram quantiles are within 0.5% of exact sorted quantiles", "[stats]") {
  std::vector<double> values = lognormal_values(1'000'000, 7);
  LogHistogram histogram;
  for (const double x : values) histogram.add(x);
  std::sort(values.begin(), values.end());
  REQUIRE(histogram.count() == values.size());
  for (const double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const auto rank = static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1)));
    INFO("q = " << q);
    CHECK(relative_error(histogram.quantile(q), values[rank]) <= LogHistogram::kRelativeAccuracy * (1 + 1e-12));
  }
  CHECK(histogram.quantile(0.0) == values.front());
  CHECK(histogram.quantile(1.0) == values.back());
  CHECK(histogram.min() == values.front());
  CHECK(histogram.max() == values.back());
  // A bucket per 1% of range: five orders of magnitude need on the order of a thousand.
  CHECK(histogram.positive_buckets().size() < 3000);
}

TEST_CASE("histogram bucket representatives are within the relative accuracy", "[stats]") {
  for (const double x : {1e-9, 3e-7, 0.5, 1.0, 1.0100502512562815, 7.25, 3600.0, 86400.0 * 365, 1e300}) {
    const std::int32_t index = LogHistogram::bucket_index(x);
    INFO("x = " << x);
    CHECK(x > LogHistogram::bucket_lower(index) * (1 - 1e-12));
    CHECK(x <= LogHistogram::bucket_upper(index) * (1 + 1e-12));
    CHECK(relative_error(LogHistogram::bucket_value(index), x) <= LogHistogram::kRelativeAccuracy * (1 + 1e-12));
  }
}

TEST_CASE("histogram mean, sum and extremes are exact", "[stats]") {
  LogHistogram histogram;
  for (int i = 0; i < 10; ++i) histogram.add(0.1);
  CHECK(histogram.sum() == 1.0);
  CHECK(histogram.mean() == 0.1);
  histogram.add(0.1, 10);
  CHECK(histogram.count() == 20);
  CHECK(histogram.sum() == 2.0);
  CHECK(histogram.min() == 0.1);
  CHECK(histogram.max() == 0.1);
  const LogHistogram empty;
  CHECK(std::isnan(empty.mean()));
  CHECK(std::isnan(empty.quantile(0.5)));
  CHECK(std::isnan(histogram.quantile(1.5)));
}

TEST_CASE("histogram handles zero, tiny and negative values", "[stats]") {
  LogHistogram histogram;
  for (const double x : {-50.0, -2.0, 0.0, -0.0, 1e-12, 4.0, 4.0, 100.0}) histogram.add(x);
  CHECK(histogram.count() == 8);
  CHECK(histogram.zero_count() == 3);
  CHECK(histogram.negative_buckets().size() == 2);
  // Sorted: -50 -2 0 0 1e-12 4 4 100; rank k is asked for with q = (k + ½)/7.
  const auto at_rank = [&](int k) { return histogram.quantile((k + 0.5) / 7); };
  CHECK(histogram.quantile(0.0) == -50.0);
  CHECK(relative_error(at_rank(1), -2.0) <= LogHistogram::kRelativeAccuracy);
  CHECK(at_rank(2) == 0.0);
  CHECK(at_rank(4) == 0.0);  // 1e-12 is below the zero threshold
  CHECK(relative_error(at_rank(5), 4.0) <= LogHistogram::kRelativeAccuracy);
  CHECK(histogram.quantile(1.0) == 100.0);

  const std::vector<LogHistogram::Range> ranges = histogram.ranges();
  REQUIRE(ranges.size() == 5);
  CHECK(ranges[0].upper < ranges[1].lower);
  CHECK(ranges[2].lower == -LogHistogram::kZeroThreshold);
  CHECK(ranges[2].count == 3);
  CHECK(ranges[3].count == 2);
  for (std::size_t i = 1; i < ranges.size(); ++i) CHECK(ranges[i - 1].upper <= ranges[i].lower);

  CHECK_THROWS_AS(histogram.add(NAN), bpm::Error);
  CHECK_THROWS_AS(histogram.add(INFINITY), bpm::Error);
}

TEST_CASE("histogram state does not depend on order or on how it was merged", "[stats]") {
  std::vector<double> values = lognormal_values(20'000, 11);
  for (std::size_t i = 0; i < values.size(); i += 7) values[i] = -values[i];
  for (std::size_t i = 3; i < values.size(); i += 101) values[i] = 0.0;

  LogHistogram all;
  for (const double x : values) all.add(x);

  LogHistogram reversed;
  for (auto it = values.rbegin(); it != values.rend(); ++it) reversed.add(*it);
  CHECK(reversed == all);

  LogHistogram parts[3];
  for (std::size_t i = 0; i < values.size(); ++i) parts[(i * 7919) % 3].add(values[i]);
  LogHistogram left_first = parts[0];
  left_first.merge(parts[1]);
  left_first.merge(parts[2]);
  LogHistogram right_first = parts[2];
  LogHistogram inner = parts[1];
  inner.merge(parts[0]);
  right_first.merge(inner);
  CHECK(left_first == all);
  CHECK(right_first == all);
  CHECK(right_first.sum() == all.sum());
  CHECK(right_first.quantile(0.37) == all.quantile(0.37));

  LogHistogram with_empty = all;
  with_empty.merge(LogHistogram{});
  CHECK(with_empty == all);
  LogHistogram into_empty;
  into_empty.merge(all);
  CHECK(into_empty == all);
  CHECK(!(parts[0] == all));
}

TEST_CASE("histogram round-trips through its buckets", "[stats]") {
  std::vector<double> values = lognormal_values(5'000, 3);
  values.push_back(-12.5);
  values.push_back(0.0);
  LogHistogram a;
  LogHistogram b;
  for (std::size_t i = 0; i < values.size(); ++i) (i % 2 == 0 ? a : b).add(values[i]);

  const auto round_trip = [](const LogHistogram& h) {
    const auto positive = h.positive_buckets();
    const auto negative = h.negative_buckets();
    return LogHistogram::from_buckets(positive, negative, h.zero_count(), h.min(), h.max(), h.sum());
  };
  const LogHistogram a2 = round_trip(a);
  CHECK(a2 == a);
  CHECK(a2.quantile(0.5) == a.quantile(0.5));
  CHECK(a2.mean() == a.mean());

  LogHistogram merged = a;
  merged.merge(b);
  LogHistogram merged_copies = round_trip(b);
  merged_copies.merge(a2);
  CHECK(merged_copies.count() == merged.count());
  CHECK(merged_copies.positive_buckets() == merged.positive_buckets());
  CHECK(merged_copies.quantile(0.9) == merged.quantile(0.9));

  CHECK(LogHistogram::from_buckets({}, {}, 0, 0, 0, 0).empty());
  const std::vector<LogHistogram::Bucket> bad{{1'000'000, 1}};
  CHECK_THROWS_AS(LogHistogram::from_buckets(bad, {}, 0, 1, 2, 3), bpm::Error);
  const std::vector<LogHistogram::Bucket> one{{10, 1}};
  CHECK_THROWS_AS(LogHistogram::from_buckets(one, {}, 0, 5, 1, 3), bpm::Error);
}

TEST_CASE("histogram quantiles pick the bucket of the exact rank, from either end", "[stats]") {
  // Few values with gaps, ties, zeros and negatives, so that every rank is checked against the
  // bucket of the sorted value it stands for (ranks past the middle are counted from the top).
  std::vector<double> values = {-50.0, -3.0, -3.0, 0.0, 0.0, 1e-3, 2.0, 2.0, 2.0, 9.0, 1e4, 1e4, 3e6};
  std::uint64_t seed = 11;
  for (int i = 0; i < 40; ++i) values.push_back(std::ldexp(1.0, static_cast<int>(splitmix64(seed) % 40) - 10));
  LogHistogram histogram;
  for (const double x : values) histogram.add(x);
  std::sort(values.begin(), values.end());
  const auto count = static_cast<double>(values.size() - 1);
  for (std::size_t rank = 1; rank + 1 < values.size(); ++rank) {
    const double x = values[rank];
    const double expected =
        std::fabs(x) < LogHistogram::kZeroThreshold
            ? 0.0
            : std::clamp(std::copysign(LogHistogram::bucket_value(LogHistogram::bucket_index(std::fabs(x))), x),
                         values.front(), values.back());
    INFO("rank " << rank << " of " << values.size());
    // A q whose floor(q * (n - 1)) is exactly `rank`.
    CHECK(histogram.quantile((static_cast<double>(rank) + 0.5) / count) == expected);
  }
}
