// The engine's per-case histogram must put every value in the bucket LogHistogram would.
#include <catch2/catch.hpp>

#include <bit>
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
    // Bucket indices exist for magnitudes from kZeroThreshold on (log(0) has none); smaller
    // values go to the zero count, compared below.
    if (x >= bpm::LogHistogram::kZeroThreshold) CHECK(fast.bucket_index(x) == bpm::LogHistogram::bucket_index(x));
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

TEST_CASE("DurationHistogram's slice tables hold the exact bucket boundary of every slice", "[sim][histogram]") {
  using H = bpm::sim::DurationHistogram;
  const auto index_of = [](std::uint64_t bits) { return bpm::LogHistogram::bucket_index(std::bit_cast<double>(bits)); };
  // Exponents of 2^-30 (1e-9 s) to 2^40 (35,000 years), every slice: the threshold is the first
  // value of the next bucket, its predecessor still in the slice's base bucket.
  for (std::uint32_t exponent = 1023 - 30; exponent <= 1023 + 40; ++exponent) {
    const H::Slice* table = H::slice_table(exponent);
    for (std::uint64_t s = 0; s < H::kSlices; ++s) {
      const std::uint64_t first =
          (std::uint64_t{exponent} << H::kMantissaBits) + s * (std::uint64_t{1} << (H::kMantissaBits - H::kSliceBits));
      INFO("exponent " << exponent << ", slice " << s);
      CHECK(index_of(first) == table[s].base);
      if (std::isinf(table[s].threshold)) continue;
      const auto threshold = std::bit_cast<std::uint64_t>(table[s].threshold);
      CHECK(index_of(threshold) == table[s].base + 1);
      CHECK(index_of(threshold - 1) == table[s].base);
    }
  }
}
