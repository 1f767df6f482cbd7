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
  for (const ArrivalStream& s : p.arrivals.all_streams()) {
    const std::string what = s.id.empty() ? std::string("arrivals") : fmt::format("arrival stream '{}'", s.id);
    if (!s.rate) {
      const Distribution& every = s.every;
      check_duration(every, s.where, what + " every", f);
      if (every.support_max() <= 0.0 || !(every.mean() > 0.0)) {
        f.report("invalid-distribution", s.where,
                 fmt::format("{} every {} has mean 0: cases would arrive infinitely fast", what, describe(every)));
      } else if (every.mean() < kTimeResolution) {
        // Below it, arrivals pile up at one instant: the clock (seconds since 1970 in a double) stops.
        f.report("invalid-distribution", s.where,
                 fmt::format("{} every {} has mean {}, below the time resolution of 1ms", what, describe(every),
                             format_duration(every.mean())));
      }
    } else if (const Calendar* calendar = s.calendar.empty() ? nullptr : p.find_calendar(s.calendar)) {
      bool overlap = false;
      for (std::size_t day = 0; day < 7 && !overlap; ++day) {
        for (const RatePiece& piece : s.rate->week[day]) {
          for (const DayInterval& open : calendar->week[day])
            overlap = overlap || (piece.from < open.to && open.from < piece.to);
        }
      }
      if (!overlap) {
        f.report(
            "invalid-distribution", s.where,
            fmt::format("{}: the rates are 0 whenever calendar '{}' is open, so no case arrives", what, s.calendar));
      }
    }
    if (s.size && s.size->support_max() < 0.5) {
      f.report("invalid-distribution", s.where,
               fmt::format("{} size {} is never 1 or more: no case would arrive", what, describe(*s.size)));
    }
  }
}

}  // namespace bpm::lint_detail
