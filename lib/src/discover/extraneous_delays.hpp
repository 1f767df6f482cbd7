#pragma once
// Extraneous delays: waiting before an activity that is neither queueing for a busy resource nor
// time outside its working hours — a customer who answers later, a batch that runs hourly, a
// timer in the real process. Two sources, added up per execution:
// - when the log records enable times, the time from the end of the activity that enabled it to
//   its recorded enablement;
// - the time from when its resource was both free and in its working hours, after enablement, to
//   the start (Chapela-Campa and Dumas's "naive" estimate).
// In the model such a delay is a timer wait before the activity, not written to the event log.
#include <vector>

#include "bpm/model/calendar.hpp"
#include "discover/log_store.hpp"
#include "discover/resource_pools.hpp"

namespace bpm::discover {

/// Per activity: the extraneous delay of each of its executions (seconds, ≥ 0). `clocks` holds the
/// working hours of each pool of `pools` (always open when it has none).
[[nodiscard]] std::vector<std::vector<double>> extraneous_delays(const LogStore& log, const PoolAssignment& pools,
                                                                 const std::vector<CalendarClock>& clocks);

}  // namespace bpm::discover
