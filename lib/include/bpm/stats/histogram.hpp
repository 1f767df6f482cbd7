#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/stats/exact_sum.hpp"

namespace bpm {

/// A mergeable quantile sketch with relative error at most 0.5% (DDSketch, Masson et al. 2019).
///
/// A value x with |x| ≥ 1e-9 falls in bucket i = ⌈ln|x| / ln γ⌉, γ = (1+α)/(1−α), α = 0.005,
/// which holds |x| ∈ (γ^(i−1), γ^i]; the bucket's representative 2γ^i/(γ+1) is within α of every
/// value in it. Negative values go to a mirrored store keyed by |x|, and values with |x| < 1e-9
/// (including 0) to a zero bucket. Each store is a dense vector of counts whose offset grows, by
/// doubling, as needed: once its range is warm an add does not allocate. A store spans at most
/// ~73,000 buckets (1e-9 to the largest double), ~2,100 per factor 1e9 of range.
///
/// The state is a function of the multiset of values added, not of their order: counts are
/// integers, min and max exact, and the sum exact (ExactSum). Hence merge is associative and
/// commutative, and a histogram rebuilt with from_buckets compares equal and merges identically.
class BPM_API LogHistogram {
 public:
  static constexpr double kRelativeAccuracy = 0.005;
  /// Values of smaller magnitude are counted in the zero bucket.
  static constexpr double kZeroThreshold = 1e-9;

  /// The count of values whose magnitude lies in (γ^(index−1), γ^index].
  struct Bucket {
    std::int32_t index = 0;
    std::uint64_t count = 0;
    friend bool operator==(const Bucket&, const Bucket&) = default;
  };

  /// A bucket as a value interval, for rendering: [lower, upper] with count values.
  struct Range {
    double lower = 0.0;
    double upper = 0.0;
    std::uint64_t count = 0;
  };

  /// Throws bpm::Error for NaN or infinite values: they would silently poison every quantile.
  void add(double x) { add(x, 1); }
  void add(double x, std::uint64_t count);
  void merge(const LogHistogram& other);

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] std::uint64_t zero_count() const noexcept { return zero_count_; }
  /// Exact; NaN when empty.
  [[nodiscard]] double min() const noexcept;
  /// Exact; NaN when empty.
  [[nodiscard]] double max() const noexcept;
  /// Exact sum, correctly rounded.
  [[nodiscard]] double sum() const noexcept { return sum_.value(); }
  /// sum / count; NaN when empty.
  [[nodiscard]] double mean() const noexcept;

  /// The value of rank ⌊q·(n−1)⌋ (0-based) in sorted order, within relative error α: the
  /// representative of its bucket, clamped to [min, max] (so quantile(0) = min, quantile(1) =
  /// max exactly). 0 for the zero bucket. NaN when empty or q is outside [0, 1].
  [[nodiscard]] double quantile(double q) const noexcept;

  /// The q-quantile with linear interpolation between the two nearest ranks (numpy's default,
  /// so the median of an even count is the mean of the middle two), each rank read from the
  /// sketch. The one quantile rule of every metric (share/doc/metrics.md). NaN when empty.
  [[nodiscard]] double interpolated_quantile(double q) const noexcept;

  /// Non-empty buckets of positive values, by increasing index.
  [[nodiscard]] std::vector<Bucket> positive_buckets() const;
  /// Non-empty buckets of negative values keyed by magnitude, by increasing index.
  [[nodiscard]] std::vector<Bucket> negative_buckets() const;
  /// All non-empty buckets as value intervals in increasing value order, the zero bucket as
  /// [-1e-9, 1e-9].
  [[nodiscard]] std::vector<Range> ranges() const;

  /// The bucket of a magnitude ≥ kZeroThreshold.
  [[nodiscard]] static std::int32_t bucket_index(double magnitude) noexcept;
  [[nodiscard]] static double bucket_lower(std::int32_t index) noexcept;
  [[nodiscard]] static double bucket_upper(std::int32_t index) noexcept;
  [[nodiscard]] static double bucket_value(std::int32_t index) noexcept;

  /// Rebuilds a histogram from what a summary document stores: the buckets (in any order,
  /// repeated indices added up), the zero count and the exact min, max and sum. Throws bpm::Error
  /// when an index is out of range or min > max.
  [[nodiscard]] static LogHistogram from_buckets(std::span<const Bucket> positive, std::span<const Bucket> negative,
                                                 std::uint64_t zero_count, double min, double max, double sum);

  friend bool operator==(const LogHistogram& a, const LogHistogram& b) noexcept;

 private:
  // Counts for a contiguous index range [offset, offset + counts.size()).
  class Store {
   public:
    void add(std::int32_t index, std::uint64_t count);
    void merge(const Store& other);
    [[nodiscard]] std::uint64_t total() const noexcept { return total_; }
    [[nodiscard]] std::vector<Bucket> buckets() const;
    // Index of the bucket holding the rank-th (0-based) value in increasing (or, with
    // `descending`, decreasing) index order; rank < total().
    [[nodiscard]] std::int32_t index_of_rank(std::uint64_t rank, bool descending) const noexcept;
    // Equal non-zero counts, whatever the offsets and capacities.
    [[nodiscard]] bool same_counts(const Store& other) const noexcept;

   private:
    [[nodiscard]] std::uint64_t count_at(std::int32_t index) const noexcept;
    void grow_to(std::int32_t low, std::int32_t high);  // inclusive index range
    std::int32_t offset_ = 0;
    std::vector<std::uint64_t> counts_;
    std::uint64_t total_ = 0;
  };

  Store positive_;
  Store negative_;
  std::uint64_t zero_count_ = 0;
  std::uint64_t count_ = 0;
  double min_ = 0.0;
  double max_ = 0.0;
  ExactSum sum_;
};

/// The q-quantile with linear interpolation between the two nearest ranks (numpy's default, and
/// the median of an even count as the mean of the middle two), each rank read from the sketch.
/// NaN when empty.
[[nodiscard]] BPM_API double interpolated_quantile(const LogHistogram& histogram, double q) noexcept;

}  // namespace bpm
