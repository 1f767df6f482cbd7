#pragma once
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/compare.hpp"

namespace bpm {

/// A step or a resource pool with its part of the waiting of the process, per replication
/// (executions × mean wait), split by cause (share/doc/metrics.md): only `queue` is waiting for
/// a server that another server would shorten.
struct BPM_API WaitShare {
  std::string id;
  double waiting_total = 0.0;  // seconds: queue + closed + timer
  double queue_total = 0.0;    // seconds waiting for the pool while it was open
  double closed_total = 0.0;   // seconds waiting for the pool while it was outside its calendar hours
  double timer_total = 0.0;    // seconds in a timer wait (wait steps)
  /// Steps: of the waiting_total of every step. Pools: of the queue_total of every pool, the
  /// ranking by what more servers can shorten.
  double share = 0.0;
  double utilisation = 0.0;  // pools only (NaN for steps)
};

/// Where a completed case's waiting time goes, per cause, in seconds per case.
struct BPM_API WaitCause {
  std::string cause;  // "queue", "closed", "timer", "sync"
  double mean = 0.0;
  double share = 0.0;  // of waiting_time.mean
};

/// A what-if applied to the baseline (e.g. "resources.ae.count=+1") and its measured effect.
struct BPM_API Intervention {
  std::string change;
  std::vector<MetricDelta> deltas;
};

struct BPM_API BottleneckReport {
  Comparison run;                           // process, replications, seed, confidence (variants unused)
  std::vector<WaitCause> causes;            // queue, closed, timer, sync
  std::vector<WaitShare> resources;         // highest queue share first
  std::vector<WaitShare> steps;             // highest waiting share first: tasks and timer waits
  std::vector<Intervention> interventions;  // +1 server per pool, then 10 % faster per task
};

/// Splits the baseline's waiting time by cause, ranks pools by their share of queueing and steps
/// by their share of waiting time in the baseline, then measures by
/// simulation (common random numbers, paired confidence intervals) what one more server per pool
/// and a 10 % shorter duration per task do to `options.metrics` (default: the objective KPIs the
/// simulator measures and cycle_time.mean).
[[nodiscard]] BPM_API BottleneckReport find_bottlenecks(const Process& process, const CompareOptions& options);

}  // namespace bpm
