// Working hours, clock eras and holidays from activity times.
#include <catch2/catch.hpp>

#include "discover/calendar_discovery.hpp"

using namespace bpm;
using namespace bpm::discover;

namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;
// 2026-01-05, a Monday.
const std::int64_t kMonday = days_from_civil(2026, 1, 5);

/// Events every 10 minutes from `from` to `to` hours on weekdays for `weeks` weeks; from week
/// `shift_week` on, an hour later; none on `holiday` (a day number) .
std::vector<Time> office(int weeks, int shift_week = 1000, std::int64_t holiday = -1) {
  std::vector<Time> t;
  for (int w = 0; w < weeks; ++w) {
    for (int d = 0; d < 5; ++d) {
      const std::int64_t day = kMonday + 7 * w + d;
      if (day == holiday) continue;
      const double shift = w >= shift_week ? kHour : 0.0;
      for (double h = 9.0 * kHour; h < 17.0 * kHour; h += 600.0)
        t.push_back(static_cast<double>(day) * kDay + h + shift);
    }
  }
  return t;
}

}  // namespace

TEST_CASE("calendar: office hours on weekdays", "[discover]") {
  const std::vector<Time> t = office(6);
  const DiscoveredCalendar c = discover_calendar(t, "office", date_context(t));
  REQUIRE_FALSE(c.always_open);
  for (int d = 0; d < 5; ++d)
    CHECK(c.calendar.week[static_cast<std::size_t>(d)] == std::vector<DayInterval>{{9 * kHour, 17 * kHour}});
  CHECK(c.calendar.week[5].empty());
  CHECK(c.calendar.week[6].empty());
  CHECK(c.calendar.exceptions.empty());
}

TEST_CASE("calendar: a daylight-saving shift becomes dated exceptions", "[discover]") {
  const std::vector<Time> t = office(10, 6);  // weeks 6-9 an hour later
  const DateContext dates = date_context(t);
  REQUIRE(dates.shifted.size() == 1);
  CHECK(dates.shift == kHour);
  CHECK(dates.shifted.front().second == kMonday + 7 * 9 + 4);
  const DiscoveredCalendar c = discover_calendar(t, "office", dates);
  CHECK(c.calendar.week[0] == std::vector<DayInterval>{{9 * kHour, 17 * kHour}});
  const std::int64_t shifted_day = kMonday + 7 * 7 + 2;
  REQUIRE(c.calendar.exceptions.count(shifted_day) == 1);
  CHECK(c.calendar.exceptions.at(shifted_day) == std::vector<DayInterval>{{10 * kHour, 18 * kHour}});
}

TEST_CASE("calendar: a weekday without activity is a holiday", "[discover]") {
  const std::int64_t holiday = kMonday + 7 * 2 + 3;
  const std::vector<Time> t = office(6, 1000, holiday);
  const DateContext dates = date_context(t);
  CHECK(dates.holidays == std::set<std::int64_t>{holiday});
  const DiscoveredCalendar c = discover_calendar(t, "office", dates);
  REQUIRE(c.calendar.exceptions.count(holiday) == 1);
  CHECK(c.calendar.exceptions.at(holiday).empty());
}

TEST_CASE("calendar: arrivals open one gap before the first", "[discover]") {
  std::vector<Time> arrivals;
  for (int d = 0; d < 20; ++d) {
    const std::int64_t day = kMonday + (d / 5) * 7 + d % 5;
    for (double h = 8.0 * kHour; h <= 16.0 * kHour; h += 1800.0)
      arrivals.push_back(static_cast<double>(day) * kDay + h);
  }
  const DiscoveredCalendar c = discover_arrival_calendar(arrivals, "arrivals", date_context(arrivals));
  CHECK(c.calendar.week[0] == std::vector<DayInterval>{{7.5 * kHour, 16 * kHour}});
}
