#include "discover/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>

#include "stats/special_functions.hpp"

namespace bpm::discover {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// The regularized lower incomplete gamma function P(a, x).
double gamma_p(double a, double x) { return x > 0.0 ? detail::incomplete_gamma(a, x).lower : 0.0; }

struct Candidate {
  Distribution d;
  double ks = kInf;
};

Distribution time_dist(DistKind kind, std::initializer_list<double> params) {
  Distribution d;
  d.kind = kind;
  d.is_time = true;
  std::size_t k = 0;
  for (const double v : params) d.p[k++] = v;
  return d;
}

/// CDF of a fitted candidate at x (untruncated families; truncation at 0 changes little for the
/// families that need it, and the comparison is between candidates).
double cdf(const Distribution& d, double x) {
  const auto& p = d.p;
  switch (d.kind) {
    case DistKind::Constant: return x >= p[0] ? 1.0 : 0.0;
    case DistKind::Uniform:
      return p[1] > p[0] ? std::clamp((x - p[0]) / (p[1] - p[0]), 0.0, 1.0) : (x >= p[0] ? 1.0 : 0.0);
    case DistKind::Exponential: return x <= 0.0 ? 0.0 : 1.0 - std::exp(-x / p[0]);
    case DistKind::Normal: {
      // Truncated at 0 (the fit writes min: 0).
      const double below = normal_cdf((0.0 - p[0]) / p[1]);
      if (x <= 0.0) return 0.0;
      return (normal_cdf((x - p[0]) / p[1]) - below) / (1.0 - below);
    }
    case DistKind::Lognormal: {
      const double s2 = std::log1p((p[1] * p[1]) / (p[0] * p[0]));
      const double mu = std::log(p[0]) - s2 / 2.0;
      return x <= 0.0 ? 0.0 : normal_cdf((std::log(x) - mu) / std::sqrt(s2));
    }
    case DistKind::Gamma: return gamma_p(p[0], x / p[1]);
    case DistKind::Weibull: return x <= 0.0 ? 0.0 : 1.0 - std::exp(-std::pow(x / p[1], p[0]));
    case DistKind::Triangular: {
      const double a = p[0];
      const double c = p[1];
      const double b = p[2];
      if (x <= a) return 0.0;
      if (x >= b) return 1.0;
      if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
      return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    default: return 0.0;
  }
}

/// sup |F_n − F| over a sorted sample.
double ks_distance(const std::vector<double>& sorted, const Distribution& d) {
  const auto n = static_cast<double>(sorted.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double f = cdf(d, sorted[i]);
    if (!std::isfinite(f)) return kInf;
    // Ties: the empirical function jumps at the last of equal values.
    const auto below = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), sorted[i]) - sorted.begin());
    const auto upto = static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), sorted[i]) - sorted.begin());
    worst = std::max({worst, std::fabs(upto / n - f), std::fabs(f - below / n)});
  }
  return worst;
}

std::string family_label(const Distribution& d) {
  if (d.kind == DistKind::Histogram) return "histogram";
  if (d.kind == DistKind::Empirical) return "empirical";
  return std::string(dist_name(d.kind));
}

}  // namespace

double round_significant(double value, int digits) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  const double magnitude = std::floor(std::log10(std::fabs(value)));
  const double scale = std::pow(10.0, static_cast<double>(digits - 1) - magnitude);
  return std::round(value * scale) / scale;
}

Fit fit_time(std::vector<double> sample, const FitSettings& settings) {
  Fit fit;
  for (double& x : sample) x = std::max(0.0, x);
  std::sort(sample.begin(), sample.end());
  const std::size_t n = fit.n = sample.size();
  const double mean = fit.mean = std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(n);
  double ss = 0.0;
  for (const double x : sample) ss += (x - mean) * (x - mean);
  const double sd = fit.sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  const double lo = sample.front();
  const double hi = sample.back();
  auto r = [](double v) { return round_significant(v, 4); };

  // One value (or a spread below a thousandth of it): a constant.
  if (n == 1 || hi - lo <= 1e-3 * std::max(mean, 1e-9) || !(sd > 0.0)) {
    fit.distribution = time_dist(DistKind::Constant, {r(mean)});
    fit.ks = 0.0;
    fit.summary = n == 1 ? "one observation" : fmt::format("constant over {} observations", n);
    return fit;
  }

  // Few distinct values, each seen repeatedly: the table itself.
  std::map<double, double> distinct;
  for (const double x : sample) distinct[r(x)] += 1.0;
  if (distinct.size() <= settings.empirical_max_values &&
      static_cast<double>(n) >= 2.0 * static_cast<double>(distinct.size())) {
    Distribution d;
    d.kind = DistKind::Empirical;
    d.is_time = true;
    for (const auto& [value, count] : distinct) {
      d.values.push_back(value);
      d.weights.push_back(std::round(count / static_cast<double>(n) * 1e4) / 1e4);
    }
    fit.distribution = d;
    fit.ks = 0.0;
    fit.summary = fmt::format("{} distinct values over {} observations", distinct.size(), n);
    return fit;
  }

  std::vector<Candidate> candidates;
  auto add = [&](Distribution d) {
    Candidate c{std::move(d), kInf};
    c.ks = ks_distance(sample, c.d);
    if (std::isfinite(c.ks)) candidates.push_back(std::move(c));
  };
  add(time_dist(DistKind::Exponential, {r(mean)}));
  {
    Distribution d = time_dist(DistKind::Normal, {r(mean), r(sd)});
    d.lower = 0.0;
    add(d);
  }
  add(time_dist(DistKind::Uniform, {r(lo), r(hi)}));
  add(time_dist(DistKind::Triangular, {r(lo), r(std::clamp(3.0 * mean - lo - hi, lo, hi)), r(hi)}));
  // The log-based families need positive values: zeros count as half the smallest positive one.
  double smallest_positive = kInf;
  for (const double x : sample) {
    if (x > 0.0) smallest_positive = std::min(smallest_positive, x);
  }
  if (std::isfinite(smallest_positive)) {
    std::vector<double> logs;
    for (const double x : sample) logs.push_back(std::log(x > 0.0 ? x : smallest_positive / 2.0));
    const double mu = std::accumulate(logs.begin(), logs.end(), 0.0) / static_cast<double>(n);
    double s2 = 0.0;
    for (const double l : logs) s2 += (l - mu) * (l - mu);
    s2 /= static_cast<double>(n);
    if (s2 > 0.0) {
      const double m = std::exp(mu + s2 / 2.0);
      add(time_dist(DistKind::Lognormal, {r(m), r(m * std::sqrt(std::expm1(s2)))}));
    }
    // Gamma: Minka's closed-form approximation of the shape's maximum likelihood estimate.
    const double s = std::log(mean) - mu;
    if (s > 0.0) {
      const double shape = (3.0 - s + std::sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s);
      add(time_dist(DistKind::Gamma, {r(shape), r(mean / shape)}));
    }
    // Weibull: Newton's method on the shape's likelihood equation.
    double k = 1.2 / std::sqrt(std::max(1e-12, s2));
    for (int it = 0; it < 50 && std::isfinite(k) && k > 0.0; ++it) {
      double a = 0.0;
      double b = 0.0;
      double c = 0.0;
      const double scale_guess = std::exp(mu);
      for (const double l : logs) {
        const double xk = std::exp(k * (l - std::log(scale_guess)));
        a += xk;
        b += xk * l;
        c += xk * l * l;
      }
      const double f = b / a - 1.0 / k - mu;
      const double df = (c / a - (b / a) * (b / a)) + 1.0 / (k * k);
      const double step = f / df;
      k -= step;
      if (std::fabs(step) < 1e-10 * k) break;
    }
    if (std::isfinite(k) && k > 0.0) {
      double sum = 0.0;
      for (const double l : logs) sum += std::exp(k * l - k * mu);
      const double scale = std::exp(mu) * std::pow(sum / static_cast<double>(n), 1.0 / k);
      if (std::isfinite(scale) && scale > 0.0) add(time_dist(DistKind::Weibull, {r(k), r(scale)}));
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.ks < b.ks; });
  const Candidate& best = candidates.front();
  fit.distribution = best.d;
  fit.ks = best.ks;
  fit.summary = fmt::format("{}, KS {:.3f} over {} observations", family_label(best.d), best.ks, n);
  if (candidates.size() > 1) {
    fit.summary += fmt::format("; next best {} (KS {:.3f})", family_label(candidates[1].d), candidates[1].ks);
  }
  if (best.ks > settings.histogram_above && n >= settings.histogram_min_n) {
    // No family fits: equal-probability bins between the sample's quantiles.
    Distribution h;
    h.kind = DistKind::Histogram;
    h.is_time = true;
    const std::size_t bins = settings.histogram_bins;
    double previous = -1.0;
    for (std::size_t b = 0; b <= bins; ++b) {
      const double q = sample[std::min(n - 1, b * (n - 1) / bins)];
      const double edge = r(q);
      if (edge <= previous) continue;
      h.values.push_back(edge);
      previous = edge;
    }
    if (h.values.size() >= 2) {
      // Weight of each bin: the share of the sample inside it.
      for (std::size_t b = 0; b + 1 < h.values.size(); ++b) {
        const bool last = b + 2 == h.values.size();
        const auto inside = std::count_if(sample.begin(), sample.end(), [&](double x) {
          return x >= h.values[b] && (last ? x <= h.values[b + 1] : x < h.values[b + 1]);
        });
        h.weights.push_back(static_cast<double>(inside));
      }
      const double total = std::accumulate(h.weights.begin(), h.weights.end(), 0.0);
      if (total > 0.0) {
        for (double& w : h.weights) w = std::round(w / total * 1e4) / 1e4;
        fit.summary = fmt::format("histogram of {} quantile bins over {} observations (best family {}, KS {:.3f})",
                                  h.weights.size(), n, family_label(best.d), best.ks);
        fit.distribution = h;
      }
    }
  }
  return fit;
}

}  // namespace bpm::discover
