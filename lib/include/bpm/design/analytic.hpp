#pragma once
// The analytic model (`bpm-design analyze`): what a process does on average and how its pools
// queue, without simulating. Routing as an absorbing Markov chain (bpm/model/routing_analysis.hpp)
// gives expected visits and outcome probabilities; each pool is then a c-server queue during its
// open hours: Erlang C where arrivals are Poisson and service exponential (exact for a single
// always-open pool), Allen–Cunneen's correction for other service and arrival variability. A
// pool whose queue has no such closed form says so instead of giving a number.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/report/document.hpp"

namespace bpm {

/// Erlang's C formula: the probability that an arrival waits in an M/M/c queue with c servers
/// and offered load a = λ/μ. 1 when a >= c (the queue is unstable).
[[nodiscard]] BPM_API double erlang_c(int servers, double offered_load);

/// Which formula estimates a pool's wait.
enum class QueueApproximation : std::uint8_t {
  ErlangC,       // M/M/c: Poisson arrivals, exponential service; exact
  AllenCunneen,  // M/G/c or G/G/c: Erlang C scaled by (ca² + cs²) / 2
};

/// A c-server queue: arrival rate λ and mean service time 1/μ (any time unit, the same for both),
/// and the squared coefficients of variation (variance / mean²) of the inter-arrival and service
/// times. With both at 1 it is the M/M/c queue and the wait is Erlang C's, exactly; otherwise
/// Allen–Cunneen's approximation Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2, which is exact for M/G/1
/// (Pollaczek–Khinchine) and good to a few percent for M/G/c at moderate to high load.
struct BPM_API MmcQueue {
  int servers = 1;
  double arrival_rate = 0.0;
  double mean_service = 0.0;
  double arrival_scv = 1.0;
  double service_scv = 1.0;

  /// Offered load in Erlangs: λ / μ, the servers the work keeps busy; ÷ servers = utilisation.
  [[nodiscard]] double offered_load() const noexcept { return arrival_rate * mean_service; }
  [[nodiscard]] double utilisation() const noexcept;
  [[nodiscard]] bool stable() const noexcept { return utilisation() < 1.0; }
  [[nodiscard]] QueueApproximation approximation() const noexcept;
  /// Probability of waiting (Erlang C; also the Allen–Cunneen approximation's).
  [[nodiscard]] double wait_probability() const;
  /// Mean wait in the queue: C / (cμ − λ), times (ca² + cs²) / 2 unless both are 1; +infinity
  /// when unstable.
  [[nodiscard]] double mean_wait() const;
  /// Mean number waiting Lq = λ Wq.
  [[nodiscard]] double mean_queue() const;
};

/// "M/M/c (Erlang C)", "M/G/c (Allen-Cunneen)" or "G/G/c (Allen-Cunneen)".
[[nodiscard]] BPM_API std::string approximation_name(const MmcQueue& queue);

struct BPM_API StepEstimate {
  std::string step;
  double visits = 0.0;  // expected visits per case
  /// Seconds of processing per case (tasks): what the case's processing time adds up to, so all of
  /// a multi-instance visit's instances and a batch's whole work (the case waits for all of it).
  double work = 0.0;
  /// Fixed cost plus resource time x cost per hour, per case: a batch's cost is shared by its
  /// cases. NaN when it has no closed form (a batch closed by a timeout).
  double cost = 0.0;
  double delay = 0.0;  // seconds of timer wait per case (waits)
  /// Expected waiting per case before the work starts: collecting a batch plus the pool's queue
  /// (M/M/c or Allen-Cunneen). NaN when it has no closed form.
  double queue_wait = 0.0;
};

struct BPM_API PoolEstimate {
  PoolLoad load;   // offered load against capacity over the week
  MmcQueue queue;  // during open hours: λ per open second, mean service in seconds
  double executions_per_case = 0.0;
  /// Why the pool's wait has no closed form here (a construct the queue formulas do not cover);
  /// empty when `queue` estimates it. Load and utilisation stay meaningful either way.
  std::string no_closed_form;
  /// Executions per case NaN: some of its work has no estimate (an instance count that reads an
  /// attribute a step sets), but it is used.
  [[nodiscard]] bool used() const noexcept { return executions_per_case > 0.0 || std::isnan(executions_per_case); }
  [[nodiscard]] bool estimated() const noexcept { return used() && no_closed_form.empty(); }
};

struct BPM_API AnalyticModel {
  RoutingAnalysis routing;
  LoadAnalysis load;
  std::vector<StepEstimate> steps;  // every step, file order
  std::vector<PoolEstimate> pools;  // per resource, file order
  double work_per_case = 0.0;
  double cost_per_case = 0.0;
  double timer_delay_per_case = 0.0;
  double queue_wait_per_case = 0.0;  // +infinity when a visited pool is unstable; NaN when a pool has no closed form
  /// Every used pool below 100% utilisation (of its capacity: members at their own speed and
  /// hours); pools whose load has no estimate are left out.
  bool stable = true;
  /// Constructs of the process the model cannot express in closed form (analytic_limits).
  std::vector<std::string> limits;
};

[[nodiscard]] BPM_API AnalyticModel analyze_process(const Process& process);

/// The constructs of a process whose effect has no closed form in this model (unequal pool
/// members, ...), one sentence each; empty when the model is exact or a known approximation.
[[nodiscard]] BPM_API std::vector<std::string> analytic_limits(const Process& process);

/// "text" (or "table"), "markdown", "csv", "json" or "yaml"; throws UsageError otherwise.
[[nodiscard]] BPM_API report::Format parse_analysis_format(std::string_view name);

/// The analysis as a report document: outcome, step and pool tables for people (and CSV), the
/// tree `bpm-design-analyze/1` for programs (share/doc/bpm-design-views.md).
[[nodiscard]] BPM_API report::Document analysis_document(const Process& process, const AnalyticModel& model);

[[nodiscard]] BPM_API std::string format_analysis(const Process& process, const AnalyticModel& model,
                                                  report::Format format);

}  // namespace bpm
