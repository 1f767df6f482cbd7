// Rules about distribution parameters that parse but cannot mean what the author wants.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

std::string describe(const Distribution& d) {
  std::string text = d.to_string();
  return text.empty() ? std::string(dist_name(d.kind)) : text;
}

std::string bound_text(const Distribution& d, double value) {
  return d.is_time ? format_duration(value) : fmt::format("{:g}", value);
}

/// Truncation bounds that lie wholly outside the family's values leave nothing to draw.
void check_bounds(const Distribution& d, const Location& where, const std::string& what, Findings& f) {
  Distribution family = d;
  family.lower = -std::numeric_limits<double>::infinity();
  family.upper = std::numeric_limits<double>::infinity();
  const double lowest = family.support_min();
  const double highest = family.support_max();
  if (d.lower > highest) {
    f.report("invalid-distribution", where,
             fmt::format("{}: min: {} lies above every value of {}", what, bound_text(d, d.lower), describe(family)));
  } else if (d.upper < lowest) {
    f.report("invalid-distribution", where,
             fmt::format("{}: max: {} lies below every value of {}", what, bound_text(d, d.upper), describe(family)));
  }
}

void check_duration(const Distribution& d, const Location& where, const std::string& what, Findings& f) {
  check_bounds(d, where, what, f);
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
  }
  for (const auto& attribute : p.arrivals.attributes) {
    if (!attribute.categorical) check_bounds(attribute.numeric, attribute.where, "attribute '" + attribute.name + "'", f);
  }
}

}  // namespace bpm::lint_detail
