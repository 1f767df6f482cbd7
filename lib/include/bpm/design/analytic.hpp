#pragma once
// The analytic model (`bpm-design analyze`): what a process does on average and how its pools
// queue, without simulating. Routing as an absorbing Markov chain (bpm/model/routing_analysis.hpp)
// gives expected visits and outcome probabilities; each pool is then an M/M/c queue during its
// open hours (Erlang C). Exact for a single always-open pool with Poisson arrivals and
// exponential service; elsewhere a seconds-fast first answer that the simulator refines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/process.hpp"
#include "bpm/model/routing_analysis.hpp"

namespace bpm {

/// Erlang's C formula: the probability that an arrival waits in an M/M/c queue with c servers
/// and offered load a = λ/μ. 1 when a >= c (the queue is unstable).
[[nodiscard]] double erlang_c(int servers, double offered_load);

/// An M/M/c queue: arrival rate λ and mean service time 1/μ (any time unit, the same for both).
struct MmcQueue {
  int servers = 1;
  double arrival_rate = 0.0;
  double mean_service = 0.0;

  [[nodiscard]] double offered_load() const noexcept { return arrival_rate * mean_service; }
  [[nodiscard]] double utilisation() const noexcept;
  [[nodiscard]] bool stable() const noexcept { return utilisation() < 1.0; }
  /// Probability of waiting (Erlang C).
  [[nodiscard]] double wait_probability() const;
  /// Mean wait in the queue Wq = C / (cμ − λ); +infinity when unstable.
  [[nodiscard]] double mean_wait() const;
  /// Mean number waiting Lq = λ Wq.
  [[nodiscard]] double mean_queue() const;
};

struct StepEstimate {
  std::string step;
  double visits = 0.0;  // expected executions per case
  double work = 0.0;    // seconds of work per case (tasks)
  double cost = 0.0;    // fixed cost plus resource time x cost per hour, per case
  double delay = 0.0;   // seconds of timer wait per case (waits)
  double queue_wait = 0.0;  // expected queueing per case at this step's pool (M/M/c)
};

struct PoolEstimate {
  PoolLoad load;                 // offered load against capacity over the week
  MmcQueue queue;                // during open hours: λ per open second, mean service in seconds
  double executions_per_case = 0.0;
};

struct AnalyticModel {
  RoutingAnalysis routing;
  LoadAnalysis load;
  std::vector<StepEstimate> steps;  // every step, file order
  std::vector<PoolEstimate> pools;  // per resource, file order
  double work_per_case = 0.0;
  double cost_per_case = 0.0;
  double timer_delay_per_case = 0.0;
  double queue_wait_per_case = 0.0;  // +infinity when a visited pool is unstable
  bool stable = true;                // every pool below 100% utilisation
  /// Constructs of the process the model cannot express in closed form (analytic_limits).
  std::vector<std::string> limits;
};

[[nodiscard]] AnalyticModel analyze_process(const Process& process);

/// The constructs of a process whose effect has no closed form in this model (unequal pool
/// members, ...), one sentence each; empty when the model is exact or a known approximation.
[[nodiscard]] std::vector<std::string> analytic_limits(const Process& process);

enum class AnalysisFormat : std::uint8_t { Text, Json };

/// "text" or "json"; throws UsageError otherwise.
[[nodiscard]] AnalysisFormat parse_analysis_format(std::string_view name);

[[nodiscard]] std::string format_analysis(const Process& process, const AnalyticModel& model, AnalysisFormat format);

}  // namespace bpm
