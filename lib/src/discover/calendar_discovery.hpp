#pragma once
// Weekly working hours discovered from when things happen: the starts and ends of a pool's work,
// or the arrivals of cases. Times are read as the log gives them (UTC when it carries zones), so
// a log kept in UTC by people who work by a daylight-saving clock shows its working day shifted by
// an hour for part of the year: the log's dates are split into clock eras, and the dates of the
// minority era become dated exceptions of the calendars. Dates without any activity on a weekday
// that is always busy are holidays.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/calendar.hpp"

namespace bpm::discover {

struct CalendarSettings {
  double slot_minutes = 15.0;  // resolution of working hours
  /// A weekday is open when it has activity on at least this share of the dates of the busiest
  /// weekday (occasional weekend work does not open the weekend).
  double day_share = 0.25;
  /// Within a day, hours outside the central (1 − 2·trim) of that day's activity are closed.
  double trim = 0.005;
  /// A slot inside the day's hours with no activity at all while the day averages at least this
  /// many events per slot is a break (lunch), closed.
  double break_density = 6.0;
};

/// What the whole log says about its dates.
struct DateContext {
  std::int64_t first_day = 0;
  std::int64_t last_day = -1;
  /// Days whose working day is shifted by `shift` seconds against the main era (later in the
  /// log's time when positive), as inclusive day ranges.
  std::vector<std::pair<std::int64_t, std::int64_t>> shifted;
  double shift = 0.0;
  std::set<std::int64_t> holidays;
  [[nodiscard]] bool is_shifted(std::int64_t day) const;
  [[nodiscard]] std::string summary() const;
};

/// Eras and holidays from every start and end of the log.
[[nodiscard]] DateContext date_context(const std::vector<Time>& instants);

struct DiscoveredCalendar {
  Calendar calendar;
  bool always_open = false;  // activity around the clock: no calendar needed
  std::string summary;       // "Mon-Fri 07:00-16:00 from 2,345 events on 63 dates"
};

/// The working hours of `instants` (absolute seconds). Few instants (< 20) give always_open.
[[nodiscard]] DiscoveredCalendar discover_calendar(const std::vector<Time>& instants, const std::string& name,
                                                   const DateContext& dates, const CalendarSettings& settings = {});

/// The hours in which the arrival clock runs, from the arrival instants: a day opens one typical
/// gap before its first arrival (the clock must run a gap's worth before the first case), and
/// closes at the last arrival for regular arrivals, up to one gap later for irregular (Poisson)
/// ones. Minute resolution.
[[nodiscard]] DiscoveredCalendar discover_arrival_calendar(const std::vector<Time>& arrivals, const std::string& name,
                                                           const DateContext& dates,
                                                           const CalendarSettings& settings = {});

}  // namespace bpm::discover
