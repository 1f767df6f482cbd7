#pragma once
#include <cstdint>

#include "bpm/core/export.hpp"

namespace bpm {

/// Count, mean, variance, extremes and sum of a stream of values in O(1) memory.
///
/// Welford's update keeps the variance accurate when the mean is large compared with the spread
/// (e.g. absolute timestamps), where the textbook sum-of-squares formula cancels catastrophically.
/// `merge` uses the pairwise formula of Chan, Golub and LeVeque, so replications run apart can be
/// combined; merging is exact for the count, extremes and sum and accurate to rounding otherwise.
class BPM_API RunningStats {
 public:
  void add(double x) noexcept;
  void merge(const RunningStats& other) noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  /// NaN when empty.
  [[nodiscard]] double mean() const noexcept;
  /// Sample variance (divisor n - 1); NaN with fewer than two values.
  [[nodiscard]] double variance() const noexcept;
  /// Population variance (divisor n); NaN when empty.
  [[nodiscard]] double population_variance() const noexcept;
  /// Sample standard deviation; NaN with fewer than two values.
  [[nodiscard]] double sd() const noexcept;
  /// NaN when empty.
  [[nodiscard]] double min() const noexcept;
  /// NaN when empty.
  [[nodiscard]] double max() const noexcept;
  [[nodiscard]] double sum() const noexcept { return sum_; }
  /// Sum of squared deviations from the mean: what a summary document stores to merge later.
  [[nodiscard]] double m2() const noexcept { return m2_; }

  /// Rebuilds an accumulator from stored moments (the inverse of the accessors above).
  [[nodiscard]] static RunningStats restore(std::uint64_t count, double mean, double m2, double min, double max,
                                            double sum) noexcept;

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  double sum_ = 0.0;
};

}  // namespace bpm
