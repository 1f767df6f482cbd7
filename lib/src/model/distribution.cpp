// Analytic properties and the canonical text of distributions. Sampling lives in
// distribution_sample.cpp, parsing in distribution_parse.cpp.
#include "bpm/model/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "bpm/core/time.hpp"
#include "model/distribution_support.hpp"

namespace bpm {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double phi(double x) noexcept { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }

/// Upper tail of the standard normal, accurate far into the tail (erfc does not cancel).
double upper_tail(double x) noexcept { return 0.5 * std::erfc(x / std::numbers::sqrt2); }

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
  const double phi_alpha = std::isfinite(alpha) ? phi(alpha) : 0.0;
  const double phi_beta = std::isfinite(beta) ? phi(beta) : 0.0;
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

}  // namespace

std::string_view dist_name(DistKind kind) noexcept {
  switch (kind) {
    case DistKind::Constant: return "constant";
    case DistKind::Uniform: return "uniform";
    case DistKind::Exponential: return "exponential";
    case DistKind::Normal: return "normal";
    case DistKind::Lognormal: return "lognormal";
    case DistKind::Triangular: return "triangular";
    case DistKind::Gamma: return "gamma";
    case DistKind::Erlang: return "erlang";
    case DistKind::Beta: return "beta";
    case DistKind::Weibull: return "weibull";
    case DistKind::TruncatedNormal: return "truncated_normal";
    case DistKind::Poisson: return "poisson";
    case DistKind::Binomial: return "binomial";
    case DistKind::Empirical: return "empirical";
    case DistKind::Histogram: return "histogram";
  }
  return "unknown";
}

std::pair<double, double> family_support(const Distribution& d) noexcept {
  const auto& p = d.p;
  switch (d.kind) {
    case DistKind::Constant: return {p[0], p[0]};
    case DistKind::Uniform: return {p[0], p[1]};
    case DistKind::Triangular: return {p[0], p[2]};
    case DistKind::Beta:
    case DistKind::TruncatedNormal: return {p[2], p[3]};
    case DistKind::Normal: return {p[1] > 0 ? -kInf : p[0], p[1] > 0 ? kInf : p[0]};
    case DistKind::Exponential:
    case DistKind::Lognormal:
    case DistKind::Gamma:
    case DistKind::Erlang:
    case DistKind::Weibull:
    case DistKind::Poisson: return {0.0, kInf};
    case DistKind::Binomial: return {0.0, p[0] * count_unit(d)};
    case DistKind::Empirical: {
      if (d.values.empty()) return {0.0, 0.0};
      const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
      return {*lo, *hi};
    }
    case DistKind::Histogram:
      if (d.values.empty()) return {0.0, 0.0};
      return {d.values.front(), d.values.back()};
  }
  return {0.0, 0.0};
}

double Distribution::mean() const { return family_moments(*this).mean * scale; }

double Distribution::variance() const { return family_moments(*this).variance * scale * scale; }

namespace {

/// Draws are clamped into [lower, upper] and then multiplied by the scale.
std::pair<double, double> scaled_support(const Distribution& d) noexcept {
  auto [lo, hi] = family_support(d);
  lo = std::clamp(lo, d.lower, d.upper);
  hi = std::clamp(hi, d.lower, d.upper);
  lo *= d.scale;
  hi *= d.scale;
  if (lo > hi) std::swap(lo, hi);
  return {lo, hi};
}

}  // namespace

double Distribution::support_min() const { return scaled_support(*this).first; }

double Distribution::support_max() const { return scaled_support(*this).second; }

namespace {

/// Whether `scale` can be written by multiplying the parameters. Counts cannot: their values are
/// whole numbers of units, and a negative or zero factor turns most families into invalid ones.
bool scale_folds(const Distribution& d) noexcept {
  return d.scale > 0 && std::isfinite(d.scale) && d.kind != DistKind::Poisson && d.kind != DistKind::Binomial;
}

/// The same distribution with the scale multiplied into every parameter that scales with X.
Distribution fold_scale(Distribution d) noexcept {
  const double c = d.scale;
  auto& p = d.p;
  switch (d.kind) {
    case DistKind::Constant:
    case DistKind::Exponential: p[0] *= c; break;
    case DistKind::Uniform:
    case DistKind::Normal:
    case DistKind::Lognormal:
      p[0] *= c;
      p[1] *= c;
      break;
    case DistKind::Triangular:
      p[0] *= c;
      p[1] *= c;
      p[2] *= c;
      break;
    case DistKind::Gamma:
    case DistKind::Erlang:
    case DistKind::Weibull: p[1] *= c; break;
    case DistKind::Beta:
      p[2] *= c;
      p[3] *= c;
      break;
    case DistKind::TruncatedNormal:
      for (double& v : p) v *= c;
      break;
    case DistKind::Poisson:
    case DistKind::Binomial:
    case DistKind::Empirical:
    case DistKind::Histogram: return d;
  }
  d.lower *= c;
  d.upper *= c;
  d.scale = 1.0;
  return d;
}

class Writer {
 public:
  explicit Writer(bool is_time) : is_time_(is_time) {}

  /// A value of the variable: a duration with a unit in a time distribution, a plain number otherwise.
  void value(double v) {
    separate();
    out_ += is_time_ ? format_duration(v) : number_text(v);
  }
  /// A dimensionless parameter.
  void number(double v) {
    separate();
    out_ += number_text(v);
  }
  void name(std::string_view key) {
    separate();
    out_ += key;
    out_ += ": ";
    pending_name_ = true;
  }
  void raw(std::string_view text) { out_ += text; }
  void open(std::string_view family) {
    out_ += family;
    out_ += '(';
    first_ = true;
  }
  void close() { out_ += ')'; }
  std::string take() { return std::move(out_); }

 private:
  /// fmt's "{}" is the shortest text that reads back to the same double.
  static std::string number_text(double v) { return fmt::format("{}", v); }

  void separate() {
    if (pending_name_) {
      pending_name_ = false;
      return;
    }
    if (!first_) out_ += ", ";
    first_ = false;
  }

  bool is_time_;
  bool first_ = true;
  bool pending_name_ = false;
  std::string out_;
};

}  // namespace

// The text has the scale folded in wherever the family allows it ("exponential(5m)" scaled by 0.8
// is written "exponential(4m)"), so a scenario's effective distribution reads as one plain
// distribution. Otherwise a "*factor" suffix carries it, which parse_distribution reads back.
std::string Distribution::to_string() const {
  if (kind == DistKind::Empirical || kind == DistKind::Histogram) return "";
  const bool folds = scale_folds(*this);
  const Distribution d = folds ? fold_scale(*this) : *this;
  const bool truncated = std::isfinite(d.lower) || std::isfinite(d.upper);
  const auto& q = d.p;
  Writer w(is_time);
  if (kind == DistKind::Constant && !truncated) {
    w.value(q[0]);
  } else {
    w.open(dist_name(kind));
    switch (kind) {
      case DistKind::Constant:
      case DistKind::Exponential: w.value(q[0]); break;
      case DistKind::Uniform:
      case DistKind::Normal:
        w.value(q[0]);
        w.value(q[1]);
        break;
      case DistKind::Lognormal:
        // Named, because "lognormal(a, b)" is commonly read as the parameters of the log.
        w.name("mean");
        w.value(q[0]);
        w.name("sd");
        w.value(q[1]);
        break;
      case DistKind::Triangular:
        w.value(q[0]);
        w.value(q[1]);
        w.value(q[2]);
        break;
      case DistKind::Gamma:
      case DistKind::Weibull:
        // Named, because tools disagree on scale versus rate and on the order of the two.
        w.name("shape");
        w.number(q[0]);
        w.name("scale");
        w.value(q[1]);
        break;
      case DistKind::Erlang:
        w.name("k");
        w.number(q[0]);
        w.name("mean");
        w.value(q[1]);
        break;
      case DistKind::Beta:
        w.number(q[0]);
        w.number(q[1]);
        // The default [0, 1] is only implied outside time, where it is not a bare-unit question.
        if (is_time || q[2] != 0.0 || q[3] != 1.0) {
          w.value(q[2]);
          w.value(q[3]);
        }
        break;
      case DistKind::TruncatedNormal:
        w.value(q[0]);
        w.value(q[1]);
        w.value(q[2]);
        w.value(q[3]);
        break;
      case DistKind::Poisson: w.number(q[0]); break;
      case DistKind::Binomial:
        w.number(q[0]);
        w.number(q[1]);
        break;
      case DistKind::Empirical:
      case DistKind::Histogram: break;
    }
    if (std::isfinite(d.lower)) {
      w.name("min");
      w.value(d.lower);
    }
    if (std::isfinite(d.upper)) {
      w.name("max");
      w.value(d.upper);
    }
    w.close();
  }
  if (d.scale != 1.0) w.raw(fmt::format("*{}", d.scale));
  return w.take();
}

}  // namespace bpm
