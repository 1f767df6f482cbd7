#pragma once
#include <cstdint>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

class RunningStats;

/// Standard normal distribution function Φ(x).
[[nodiscard]] BPM_API double normal_cdf(double x) noexcept;

/// Φ⁻¹(p), to full double precision. -inf at 0, +inf at 1, NaN outside [0, 1].
[[nodiscard]] BPM_API double normal_quantile(double p) noexcept;

/// P(T ≤ t) for Student's t with `dof` > 0 degrees of freedom (not necessarily whole, as in
/// Welch's test). NaN for dof ≤ 0 or NaN arguments.
[[nodiscard]] BPM_API double student_t_cdf(double t, double dof) noexcept;

/// The p-quantile of Student's t with `dof` > 0 degrees of freedom, to better than 1e-11 relative.
/// -inf at 0, +inf at 1, NaN outside [0, 1] or for dof ≤ 0.
[[nodiscard]] BPM_API double student_t_quantile(double p, double dof) noexcept;

/// A mean with its confidence interval mean ± half_width.
struct BPM_API Estimate {
  double mean = 0.0;
  double sd = 0.0;
  double half_width = 0.0;
  std::uint64_t n = 0;
};

/// Mean, sample sd and the Student-t half-width t(1-α/2, n-1)·sd/√n at `confidence` = 1-α.
/// half_width (and sd) are NaN when n < 2. Throws UsageError unless 0 < confidence < 1.
[[nodiscard]] BPM_API Estimate estimate(const RunningStats& stats, double confidence = 0.95);

/// The estimate of the mean of a[i] - b[i]: the paired comparison of two scenarios run with
/// common random numbers. Throws UsageError when the sizes differ or the confidence is invalid.
[[nodiscard]] BPM_API Estimate paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                                                 double confidence = 0.95);

/// Two-sided p-value of Welch's unequal-variance t-test of "the means are equal". NaN when
/// either side has fewer than two values; with zero variance on both sides it is 1 when the
/// means are equal and 0 otherwise.
[[nodiscard]] BPM_API double welch_p_value(const RunningStats& a, const RunningStats& b) noexcept;

}  // namespace bpm
