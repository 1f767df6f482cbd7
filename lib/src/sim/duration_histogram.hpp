#pragma once
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bpm/stats/histogram.hpp"

namespace bpm::sim {

/// The per-case histograms (cycle time, waiting time) of one replication: the same buckets as
/// LogHistogram, filled at a fraction of the cost, then handed over as a LogHistogram.
///
/// Why: LogHistogram::add takes a libm log and an exact sum per value; with two histograms per
/// case that was a quarter of the M/M/3 benchmark's time. Here the bucket index comes from a
/// short polynomial log, and when that lands within 1e-6 of a bucket boundary (where its error
/// could matter) from LogHistogram::bucket_index itself, so every value lands in exactly the
/// bucket LogHistogram would choose. The sum is compensated (Neumaier) rather than exact.
/// Durations are never negative; values beyond the dense range go to a plain LogHistogram.
class DurationHistogram {
 public:
  DurationHistogram() : counts_(static_cast<std::size_t>(kHigh - kLow + 1), 0) {}

  void add(double x) {
    if (count_ == 0) {
      min_ = x;
      max_ = x;
    } else {
      min_ = x < min_ ? x : min_;
      max_ = x > max_ ? x : max_;
    }
    ++count_;
    // Neumaier's compensated sum.
    const double t = sum_ + x;
    compensation_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
    if (x < LogHistogram::kZeroThreshold) {
      ++zero_;
      return;
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
    return LogHistogram::from_buckets(buckets, {}, zero_, min_, max_, sum_ + compensation_);
  }

  /// LogHistogram's bucket of a magnitude ≥ kZeroThreshold.
  static std::int32_t bucket_index(double x) noexcept {
    const double t = fast_log(x) * kInverseLogGamma;
    const double up = std::ceil(t);
    if (up - t < 1e-6 || t - (up - 1.0) < 1e-6) [[unlikely]] return LogHistogram::bucket_index(x);
    return static_cast<std::int32_t>(up);
  }

 private:
  // Buckets of 1e-9 s to about 30 million years: every duration a run produces.
  static constexpr std::int32_t kLow = -2100;
  static constexpr std::int32_t kHigh = 3200;
  static inline const double kInverseLogGamma =
      1.0 / std::log1p(2.0 * LogHistogram::kRelativeAccuracy / (1.0 - LogHistogram::kRelativeAccuracy));

  /// ln(x) for finite x > 0 to about 1e-12 absolute: x = m·2^e with m in [√½, √2), then
  /// ln m = 2·atanh(s), s = (m−1)/(m+1), |s| < 0.172, by its odd series to s^13.
  static double fast_log(double x) noexcept {
    auto bits = std::bit_cast<std::uint64_t>(x);
    auto exponent = static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // m in [1, 2)
    double m = std::bit_cast<double>(bits);
    if (m > 1.4142135623730951) {
      m *= 0.5;
      ++exponent;
    }
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    const double series =
        1.0 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11 + s2 * (1.0 / 13))))));
    return static_cast<double>(exponent) * 0.6931471805599453 + 2.0 * s * series;
  }

  std::vector<std::uint64_t> counts_;
  std::vector<std::int32_t> far_index_;
  std::uint64_t zero_ = 0;
  std::uint64_t count_ = 0;
  double min_ = 0.0;
  double max_ = 0.0;
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

}  // namespace bpm::sim
