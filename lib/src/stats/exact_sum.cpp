#include "bpm/stats/exact_sum.hpp"

#include <cmath>
#include <utility>

namespace bpm {

void ExactSum::add(double x) {
  if (!std::isfinite(x)) {
    special_ = overflowed_ ? special_ + x : x;
    overflowed_ = true;
    partials_.clear();
    return;
  }
  if (overflowed_) return;  // no finite value changes ±inf or NaN
  std::size_t kept = 0;
  for (double y : partials_) {
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    const double high = x + y;
    const double low = y - (high - x);
    if (low != 0.0) partials_[kept++] = low;
    x = high;
  }
  if (!std::isfinite(x)) {
    special_ = x;
    overflowed_ = true;
    partials_.clear();
    return;
  }
  partials_.resize(kept);
  partials_.push_back(x);
}

void ExactSum::merge(const ExactSum& other) {
  if (other.overflowed_) add(other.special_);
  for (const double partial : other.partials_) add(partial);
}

double ExactSum::value() const noexcept {
  if (overflowed_) return special_;
  // Sum the partials from the largest down, stopping once the rest cannot change the result,
  // with the half-way correction that makes the final rounding exact (Python's fsum).
  std::size_t n = partials_.size();
  if (n == 0) return 0.0;
  double high = partials_[--n];
  double low = 0.0;
  while (n > 0) {
    const double x = high;
    const double y = partials_[--n];
    high = x + y;
    low = y - (high - x);
    if (low != 0.0) break;
  }
  if (n > 0 && ((low < 0.0 && partials_[n - 1] < 0.0) || (low > 0.0 && partials_[n - 1] > 0.0))) {
    const double y = low * 2.0;
    const double x = high + y;
    if (y == x - high) high = x;
  }
  return high;
}

}  // namespace bpm
