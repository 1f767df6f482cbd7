#include "bpm/stats/running_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpm {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void RunningStats::add(double x) noexcept {
  if (count_ == 0) {
    min_ = x;
    max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  sum_ += x;
}

void RunningStats::merge(const RunningStats& other) noexcept {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(count_);
  const double n_b = static_cast<double>(other.count_);
  const double n = n_a + n_b;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (n_b / n);
  m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double RunningStats::mean() const noexcept { return count_ == 0 ? kNaN : mean_; }

double RunningStats::variance() const noexcept { return count_ < 2 ? kNaN : m2_ / static_cast<double>(count_ - 1); }

double RunningStats::population_variance() const noexcept {
  return count_ == 0 ? kNaN : m2_ / static_cast<double>(count_);
}

double RunningStats::sd() const noexcept { return std::sqrt(variance()); }

double RunningStats::min() const noexcept { return count_ == 0 ? kNaN : min_; }

double RunningStats::max() const noexcept { return count_ == 0 ? kNaN : max_; }

RunningStats RunningStats::restore(std::uint64_t count, double mean, double m2, double min, double max,
                                   double sum) noexcept {
  RunningStats stats;
  if (count == 0) return stats;
  stats.count_ = count;
  stats.mean_ = mean;
  stats.m2_ = m2;
  stats.min_ = min;
  stats.max_ = max;
  stats.sum_ = sum;
  return stats;
}

}  // namespace bpm
