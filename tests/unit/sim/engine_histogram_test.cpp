// The engine's per-case histogram must put every value in the bucket LogHistogram would.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "bpm/stats/histogram.hpp"
#include "core/random.hpp"
#include "sim/duration_histogram.hpp"

TEST_CASE("DurationHistogram uses LogHistogram's buckets exactly", "[sim][histogram]") {
  bpm::sim::DurationHistogram fast;
  bpm::LogHistogram reference;
  bpm::Rng rng(7, 1);
  const auto check = [&](double x) {
    INFO("x = " << x);
    CHECK(fast.bucket_index(x) == bpm::LogHistogram::bucket_index(x));
    fast.add(x);
    reference.add(x);
  };
  // Values spread over 1e-9 s to 1e10 s, log-uniformly.
  for (int i = 0; i < 20000; ++i) check(std::exp(std::log(1e-9) + rng.uniform() * std::log(1e19)));
  // The bucket boundaries themselves and their neighbours, where a cheaper log would slip.
  for (std::int32_t index = -2000; index <= 2300; index += 7) {
    const double edge = bpm::LogHistogram::bucket_upper(index);
    check(edge);
    check(std::nextafter(edge, 0.0));
    check(std::nextafter(edge, 1e300));
  }
  check(0.0);
  check(1e12);  // beyond the dense range

  const bpm::LogHistogram built = fast.build();
  CHECK(built.count() == reference.count());
  CHECK(built.zero_count() == reference.zero_count());
  CHECK(built.positive_buckets() == reference.positive_buckets());
  CHECK(built.min() == reference.min());
  CHECK(built.max() == reference.max());
  CHECK(built.sum() == Approx(reference.sum()).epsilon(1e-12));
  for (const double q : {0.0, 0.5, 0.9, 0.99, 1.0}) CHECK(built.quantile(q) == reference.quantile(q));
}
