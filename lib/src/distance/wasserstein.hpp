#pragma once
// The 1-D Wasserstein distance between two samples of whole numbers (hour bins), as
// scipy.stats.wasserstein_distance computes it: the integral of |F1 − F2| over the values.
#include "bpm/distance/log_profile.hpp"

namespace bpm::distance {

/// W1 between the normalised distributions of two finished BinCounts (0 when either is empty:
/// callers rule that out first).
[[nodiscard]] double wasserstein(const BinCounts& a, const BinCounts& b);

}  // namespace bpm::distance
