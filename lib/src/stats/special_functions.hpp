#pragma once
// Special functions behind the t distribution. Private: the public API is bpm/stats/student_t.hpp.
// They are written here rather than taken from <cmath> because std::lgamma writes the global
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

}  // namespace bpm::detail
