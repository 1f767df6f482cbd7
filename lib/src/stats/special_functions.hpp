#pragma once
// Special functions behind the t distribution and the moments of distributions. Private: the public API is
// bpm/stats/student_t.hpp. They are written here rather than taken from <cmath> because std::lgamma writes the global
// `signgam` (a data race when replications are analysed in parallel) and loses relative accuracy
// in lgamma(a + b) - lgamma(a) for the large a that big samples produce.

namespace bpm::detail {

/// ln Γ(z) for z > 0.
[[nodiscard]] double log_gamma(double z) noexcept;

/// ln B(a, b) for a, b > 0, accurate also when one argument is huge and the other small.
[[nodiscard]] double log_beta(double a, double b) noexcept;

/// The regularized incomplete beta function I_x(a, b). `y` must be 1 - x, passed separately so
/// that callers who know it exactly (t² / (ν + t²)) do not lose the digits of a tiny 1 - x.
[[nodiscard]] double incomplete_beta(double a, double b, double x, double y) noexcept;

/// The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = 1 − P(a, x),
/// for a > 0, x ≥ 0. Both are returned because the one that is small is computed directly (the
/// other as 1 − it), so tail probabilities keep their relative precision.
struct IncompleteGamma {
  double lower = 0.0;  // P(a, x)
  double upper = 1.0;  // Q(a, x)
};
[[nodiscard]] IncompleteGamma incomplete_gamma(double a, double x) noexcept;

}  // namespace bpm::detail
