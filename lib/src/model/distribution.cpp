// Support, names and the canonical text of distributions. Sampling lives in
// distribution_sample.cpp, parsing in distribution_parse.cpp, moments in distribution_moments.cpp.
#include "bpm/model/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "bpm/core/time.hpp"
#include "model/distribution_support.hpp"

namespace bpm {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

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

double Distribution::support_min() const {
  return data_dependent() ? std::numeric_limits<double>::quiet_NaN() : scaled_support(*this).first;
}

double Distribution::support_max() const {
  return data_dependent() ? std::numeric_limits<double>::quiet_NaN() : scaled_support(*this).second;
}

namespace {

/// Whether `scale` can be written by multiplying the parameters. Counts cannot: their values are
/// whole numbers of units, and a negative or zero factor turns most families into invalid ones.
bool scale_folds(const Distribution& d) noexcept {
  return d.scale > 0 && std::isfinite(d.scale) && d.kind != DistKind::Poisson && d.kind != DistKind::Binomial &&
         !d.data_dependent();
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
  /// A parameter written as the expression it was given as.
  void expression(std::string_view text) {
    separate();
    out_ += text;
  }
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
  // Parameters that depend on the case are written as given.
  const auto given = [&](std::uint8_t slot) -> const std::string* {
    for (const ParamExpression& e : d.expressions) {
      if (e.slot == slot) return &e.expression.text();
    }
    return nullptr;
  };
  const auto value = [&](std::uint8_t slot) {
    if (const std::string* text = given(slot)) return w.expression(*text);
    w.value(slot < 4 ? q[slot] : slot == 4 ? d.lower : d.upper);
  };
  const auto number = [&](std::uint8_t slot) {
    if (const std::string* text = given(slot)) return w.expression(*text);
    w.number(q[slot]);
  };
  const bool bounded = truncated || given(4) != nullptr || given(5) != nullptr;
  if (kind == DistKind::Constant && !bounded && (given(0) == nullptr || d.scale == 1.0)) {
    value(0);
  } else {
    w.open(dist_name(kind));
    switch (kind) {
      case DistKind::Constant:
      case DistKind::Exponential: value(0); break;
      case DistKind::Uniform:
      case DistKind::Normal:
        value(0);
        value(1);
        break;
      case DistKind::Lognormal:
        // Named, because "lognormal(a, b)" is commonly read as the parameters of the log.
        w.name("mean");
        value(0);
        w.name("sd");
        value(1);
        break;
      case DistKind::Triangular:
        value(0);
        value(1);
        value(2);
        break;
      case DistKind::Gamma:
      case DistKind::Weibull:
        // Named, because tools disagree on scale versus rate and on the order of the two.
        w.name("shape");
        number(0);
        w.name("scale");
        value(1);
        break;
      case DistKind::Erlang:
        w.name("k");
        number(0);
        w.name("mean");
        value(1);
        break;
      case DistKind::Beta:
        number(0);
        number(1);
        // The default [0, 1] is only implied outside time, where it is not a bare-unit question.
        if (is_time || q[2] != 0.0 || q[3] != 1.0) {
          value(2);
          value(3);
        }
        break;
      case DistKind::TruncatedNormal:
        value(0);
        value(1);
        value(2);
        value(3);
        break;
      case DistKind::Poisson: number(0); break;
      case DistKind::Binomial:
        number(0);
        number(1);
        break;
      case DistKind::Empirical:
      case DistKind::Histogram: break;
    }
    if (std::isfinite(d.lower) || given(4) != nullptr) {
      w.name("min");
      value(4);
    }
    if (std::isfinite(d.upper) || given(5) != nullptr) {
      w.name("max");
      value(5);
    }
    w.close();
  }
  if (d.scale != 1.0) w.raw(fmt::format("*{}", d.scale));
  return w.take();
}

}  // namespace bpm
