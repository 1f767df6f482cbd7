#pragma once
#include <cmath>
#include <cstddef>
#include <utility>

#include "bpm/model/distribution.hpp"

namespace bpm {

/// Poisson and binomial draws are counts; in a time distribution each count is one bare time unit,
/// whose length in seconds lives in this otherwise unused parameter slot (1 outside time, and 0 in a
/// hand-built Distribution is read as 1). `scale` stays free for the scenario multiplier.
inline constexpr std::size_t kCountUnitIndex = 3;

[[nodiscard]] inline double count_unit(const Distribution& d) noexcept {
  const double unit = d.p[kCountUnitIndex];
  return unit > 0 ? unit : 1.0;
}

/// The range of the family itself, before truncation and scale.
[[nodiscard]] std::pair<double, double> family_support(const Distribution& d) noexcept;

}  // namespace bpm
