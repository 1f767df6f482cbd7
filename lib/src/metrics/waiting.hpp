#pragma once
// Where a case's waiting comes from, computed the same way by the simulator (sim/engine.cpp) and
// by bpm-kpi on an event log (kpi/accumulator.cpp), so that `waiting_time.*` means one thing.
//
// A case's waiting time is the time it was not being worked on: its cycle time minus the union
// of its work (each execution's [start, end] less the closed hours of its pool's calendar), so it
// never exceeds the cycle time, however many branches run in parallel. Each idle instant goes to
// exactly one cause, the first that holds:
//   queue  — some execution waits for a pool that is open (contention for resources);
//   closed — some execution waits for, or is paused by, a pool outside its calendar hours;
//   timer  — some branch is in a timer wait (a `wait:` step);
//   sync   — nothing of the above: branches wait at a join, or the log shows a gap.
// A new kind of wait (abandonment, batching, ...) is a new Cause, a Span kind that marks it, and
// a place in that order in classify() (waiting.cpp); the registry names it waiting_time.<cause>.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/calendar.hpp"

namespace bpm::metrics {

enum class Cause : std::uint8_t { Queue, Closed, Timer, Sync };
inline constexpr std::size_t kCauses = 4;

/// "queue", "closed", "timer", "sync": the metric names' suffix (waiting_time.queue.mean).
[[nodiscard]] std::string_view cause_name(Cause cause) noexcept;

/// Seconds per cause.
struct WaitSplit {
  std::array<double, kCauses> seconds{};

  double& operator[](Cause c) noexcept { return seconds[static_cast<std::size_t>(c)]; }
  double operator[](Cause c) const noexcept { return seconds[static_cast<std::size_t>(c)]; }
  [[nodiscard]] double total() const noexcept { return seconds[0] + seconds[1] + seconds[2] + seconds[3]; }
  WaitSplit& operator+=(const WaitSplit& o) noexcept {
    for (std::size_t i = 0; i < kCauses; ++i) seconds[i] += o.seconds[i];
    return *this;
  }
};

/// One stretch of an execution: waiting for its pool (Pending), being worked (Work: [from, to]
/// less the pool's closed hours), or a timer wait. `clock` is the pool's calendar; nullptr for
/// no pool or a pool that is always open.
struct Span {
  enum class Kind : std::uint8_t { Work, Pending, Timer };
  Kind kind = Kind::Work;
  Time from = 0.0;
  Time to = 0.0;
  const CalendarClock* clock = nullptr;
};

/// A wait for a pool split into the time it was open (queue) and closed (closed).
[[nodiscard]] WaitSplit pending_split(const CalendarClock* clock, Time from, Time to);
/// The same, faster for successive waits at one pool (CalendarClock::open_seconds with a hint).
[[nodiscard]] WaitSplit pending_split(const CalendarClock* clock, Time from, Time to, CalendarClock::Hint& hint);

/// Splits the idle time of [from, to] by cause, given every span of the case that overlaps it
/// (spans are clipped to it). `scratch` is reused between calls: no allocation once it has grown.
/// Exact for any overlap of branches and calendars.
[[nodiscard]] WaitSplit split_idle(std::span<const Span> spans, Time from, Time to, std::vector<Time>& scratch);

}  // namespace bpm::metrics
