#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"

namespace bpm {

/// An opening interval within one day, in seconds from midnight: [from, to), to <= 86400.
struct BPM_API DayInterval {
  double from = 0.0;
  double to = 0.0;
  friend bool operator==(const DayInterval&, const DayInterval&) = default;
};

/// Weekly working hours plus dated exceptions, e.g. `{ mon-fri: "09:00-12:00, 13:00-17:00",
/// holidays: [2026-12-25], exceptions: { 2026-12-24: "09:00-12:00" } }`.
/// Times are naive local time (no time zone, no daylight saving).
struct BPM_API Calendar {
  std::string name;
  std::array<std::vector<DayInterval>, 7> week;                 // 0 = Monday
  std::map<std::int64_t, std::vector<DayInterval>> exceptions;  // day number -> hours that day (empty = closed)
  // Holidays are stored as exceptions with no hours.

  /// True when no day has any opening hours and no exception opens one.
  [[nodiscard]] bool never_open() const;
  /// Open hours in one average week (seconds), ignoring exceptions.
  [[nodiscard]] double weekly_open_seconds() const;
  friend bool operator==(const Calendar&, const Calendar&) = default;
};

/// The hours both calendars are open, as a calendar of its own (weekly hours and every date either
/// one makes an exception of).
[[nodiscard]] BPM_API Calendar intersect_calendars(const Calendar& a, const Calendar& b);

/// True when `inner` is open only where `outer` is open too: in the weekly hours, and on the dates
/// `inner` makes an exception of. A date only `outer` makes an exception of is not compared.
[[nodiscard]] BPM_API bool calendar_within(const Calendar& inner, const Calendar& outer);

/// Parses "09:00-17:00" or "09:00-12:00, 13:00-17:00" (or "closed", or "00:00-24:00") into sorted,
/// non-overlapping intervals. Throws SyntaxError (offset into text).
[[nodiscard]] BPM_API std::vector<DayInterval> parse_day_intervals(std::string_view text);

/// Parses a day key: "mon" ... "sun", ranges "mon-fri" (wrapping "fri-mon" allowed), "daily",
/// "weekdays", "weekends". Returns a bit set, bit 0 = Monday. Throws SyntaxError.
[[nodiscard]] BPM_API std::uint8_t parse_day_set(std::string_view key);

/// "09:00-17:00" style text for intervals ("closed" when empty).
[[nodiscard]] BPM_API std::string format_day_intervals(const std::vector<DayInterval>& intervals);

/// The fast form of a calendar used by the simulator: answers "when is it next open" and "when does
/// w seconds of work started at t end" in O(log n) after a one-off expansion. Absolute times.
class BPM_API CalendarClock {
 public:
  /// An always-open clock.
  CalendarClock() = default;
  explicit CalendarClock(const Calendar& calendar);

  [[nodiscard]] bool always_open() const noexcept { return always_open_; }
  /// True when t lies inside an opening interval.
  [[nodiscard]] bool is_open(Time t) const;
  /// Earliest time >= t at which the calendar is open; +infinity if it never opens again.
  [[nodiscard]] Time next_open(Time t) const;
  /// End of the opening interval containing t (t must be open).
  [[nodiscard]] Time close_after(Time t) const;
  /// The time at which `work` seconds of open time, counted from t, have elapsed: work pauses
  /// while closed and resumes at the next opening. work = 0 returns next_open(t).
  [[nodiscard]] Time add_open_time(Time t, double work) const;
  /// Open seconds within [a, b).
  [[nodiscard]] double open_seconds(Time a, Time b) const;

  /// The opening interval an open_seconds(a, b, hint) last looked up: `from` and `to` of the
  /// first opening not over at `asked` (none while `asked` is NaN).
  struct Hint {
    Time asked = std::numeric_limits<double>::quiet_NaN();
    Time from = 0.0;
    Time to = 0.0;
  };
  /// open_seconds(a, b), to the last bit, for a caller that asks about nearby times one after the
  /// other (the waits at one pool, the stretches of one case): an interval inside the opening
  /// `hint` holds, or before it, needs no calendar look-up. `hint` is this clock's alone.
  [[nodiscard]] double open_seconds(Time a, Time b, Hint& hint) const;

 private:
  bool always_open_ = true;
  // Implementation detail: open intervals are generated lazily per day from the calendar.
  std::array<std::vector<DayInterval>, 7> week_;
  std::map<std::int64_t, std::vector<DayInterval>> exceptions_;
  double weekly_open_ = 0.0;
};

}  // namespace bpm
