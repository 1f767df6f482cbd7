#include "metrics/waiting.hpp"

#include <algorithm>
#include <array>

namespace bpm::metrics {
namespace {

/// What the case waits for at an instant where the active spans are `active`; `open(span)` says
/// whether the span's pool is open then. Returns false when some span is being worked: not idle.
template <typename Open>
bool classify(std::span<const Span* const> active, const Open& open, Cause& cause) {
  bool queue = false;
  bool closed = false;
  bool timer = false;
  for (const Span* s : active) {
    switch (s->kind) {
      case Span::Kind::Work:
        if (open(*s)) return false;
        closed = true;
        break;
      case Span::Kind::Pending: (open(*s) ? queue : closed) = true; break;
      case Span::Kind::Timer: timer = true; break;
    }
  }
  cause = queue ? Cause::Queue : closed ? Cause::Closed : timer ? Cause::Timer : Cause::Sync;
  return true;
}

}  // namespace

std::string_view cause_name(Cause cause) noexcept {
  switch (cause) {
    case Cause::Queue: return "queue";
    case Cause::Closed: return "closed";
    case Cause::Timer: return "timer";
    case Cause::Sync: return "sync";
  }
  return "";
}

WaitSplit pending_split(const CalendarClock* clock, Time from, Time to) {
  WaitSplit split;
  if (!(to > from)) return split;
  const double open = clock == nullptr ? to - from : clock->open_seconds(from, to);
  split[Cause::Queue] = open;
  split[Cause::Closed] = (to - from) - open;
  return split;
}

WaitSplit pending_split(const CalendarClock* clock, Time from, Time to, CalendarClock::Hint& hint) {
  WaitSplit split;
  if (!(to > from)) return split;
  const double open = clock == nullptr ? to - from : clock->open_seconds(from, to, hint);
  split[Cause::Queue] = open;
  split[Cause::Closed] = (to - from) - open;
  return split;
}

WaitSplit split_idle(std::span<const Span> spans, Time from, Time to, std::vector<Time>& scratch) {
  WaitSplit split;
  if (!(to > from)) return split;
  scratch.clear();
  scratch.push_back(from);
  scratch.push_back(to);
  for (const Span& s : spans) {
    if (s.from > from && s.from < to) scratch.push_back(s.from);
    if (s.to > from && s.to < to) scratch.push_back(s.to);
  }
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  // At most a handful of spans are active at once: small fixed buffers, no allocation. They are
  // left uninitialised on purpose (only the first n, m entries are ever read, after being
  // written): zeroing them for every elementary interval was a good part of this function's cost.
  constexpr std::size_t kMaxActive = 64;
  std::array<const Span*, kMaxActive> active;
  std::array<const CalendarClock*, kMaxActive> clocks;
  std::array<bool, kMaxActive> open;
  // The elementary intervals follow each other: one calendar's openings are looked up once each.
  const CalendarClock* hinted = nullptr;
  CalendarClock::Hint hint;
  for (std::size_t i = 0; i + 1 < scratch.size(); ++i) {
    const Time a = scratch[i];
    const Time b = scratch[i + 1];
    std::size_t n = 0;
    bool calendars = false;
    bool overflow = false;
    for (const Span& s : spans) {
      if (s.from <= a && s.to >= b && s.to > s.from) {
        if (n == kMaxActive) {
          overflow = true;
          break;
        }
        active[n++] = &s;
        calendars = calendars || s.clock != nullptr;
      }
    }
    if (overflow) continue;  // more parallel branches than any process has: counted as worked
    const std::span<const Span* const> now(active.data(), n);
    if (!calendars) {
      Cause cause{};
      if (classify(
              now, [](const Span&) { return true; }, cause))
        split[cause] += b - a;
      continue;
    }
    // Calendars change the picture inside [a, b]: walk their openings and closings, asking each
    // distinct calendar once per step (the branches of a case mostly share their pools' calendars).
    std::size_t m = 0;
    for (const Span* s : now) {
      if (s->clock != nullptr && std::find(clocks.begin(), clocks.begin() + static_cast<std::ptrdiff_t>(m), s->clock) ==
                                     clocks.begin() + static_cast<std::ptrdiff_t>(m)) {
        clocks[m++] = s->clock;
      }
    }
    if (m == 1) {
      // One calendar: the cause is constant over its open time and over its closed time, so two
      // classifications and one integral replace the walk through its openings (the integral
      // only when one of them is idle).
      Cause when_open{};
      Cause when_closed{};
      const bool idle_open = classify(
          now, [](const Span&) { return true; }, when_open);
      const bool idle_closed = classify(
          now, [](const Span& s) { return s.clock == nullptr; }, when_closed);
      if (!idle_open && !idle_closed) continue;
      if (clocks[0] != hinted) {
        hinted = clocks[0];
        hint = CalendarClock::Hint{};
      }
      const double open_time = hinted->open_seconds(a, b, hint);
      if (idle_open) split[when_open] += open_time;
      if (idle_closed) split[when_closed] += (b - a) - open_time;
      continue;
    }
    const auto is_open = [&](const Span& s) {
      if (s.clock == nullptr) return true;
      for (std::size_t k = 0; k < m; ++k) {
        if (clocks[k] == s.clock) return open[k];
      }
      return true;
    };
    for (Time t = a; t < b;) {
      Time next = b;
      for (std::size_t k = 0; k < m; ++k) {
        open[k] = clocks[k]->is_open(t);
        const Time change = open[k] ? clocks[k]->close_after(t) : clocks[k]->next_open(t);
        if (change > t) next = std::min(next, change);
      }
      Cause cause{};
      if (classify(now, is_open, cause)) split[cause] += next - t;
      t = next;
    }
  }
  return split;
}

}  // namespace bpm::metrics
