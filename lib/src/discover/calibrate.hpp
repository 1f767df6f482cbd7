#pragma once
// Calibration of an existing process from a log (`bpm-design discover --process FILE`): the
// model's structure — steps, gateways and their conditions, resources and their calendars, waits —
// is kept, and only its numbers are re-estimated from the log: task durations (on working time),
// the probabilities of `p` branches of exclusive gateways, rework probabilities, pool sizes and
// the inter-arrival distribution. A task is matched to the log activity of its id or its display
// name; anything without a match keeps its numbers, and the comments say so.
#include <string>
#include <vector>

#include "bpm/model/process.hpp"
#include "discover/annotate.hpp"
#include "discover/log_store.hpp"

namespace bpm::discover {

/// Re-estimates the numbers of `process` from `log`. `assumptions` receives what could not be
/// calibrated (unmatched activities and tasks, gateways whose routing the log does not show).
void calibrate(Process& process, const LogStore& log, Annotations& notes, std::vector<std::string>& assumptions);

}  // namespace bpm::discover
