#include "metrics/waiting.hpp"

#include <algorithm>
#include <limits>

namespace bpm::metrics {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool open_at(const CalendarClock* clock, Time t) { return clock == nullptr || clock->is_open(t); }

/// The next time after t at which `clock` opens or closes (+inf for none).
Time next_change(const CalendarClock* clock, Time t) {
  if (clock == nullptr) return kInf;
  if (clock->is_open(t)) return clock->close_after(t);
  const Time opens = clock->next_open(t);
  return opens > t ? opens : kInf;
}

/// What the case waits for at an instant where the active spans are `active` (true: open pool).
/// Returns false when some span is being worked: not idle.
bool classify(std::span<const Span* const> active, Time t, Cause& cause) {
  bool queue = false;
  bool closed = false;
  bool timer = false;
  for (const Span* s : active) {
    switch (s->kind) {
      case Span::Kind::Work:
        if (open_at(s->clock, t)) return false;
        closed = true;
        break;
      case Span::Kind::Pending: (open_at(s->clock, t) ? queue : closed) = true; break;
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
  // At most a handful of spans are active at once: a small fixed buffer, no allocation.
  constexpr std::size_t kMaxActive = 64;
  std::array<const Span*, kMaxActive> active{};
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
      if (classify(now, a, cause)) split[cause] += b - a;
      continue;
    }
    // Calendars change the picture inside [a, b]: walk their openings and closings.
    for (Time t = a; t < b;) {
      Time next = b;
      for (const Span* s : now) next = std::min(next, next_change(s->clock, t));
      if (!(next > t)) next = b;  // a calendar that never changes again
      Cause cause{};
      if (classify(now, t, cause)) split[cause] += next - t;
      t = next;
    }
  }
  return split;
}

}  // namespace bpm::metrics
