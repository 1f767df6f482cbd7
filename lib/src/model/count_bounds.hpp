#pragma once
// The bounds of what one case or one arrival may bring (bpm/model/process.hpp kMaxInstances,
// kMaxArrivalSize), checked alike by the loader and by overrides.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "bpm/model/distribution.hpp"

namespace bpm::detail {

/// Why the count distribution `d` cannot stand where at most `bound` of `what` are allowed ("its
/// mean is 1e+12, more than the 1000 instances one visit may run"), or "" when it can. The mean decides: a single draw
/// beyond the bound (a long tail) is the simulator's to report. A mean that depends on attributes is not known here.
[[nodiscard]] inline std::string count_beyond(const Distribution& d, double bound, const char* what) {
  const double mean = d.mean();
  if (std::isnan(mean) || mean <= bound) return {};
  return fmt::format("its mean is {:g}, more than the {:g} {}", mean, bound, what);
}

}  // namespace bpm::detail
