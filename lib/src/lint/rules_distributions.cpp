// Rules about distribution parameters that parse but cannot mean what the author wants. (Bounds
// outside a family's support and other parameter errors are the parser's: schema errors.)
#include <fmt/format.h>

#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

/// Timestamps are written to the millisecond, and the simulation clock cannot advance by much less.
constexpr double kTimeResolution = 1e-3;

std::string describe(const Distribution& d) {
  std::string text = d.to_string();
  return text.empty() ? std::string(dist_name(d.kind)) : text;
}

void check_duration(const Distribution& d, const Location& where, const std::string& what, Findings& f) {
  if (d.support_min() < 0.0) {
    f.report("negative-duration", where, fmt::format("{} {} may be negative; add min: 0", what, describe(d)));
  }
}

}  // namespace

void check_distributions(const Process& p, Findings& f) {
  for (const auto& step : p.steps) {
    if (step.duration) {
      check_duration(*step.duration, key_location(step, "duration"), fmt::format("duration of '{}'", step.id), f);
    }
    if (step.wait) check_duration(*step.wait, key_location(step, "wait"), fmt::format("wait of '{}'", step.id), f);
  }
  const Distribution& every = p.arrivals.every;
  check_duration(every, p.arrivals.where, "arrivals every", f);
  if (every.support_max() <= 0.0 || !(every.mean() > 0.0)) {
    f.report("invalid-distribution", p.arrivals.where,
             fmt::format("arrivals every {} has mean 0: cases would arrive infinitely fast", describe(every)));
  } else if (every.mean() < kTimeResolution) {
    // Below it, arrivals pile up at one instant: the clock (seconds since 1970 in a double) stops.
    f.report("invalid-distribution", p.arrivals.where,
             fmt::format("arrivals every {} has mean {}, below the time resolution of 1ms", describe(every),
                         format_duration(every.mean())));
  }
}

}  // namespace bpm::lint_detail
