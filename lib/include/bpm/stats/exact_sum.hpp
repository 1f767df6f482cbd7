#pragma once
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

/// A sum of doubles without rounding error (Shewchuk's adaptive expansion, as in Python's
/// math.fsum): `value()` is the exact sum rounded once, so it does not depend on the order in
/// which values were added or partial sums merged. That is what lets mergeable summaries of
/// parallel replications come out bit-identical whatever the thread schedule.
///
/// Cost: a few additions per value (the expansion holds 2-3 partials for values of similar
/// magnitude, never more than ~40). Once a value or a partial sum is not finite, value() is ±inf
/// or NaN as IEEE addition would give.
class BPM_API ExactSum {
 public:
  void add(double x);
  void merge(const ExactSum& other);
  /// The exact sum, correctly rounded to nearest.
  [[nodiscard]] double value() const noexcept;

  friend bool operator==(const ExactSum& a, const ExactSum& b) noexcept { return a.value() == b.value(); }

 private:
  std::vector<double> partials_;  // non-overlapping, increasing magnitude
  bool overflowed_ = false;       // a value or a partial sum was not finite
  double special_ = 0.0;          // then the result: ±inf or NaN
};

}  // namespace bpm
