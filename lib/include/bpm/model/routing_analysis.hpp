#pragma once
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

// The analytic view of a process: its flow structure and what one case does on average, from the
// routing probabilities alone (no queueing). Used by the lint (unreachable steps, joins, overload)
// and by `bpm-design analyze`. Every function tolerates a process that has not passed the lint:
// references to undefined steps are treated as leading nowhere.

/// Index of the step `id` in Process::steps; nullopt when no step has that id.
[[nodiscard]] BPM_API std::optional<std::size_t> step_index(const Process& process, std::string_view id);

/// Every step a case can move to from `step`: next, xor/or branch targets, and targets, the rework
/// target. Undefined targets are left out; file order, no duplicates.
[[nodiscard]] BPM_API std::vector<std::size_t> step_successors(const Process& process, std::size_t step);

/// For an and/or split, one entry per branch: which steps are reachable from that branch's target
/// (the target included) without passing through the split itself again. Empty for other steps.
[[nodiscard]] BPM_API std::vector<std::vector<bool>> branch_reach(const Process& process, std::size_t split);

/// For every step, the and/or split that a join synchronises: the nearest split whose distinct
/// branches reach the join's distinct inputs. nullopt for steps that are not joins and for joins
/// whose inputs no split separates (they would wait forever).
[[nodiscard]] BPM_API std::vector<std::optional<std::size_t>> matching_splits(const Process& process);

/// Expected tokens one execution of a step sends to another step.
struct BPM_API RoutingEdge {
  std::size_t to = 0;
  double tokens = 0.0;
};

/// How one execution of a step routes a case. Attributes are drawn once per case at arrival, so a
/// gateway's `when` conditions are weighed over the attribute distributions: exactly when they
/// compare attributes with constants (categories by their weights, a numeric attribute by its
/// distribution's CDF at each threshold); only a condition that computes with a numeric attribute
/// (`deal_value * 2 > x`) is weighed over 4096 draws of the attributes from a fixed random stream
/// (the same estimate on every run, within about 1.5 percentage points of the truth). An xor takes the first branch
/// whose condition holds, else draws among its `p` branches normalised over them; an or takes each branch whose
/// condition holds or whose own `p` draw succeeds, and its highest-p branch when none is taken; tokens that find no
/// branch are `lost`. Rework sends p to its target and 1 - p on to `next`; an and split sends one token to each branch.
/// A loop revisits a gateway with the same attributes, which a Markov chain cannot remember: each visit is weighed
/// afresh.
struct BPM_API StepRouting {
  std::vector<RoutingEdge> edges;  // to defined steps, file order
  double lost = 0.0;               // tokens sent to a missing `next` or an undefined step
  bool estimated = false;          // the branch shares are an estimate from draws (see above)
  /// Conditions that read attributes no draw can give (set by steps from other than arrival
  /// attributes, drawn by some streams only): the shares assume none holds, a guess.
  bool unknown = false;
};

[[nodiscard]] BPM_API StepRouting step_routing(const Process& process, std::size_t step);

/// What a step's timers do to a visit, where that has a closed form: on a wait or an automatic task
/// (no queue) the step's time X and the timers' times are drawn independently on arrival, so the
/// timeout after D fires with P(X > D), an escalation after E with P(min(X, D) > E), and the visit
/// lasts E[min(X, D)] = ∫ P(X > t) P(D > t) dt. Exact for constants and exponentials (the
/// integrals are evaluated numerically to about 1e-9 otherwise). No closed form (NaN, closed_form
/// false) behind a queue (a task with a resource: the clock runs while the case waits), for
/// abandonment, and for times that are expressions of case attributes.
struct BPM_API TimerOdds {
  double timeout = 0.0;    // P(the timeout fires)
  double escalate = 0.0;   // P(the escalation fires)
  double mean_time = 0.0;  // seconds a visit spends in the step; 0 for a step without timers
  bool closed_form = true;
};

/// The timers of `step` (TimerOdds); a step without timers gives all zeros and closed_form.
[[nodiscard]] BPM_API TimerOdds timer_odds(const Process& process, const Step& step);

/// What one case does on average: the process as an absorbing Markov chain over its steps (end
/// steps absorb), solved with a sparse LU decomposition. A join fires once per set of tokens of
/// its matching split, so its visits are its incoming tokens divided by the expected number of
/// tokens per firing.
struct BPM_API RoutingAnalysis {
  /// False when the expected visits are infinite or undefined: a loop reachable from the start has
  /// no exit with positive probability (or the start step is undefined). The vectors below are
  /// then zero.
  bool finite = false;
  std::vector<double> visits;                            // per step, expected executions per case
  std::vector<std::pair<std::string, double>> outcomes;  // per outcome, in file order: probability
  /// Probability that a case runs into a step with no way on (missing `next`, undefined target).
  double stall_probability = 0.0;
  /// Gateways a case can reach whose branch shares are estimated from draws, in file order.
  std::vector<std::string> estimated_gateways;
  /// Gateways a case can reach whose conditions cannot be weighed (StepRouting::unknown): the
  /// outcome shares have no estimate.
  std::vector<std::string> unweighed_gateways;
  /// Steps a case can reach with a timer (timeout, escalation, abandonment) whose share of visits has
  /// no closed form (TimerOdds): the routing assumes it never fires, so the outcome shares are not
  /// known.
  std::vector<std::string> timers_without_closed_form;
};

[[nodiscard]] BPM_API RoutingAnalysis analyze_routing(const Process& process);

/// The long-run demand on one resource pool against its capacity, in "servers": busy servers
/// averaged over the whole week (168h), so demand and capacity compare directly.
struct BPM_API PoolLoad {
  std::string resource;
  int count = 0;
  double work_per_case = 0.0;        // seconds of work on this pool per case (visits x mean duration)
  double open_hours_per_week = 0.0;  // of the pool's calendar; 168 when it has none
  double offered_servers = 0.0;      // arrivals per week x work per case / 168h; NaN: no estimate
  double capacity_servers = 0.0;     // count x open hours per week / 168h; members: Σ speed x hours / 168h
  /// Named members: processing seconds per second of work at speed 1, Σ hours ÷ Σ speed × hours
  /// (1 / speed when all members share a speed and hours: exact; otherwise the share each does
  /// when all are busy, an estimate), and the cost of a second of such work, Σ hours × rate ÷
  /// Σ speed × hours. Without members 1 and the pool's cost per hour.
  double time_factor = 1.0;
  double cost_per_work_hour = 0.0;
  /// False when named members differ in speed or hours: the queue has unequal servers.
  bool equal_servers = true;

  /// Offered load in Erlangs during the pool's open hours: the servers its work keeps busy while
  /// it is open, so that offered ÷ count = utilisation (members at their own speed and hours).
  [[nodiscard]] double offered_erlangs() const noexcept {
    // A pool of identical servers: work per open hour, the same bits as before members existed.
    const double identical = (count > 0 ? count : 0) * open_hours_per_week / 168.0;
    if (capacity_servers > 0.0 && capacity_servers == identical) return offered_servers * 168.0 / open_hours_per_week;
    if (capacity_servers > 0.0) return utilisation() * count;
    return offered_servers > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  }

  /// Offered load over capacity: at or above 1 the queue grows without bound; infinite when a pool
  /// with work has no capacity (a calendar open on no weekday).
  [[nodiscard]] double utilisation() const noexcept {
    if (capacity_servers > 0.0) return offered_servers / capacity_servers;
    return offered_servers > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
};

struct BPM_API LoadAnalysis {
  /// Cases arriving per week: the open hours of the arrival calendar (168h when none) divided by
  /// the mean inter-arrival time, which runs only while that calendar is open. Infinite when the
  /// mean inter-arrival time is 0.
  double arrivals_per_week = 0.0;
  std::vector<PoolLoad> pools;  // one per resource, in file order
};

/// Offered load per resource pool; requires routing.finite (else every pool's demand is 0).
[[nodiscard]] BPM_API LoadAnalysis analyze_load(const Process& process, const RoutingAnalysis& routing);

/// The pools (indexes into Process::resources) that are offered at least as much work in their open
/// hours as their servers can do, so that their queues grow without bound: what lint
/// `resource-overload` reports. Pools with no server or a calendar that never opens are left out
/// (other rules report them), as is everything when the visits are not finite or arrivals come
/// infinitely fast.
[[nodiscard]] BPM_API std::vector<std::size_t> overloaded_pools(const Process& process, const RoutingAnalysis& routing,
                                                                const LoadAnalysis& load);
[[nodiscard]] BPM_API std::vector<std::size_t> overloaded_pools(const Process& process);

/// Mean and second moment of one draw of a distribution, for the analytic view.
struct BPM_API DrawMoments {
  double mean = 0.0;
  double second = 0.0;     // E[X²]
  bool estimated = false;  // averaged over draws of the case attributes
};

/// The moments of a duration or wait. Exact for a distribution of constants. For one whose
/// parameters depend on the case, the average over kConditionSamples (4096) draws of the arrival
/// attributes from a fixed stream (the same on every run) of the family's exact moments for those
/// parameters; NaN when it reads an attribute that only some streams draw or that a step sets, or
/// when some draw makes the parameters invalid: it has no estimate then.
[[nodiscard]] BPM_API DrawMoments draw_moments(const Process& process, const Distribution& d, std::string_view key);

/// The mean of an expression of case attributes (a cost formula) in the same way: exact without
/// attributes, else averaged over draws of them; NaN when it has no estimate.
[[nodiscard]] BPM_API double expected_value(const Process& process, const Expression& e, std::string_view key);

/// The mean number of instances a visit of `step` runs, as the simulator counts them: 1 without
/// `instances:`; the mean of a count distribution; for an expression of case attributes, the
/// average over draws of them of the value rounded to a whole number (0 below 1), exact for an
/// expression without attributes; NaN when the expression reads attributes a step sets or only
/// some streams draw (no estimate).
[[nodiscard]] BPM_API double mean_instances(const Process& process, const Step& step);

/// Executions of a task's work per visit: mean_instances ÷ the batch size (a batch task works once
/// per `size` cases: full batches).
[[nodiscard]] BPM_API double executions_per_visit(const Process& process, const Step& step);

/// Open hours in an average week of the named calendar; 168 when `calendar` is empty or undefined.
[[nodiscard]] BPM_API double open_hours_per_week(const Process& process, std::string_view calendar);

}  // namespace bpm
