#include "stats/special_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace bpm::detail {
namespace {

// Beyond this argument the Stirling series below is accurate to ~1e-16 (its first omitted term is
// 1/(1188 z⁹)); smaller arguments are shifted up with the recurrence Γ(z+1) = zΓ(z).
constexpr double kStirlingFrom = 20.0;

// The terms of ln Γ(z) after (z - ½) ln z - z + ½ ln 2π.
double stirling_correction(double z) noexcept {
  const double inv = 1.0 / z;
  const double inv2 = inv * inv;
  return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680))));
}

// ln Γ(a + b) - ln Γ(a) for a ≥ kStirlingFrom, without the cancellation of two huge logarithms.
double log_gamma_ratio(double a, double b) noexcept {
  const double s = a + b;
  return (a - 0.5) * std::log1p(b / a) + b * std::log(s) - b + stirling_correction(s) - stirling_correction(a);
}

// Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes §6.4),
// which converges quickly for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) noexcept {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  constexpr int kMaxIterations = 1'000'000;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double md = m;
    const double m2 = 2.0 * md;
    double aa = md * (b - md) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return h;
}

}  // namespace

double log_gamma(double z) noexcept {
  if (!(z > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  double product = 1.0;
  while (z < kStirlingFrom) {
    product *= z;
    z += 1.0;
  }
  return (z - 0.5) * std::log(z) - z + 0.5 * std::log(2.0 * std::numbers::pi) + stirling_correction(z) -
         std::log(product);
}

double log_beta(double a, double b) noexcept {
  const double big = std::max(a, b);
  const double small = std::min(a, b);
  if (big >= kStirlingFrom) return log_gamma(small) - log_gamma_ratio(big, small);
  return log_gamma(a) + log_gamma(b) - log_gamma(a + b);
}

double incomplete_beta(double a, double b, double x, double y) noexcept {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  // Each logarithm is taken of whichever of x, 1 - x is known to full relative precision: with a
  // in the millions (huge samples), a·ln x magnifies the rounding of x itself.
  const double log_x = x > 0.5 ? std::log1p(-y) : std::log(x);
  const double log_y = y > 0.5 ? std::log1p(-x) : std::log(y);
  const double log_front = a * log_x + b * log_y - log_beta(a, b);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  }
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, y) / b;
}

IncompleteGamma incomplete_gamma(double a, double x) noexcept {
  if (!(x > 0.0)) return {0.0, 1.0};
  if (std::isinf(x)) return {1.0, 0.0};
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  constexpr int kMaxIterations = 1'000'000;
  const double log_front = a * std::log(x) - x - log_gamma(a);
  if (x < a + 1.0) {
    // The series γ(a, x) = e^-x x^a Σ x^n / (a (a+1) ... (a+n)) (Numerical Recipes §6.2).
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n <= kMaxIterations; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
    }
    const double lower = std::min(1.0, std::exp(log_front) * sum);
    return {lower, 1.0 - lower};
  }
  // The continued fraction of Γ(a, x) by the modified Lentz method.
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i <= kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  const double upper = std::min(1.0, std::exp(log_front) * h);
  return {1.0 - upper, upper};
}

}  // namespace bpm::detail
