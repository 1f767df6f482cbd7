#include "discover/extraneous_delays.hpp"

#include <algorithm>
#include <cmath>

namespace bpm::discover {
namespace {

struct Busy {
  Time start = 0.0;
  Time end = 0.0;
};

/// The first time ≥ t at which the resource is in its hours and not working on anything else
/// (intervals sorted by start; `self` is the execution being looked at, which does not count).
Time first_free(Time t, Time limit, const std::vector<Busy>& busy, const Busy& self, const CalendarClock& clock) {
  for (int guard = 0; guard < 10000 && t < limit; ++guard) {
    const Time open = clock.always_open() ? t : clock.next_open(t);
    if (!std::isfinite(open)) return limit;
    t = open;
    // The latest interval starting at or before t that is still running at t.
    bool moved = false;
    auto it = std::upper_bound(busy.begin(), busy.end(), t, [](Time x, const Busy& b) { return x < b.start; });
    while (it != busy.begin()) {
      --it;
      if (it->start == self.start && it->end == self.end) continue;
      if (it->end > t) {
        t = it->end;
        moved = true;
        break;
      }
      // Intervals are sorted by start, not end: a long earlier one may still cover t.
      if (t - it->start > 30.0 * 86400.0) break;
    }
    if (!moved) return t;
  }
  return std::min(t, limit);
}

}  // namespace

std::vector<std::vector<double>> extraneous_delays(const LogStore& log, const PoolAssignment& pools,
                                                   const std::vector<CalendarClock>& clocks) {
  std::vector<std::vector<double>> delays(log.activities.size());
  std::vector<std::vector<Busy>> busy(log.resources.size());
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) {
      if (e.resource >= 0) busy[static_cast<std::size_t>(e.resource)].push_back({e.start, e.end});
    }
  }
  for (auto& b : busy) std::sort(b.begin(), b.end(), [](const Busy& x, const Busy& y) { return x.start < y.start; });
  const CalendarClock always;
  const bool recorded_enable = log.info.has_enable;
  for (const Case& c : log.cases) {
    for (std::size_t k = 0; k < c.events.size(); ++k) {
      const Event& e = c.events[k];
      double delay = 0.0;
      if (recorded_enable) {
        // From the end of the latest activity that had ended by the enablement.
        Time enabler = -INFINITY;
        for (std::size_t j = 0; j < c.events.size(); ++j) {
          if (j != k && c.events[j].end <= e.enable) enabler = std::max(enabler, c.events[j].end);
        }
        if (std::isfinite(enabler)) delay += e.enable - enabler;
      }
      if (e.start > e.enable) {
        const auto r = static_cast<std::size_t>(e.resource);
        const int pool = e.resource >= 0 && r < pools.pool_of_resource.size() ? pools.pool_of_resource[r] : -1;
        const CalendarClock& clock = pool >= 0 ? clocks[static_cast<std::size_t>(pool)] : always;
        const Time free = e.resource >= 0 ? first_free(e.enable, e.start, busy[static_cast<std::size_t>(e.resource)],
                                                       {e.start, e.end}, clock)
                                          : e.enable;
        delay += std::max(0.0, e.start - free);
      }
      delays[e.activity].push_back(std::max(0.0, delay));
    }
  }
  return delays;
}

}  // namespace bpm::discover
