#pragma once
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/compare.hpp"

namespace bpm {

/// A step or a resource pool with its part of the queueing time of the process.
struct BPM_API WaitShare {
  std::string id;
  double waiting_total = 0.0;  // seconds of queueing per replication (executions × mean wait)
  double share = 0.0;          // of the waiting time of every step with a resource
  double utilisation = 0.0;    // pools only (NaN for steps)
};

/// A what-if applied to the baseline (e.g. "resources.ae.count=+1") and its measured effect.
struct BPM_API Intervention {
  std::string change;
  std::vector<MetricDelta> deltas;
};

struct BPM_API BottleneckReport {
  Comparison run;                           // process, replications, seed, confidence (variants unused)
  std::vector<WaitShare> resources;         // highest share first
  std::vector<WaitShare> steps;             // highest share first
  std::vector<Intervention> interventions;  // +1 server per pool, then 10 % faster per task
};

/// Ranks pools and steps by their share of waiting time in the baseline, then measures by
/// simulation (common random numbers, paired confidence intervals) what one more server per pool
/// and a 10 % shorter duration per task do to `options.metrics` (default: the objective KPIs the
/// simulator measures and cycle_time.mean).
[[nodiscard]] BPM_API BottleneckReport find_bottlenecks(const Process& process, const CompareOptions& options);

}  // namespace bpm
