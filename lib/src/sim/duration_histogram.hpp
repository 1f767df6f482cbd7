#pragma once
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/stats/histogram.hpp"

namespace bpm::sim {

/// The per-case histograms (cycle time, waiting time) of one replication: the same buckets as
/// LogHistogram, filled at a fraction of the cost, then handed over as a LogHistogram.
///
/// Why: LogHistogram::add takes a libm log and an exact sum per value; with two histograms per
/// case that was a quarter of the M/M/3 benchmark's time. Here the bucket comes from a table
/// indexed by the exponent and the top 7 mantissa bits of the value: such a slice spans less than
/// one bucket (2^-7 < ln γ), so it holds at most one bucket boundary, found once by bisection with
/// LogHistogram::bucket_index itself. Every value therefore lands in exactly the bucket
/// LogHistogram would choose, for two loads and a comparison. The sum is a plain running sum
/// rather than an exact one (relative error below n·ε, 1e-9 for ten million cases): it only
/// feeds the mean. Durations are never negative.
class DurationHistogram {
 public:
  DurationHistogram() : counts_(static_cast<std::size_t>(kHigh - kLow + 1), 0) {}

  [[gnu::always_inline]] void add(double x) {
    if (count_ == 0) {
      min_ = x;
      max_ = x;
    } else {
      min_ = x < min_ ? x : min_;
      max_ = x > max_ ? x : max_;
    }
    ++count_;
    sum_ += x;
    if (x < LogHistogram::kZeroThreshold) {
      ++zero_;
      return;
    }
    // Not a histogram error but the engine's: no case lasts forever or NaN seconds.
    if (!(x <= std::numeric_limits<double>::max())) [[unlikely]] {
      throw SimulationError(fmt::format("internal error: a case duration of {} seconds", x));
    }
    const std::int32_t index = bucket_index(x);
    if (index < kLow || index > kHigh) [[unlikely]] {
      far_index_.push_back(index);
      return;
    }
    ++counts_[static_cast<std::size_t>(index - kLow)];
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

  [[nodiscard]] LogHistogram build() const {
    std::vector<LogHistogram::Bucket> buckets;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] != 0) buckets.push_back({static_cast<std::int32_t>(i) + kLow, counts_[i]});
    }
    for (const std::int32_t index : far_index_) buckets.push_back({index, 1});
    return LogHistogram::from_buckets(buckets, {}, zero_, min_, max_, sum_);
  }

  /// LogHistogram's bucket of a magnitude ≥ kZeroThreshold.
  [[nodiscard]] std::int32_t bucket_index(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto exponent = static_cast<std::uint32_t>(bits >> kMantissaBits) & 0x7ffU;
    const Slice* table = tables_[exponent];
    if (table == nullptr) [[unlikely]]
      table = tables_[exponent] = slice_table(exponent);
    const Slice& slice = table[(bits >> (kMantissaBits - kSliceBits)) & (kSlices - 1)];
    return slice.base + (x >= slice.threshold ? 1 : 0);
  }

  /// One mantissa slice of a binary exponent: values below `threshold` are in bucket `base`, the
  /// others in base + 1.
  struct Slice {
    double threshold;
    std::int32_t base;
  };
  static constexpr int kSliceBits = 7;
  static constexpr int kSlices = 1 << kSliceBits;
  static constexpr int kMantissaBits = 52;
  /// The kSlices slices of a binary exponent (0-2047), built on first use and shared by all threads.
  [[nodiscard]] static const Slice* slice_table(std::uint32_t exponent);

 private:
  // Buckets of 1e-9 s to about 30 million years: every duration a run produces.
  static constexpr std::int32_t kLow = -2100;
  static constexpr std::int32_t kHigh = 3200;

  std::vector<std::uint64_t> counts_;
  std::vector<std::int32_t> far_index_;
  std::array<const Slice*, 2048> tables_{};  // cache of slice_table
  std::uint64_t zero_ = 0;
  std::uint64_t count_ = 0;
  double min_ = 0.0;
  double max_ = 0.0;
  double sum_ = 0.0;
};

}  // namespace bpm::sim
