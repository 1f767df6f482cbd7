#pragma once
// Named members of the discovered pools: which resources of a log are people (or machines) that do
// one thing at a time, and how much faster or slower each works than the others on the same tasks.
#include <cstddef>
#include <vector>

#include "discover/log_store.hpp"

namespace bpm::discover {

/// Per resource of the log: whether it is a shared label rather than one server — its executions
/// overlap one another in more than 1% of them (a role or team name in the resource column, as in
/// logs of simulators without named staff).
[[nodiscard]] std::vector<char> shared_resources(const LogStore& log);

struct SpeedEstimate {
  double speed = 1.0;        // durations of its work are the task's divided by this
  std::size_t compared = 0;  // executions compared with their task's median (ties left out)
  std::size_t slower = 0;    // of which longer than the median
  double p_value = 1.0;      // sign test of "as fast as the others"
  bool significant = false;  // p below alpha / (resources tested): speed set, else 1
};

/// Per resource of the log, its speed on the tasks it shares with other resources: each of its
/// executions is compared with the median duration of its activity (activities done by at least
/// two resources); a sign test (under equal speed, longer and shorter than the median are equally
/// likely) decides, at `alpha` with a Bonferroni correction over the resources tested, and the
/// speed is exp(−median of log(duration ÷ activity median)). `durations[c][k]`: working-time
/// duration of event k of case c.
[[nodiscard]] std::vector<SpeedEstimate> member_speeds(const LogStore& log,
                                                       const std::vector<std::vector<double>>& durations,
                                                       double alpha = 0.01);

}  // namespace bpm::discover
