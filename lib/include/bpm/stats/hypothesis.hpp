#pragma once
// p-values of the tests that the optimisation reports make, and the multiple-comparison
// correction that keeps their family-wise error at the stated level.
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

/// Two-sided p-value of the one-sample t test of "the mean is 0" for an estimate (mean, sd, n):
/// t = mean / (sd / √n) with n − 1 degrees of freedom. With sd = 0 it is 1 for a mean of exactly
/// 0 and 0 otherwise; NaN when n < 2 or the mean is NaN.
[[nodiscard]] BPM_API double t_test_p_value(const Estimate& estimate) noexcept;

/// P(F ≥ f) for Fisher's F with (d1, d2) degrees of freedom; NaN for bad arguments.
[[nodiscard]] BPM_API double f_upper_tail(double f, double d1, double d2) noexcept;

/// Holm's step-down adjusted p-values (Holm 1979): with the p-values sorted ascending, the k-th
/// smallest (k from 1) becomes max over j ≤ k of min(1, (m − j + 1) p(j)). Rejecting where the
/// adjusted value is at most α controls the family-wise error rate at α for any dependence
/// between the tests. NaN p-values are left NaN and do not count in m.
[[nodiscard]] BPM_API std::vector<double> holm_adjusted(const std::vector<double>& p_values);

}  // namespace bpm
