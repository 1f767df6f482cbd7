#include "explain.hpp"

#include <fmt/format.h>

#include <cmath>

#include "bpm/core/time.hpp"

namespace bpm::predict_detail {
namespace {

using predict::ColumnKind;

constexpr double kZ95 = 1.959963984540054;

/// A step of seconds in a round unit: 1d, 2h, 30m.
double duration_step(double sd) {
  for (const double unit : {604800.0, 86400.0, 3600.0, 60.0, 1.0}) {
    if (sd >= unit) return round_step(sd / unit) * unit;
  }
  return 1.0;
}

}  // namespace

double round_step(double x) noexcept {
  if (!(x > 0.0) || !std::isfinite(x)) return 1.0;
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {5.0, 2.0, 1.0}) {
    if (m * power <= x * (1 + 1e-12)) return m * power;
  }
  return power;
}

std::string times(double ratio) {
  if (!std::isfinite(ratio)) return ratio > 0 ? "×inf" : "×0";
  if (ratio >= 1000 || ratio < 0.001) return fmt::format("×{:.2g}", ratio);
  return fmt::format("×{:.3g}", ratio);
}

Effect effect_of(const predict::Column& c, const predict::Label& label) {
  Effect e;
  switch (c.kind) {
    case ColumnKind::Numeric:
      e.step = round_step(c.sd);
      e.change = fmt::format("{} +{:g}", c.source, e.step);
      break;
    case ColumnKind::Missing: e.change = fmt::format("{} missing (vs recorded)", c.source); break;
    case ColumnKind::Level: e.change = fmt::format("{} = {} (vs {})", c.source, c.level, c.reference); break;
    case ColumnKind::OtherLevel: e.change = fmt::format("{} = a rarer value (vs the kept levels)", c.source); break;
    case ColumnKind::Count: e.change = fmt::format("each '{}' done so far", c.source); break;
    case ColumnKind::OtherCount: e.change = "each other activity done so far"; break;
    case ColumnKind::Elapsed:
      e.step = duration_step(c.sd);
      e.change = fmt::format("elapsed +{}", format_duration(e.step));
      break;
    case ColumnKind::Waiting:
      e.step = duration_step(c.sd);
      e.change = fmt::format("waiting so far +{}", format_duration(e.step));
      break;
    case ColumnKind::Last: e.change = fmt::format("last activity = {} (vs {})", c.level, c.reference); break;
    case ColumnKind::OtherLast: e.change = "last activity a rarer one (vs the kept ones)"; break;
  }
  const double b = c.coefficient * e.step;
  const double se = c.std_error * e.step;
  e.odds_ratio = std::exp(b);
  e.low = std::exp(b - kZ95 * se);
  e.high = std::exp(b + kZ95 * se);
  e.p_value = se > 0.0 ? std::erfc(std::abs(b / se) / std::sqrt(2.0)) : 0.0;
  e.words =
      fmt::format("{} odds of {} (95% CI {} to {})", times(e.odds_ratio), label.text(), times(e.low), times(e.high));
  return e;
}

}  // namespace bpm::predict_detail
