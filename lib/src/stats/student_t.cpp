#include "bpm/stats/student_t.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "bpm/core/error.hpp"
#include "bpm/stats/running_stats.hpp"
#include "stats/special_functions.hpp"

namespace bpm {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Lower-tail normal quantile for 0 < p ≤ ½: Acklam's rational approximation (relative error
// 1.2e-9) polished by one Halley step on erfc, which brings it to full double precision.
double normal_quantile_lower(double p) noexcept {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLowRegion = 0.02425;
  double x = 0.0;
  if (p < kLowRegion) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  // Near the centre p - ½ is exact (Sterbenz) and erf keeps the relative precision of a tiny x.
  const double error =
      p >= 0.25 ? 0.5 * std::erf(x / std::numbers::sqrt2) - (p - 0.5) : 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = error * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

// Beyond these degrees of freedom the continued fraction of I_x(ν/2, ½) loses digits (its first
// denominators cancel like 1 - x·(1 - 1/ν)), while the normal limit and the Cornish–Fisher series
// (error of order z¹¹/ν⁵) are exact to double precision.
constexpr double kNormalCdfFromDof = 1e10;
constexpr double kCornishFisherFromDof = 1e6;

// P(T > t) for t ≥ 0. Both x = ν/(ν+t²) and 1-x are formed directly so that neither loses digits.
double t_upper_tail(double t, double dof) noexcept {
  if (dof >= kNormalCdfFromDof) return 0.5 * std::erfc(t / std::numbers::sqrt2);
  const double r = t / std::sqrt(dof);
  if (r > 1e150) return 0.5 * detail::incomplete_beta(0.5 * dof, 0.5, 1.0 / (r * r), 1.0);
  const double r2 = r * r;
  return 0.5 * detail::incomplete_beta(0.5 * dof, 0.5, 1.0 / (1.0 + r2), r2 / (1.0 + r2));
}

double t_density(double t, double dof) noexcept {
  return std::exp(-detail::log_beta(0.5 * dof, 0.5) - 0.5 * std::log(dof) -
                  0.5 * (dof + 1.0) * std::log1p(t / dof * t));
}

// Abramowitz & Stegun 26.7.5: the t quantile as a series in 1/ν around the normal quantile z.
double cornish_fisher(double z, double dof) noexcept {
  const double z2 = z * z;
  const double g1 = (z2 + 1.0) * z / 4.0;
  const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
  const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
  const double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
  return z + (g1 + (g2 + (g3 + g4 / dof) / dof) / dof) / dof;
}

// Hill's approximation (CACM Algorithm 396, as refined in R's qt) of the t with two-sided tail
// probability `two_sided`: a starting point, good to a few digits, for the Newton polish below.
double hill_start(double two_sided, double dof) noexcept {
  const double a = 1.0 / (dof - 0.5);
  const double b = 48.0 / (a * a);
  double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
  const double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * std::sqrt(a * std::numbers::pi / 2.0) * dof;
  double y = std::pow(d * two_sided, 2.0 / dof);
  if (y > 0.05 + a) {
    const double x = normal_quantile_lower(0.5 * two_sided);
    y = x * x;
    if (dof < 5.0) c += 0.3 * (dof - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
    y = std::expm1(a * y * y);
  } else {
    y = ((1.0 / (((dof + 6.0) / (dof * y) - 0.089 * d - 0.822) * (dof + 2.0) * 3.0) + 0.5 / (dof + 4.0)) * y - 1.0) *
            (dof + 1.0) / (dof + 2.0) +
        1.0 / y;
  }
  return std::sqrt(dof * y);
}

// The t ≥ 0 with P(T > t) = q, for 0 < q < ½: Newton on ln P(T > t), which is nearly linear in
// ln t in the heavy tail, kept inside a bracket so that a poor start can only slow it down.
double t_upper_quantile(double q, double dof) noexcept {
  double t = hill_start(2.0 * q, dof);
  if (!(t > 0.0) || !std::isfinite(t)) t = 1.0;
  double lo = 0.0;
  double hi = kInf;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double tail = t_upper_tail(t, dof);
    if (tail == q) return t;
    if (tail > q) {
      lo = t;
    } else {
      hi = t;
    }
    const double density = t_density(t, dof);
    double next = t;
    if (tail > 0.0 && density > 0.0) next = t + std::log(tail / q) * tail / density;
    if (!(next > lo && next < hi)) next = std::isinf(hi) ? 2.0 * lo : 0.5 * (lo + hi);
    if (std::fabs(next - t) <= 4.0 * std::numeric_limits<double>::epsilon() * t) return next;
    t = next;
  }
  return t;
}

}  // namespace

double normal_cdf(double x) noexcept { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_quantile(double p) noexcept {
  if (!(p >= 0.0 && p <= 1.0)) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  if (p == 0.5) return 0.0;
  // 1 - p is exact for p ≥ ½, so the upper half reuses the accurate lower tail.
  return p < 0.5 ? normal_quantile_lower(p) : -normal_quantile_lower(1.0 - p);
}

double student_t_cdf(double t, double dof) noexcept {
  if (std::isnan(t) || !(dof > 0.0)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = t_upper_tail(std::fabs(t), dof);
  return t > 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double dof) noexcept {
  if (!(p >= 0.0 && p <= 1.0) || !(dof > 0.0)) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  if (p == 0.5) return 0.0;
  const double q = std::min(p, 1.0 - p);
  double t = 0.0;
  if (dof == 1.0) {
    t = 1.0 / std::tan(std::numbers::pi * q);  // Cauchy: exact
  } else if (dof == 2.0) {
    t = (0.5 - q) * std::numbers::sqrt2 / std::sqrt(q * (1.0 - q));  // closed form
  } else if (dof >= kCornishFisherFromDof) {
    t = cornish_fisher(-normal_quantile_lower(q), dof);
  } else {
    t = t_upper_quantile(q, dof);
  }
  return p < 0.5 ? -t : t;
}

Estimate estimate(const RunningStats& stats, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw UsageError("confidence level must lie strictly between 0 and 1");
  }
  Estimate result;
  result.n = stats.count();
  result.mean = stats.mean();
  result.sd = stats.sd();
  if (result.n < 2) {
    result.half_width = kNaN;
    return result;
  }
  const double n = static_cast<double>(result.n);
  const double t = student_t_quantile(0.5 + 0.5 * confidence, n - 1.0);
  result.half_width = t * result.sd / std::sqrt(n);
  return result;
}

Estimate paired_difference(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  if (a.size() != b.size()) {
    throw UsageError("paired comparison needs the same number of values on both sides");
  }
  RunningStats differences;
  for (std::size_t i = 0; i < a.size(); ++i) differences.add(a[i] - b[i]);
  return estimate(differences, confidence);
}

double welch_p_value(const RunningStats& a, const RunningStats& b) noexcept {
  if (a.count() < 2 || b.count() < 2) return kNaN;
  const double var_a = a.variance() / static_cast<double>(a.count());
  const double var_b = b.variance() / static_cast<double>(b.count());
  const double standard_error2 = var_a + var_b;
  const double difference = a.mean() - b.mean();
  if (standard_error2 == 0.0) return difference == 0.0 ? 1.0 : 0.0;
  const double t = std::fabs(difference) / std::sqrt(standard_error2);
  // Welch–Satterthwaite degrees of freedom.
  const double dof =
      standard_error2 * standard_error2 /
      (var_a * var_a / static_cast<double>(a.count() - 1) + var_b * var_b / static_cast<double>(b.count() - 1));
  return std::min(1.0, 2.0 * t_upper_tail(t, dof));
}

}  // namespace bpm
