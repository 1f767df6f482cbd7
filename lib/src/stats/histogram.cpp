#include "bpm/stats/histogram.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"

namespace bpm {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kAlpha = LogHistogram::kRelativeAccuracy;
const double kGamma = (1.0 + kAlpha) / (1.0 - kAlpha);
const double kLogGamma = std::log1p(2.0 * kAlpha / (1.0 - kAlpha));
const double kInverseLogGamma = 1.0 / kLogGamma;
// ln of the factor 2/(γ+1) that takes a bucket's upper bound to its representative.
const double kLogRepresentative = std::log(2.0 / (kGamma + 1.0));
const std::int32_t kMinIndex = LogHistogram::bucket_index(LogHistogram::kZeroThreshold);
const std::int32_t kMaxIndex = LogHistogram::bucket_index(std::numeric_limits<double>::max());
// A first store covers a factor of about γ^64 ≈ 1.9 around its first value.
constexpr std::int32_t kInitialSlack = 32;

}  // namespace

// ---- Store -------------------------------------------------------------------------------------

void LogHistogram::Store::grow_to(std::int32_t low, std::int32_t high) {
  std::int32_t new_low = 0;
  std::int32_t new_high = 0;
  if (counts_.empty()) {
    new_low = low - kInitialSlack;
    new_high = high + kInitialSlack;
  } else {
    const auto size = static_cast<std::int32_t>(counts_.size());
    const std::int32_t current_high = offset_ + size - 1;
    new_low = std::min(low, offset_);
    new_high = std::max(high, current_high);
    // Doubling towards the side that overflowed keeps a drifting range amortised O(1) per add.
    if (low < offset_) new_low = std::min(new_low, current_high - 2 * size + 1);
    if (high > current_high) new_high = std::max(new_high, offset_ + 2 * size - 1);
  }
  new_low = std::max(new_low, kMinIndex);
  new_high = std::min(new_high, kMaxIndex);
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_high - new_low + 1), 0);
  if (!counts_.empty()) std::copy(counts_.begin(), counts_.end(), grown.begin() + (offset_ - new_low));
  counts_ = std::move(grown);
  offset_ = new_low;
}

void LogHistogram::Store::add(std::int32_t index, std::uint64_t count) {
  if (counts_.empty() || index < offset_ || index >= offset_ + static_cast<std::int32_t>(counts_.size())) {
    grow_to(index, index);
  }
  counts_[static_cast<std::size_t>(index - offset_)] += count;
  total_ += count;
}

void LogHistogram::Store::merge(const Store& other) {
  if (other.total_ == 0) return;
  const std::vector<Bucket> incoming = other.buckets();
  grow_to(incoming.front().index, incoming.back().index);
  for (const Bucket& bucket : incoming) add(bucket.index, bucket.count);
}

std::vector<LogHistogram::Bucket> LogHistogram::Store::buckets() const {
  std::vector<Bucket> result;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] != 0) result.push_back({offset_ + static_cast<std::int32_t>(i), counts_[i]});
  }
  return result;
}

std::int32_t LogHistogram::Store::index_of_rank(std::uint64_t rank, bool descending) const noexcept {
  std::uint64_t seen = 0;
  const std::size_t n = counts_.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = descending ? n - 1 - k : k;
    seen += counts_[i];
    if (seen > rank) return offset_ + static_cast<std::int32_t>(i);
  }
  return offset_ + static_cast<std::int32_t>(n) - 1;  // unreachable for rank < total()
}

std::uint64_t LogHistogram::Store::count_at(std::int32_t index) const noexcept {
  if (index < offset_ || index >= offset_ + static_cast<std::int32_t>(counts_.size())) return 0;
  return counts_[static_cast<std::size_t>(index - offset_)];
}

bool LogHistogram::Store::same_counts(const Store& other) const noexcept {
  if (total_ != other.total_) return false;
  if (total_ == 0) return true;
  const auto end = [](const Store& store) { return store.offset_ + static_cast<std::int32_t>(store.counts_.size()); };
  const std::int32_t low = std::min(offset_, other.offset_);
  const std::int32_t high = std::max(end(*this), end(other));
  for (std::int32_t index = low; index < high; ++index) {
    if (count_at(index) != other.count_at(index)) return false;
  }
  return true;
}

// ---- LogHistogram ------------------------------------------------------------------------------

std::int32_t LogHistogram::bucket_index(double magnitude) noexcept {
  return static_cast<std::int32_t>(std::ceil(std::log(magnitude) * kInverseLogGamma));
}

double LogHistogram::bucket_lower(std::int32_t index) noexcept {
  return std::exp(static_cast<double>(index - 1) * kLogGamma);
}

double LogHistogram::bucket_upper(std::int32_t index) noexcept {
  return std::exp(static_cast<double>(index) * kLogGamma);
}

double LogHistogram::bucket_value(std::int32_t index) noexcept {
  return std::exp(static_cast<double>(index) * kLogGamma + kLogRepresentative);
}

void LogHistogram::add(double x, std::uint64_t count) {
  if (count == 0) return;
  if (!std::isfinite(x)) throw Error(fmt::format("cannot add the non-finite value {} to a histogram", x));
  if (x == 0.0) x = 0.0;  // -0.0 and 0.0 must not make min/max depend on the order of adds
  const double magnitude = std::fabs(x);
  if (magnitude < kZeroThreshold) {
    zero_count_ += count;
  } else if (x > 0.0) {
    positive_.add(bucket_index(magnitude), count);
  } else {
    negative_.add(bucket_index(magnitude), count);
  }
  if (count_ == 0) {
    min_ = x;
    max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  count_ += count;
  if (count == 1) {
    sum_.add(x);
  } else {
    // x·count split into its rounded product and the exact rounding error (fma), so the sum
    // stays exact and add(x, 2) equals add(x) twice.
    const auto times = static_cast<double>(count);
    const double product = x * times;
    sum_.add(product);
    sum_.add(std::fma(x, times, -product));
  }
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
  zero_count_ += other.zero_count_;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_.merge(other.sum_);
}

double LogHistogram::min() const noexcept { return count_ == 0 ? kNaN : min_; }

double LogHistogram::max() const noexcept { return count_ == 0 ? kNaN : max_; }

double LogHistogram::mean() const noexcept { return count_ == 0 ? kNaN : sum_.value() / static_cast<double>(count_); }

double LogHistogram::quantile(double q) const noexcept {
  if (count_ == 0 || !(q >= 0.0 && q <= 1.0)) return kNaN;
  auto rank = static_cast<std::uint64_t>(std::floor(q * static_cast<double>(count_ - 1)));
  rank = std::min(rank, count_ - 1);
  if (rank == 0) return min_;
  if (rank == count_ - 1) return max_;
  // Sorted order runs through the negative store from its largest magnitude down, then the
  // zero bucket, then the positive store upwards.
  double value = 0.0;
  const std::uint64_t negatives = negative_.total();
  if (rank < negatives) {
    value = -bucket_value(negative_.index_of_rank(rank, /*descending=*/true));
  } else if (rank - negatives >= zero_count_) {
    value = bucket_value(positive_.index_of_rank(rank - negatives - zero_count_, /*descending=*/false));
  }
  return std::clamp(value, min_, max_);
}

std::vector<LogHistogram::Bucket> LogHistogram::positive_buckets() const { return positive_.buckets(); }

std::vector<LogHistogram::Bucket> LogHistogram::negative_buckets() const { return negative_.buckets(); }

std::vector<LogHistogram::Range> LogHistogram::ranges() const {
  std::vector<Range> result;
  const std::vector<Bucket> negative = negative_.buckets();
  for (auto it = negative.rbegin(); it != negative.rend(); ++it) {
    result.push_back({-bucket_upper(it->index), -bucket_lower(it->index), it->count});
  }
  if (zero_count_ != 0) result.push_back({-kZeroThreshold, kZeroThreshold, zero_count_});
  for (const Bucket& bucket : positive_.buckets()) {
    result.push_back({bucket_lower(bucket.index), bucket_upper(bucket.index), bucket.count});
  }
  return result;
}

LogHistogram LogHistogram::from_buckets(std::span<const Bucket> positive, std::span<const Bucket> negative,
                                        std::uint64_t zero_count, double min, double max, double sum) {
  LogHistogram histogram;
  const auto fill = [](Store& store, std::span<const Bucket> buckets) {
    for (const Bucket& bucket : buckets) {
      if (bucket.index < kMinIndex || bucket.index > kMaxIndex) {
        throw Error(fmt::format("histogram bucket index {} is outside [{}, {}]", bucket.index, kMinIndex, kMaxIndex));
      }
      if (bucket.count != 0) store.add(bucket.index, bucket.count);
    }
  };
  fill(histogram.positive_, positive);
  fill(histogram.negative_, negative);
  histogram.zero_count_ = zero_count;
  histogram.count_ = histogram.positive_.total() + histogram.negative_.total() + zero_count;
  if (histogram.count_ == 0) return histogram;
  if (!(min <= max)) throw Error(fmt::format("histogram minimum {} exceeds its maximum {}", min, max));
  histogram.min_ = min == 0.0 ? 0.0 : min;
  histogram.max_ = max == 0.0 ? 0.0 : max;
  histogram.sum_.add(sum);
  return histogram;
}

bool operator==(const LogHistogram& a, const LogHistogram& b) noexcept {
  return a.count_ == b.count_ && a.zero_count_ == b.zero_count_ && a.min_ == b.min_ && a.max_ == b.max_ &&
         a.sum_ == b.sum_ && a.positive_.same_counts(b.positive_) && a.negative_.same_counts(b.negative_);
}

double interpolated_quantile(const LogHistogram& h, double q) noexcept { return h.interpolated_quantile(q); }

double LogHistogram::interpolated_quantile(double q) const noexcept {
  const std::uint64_t n = count();
  if (n == 0 || !(q >= 0.0 && q <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (n == 1) return quantile(0.0);
  const double last = static_cast<double>(n - 1);
  const double position = q * last;
  const double lower_rank = std::floor(position);
  const double fraction = position - lower_rank;
  // quantile(p) reads rank floor(p (n-1)); a quarter rank of slack absorbs rounding.
  const auto at_rank = [this, last](double rank) { return quantile(std::min(1.0, (rank + 0.25) / last)); };
  const double low = at_rank(lower_rank);
  if (fraction == 0.0) return low;
  return low + fraction * (at_rank(std::min(lower_rank + 1.0, last)) - low);
}

}  // namespace bpm
