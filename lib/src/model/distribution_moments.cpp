// Moments and probabilities of distributions as the simulator draws them: the family, truncated to
// [lower, upper] by resampling (with the clamp after kMaxTries candidates), times the scale. The
// analytic model and the lint compute loads and branch probabilities from these, so that they
// agree with what a simulation measures (a `normal(10m, 20m, min: 0)` has mean 20.2m, not 10m).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>
#include <utility>

#include "bpm/model/distribution.hpp"
#include "model/distribution_support.hpp"
#include "stats/special_functions.hpp"

namespace bpm {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double phi(double x) noexcept {
  return std::isfinite(x) ? std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi) : 0.0;
}

/// Upper tail of the standard normal, accurate far into the tail (erfc does not cancel).
double upper_tail(double x) noexcept { return 0.5 * std::erfc(x / std::numbers::sqrt2); }

/// P(alpha <= Z <= beta) for a standard normal Z, from the tail on the window's side so that a
/// window far out keeps its relative precision.
double normal_mass(double alpha, double beta) noexcept {
  if (!(alpha < beta)) return 0.0;
  if (alpha >= 0.0) return upper_tail(alpha) - upper_tail(beta);
  if (beta <= 0.0) return upper_tail(-beta) - upper_tail(-alpha);
  return 1.0 - upper_tail(beta) - upper_tail(-alpha);
}

struct Moments {
  double mean;
  double variance;
};

/// Mean and variance of N(mean, sd) restricted to [lo, hi] (Johnson, Kotz & Balakrishnan).
Moments truncated_normal_moments(double mean, double sd, double lo, double hi) noexcept {
  if (!(sd > 0)) return {std::clamp(mean, lo, hi), 0.0};
  double alpha = (lo - mean) / sd;
  double beta = (hi - mean) / sd;
  // Work in the upper tail where the window lies right of the mean, so that the mass difference
  // is computed from small numbers rather than as 1 - 1.
  const bool mirrored = alpha + beta < 0;
  if (mirrored) std::tie(alpha, beta) = std::pair(-beta, -alpha);
  const double mass = upper_tail(alpha) - upper_tail(beta);
  if (!(mass > 0)) return {std::clamp(mean, lo, hi), 0.0};
  const double phi_alpha = phi(alpha);
  const double phi_beta = phi(beta);
  const double shift = (phi_alpha - phi_beta) / mass;
  const double a_term = std::isfinite(alpha) ? alpha * phi_alpha : 0.0;
  const double b_term = std::isfinite(beta) ? beta * phi_beta : 0.0;
  const double variance = sd * sd * std::max(0.0, 1.0 + (a_term - b_term) / mass - shift * shift);
  return {mean + (mirrored ? -shift : shift) * sd, variance};
}

/// Mean and variance of the family itself, before truncation and scale.
Moments family_moments(const Distribution& d) noexcept {
  const auto& p = d.p;
  switch (d.kind) {
    case DistKind::Constant: return {p[0], 0.0};
    case DistKind::Uniform: return {(p[0] + p[1]) / 2, (p[1] - p[0]) * (p[1] - p[0]) / 12};
    case DistKind::Exponential: return {p[0], p[0] * p[0]};
    case DistKind::Normal:
    case DistKind::Lognormal: return {p[0], p[1] * p[1]};
    case DistKind::Triangular: {
      const double a = p[0], c = p[1], b = p[2];
      return {(a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18};
    }
    case DistKind::Gamma: return {p[0] * p[1], p[0] * p[1] * p[1]};
    case DistKind::Erlang: return {p[1], p[1] * p[1] / p[0]};
    case DistKind::Beta: {
      const double sum = p[0] + p[1];
      const double width = p[3] - p[2];
      return {p[2] + width * p[0] / sum, width * width * p[0] * p[1] / (sum * sum * (sum + 1))};
    }
    case DistKind::Weibull: {
      const double g1 = std::tgamma(1 + 1 / p[0]);
      const double g2 = std::tgamma(1 + 2 / p[0]);
      return {p[1] * g1, p[1] * p[1] * (g2 - g1 * g1)};
    }
    case DistKind::TruncatedNormal: return truncated_normal_moments(p[0], p[1], p[2], p[3]);
    case DistKind::Poisson: {
      const double unit = count_unit(d);
      return {p[0] * unit, p[0] * unit * unit};
    }
    case DistKind::Binomial: {
      const double unit = count_unit(d);
      return {p[0] * p[1] * unit, p[0] * p[1] * (1 - p[1]) * unit * unit};
    }
    case DistKind::Empirical: {
      double mean = 0;
      for (std::size_t i = 0; i < d.weights.size(); ++i) mean += d.weights[i] * d.values[i];
      double variance = 0;
      for (std::size_t i = 0; i < d.weights.size(); ++i) {
        variance += d.weights[i] * (d.values[i] - mean) * (d.values[i] - mean);
      }
      return {mean, variance};
    }
    case DistKind::Histogram: {
      double mean = 0;
      for (std::size_t i = 0; i < d.weights.size(); ++i) mean += d.weights[i] * (d.values[i] + d.values[i + 1]) / 2;
      // Law of total variance: spread of the bin centres plus the uniform spread inside each bin.
      double variance = 0;
      for (std::size_t i = 0; i < d.weights.size(); ++i) {
        const double centre = (d.values[i] + d.values[i + 1]) / 2;
        const double width = d.values[i + 1] - d.values[i];
        variance += d.weights[i] * ((centre - mean) * (centre - mean) + width * width / 12);
      }
      return {mean, variance};
    }
  }
  return {0.0, 0.0};
}

/// An interval of the family's values; the ends matter only for families with atoms.
struct Interval {
  double lo = -kInf;
  double hi = kInf;
  bool lo_closed = true;
  bool hi_closed = true;

  [[nodiscard]] bool contains(double x) const noexcept {
    return (lo_closed ? x >= lo : x > lo) && (hi_closed ? x <= hi : x < hi);
  }
};

/// E[X^k; X in I] for k = 0, 1, 2: probability, first and second partial moments.
struct Partial {
  double m0 = 0.0;
  double m1 = 0.0;
  double m2 = 0.0;

  Partial& operator+=(const Partial& o) noexcept {
    m0 += o.m0;
    m1 += o.m1;
    m2 += o.m2;
    return *this;
  }
};

Partial atom(double value, double weight) noexcept { return {weight, weight * value, weight * value * value}; }

/// ∫ x^k f(x) dx over [u, v] for a density that is a polynomial of degree ≤ 1 there, by 3-point
/// Gauss–Legendre, exact for the polynomials of degree ≤ 5 that x² f(x) is.
template <class Density>
Partial integrate_linear(double u, double v, Density density) noexcept {
  if (!(u < v)) return {};
  static constexpr double kNode = 0.7745966692414834;  // sqrt(3/5)
  static constexpr std::array<std::pair<double, double>, 3> kRule{
      {{-kNode, 5.0 / 9.0}, {0.0, 8.0 / 9.0}, {kNode, 5.0 / 9.0}}};
  const double half = (v - u) / 2;
  const double centre = (u + v) / 2;
  Partial out;
  for (const auto& [node, weight] : kRule) {
    const double x = centre + half * node;
    const double w = weight * half * density(x);
    out += atom(x, w);
  }
  return out;
}

/// F_j(x) = E[X^j; X <= x] / c_j for the gamma-type families, as P and Q of the incomplete gamma.
/// The partial moment over [u, v] is c_j times the difference, taken from the tail that is small.
double gamma_window(double shape, double u, double v) noexcept {
  const detail::IncompleteGamma a = detail::incomplete_gamma(shape, u);
  const detail::IncompleteGamma b = detail::incomplete_gamma(shape, v);
  return a.upper < 0.5 ? a.upper - b.upper : b.lower - a.lower;
}

/// P(lo_index <= N <= hi_index) for a count whose CDF is `cdf` (integer arguments).
template <class Cdf>
double count_window(double lo_index, double hi_index, Cdf cdf) noexcept {
  if (hi_index < lo_index) return 0.0;
  return cdf(hi_index) - cdf(lo_index - 1.0);
}

/// The whole numbers n with n·unit in I.
std::pair<double, double> count_indexes(const Interval& i, double unit) noexcept {
  double first = std::ceil(i.lo / unit);
  if (!i.contains(first * unit) && first * unit <= i.lo) first += 1.0;
  double last = std::floor(i.hi / unit);
  if (!i.contains(last * unit) && last * unit >= i.hi) last -= 1.0;
  return {first, last};
}

Partial normal_partial(double mean, double sd, const Interval& i) noexcept {
  if (!(sd > 0)) return i.contains(mean) ? atom(mean, 1.0) : Partial{};
  const double alpha = (i.lo - mean) / sd;
  const double beta = (i.hi - mean) / sd;
  Partial out;
  out.m0 = normal_mass(alpha, beta);
  if (!(out.m0 > 0.0)) return {};
  const double pa = phi(alpha);
  const double pb = phi(beta);
  const double a_term = std::isfinite(alpha) ? alpha * pa : 0.0;
  const double b_term = std::isfinite(beta) ? beta * pb : 0.0;
  out.m1 = mean * out.m0 + sd * (pa - pb);
  out.m2 = mean * mean * out.m0 + 2 * mean * sd * (pa - pb) + sd * sd * (out.m0 + a_term - b_term);
  return out;
}

/// E[X^k; X in I] of the family itself (before truncation and scale).
Partial family_partial(const Distribution& d, const Interval& i) noexcept {
  const auto& p = d.p;
  switch (d.kind) {
    case DistKind::Constant: return i.contains(p[0]) ? atom(p[0], 1.0) : Partial{};
    case DistKind::Uniform: {
      if (!(p[1] > p[0])) return i.contains(p[0]) ? atom(p[0], 1.0) : Partial{};
      const double height = 1.0 / (p[1] - p[0]);
      return integrate_linear(std::max(i.lo, p[0]), std::min(i.hi, p[1]), [&](double) { return height; });
    }
    case DistKind::Exponential: {
      const double m = p[0];
      if (!(m > 0)) return i.contains(0.0) ? atom(0.0, 1.0) : Partial{};
      const double u = std::max(i.lo, 0.0);
      const double v = i.hi;
      if (!(u < v)) return {};
      // ∫ x^k e^{-x/m}/m dx from u to v, by the antiderivatives -(x^k + k m x^{k-1} + ...) e^{-x/m}.
      const auto tail = [&](double x, int k) {
        if (std::isinf(x)) return 0.0;
        const double e = std::exp(-x / m);
        if (k == 0) return e;
        if (k == 1) return (x + m) * e;
        return (x * x + 2 * m * x + 2 * m * m) * e;
      };
      return {tail(u, 0) - tail(v, 0), tail(u, 1) - tail(v, 1), tail(u, 2) - tail(v, 2)};
    }
    case DistKind::Normal: return normal_partial(p[0], p[1], i);
    case DistKind::Lognormal: {
      if (!(p[1] > 0)) return i.contains(p[0]) ? atom(p[0], 1.0) : Partial{};
      const double cv = p[1] / p[0];
      const double s2 = std::log1p(cv * cv);
      const double s = std::sqrt(s2);
      const double mu = std::log(p[0]) - 0.5 * s2;
      const double log_lo = i.lo > 0 ? std::log(i.lo) : -kInf;
      const double log_hi = i.hi > 0 ? std::log(i.hi) : -kInf;
      // E[X^k; a <= X <= b] = e^{kμ + k²σ²/2} P(ln a <= N(μ + kσ², σ²) <= ln b).
      const auto moment = [&](double k) {
        const double shifted = mu + k * s2;
        return std::exp(k * mu + 0.5 * k * k * s2) * normal_mass((log_lo - shifted) / s, (log_hi - shifted) / s);
      };
      return {moment(0), moment(1), moment(2)};
    }
    case DistKind::Triangular: {
      const double lo = p[0], mode = p[1], hi = p[2];
      if (!(hi > lo)) return i.contains(lo) ? atom(lo, 1.0) : Partial{};
      Partial out;
      if (mode > lo) {
        out += integrate_linear(std::max(i.lo, lo), std::min(i.hi, mode),
                                [&](double x) { return 2 * (x - lo) / ((hi - lo) * (mode - lo)); });
      }
      if (hi > mode) {
        out += integrate_linear(std::max(i.lo, mode), std::min(i.hi, hi),
                                [&](double x) { return 2 * (hi - x) / ((hi - lo) * (hi - mode)); });
      }
      return out;
    }
    case DistKind::Gamma:
    case DistKind::Erlang:
    case DistKind::Weibull: {
      // E[X^j; X <= x] = c_j P(a_j, t(x)) with, for the gamma, c_j = θ^j Γ(k+j)/Γ(k), a_j = k + j,
      // t = x/θ; for the Weibull, c_j = λ^j Γ(1 + j/k), a_j = 1 + j/k, t = (x/λ)^k.
      const bool weibull = d.kind == DistKind::Weibull;
      const double shape = p[0];
      const double scale = d.kind == DistKind::Erlang ? p[1] / p[0] : p[1];
      const double u = std::max(i.lo, 0.0);
      const double v = i.hi;
      if (!(u < v) || !(scale > 0)) return {};
      const auto t = [&](double x) { return weibull ? std::pow(x / scale, shape) : x / scale; };
      Partial out;
      for (int j = 0; j <= 2; ++j) {
        const double a = weibull ? 1.0 + j / shape : shape + j;
        const double c = weibull ? std::pow(scale, j) * std::tgamma(a)
                                 : std::pow(scale, j) * (j == 0   ? 1.0
                                                         : j == 1 ? shape
                                                                  : shape * (shape + 1));
        const double value = c * gamma_window(a, t(u), t(v));
        (j == 0 ? out.m0 : j == 1 ? out.m1 : out.m2) = value;
      }
      return out;
    }
    case DistKind::Beta: {
      const double a = p[0], b = p[1], lo = p[2], width = p[3] - p[2];
      if (!(width > 0)) return i.contains(lo) ? atom(lo, 1.0) : Partial{};
      const double u = std::clamp((i.lo - lo) / width, 0.0, 1.0);
      const double v = std::clamp((i.hi - lo) / width, 0.0, 1.0);
      if (!(u < v)) return {};
      // E[B^j; u <= B <= v] = B(a+j, b)/B(a, b) (I_v(a+j, b) − I_u(a+j, b)).
      const auto window = [&](double shape) {
        return detail::incomplete_beta(shape, b, v, 1.0 - v) - detail::incomplete_beta(shape, b, u, 1.0 - u);
      };
      const double e0 = window(a);
      const double e1 = a / (a + b) * window(a + 1);
      const double e2 = a * (a + 1) / ((a + b) * (a + b + 1)) * window(a + 2);
      return {e0, lo * e0 + width * e1, lo * lo * e0 + 2 * lo * width * e1 + width * width * e2};
    }
    case DistKind::TruncatedNormal: {
      const double mass = normal_partial(p[0], p[1], Interval{p[2], p[3]}).m0;
      if (!(mass > 0)) {
        const double value = std::clamp(p[0], p[2], p[3]);
        return i.contains(value) ? atom(value, 1.0) : Partial{};
      }
      Interval inside = i;
      if (p[2] > inside.lo) inside.lo = p[2];
      if (p[3] < inside.hi) inside.hi = p[3];
      const Partial window = normal_partial(p[0], p[1], inside);
      return {window.m0 / mass, window.m1 / mass, window.m2 / mass};
    }
    case DistKind::Poisson: {
      const double mean = p[0];
      const double unit = count_unit(d);
      if (!(mean > 0)) return i.contains(0.0) ? atom(0.0, 1.0) : Partial{};
      const auto [first, last] = count_indexes(i, unit);
      // P(N <= n) = Q(n + 1, mean); E[N; N in W] = mean P(N in W − 1); E[N(N−1); ...] = mean² P(N in W − 2).
      const auto cdf = [&](double n) { return n < 0 ? 0.0 : detail::incomplete_gamma(n + 1.0, mean).upper; };
      const double p0 = count_window(std::max(first, 0.0), last, cdf);
      const double f1 = mean * count_window(std::max(first, 1.0) - 1.0, last - 1.0, cdf);
      const double f2 = mean * mean * count_window(std::max(first, 2.0) - 2.0, last - 2.0, cdf);
      return {p0, f1 * unit, (f2 + f1) * unit * unit};
    }
    case DistKind::Binomial: {
      const double n = p[0], q = p[1];
      const double unit = count_unit(d);
      const auto [first, last] = count_indexes(i, unit);
      // P(N <= k) = I_{1−q}(n − k, k + 1) for 0 <= k < n; the moments shift to Bin(n − 1, q), Bin(n − 2, q).
      const auto cdf_of = [&](double trials) {
        return [=](double k) {
          if (k < 0) return 0.0;
          if (k >= trials || q <= 0.0) return 1.0;
          if (q >= 1.0) return 0.0;
          return detail::incomplete_beta(trials - k, k + 1.0, 1.0 - q, q);
        };
      };
      const double p0 = count_window(std::max(first, 0.0), last, cdf_of(n));
      const double f1 = n >= 1 ? n * q * count_window(std::max(first, 1.0) - 1.0, last - 1.0, cdf_of(n - 1)) : 0.0;
      const double f2 =
          n >= 2 ? n * (n - 1) * q * q * count_window(std::max(first, 2.0) - 2.0, last - 2.0, cdf_of(n - 2)) : 0.0;
      return {p0, f1 * unit, (f2 + f1) * unit * unit};
    }
    case DistKind::Empirical: {
      Partial out;
      for (std::size_t k = 0; k < d.weights.size(); ++k) {
        if (i.contains(d.values[k])) out += atom(d.values[k], d.weights[k]);
      }
      return out;
    }
    case DistKind::Histogram: {
      Partial out;
      for (std::size_t k = 0; k < d.weights.size(); ++k) {
        const double from = d.values[k];
        const double to = d.values[k + 1];
        if (!(to > from)) {
          if (i.contains(from)) out += atom(from, d.weights[k]);
          continue;
        }
        const double height = d.weights[k] / (to - from);
        out += integrate_linear(std::max(i.lo, from), std::min(i.hi, to), [&](double) { return height; });
      }
      return out;
    }
  }
  return {};
}

bool truncated(const Distribution& d) noexcept { return std::isfinite(d.lower) || std::isfinite(d.upper); }

/// How a truncated draw ends (before the scale): a candidate inside [lower, upper] (the family
/// conditioned on it), or, when kMaxTries candidates all fell outside, the bound the last one
/// was clamped to.
struct TruncatedDraw {
  Partial inside;        // the family's partial moments over [lower, upper]
  double below = 0.0;    // P(X < lower)
  double above = 0.0;    // P(X > upper)
  double clamped = 0.0;  // P(every candidate outside)
};

TruncatedDraw truncated_draw(const Distribution& d) noexcept {
  TruncatedDraw t;
  t.inside = family_partial(d, Interval{d.lower, d.upper});
  if (std::isfinite(d.lower)) t.below = family_partial(d, Interval{-kInf, d.lower, true, false}).m0;
  if (std::isfinite(d.upper)) t.above = family_partial(d, Interval{d.upper, kInf, false, true}).m0;
  const double outside = t.below + t.above;
  t.clamped = t.inside.m0 > 0.0 ? std::pow(std::clamp(outside, 0.0, 1.0), kMaxTries) : 1.0;
  return t;
}

/// Mean and variance before the scale.
Moments drawn_moments(const Distribution& d) noexcept {
  if (!truncated(d)) return family_moments(d);
  const TruncatedDraw t = truncated_draw(d);
  const double outside = t.below + t.above;
  double mean = 0.0;
  double second = 0.0;
  if (t.inside.m0 > 0.0) {
    mean += (1.0 - t.clamped) * t.inside.m1 / t.inside.m0;
    second += (1.0 - t.clamped) * t.inside.m2 / t.inside.m0;
  }
  if (t.clamped > 0.0 && outside > 0.0) {
    const double lo = std::isfinite(d.lower) ? d.lower : 0.0;
    const double hi = std::isfinite(d.upper) ? d.upper : 0.0;
    mean += t.clamped * (lo * t.below + hi * t.above) / outside;
    second += t.clamped * (lo * lo * t.below + hi * hi * t.above) / outside;
  }
  return {mean, std::max(0.0, second - mean * mean)};
}

/// P(X' <= x) (or < x when not inclusive) of a draw X' before the scale.
double drawn_cdf(const Distribution& d, double x, bool inclusive) noexcept {
  const Interval up_to{-kInf, x, true, inclusive};
  if (!truncated(d)) return std::clamp(family_partial(d, up_to).m0, 0.0, 1.0);
  const TruncatedDraw t = truncated_draw(d);
  double p = 0.0;
  if (t.inside.m0 > 0.0) {
    Interval window{d.lower, std::min(x, d.upper), true, x < d.upper ? inclusive : true};
    if (window.hi >= window.lo) p += (1.0 - t.clamped) * family_partial(d, window).m0 / t.inside.m0;
  }
  const double outside = t.below + t.above;
  if (t.clamped > 0.0 && outside > 0.0) {
    if (up_to.contains(d.lower)) p += t.clamped * t.below / outside;
    if (up_to.contains(d.upper)) p += t.clamped * t.above / outside;
  }
  return std::clamp(p, 0.0, 1.0);
}

}  // namespace

// A parameter that depends on the case has no single value: nor has the mean.
double Distribution::mean() const {
  return data_dependent() ? std::numeric_limits<double>::quiet_NaN() : drawn_moments(*this).mean * scale;
}

double Distribution::variance() const {
  return data_dependent() ? std::numeric_limits<double>::quiet_NaN() : drawn_moments(*this).variance * scale * scale;
}

double Distribution::cdf(double x, bool inclusive) const {
  if (data_dependent()) return std::numeric_limits<double>::quiet_NaN();
  if (scale > 0) return drawn_cdf(*this, x / scale, inclusive);
  if (scale < 0) return 1.0 - drawn_cdf(*this, x / scale, !inclusive);
  return (inclusive ? x >= 0.0 : x > 0.0) ? 1.0 : 0.0;  // every draw is 0
}

}  // namespace bpm
