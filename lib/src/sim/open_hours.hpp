#pragma once
#include <limits>

#include "bpm/model/calendar.hpp"

namespace bpm::sim {

/// A CalendarClock with the opening it last saw remembered. Nearly every question the engine asks
/// ("is the pool open now?", "when does this work end?") falls inside the same opening as the
/// previous one, and then it is answered with a comparison instead of a calendar lookup; the
/// lookups were a sixth of the lead-to-cash benchmark. Answers are those of the clock, except that
/// work inside one opening ends at start + work even where the clock would add the parts before
/// and after a midnight inside the opening (a difference in the last bit, for round-the-clock
/// calendars only).
class OpenHours {
 public:
  explicit OpenHours(const CalendarClock& clock) noexcept : clock_(&clock), always_(clock.always_open()) {}

  [[nodiscard]] bool always_open() const noexcept { return always_; }

  [[nodiscard]] bool is_open(Time t) {
    if (always_ || (t >= from_ && t < to_)) return true;
    if (t >= closed_from_ && t < closed_to_) return false;
    if (!clock_->is_open(t)) {
      // Remember the closed spell too: work keeps arriving at a closed pool (overnight, at weekends).
      closed_from_ = t;
      closed_to_ = clock_->next_open(t);
      return false;
    }
    remember(t);
    return true;
  }

  /// The time at which `work` seconds of open time from t have elapsed (CalendarClock::add_open_time).
  [[nodiscard, gnu::always_inline]] Time add_open_time(Time t, double work) {
    if (always_) return t + work;
    if (t >= from_ && t < to_) {
      // Work running past the closing of the opening already known: asking the clock about t
      // again would only find that same opening.
      return t + work <= to_ ? t + work : clock_->add_open_time(t, work);
    }
    if (clock_->is_open(t)) {
      remember(t);
      if (t + work <= to_) return t + work;
    }
    return clock_->add_open_time(t, work);
  }

  [[nodiscard]] const CalendarClock& clock() const noexcept { return *clock_; }

 private:
  void remember(Time t) {
    from_ = t;
    to_ = clock_->close_after(t);
  }

  const CalendarClock* clock_;
  bool always_;
  Time from_ = std::numeric_limits<double>::infinity();  // the opening [from, to) last seen
  Time to_ = -std::numeric_limits<double>::infinity();
  Time closed_from_ = std::numeric_limits<double>::infinity();  // the closed spell [from, to) last seen
  Time closed_to_ = -std::numeric_limits<double>::infinity();
};

}  // namespace bpm::sim
