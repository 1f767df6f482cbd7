// The streams of cases of a process and how many cases they bring.
#include <algorithm>
#include <cmath>
#include <limits>

#include "bpm/model/process.hpp"

namespace bpm {

std::vector<ArrivalStream> Arrivals::all_streams() const {
  if (!streams.empty()) return streams;
  ArrivalStream single;
  single.every = every;
  single.rate = rate;
  single.size = size;
  single.calendar = calendar;
  single.where = where;
  return {single};
}

namespace {

/// Arrivals a week of a rate profile where a calendar (if any) is open: the rate integrated over
/// the week's open hours (dated exceptions ignored, as for capacity).
double weekly_rate_arrivals(const RateProfile& rate, const Calendar* calendar) {
  if (calendar == nullptr) return rate.weekly_arrivals();
  double total = 0.0;
  for (std::size_t day = 0; day < 7; ++day) {
    for (const RatePiece& piece : rate.week[day]) {
      for (const DayInterval& open : calendar->week[day]) {
        const double from = std::max(piece.from, open.from);
        const double to = std::min(piece.to, open.to);
        if (to > from) total += (to - from) / 3600.0 * piece.rate;
      }
    }
  }
  return total;
}

}  // namespace

double Process::arrivals_per_week(const ArrivalStream& s) const {
  const Calendar* calendar = s.calendar.empty() ? nullptr : find_calendar(s.calendar);
  double per_week = 0.0;
  if (s.rate) {
    per_week = weekly_rate_arrivals(*s.rate, calendar);
  } else {
    const double open_seconds = calendar != nullptr ? calendar->weekly_open_seconds() : 7 * 86400.0;
    const double mean = s.every.mean();
    per_week = mean > 0.0 ? open_seconds / mean : std::numeric_limits<double>::infinity();
  }
  return per_week * (s.size ? std::max(0.0, s.size->mean()) : 1.0);
}

double Process::arrivals_per_week() const {
  double total = 0.0;
  for (const ArrivalStream& s : arrivals.all_streams()) total += arrivals_per_week(s);
  return total;
}

}  // namespace bpm
