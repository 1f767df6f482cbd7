#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/calendar.hpp"

namespace {

using bpm::DayInterval;

constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;
constexpr double kInf = std::numeric_limits<double>::infinity();
// 2026-01-05 is a Monday: 56 years of 365 days plus 14 leap days (1972..2024) to 2026-01-01, a
// Thursday like 1970-01-01, then four more days.
constexpr std::int64_t kMonday = 20458;

// Absolute time of `hour` o'clock on the day `days` after Monday 2026-01-05.
double at(std::int64_t days, double hour) { return static_cast<double>(kMonday + days) * kDay + hour * kHour; }

bpm::Calendar business_hours(const std::vector<DayInterval>& hours = {{9 * kHour, 17 * kHour}}) {
  bpm::Calendar c;
  c.name = "office";
  for (int d = 0; d < 5; ++d) c.week[static_cast<std::size_t>(d)] = hours;
  return c;
}

std::pair<std::size_t, std::string> intervals_error(std::string_view text) {
  try {
    (void)bpm::parse_day_intervals(text);
  } catch (const bpm::SyntaxError& e) {
    return {e.offset(), e.what()};
  }
  FAIL("no SyntaxError for: " << text);
  return {};
}

std::pair<std::size_t, std::string> day_set_error(std::string_view text) {
  try {
    (void)bpm::parse_day_set(text);
  } catch (const bpm::SyntaxError& e) {
    return {e.offset(), e.what()};
  }
  FAIL("no SyntaxError for: " << text);
  return {};
}

// Open seconds in [a, b) computed the slow, obvious way, day by day, as an independent reference.
double reference_open_seconds(const bpm::Calendar& c, double a, double b) {
  double total = 0.0;
  for (auto day = static_cast<std::int64_t>(std::floor(a / kDay)); static_cast<double>(day) * kDay < b; ++day) {
    const auto exception = c.exceptions.find(day);
    const auto weekday = static_cast<std::size_t>(((day - kMonday) % 7 + 7) % 7);
    const auto& hours = exception != c.exceptions.end() ? exception->second : c.week[weekday];
    for (const DayInterval& i : hours) {
      const double from = std::max(a, static_cast<double>(day) * kDay + i.from);
      const double to = std::min(b, static_cast<double>(day) * kDay + i.to);
      if (to > from) total += to - from;
    }
  }
  return total;
}

}  // namespace

TEST_CASE("opening hours parse into sorted intervals", "[model]") {
  using V = std::vector<DayInterval>;
  CHECK(bpm::parse_day_intervals("09:00-17:00") == V{{9 * kHour, 17 * kHour}});
  CHECK(bpm::parse_day_intervals(" 09:00-12:00, 13:00-17:00 ") == V{{9 * kHour, 12 * kHour}, {13 * kHour, 17 * kHour}});
  CHECK(bpm::parse_day_intervals("13:00 - 17:00,09:00-12:00") == V{{9 * kHour, 12 * kHour}, {13 * kHour, 17 * kHour}});
  CHECK(bpm::parse_day_intervals("closed").empty());
  CHECK(bpm::parse_day_intervals("00:00-24:00") == V{{0.0, kDay}});
  CHECK(bpm::parse_day_intervals("9:00-17:30:30") == V{{9 * kHour, 17.5 * kHour + 30}});
  // Touching intervals do not overlap.
  CHECK(bpm::parse_day_intervals("09:00-12:00, 12:00-13:00").size() == 2);
}

TEST_CASE("malformed opening hours are syntax errors at the right offset", "[model]") {
  using R = std::pair<std::size_t, std::string>;
  CHECK(intervals_error("09:00-12:00, 11:00-13:00") == R{13, "interval '11:00-13:00' overlaps '09:00-12:00'"});
  CHECK(intervals_error("11:00-13:00, 09:00-12:00") == R{13, "interval '09:00-12:00' overlaps '11:00-13:00'"});
  CHECK(intervals_error("17:00-09:00") ==
        R{0, "interval '17:00-09:00' does not end after it starts (split hours past midnight across two days)"});
  CHECK(intervals_error("09:00-25:00") == R{6, "time of day '25:00' out of range (00:00 to 24:00)"});
  CHECK(intervals_error("09:60-10:00") == R{0, "time of day '09:60' out of range (00:00 to 24:00)"});
  CHECK(intervals_error("09:00-24:01") == R{6, "time of day '24:01' out of range (00:00 to 24:00)"});
  CHECK(intervals_error("09:00 17:00") == R{6, "expected '-' between opening and closing time"});
  CHECK(intervals_error("09:00-17:00;") == R{11, "expected ',' between intervals"});
  CHECK(intervals_error("9-17") == R{0, "expected a time of day such as '09:00'"});
  CHECK(intervals_error("09:00-17:0") == R{6, "expected a time of day such as '09:00'"});
  CHECK(intervals_error("  ") == R{0, "expected opening hours such as '09:00-17:00' or 'closed'"});
}

TEST_CASE("opening hours format back to their text", "[model]") {
  for (const char* text : {"09:00-17:00", "09:00-12:00, 13:00-17:00", "closed", "00:00-24:00", "08:30-17:30:15"}) {
    CHECK(bpm::format_day_intervals(bpm::parse_day_intervals(text)) == text);
  }
}

TEST_CASE("day keys parse into weekday bit sets", "[model]") {
  CHECK(bpm::parse_day_set("mon") == 0x01);
  CHECK(bpm::parse_day_set("sun") == 0x40);
  CHECK(bpm::parse_day_set("mon-fri") == 0x1F);
  CHECK(bpm::parse_day_set("fri-mon") == (0x10 | 0x20 | 0x40 | 0x01));
  CHECK(bpm::parse_day_set("sat-sat") == 0x20);
  CHECK(bpm::parse_day_set("daily") == 0x7F);
  CHECK(bpm::parse_day_set("weekdays") == 0x1F);
  CHECK(bpm::parse_day_set("weekends") == 0x60);
  CHECK(bpm::parse_day_set("Mon, wed") == 0x05);
  CHECK(bpm::parse_day_set("tuesday") == 0x02);

  using R = std::pair<std::size_t, std::string>;
  const std::string expected =
      " (expected mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, daily, "
      "weekdays or weekends)";
  CHECK(day_set_error("tues") == R{0, "unknown day 'tues'" + expected});
  CHECK(day_set_error("mon-fry") == R{4, "unknown day 'fry'" + expected});
  CHECK(day_set_error("mon, xyz") == R{5, "unknown day 'xyz'" + expected});
  CHECK(day_set_error("mon,,tue") == R{4, "expected a day such as 'mon' or 'mon-fri'"});
}

TEST_CASE("calendar summaries", "[model]") {
  const bpm::Calendar office = business_hours();
  CHECK(office.weekly_open_seconds() == 40 * kHour);
  CHECK_FALSE(office.never_open());

  bpm::Calendar closed;
  CHECK(closed.never_open());
  closed.exceptions[kMonday] = {};
  CHECK(closed.never_open());
  closed.exceptions[kMonday] = {{10 * kHour, 11 * kHour}};
  CHECK_FALSE(closed.never_open());
  CHECK(closed.weekly_open_seconds() == 0.0);
}

TEST_CASE("Mon-Fri 09-17 clock: opening, closing and boundaries", "[model]") {
  const bpm::CalendarClock clock(business_hours());
  CHECK_FALSE(clock.always_open());

  // A time exactly at `from` is open, exactly at `to` closed.
  CHECK(clock.is_open(at(0, 9)));
  CHECK(clock.is_open(at(0, 17) - 1e-3));
  CHECK_FALSE(clock.is_open(at(0, 17)));
  CHECK_FALSE(clock.is_open(at(0, 9) - 1e-3));
  CHECK_FALSE(clock.is_open(at(5, 12)));  // Saturday

  // Over the weekend to Monday 09:00.
  CHECK(clock.next_open(at(4, 17)) == at(7, 9));  // Friday 17:00
  CHECK(clock.next_open(at(5, 12)) == at(7, 9));  // Saturday noon
  CHECK(clock.next_open(at(2, 10.5)) == at(2, 10.5));
  CHECK(clock.next_open(at(2, 6)) == at(2, 9));

  CHECK(clock.close_after(at(0, 10)) == at(0, 17));
  CHECK(clock.close_after(at(0, 9)) == at(0, 17));
  CHECK(clock.close_after(at(0, 17) - 1e-3) == at(0, 17));

  // Far outside any plausible time the clock reports no opening rather than overflowing.
  CHECK(clock.next_open(1e300) == kInf);
  CHECK(clock.add_open_time(0.0, 1e300) == kInf);

  // Before 1970: 1969-12-29 was a Monday too.
  CHECK(clock.is_open(-3 * kDay + 10 * kHour));
  CHECK_FALSE(clock.is_open(-2 * kDay - 1.0));
}

TEST_CASE("Mon-Fri 09-17 clock: adding work", "[model]") {
  const bpm::CalendarClock clock(business_hours());
  // Friday 16:00 + 10h: Friday 1h, Monday 8h, Tuesday 1h -> Tuesday 10:00.
  CHECK(clock.add_open_time(at(4, 16), 10 * kHour) == at(8, 10));
  // Work that ends exactly at closing ends at closing, not at the next opening.
  CHECK(clock.add_open_time(at(0, 9), 8 * kHour) == at(0, 17));
  CHECK(clock.add_open_time(at(0, 9), 8 * kHour + 1) == at(1, 9) + 1);
  // Started while closed: the work waits for the opening.
  CHECK(clock.add_open_time(at(5, 3), 2 * kHour) == at(7, 11));
  CHECK(clock.add_open_time(at(5, 3), 0.0) == at(7, 9));
  CHECK(clock.add_open_time(at(2, 10), 0.0) == at(2, 10));

  // Ten weeks and two hours from Monday 2026-01-05 09:00 end on Monday 2026-03-16 11:00.
  CHECK(clock.add_open_time(at(0, 9), 10 * 40 * kHour + 2 * kHour) == at(70, 11));
  // Exactly 10000 weeks end on the Friday of the 10000th week at 17:00.
  CHECK(clock.add_open_time(at(0, 9), 10000 * 40 * kHour) == at(9999 * 7 + 4, 17));
}

TEST_CASE("Mon-Fri 09-17 clock: open seconds", "[model]") {
  const bpm::CalendarClock clock(business_hours());
  CHECK(clock.open_seconds(at(0, 0), at(7, 0)) == 40 * kHour);
  CHECK(clock.open_seconds(at(2, 12), at(9, 12)) == 40 * kHour);
  CHECK(clock.open_seconds(at(0, 10), at(0, 16.5)) == 6.5 * kHour);
  CHECK(clock.open_seconds(at(5, 0), at(7, 0)) == 0.0);
  CHECK(clock.open_seconds(at(0, 0), at(52 * 7, 0)) == 52 * 40 * kHour);
  CHECK(clock.open_seconds(at(3, 0), at(0, 0)) == 0.0);
  CHECK(clock.open_seconds(at(0, 0), kInf) == kInf);
}

TEST_CASE("split days: 09:00-12:00, 13:00-17:00", "[model]") {
  const bpm::Calendar c = business_hours(bpm::parse_day_intervals("09:00-12:00, 13:00-17:00"));
  const bpm::CalendarClock clock(c);
  CHECK(c.weekly_open_seconds() == 35 * kHour);
  CHECK(clock.close_after(at(0, 10)) == at(0, 12));
  CHECK_FALSE(clock.is_open(at(0, 12.5)));
  CHECK(clock.next_open(at(0, 12.5)) == at(0, 13));
  // Monday 11:00 + 3h: 11-12 and 13-15.
  CHECK(clock.add_open_time(at(0, 11), 3 * kHour) == at(0, 15));
  // Friday 16:00 + 10h: Friday 1h, Monday 7h, Tuesday 2h -> Tuesday 11:00.
  CHECK(clock.add_open_time(at(4, 16), 10 * kHour) == at(8, 11));
  CHECK(clock.open_seconds(at(0, 0), at(7, 0)) == 35 * kHour);
}

TEST_CASE("holidays and dated exceptions override the week", "[model]") {
  bpm::Calendar c = business_hours();
  c.exceptions[kMonday + 7] = {};                          // Monday 2026-01-12: holiday
  c.exceptions[kMonday + 8] = {{9 * kHour, 12 * kHour}};   // Tuesday 2026-01-13: half day
  c.exceptions[kMonday + 5] = {{10 * kHour, 14 * kHour}};  // Saturday 2026-01-10: opens
  const bpm::CalendarClock clock(c);

  CHECK(clock.next_open(at(4, 17)) == at(5, 10));
  CHECK(clock.is_open(at(5, 13)));
  CHECK_FALSE(clock.is_open(at(7, 10)));
  CHECK(clock.close_after(at(8, 10)) == at(8, 12));
  // Friday 16:00 + 10h: Friday 1h, Saturday 4h, Monday holiday, Tuesday 3h, Wednesday 2h -> 11:00.
  CHECK(clock.add_open_time(at(4, 16), 10 * kHour) == at(9, 11));
  CHECK(clock.open_seconds(at(7, 0), at(14, 0)) == 35 * kHour - 8 * kHour);
}

TEST_CASE("long work skips whole weeks but not exceptions", "[model]") {
  bpm::Calendar c = business_hours();
  c.exceptions[kMonday + 37] = {};  // Wednesday 2026-02-11
  const bpm::CalendarClock clock(c);
  // One working day lost: ten weeks and two hours now end on Tuesday 2026-03-17 11:00.
  CHECK(clock.add_open_time(at(0, 9), 10 * 40 * kHour + 2 * kHour) == at(71, 11));
  CHECK(clock.open_seconds(at(0, 0), at(52 * 7, 0)) == 52 * 40 * kHour - 8 * kHour);

  c.exceptions.clear();
  c.exceptions[kMonday + 5000 * 7 + 2] = {};  // a Wednesday in week 5000
  const bpm::CalendarClock far(c);
  // 10000 weeks minus the holiday: the last 8h spill into Monday of week 10000.
  CHECK(far.add_open_time(at(0, 9), 10000 * 40 * kHour) == at(10000 * 7, 17));
}

TEST_CASE("clocks that never open, always open, or open only on exceptions", "[model]") {
  const bpm::CalendarClock never{bpm::Calendar{}};
  CHECK_FALSE(never.always_open());
  CHECK(never.next_open(at(0, 0)) == kInf);
  CHECK(never.add_open_time(at(0, 0), 1.0) == kInf);
  CHECK(never.open_seconds(at(0, 0), at(700, 0)) == 0.0);
  CHECK_FALSE(never.is_open(at(0, 12)));

  const bpm::CalendarClock always;
  CHECK(always.always_open());
  CHECK(always.add_open_time(100.0, 50.0) == 150.0);
  CHECK(always.open_seconds(100.0, 150.0) == 50.0);
  CHECK(always.close_after(100.0) == kInf);

  bpm::Calendar all_day;
  all_day.week.fill(bpm::parse_day_intervals("00:00-24:00"));
  CHECK(bpm::CalendarClock(all_day).always_open());

  bpm::Calendar rare;
  rare.exceptions[kMonday + 100] = {{8 * kHour, 9 * kHour}};
  const bpm::CalendarClock rare_clock(rare);
  CHECK(rare_clock.next_open(at(0, 0)) == at(100, 8));
  CHECK(rare_clock.add_open_time(at(0, 0), 1800.0) == at(100, 8.5));
  CHECK(rare_clock.add_open_time(at(0, 0), 2 * kHour) == kInf);
  CHECK(rare_clock.next_open(at(100, 9)) == kInf);
  CHECK(rare_clock.open_seconds(at(0, 0), kInf) == kHour);
}

TEST_CASE("openings continue across midnight", "[model]") {
  bpm::Calendar night;
  night.week[0] = bpm::parse_day_intervals("22:00-24:00");
  night.week[1] = bpm::parse_day_intervals("00:00-06:00");
  const bpm::CalendarClock clock(night);
  CHECK(clock.close_after(at(0, 23)) == at(1, 6));
  CHECK(clock.add_open_time(at(0, 23), 3 * kHour) == at(1, 2));
  CHECK(clock.is_open(at(1, 0)));

  // Around the clock except one holiday: only the holiday closes it.
  bpm::Calendar nonstop;
  nonstop.week.fill(bpm::parse_day_intervals("00:00-24:00"));
  nonstop.exceptions[kMonday + 1] = {};
  const bpm::CalendarClock nonstop_clock(nonstop);
  CHECK_FALSE(nonstop_clock.always_open());
  CHECK(nonstop_clock.close_after(at(0, 10)) == at(1, 0));
  CHECK(nonstop_clock.close_after(at(2, 10)) == kInf);
  CHECK(nonstop_clock.next_open(at(1, 10)) == at(2, 0));
  // Monday 00:00 + 3 days: Monday, (Tuesday closed), Wednesday, Thursday -> Friday 00:00.
  CHECK(nonstop_clock.add_open_time(at(0, 0), 3 * kDay) == at(4, 0));
}

TEST_CASE("add_open_time and open_seconds agree with a day-by-day reference", "[model]") {
  bpm::Calendar c = business_hours(bpm::parse_day_intervals("08:00-12:00, 12:30-16:45"));
  c.week[5] = bpm::parse_day_intervals("10:00-13:00");
  c.exceptions[kMonday + 3] = {};
  c.exceptions[kMonday + 20] = bpm::parse_day_intervals("00:00-24:00");
  c.exceptions[kMonday + 41] = bpm::parse_day_intervals("07:15-07:45");
  const bpm::CalendarClock clock(c);
  // Fixed grid of starts and amounts of work, covering days with exceptions and multi-week spans.
  for (double start = at(-2, 5.25); start < at(45, 0); start += 37 * kHour + 1234.5) {
    CHECK(clock.open_seconds(start, start + 9 * kDay) == Approx(reference_open_seconds(c, start, start + 9 * kDay)));
    for (const double work : {0.5 * kHour, 7.75 * kHour, 60 * kHour, 400 * kHour}) {
      const double end = clock.add_open_time(start, work);
      CHECK(reference_open_seconds(c, start, end) == Approx(work));
      CHECK(clock.is_open(end - 1e-3));
    }
  }
}

TEST_CASE("a calendar that never opens again is closed at infinity, not open", "[model]") {
  // One dated exception and nothing else: once it is over, work that reaches the end of the last
  // opening ends at infinity, where the engine once found the clock "open" and close_after looped.
  bpm::Calendar c;
  c.exceptions[kMonday] = {{9 * kHour, 17 * kHour}};
  const bpm::CalendarClock clock(c);
  CHECK(clock.close_after(at(0, 10)) == at(0, 17));
  CHECK(clock.add_open_time(at(0, 16), 2 * kHour) == kInf);
  CHECK_FALSE(clock.is_open(kInf));
  CHECK(clock.close_after(kInf) == kInf);
  CHECK(clock.next_open(at(1, 0)) == kInf);
  // An opening of one second.
  c.exceptions[kMonday] = {{9 * kHour, 9 * kHour + 1}};
  const bpm::CalendarClock second(c);
  CHECK(second.close_after(at(0, 9)) == at(0, 9) + 1);
  CHECK(second.add_open_time(at(0, 9), 2.0) == kInf);
}

TEST_CASE("open_seconds with a hint gives exactly what it gives without one", "[model]") {
  bpm::Calendar c = business_hours(bpm::parse_day_intervals("08:00-12:00, 12:30-16:45"));
  c.week[5] = bpm::parse_day_intervals("10:00-13:00");
  c.week[6] = bpm::parse_day_intervals("22:00-24:00");  // continues into Monday's 00:00-... below
  c.week[0] = bpm::parse_day_intervals("00:00-02:00, 08:00-12:00, 12:30-16:45");
  c.exceptions[kMonday + 3] = {};
  c.exceptions[kMonday + 20] = bpm::parse_day_intervals("00:00-24:00");
  const bpm::CalendarClock clock(c);
  bpm::CalendarClock::Hint hint;
  // Intervals that follow each other, overlap, go back in time, start on a boundary, stay
  // inside one opening or one closed stretch, or span several days and weeks.
  double a = at(-1, 23.5);
  std::size_t k = 0;
  for (int i = 0; i < 3000; ++i) {
    const double lengths[] = {60.0, 0.37 * kHour, 4 * kHour, 0.0, 26 * kHour, 15 * kDay, 3 * kDay};
    const double b = a + lengths[k++ % 7];
    INFO("a = " << a << ", b = " << b);
    CHECK(clock.open_seconds(a, b, hint) == clock.open_seconds(a, b));  // exactly, not Approx
    // Mostly forwards, sometimes back, sometimes onto an opening's edge.
    a = i % 11 == 0 ? a - 5 * kHour : i % 13 == 0 ? at(static_cast<std::int64_t>(i % 40), 12.5) : b - 0.25 * kHour;
  }
  bpm::CalendarClock::Hint fresh;
  CHECK(bpm::CalendarClock().open_seconds(at(0, 1), at(0, 2), fresh) == 3600.0);  // always open
}
