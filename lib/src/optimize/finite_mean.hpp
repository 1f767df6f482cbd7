#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

namespace bpm {

/// The mean of the finite values: a replication where a metric is undefined (NaN, e.g. a cycle
/// time with no completed case) is left out rather than poisoning the mean. NaN when none is.
inline double mean_of_finite(const std::vector<double>& values) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  return n == 0 ? std::nan("") : sum / static_cast<double>(n);
}

}  // namespace bpm
