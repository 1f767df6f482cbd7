// The samplers. They run in the simulator's hot loop: a switch on the kind, no allocation, no
// virtual calls, no std:: distributions (whose output differs between standard libraries), and
// no hidden state, so that a draw depends only on the stream it consumes.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "bpm/model/distribution.hpp"
#include "core/random.hpp"
#include "model/distribution_support.hpp"

namespace bpm {

namespace {

/// Box–Muller with both uniforms consumed per draw: the second normal of the pair is thrown away
/// because a const Distribution has nowhere to keep it, and caching it in the stream would make a
/// draw depend on what the previous draw was for.
double standard_normal(Rng& rng) noexcept {
  const double radius = std::sqrt(-2.0 * std::log(rng.uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * rng.uniform());
}

/// Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for shape < 1 the
/// boost G(a) = G(a + 1) * U^(1/a) from the same paper.
double standard_gamma(Rng& rng, double shape) noexcept {
  if (shape < 1.0) {
    const double boosted = standard_gamma(rng, shape + 1.0);
    return boosted * std::pow(rng.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double z = standard_normal(rng);
    const double t = 1.0 + c * z;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double u = rng.uniform();
    const double z2 = z * z;
    if (u < 1.0 - 0.0331 * z2 * z2) return d * v;  // the cheap squeeze accepts ~98% of candidates
    if (std::log(u) < 0.5 * z2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

/// Beta(a, b) on [0, 1] as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
double standard_beta(Rng& rng, double a, double b) noexcept {
  const double x = standard_gamma(rng, a);
  const double y = standard_gamma(rng, b);
  const double sum = x + y;
  // Both gammas underflow to 0 only for tiny shapes, where the beta is all but a coin flip on {0, 1}.
  if (!(sum > 0.0)) return rng.uniform() < a / (a + b) ? 1.0 : 0.0;
  return x / sum;
}

/// A standard normal restricted to [a, b] (a < b), exactly, by the proposal that suits the window
/// (Robert 1995, "Simulation of truncated normal variables"):
/// - a window around 0 that is wide: plain normal draws, accepted with probability >= 0.34;
/// - a window around 0 that is narrow: uniform proposals accepted with exp(-z^2/2);
/// - a window in one tail: uniform proposals when it is short, else Robert's exponential proposal.
/// Each scheme accepts at least a third of its candidates, so the 64-try clamp is a formality.
double standard_truncated_normal(Rng& rng, double a, double b) noexcept {
  if (!(a < b)) return a;
  if (b <= 0.0) return -standard_truncated_normal(rng, -b, -a);
  double z = a;
  if (a < 0.0) {
    if (b - a > 2.0) {
      for (int i = 0; i < kMaxTries; ++i) {
        z = standard_normal(rng);
        if (z >= a && z <= b) return z;
      }
    } else {
      for (int i = 0; i < kMaxTries; ++i) {
        z = a + (b - a) * rng.uniform();
        if (rng.uniform() <= std::exp(-0.5 * z * z)) return z;
      }
    }
  } else if (b * b - a * a <= 2.0) {
    for (int i = 0; i < kMaxTries; ++i) {
      z = a + (b - a) * rng.uniform();
      if (rng.uniform() <= std::exp(0.5 * (a * a - z * z))) return z;
    }
  } else {
    const double rate = 0.5 * (a + std::sqrt(a * a + 4.0));
    for (int i = 0; i < kMaxTries; ++i) {
      z = a - std::log(rng.uniform()) / rate;
      const double u = rng.uniform();
      if (z <= b && u <= std::exp(-0.5 * (z - rate) * (z - rate))) return z;
    }
  }
  return std::clamp(z, a, b);
}

/// log(k!) without std::lgamma, which writes the global `signgam` and so races between threads.
double log_factorial(double k) noexcept {
  static constexpr std::array<double, 20> kFactorials = [] {
    std::array<double, 20> f{};
    f[0] = 1.0;
    for (std::size_t i = 1; i < f.size(); ++i) f[i] = f[i - 1] * static_cast<double>(i);
    return f;
  }();
  if (k < 20.0) return std::log(kFactorials[static_cast<std::size_t>(k)]);
  // Stirling's series; the first omitted term, 1/(1680 k^7), is below 1e-12 for k >= 20.
  const double inv = 1.0 / k;
  const double inv2 = inv * inv;
  return k * std::log(k) - k + 0.5 * std::log(2.0 * std::numbers::pi * k) +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
}

/// Poisson counts: Knuth's multiplication method below a mean of 30 (it needs mean + 1 uniforms),
/// Hörmann's PTRS (1993, "The transformed rejection method for generating Poisson random
/// variables") above, whose cost does not grow with the mean.
double poisson(Rng& rng, double mean) noexcept {
  if (mean < 30.0) {
    const double limit = std::exp(-mean);
    double count = 0.0;
    double product = rng.uniform();
    while (product > limit) {
      count += 1.0;
      product *= rng.uniform();
    }
    return count;
  }
  const double root = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * log_mean - log_factorial(k)) {
      return k;
    }
  }
}

/// Binomial by inversion (sequential search from 0) for n * p <= 30, p <= 0.5: cheap while the
/// expected number of steps is small. When rounding leaves u above the summed pmf, it restarts with
/// a fresh u; the bound only trims mass below 1e-20.
double binomial_inversion(Rng& rng, double n, double p) noexcept {
  const double q = 1.0 - p;
  const double ratio = p / q;
  const double first = std::exp(n * std::log1p(-p));
  const double bound = std::min(n, n * p + 10.0 * std::sqrt(n * p * q + 1.0));
  for (;;) {
    double u = rng.uniform();
    double x = 0.0;
    double pmf = first;
    while (u > pmf) {
      u -= pmf;
      x += 1.0;
      if (x > bound) break;
      pmf *= (n - x + 1.0) / x * ratio;
    }
    if (x <= bound) return x;
  }
}

/// Binomial(n, p). Large n * p is reduced by Knuth's order-statistic splitting (TAOCP vol. 2,
/// 3.4.1 F), chosen over BTPE for being short and exact: the a-th smallest of n uniforms,
/// a = 1 + n/2, is X ~ Beta(a, n + 1 - a); if X >= p the successes are the ones among the a - 1
/// uniforms below X, i.e. Binomial(a - 1, p / X); otherwise a successes plus
/// Binomial(n - a, (p - X) / (1 - X)). Each split halves n, so it takes log2(n p / 30) betas.
/// The result is tracked as total + sign * Binomial(n, p) to apply the p > 0.5 mirror as we go.
double binomial(Rng& rng, double n, double p) noexcept {
  double total = 0.0;
  double sign = 1.0;
  for (;;) {
    if (n <= 0.0 || p <= 0.0) return total;
    if (p >= 1.0) return total + sign * n;
    if (p > 0.5) {
      total += sign * n;
      sign = -sign;
      p = 1.0 - p;
    }
    if (n * p <= 30.0) return total + sign * binomial_inversion(rng, n, p);
    const double a = 1.0 + std::floor(n / 2.0);
    const double b = n + 1.0 - a;
    const double x = standard_beta(rng, a, b);
    if (x >= p) {
      n = a - 1.0;
      p = p / x;
    } else {
      total += sign * a;
      n = b - 1.0;
      p = (p - x) / (1.0 - x);
    }
  }
}

/// Index of the weight a uniform falls on, by walking the (normalised) weights. Tables are short in
/// process models, where the walk beats a binary search and needs no cumulative copy.
/// `u` is left as the position inside the chosen weight.
std::size_t pick(const std::vector<double>& weights, double& u) noexcept {
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding left u just above the total: take the last bin that has mass.
  std::size_t last = weights.size() - 1;
  while (last > 0 && !(weights[last] > 0.0)) --last;
  u = weights[last];
  return last;
}

double empirical(Rng& rng, const Distribution& d) noexcept {
  if (d.weights.empty()) return 0.0;
  double u = rng.uniform();
  return d.values[pick(d.weights, u)];
}

/// Inverse of the piecewise-linear CDF: pick the bin, then place u's remainder within it.
double histogram(Rng& rng, const Distribution& d) noexcept {
  if (d.weights.empty()) return 0.0;
  double u = rng.uniform();
  const std::size_t bin = pick(d.weights, u);
  const double from = d.values[bin];
  const double to = d.values[bin + 1];
  return std::min(to, from + (to - from) * (u / d.weights[bin]));
}

/// The constants of Sampler::Derived; the expressions are those the lognormal draw used to
/// evaluate inline, so that precomputing them changes no result.
Sampler::Derived derive(DistKind kind, const std::array<double, 4>& p) noexcept {
  Sampler::Derived k;
  if (kind == DistKind::Lognormal) {
    // The parameters are the mean and sd of the variable: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2/2.
    const double cv = p[1] / p[0];
    const double sigma2 = std::log1p(cv * cv);
    k.mu = std::log(p[0]) - 0.5 * sigma2;
    k.sigma = std::sqrt(sigma2);
  }
  return k;
}

Sampler::Derived derive(const Distribution& d) noexcept { return derive(d.kind, d.p); }

/// One draw of the family itself, before truncation and scale. Inlined into the two samplers: a
/// call less per draw in the simulator's hot loop.
[[gnu::always_inline]] inline double draw(const Distribution& d, const std::array<double, 4>& p,
                                          const Sampler::Derived& k, Rng& rng) noexcept {
  switch (d.kind) {
    case DistKind::Constant: return p[0];
    case DistKind::Uniform: return p[0] + (p[1] - p[0]) * rng.uniform();
    case DistKind::Exponential: return -p[0] * std::log(rng.uniform());
    case DistKind::Normal: return p[0] + p[1] * standard_normal(rng);
    case DistKind::Lognormal: return std::exp(k.mu + k.sigma * standard_normal(rng));
    case DistKind::Triangular: {
      const double lo = p[0], mode = p[1], hi = p[2];
      const double width = hi - lo;
      if (!(width > 0.0)) return lo;
      const double u = rng.uniform();
      if (u * width < mode - lo) return lo + std::sqrt(u * width * (mode - lo));
      return hi - std::sqrt((1.0 - u) * width * (hi - mode));
    }
    case DistKind::Gamma: return p[1] * standard_gamma(rng, p[0]);
    case DistKind::Erlang: return p[1] / p[0] * standard_gamma(rng, p[0]);
    case DistKind::Beta: return p[2] + (p[3] - p[2]) * standard_beta(rng, p[0], p[1]);
    case DistKind::Weibull: return p[1] * std::pow(-std::log(rng.uniform()), 1.0 / p[0]);
    case DistKind::TruncatedNormal: {
      if (!(p[1] > 0.0)) return std::clamp(p[0], p[2], p[3]);
      const double z = standard_truncated_normal(rng, (p[2] - p[0]) / p[1], (p[3] - p[0]) / p[1]);
      return std::clamp(p[0] + p[1] * z, p[2], p[3]);
    }
    case DistKind::Poisson: return poisson(rng, p[0]) * count_unit(d);
    case DistKind::Binomial: return binomial(rng, p[0], p[1]) * count_unit(d);
    case DistKind::Empirical: return empirical(rng, d);
    case DistKind::Histogram: return histogram(rng, d);
  }
  return 0.0;
}

/// The draws after the first of a truncated distribution, out of line: they are rare.
[[gnu::noinline]] double redraw(const Distribution& d, const std::array<double, 4>& p, const Sampler::Derived& k,
                                Rng& rng) noexcept {
  return draw(d, p, k, rng);
}

[[gnu::always_inline]] inline double sample_with(const Distribution& d, const std::array<double, 4>& p, double lower,
                                                 double upper, const Sampler::Derived& k, Rng& rng) noexcept {
  double x = draw(d, p, k, rng);
  if (x < lower || x > upper) [[unlikely]] {
    for (int tries = 1; tries < kMaxTries && (x < lower || x > upper); ++tries) x = redraw(d, p, k, rng);
    x = std::clamp(x, lower, upper);
  }
  return x * d.scale;
}

bool whole(double v) noexcept { return v == std::floor(v) && std::fabs(v) < 0x1.0p53; }

}  // namespace

/// The constraints of the parser (distribution_parse.cpp), for parameters computed per case.
bool valid_parameters(DistKind kind, const std::array<double, 4>& p, double lower, double upper) noexcept {
  for (const double v : p) {
    if (std::isnan(v)) return false;
  }
  if (std::isnan(lower) || std::isnan(upper) || lower > upper) return false;
  switch (kind) {
    case DistKind::Constant: return std::isfinite(p[0]);
    case DistKind::Normal: return std::isfinite(p[0]) && p[1] >= 0 && std::isfinite(p[1]);
    case DistKind::Uniform: return std::isfinite(p[0]) && std::isfinite(p[1]) && p[1] >= p[0];
    case DistKind::Exponential: return p[0] > 0 && std::isfinite(p[0]);
    case DistKind::Lognormal: return p[0] > 0 && std::isfinite(p[0]) && p[1] >= 0 && std::isfinite(p[1]);
    case DistKind::Triangular: return std::isfinite(p[0]) && std::isfinite(p[2]) && p[0] <= p[1] && p[1] <= p[2];
    case DistKind::Gamma:
    case DistKind::Weibull: return p[0] > 0 && p[1] > 0 && std::isfinite(p[0]) && std::isfinite(p[1]);
    case DistKind::Erlang: return p[0] >= 1 && whole(p[0]) && p[1] > 0 && std::isfinite(p[1]);
    case DistKind::Beta: return p[0] > 0 && p[1] > 0 && std::isfinite(p[2]) && std::isfinite(p[3]) && p[3] >= p[2];
    case DistKind::TruncatedNormal: return std::isfinite(p[0]) && p[1] >= 0 && p[3] >= p[2];
    case DistKind::Poisson: return p[0] >= 0 && std::isfinite(p[0]);
    case DistKind::Binomial: return p[0] >= 0 && whole(p[0]) && p[1] >= 0 && p[1] <= 1;
    case DistKind::Empirical:
    case DistKind::Histogram: return true;
  }
  return false;
}

double Distribution::sample(Rng& rng) const { return sample_with(*this, p, lower, upper, derive(*this), rng); }

Sampler::Sampler(const Distribution& d) : d_(d), derived_(derive(d)) {}

double Sampler::sample(Rng& rng) const noexcept { return sample_with(d_, d_.p, d_.lower, d_.upper, derived_, rng); }

double Sampler::sample(Rng& rng, const Value* attributes) const noexcept {
  if (d_.expressions.empty()) return sample(rng);
  std::array<double, 4> p = d_.p;
  double lower = d_.lower;
  double upper = d_.upper;
  for (const ParamExpression& e : d_.expressions) {
    const Value v = e.expression.eval(attributes);
    const double x = v.is_string() ? std::numeric_limits<double>::quiet_NaN() : v.num * e.unit;
    set_parameter(p, lower, upper, e.slot, x);
  }
  if (!valid_parameters(d_.kind, p, lower, upper)) return std::numeric_limits<double>::quiet_NaN();
  return sample_with(d_, p, lower, upper, derive(d_.kind, p), rng);
}

}  // namespace bpm
