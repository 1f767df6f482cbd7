#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "bpm/model/calendar.hpp"
#include "bpm/model/distribution.hpp"
#include "bpm/model/expression.hpp"
#include "bpm/model/process.hpp"
#include "model/distribution_support.hpp"
#include "sim/rate_clock.hpp"

namespace bpm::sim {

/// "No index": a missing next step, resource, expression or endpoint.
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// One outgoing branch of an xor/or gateway, with its target resolved to a step index.
struct CompiledBranch {
  std::uint32_t to = kNone;
  std::uint32_t condition = kNone;  // index into CompiledModel::expressions, or kNone
  double p = -1.0;                  // < 0: the branch has no probability
  /// Xor: cumulative probability over the `p` branches, normalised to end at 1 (p branches only).
  double cumulative = 0.0;
  /// A condition that reads one categorical attribute only is decided by table: the attribute's
  /// slot, and where the condition's row of CompiledModel::condition_truth starts (kNone: evaluate).
  std::uint32_t category_slot = kNone;
  std::uint32_t truth = 0;
};

/// A step reduced to what the engine's hot loop reads: indices instead of names.
struct CompiledStep {
  StepKind kind = StepKind::Task;
  std::uint32_t next = kNone;                 // Task, Wait, Join
  std::uint32_t resource = kNone;             // Task served by a pool
  std::uint32_t queue_level = 0;              // Task: index of the step's priority among its pool's levels
  std::uint32_t priority_expression = kNone;  // Task: per-case priority, index into expressions
  double priority = 0.0;                      // Task: the fixed priority (ranked pools compare it as a number)
  std::uint32_t sampler = kNone;              // Task duration or Wait delay: index into samplers
  std::uint32_t stream = kNone;               // Task duration / Wait delay / gateway routing stream
  std::uint32_t rework_stream = kNone;
  std::uint32_t rework_to = kNone;
  double rework_p = 0.0;
  double fixed_cost = 0.0;
  double cost_per_second = 0.0;          // the pool's hourly rate / 3600
  std::uint32_t first = 0;               // Xor/Or: first branch; And: first target
  std::uint32_t count = 0;               // number of branches / targets
  std::uint32_t outcome = kNone;         // End
  std::uint32_t revenue = kNone;         // End: expression index
  std::uint32_t start_endpoint = kNone;  // SLA endpoint slot of `<step>.start`
  std::uint32_t end_endpoint = kNone;    // SLA endpoint slot of `<step>.end`
  std::uint32_t or_fallback = 0;         // Or: branch taken when none is (highest p, first on ties)
  std::uint32_t p_branches = 0;          // Xor/Or: branches with a probability
  std::uint32_t conditions = 0;          // Xor/Or: branches with a condition
  bool terminate = true;                 // End: ends the whole case (else only its token)
  std::uint32_t timers = kNone;          // Task, Wait: index into CompiledModel::timers, kNone without
  std::uint32_t batch = kNone;           // Task: index into CompiledModel::batches, kNone without
  std::uint32_t instances = kNone;       // Task: index into CompiledModel::instances, kNone without
  bool logged = true;                    // Wait: written to the event log
  /// Task that several pools can do: CompiledModel::step_pools [pools_first, pools_first +
  /// pool_count), in the order written (pool_count 0: one pool, `resource`, or none).
  std::uint32_t pools_first = 0;
  std::uint32_t pool_count = 0;
  PoolPolicy policy = PoolPolicy::First;
  std::uint32_t cost_formula = kNone;  // Task: expression of its cost per execution, instead of fixed_cost
  std::uint32_t set_first = 0;         // Task, Wait: CompiledModel::assignments done on completion
  std::uint32_t set_count = 0;
  /// Task, Wait: has timers, a batch or instances. The hot loop tests this one flag and leaves
  /// everything else about those constructs to Engine's out-of-line functions.
  bool special = false;
};

/// `set:` of a step: attribute slot = expression.
struct CompiledAssignment {
  std::uint32_t slot = 0;
  std::uint32_t expression = 0;
};

/// One of the pools a task can go to, with the step's queue level in that pool.
struct StepPool {
  std::uint32_t pool = kNone;
  std::uint32_t queue_level = 0;
};

/// `instances:` of a task: where n comes from, and whether the instances run at once.
struct CompiledInstances {
  std::uint32_t sampler = kNone;  // a count distribution, or
  std::uint32_t stream = kNone;
  std::uint32_t count = kNone;  // an expression (index into CompiledModel::expressions)
  bool parallel = true;
};

/// `batch:` of a task: how many cases one execution serves, and the timeout of a batch.
struct CompiledBatch {
  std::uint32_t step = kNone;
  std::uint32_t size = 1;
  std::uint32_t sampler = kNone;  // timeout from the first case; kNone: none
  std::uint32_t stream = kNone;
};

/// One timer of a step: its delay sampler and stream, and the step it sends the case to.
struct CompiledTimer {
  std::uint32_t sampler = kNone;  // kNone: the step has no such timer
  std::uint32_t stream = kNone;
  std::uint32_t to = kNone;
  [[nodiscard]] bool armed() const noexcept { return sampler != kNone; }
};

/// The timers of a task or wait (Step::timeout, escalate, abandon).
struct CompiledTimers {
  CompiledTimer timeout;
  CompiledTimer escalate;
  CompiledTimer abandon;
};

struct CompiledResource {
  std::string id;
  std::uint32_t count = 1;  // servers (with members: their number)
  double cost_per_hour = 0.0;
  double cost_per_second = 0.0;  // cost_per_hour / 3600
  CalendarClock clock;
  /// The first pool with the same calendar (itself when none before it): one clock per calendar
  /// for the waiting split (metrics/waiting.hpp), which is cheaper with fewer distinct clocks.
  std::uint32_t clock_owner = 0;
  /// Distinct priorities of the steps the pool serves, highest first: one FIFO queue per level.
  std::vector<int> priorities;
  /// Named members: CompiledModel::servers [first_server, first_server + count); kNone: a pool
  /// of `count` identical servers that share the pool's calendar and rate.
  std::uint32_t first_server = kNone;
  /// A step it serves has a per-case priority: one queue ordered by (priority, arrival) instead.
  bool ranked = false;
};

/// A named member of a pool: its own hours (its calendar where the pool's is open too), rate
/// and speed.
struct CompiledServer {
  std::string id;
  std::uint32_t pool = kNone;
  double cost_per_second = 0.0;
  double speed = 1.0;  // work = drawn duration / speed
  CalendarClock clock;
};

/// A case attribute: its slot's name and, when every case gets it from `arrivals.attributes`, how
/// it is drawn. An arrival stream may draw it its own way (CompiledStream::own_attributes).
struct CompiledAttribute {
  std::string name;
  bool common = true;        // drawn for every case unless its stream has its own
  bool categorical = false;  // always a string: conditions on it alone are tabulated
  Sampler numeric;
  std::vector<double> cumulative;        // categorical: cumulative weights, last = 1
  std::vector<std::int32_t> categories;  // categorical: interned string ids
  std::uint32_t formula = kNone;         // computed: index into CompiledModel::expressions
  std::uint32_t stream = kNone;          // kNone for computed attributes, which draw nothing
};

/// A source of cases: when they come (a sampled gap counted in the calendar's open hours, or a
/// weekly rate profile), how many at a time, where they start and with which attributes.
struct CompiledStream {
  std::string id;  // empty for the single stream of a file without named streams
  bool rate_based = false;
  Sampler interarrival;
  RateClock rate;
  CalendarClock clock;
  std::uint32_t stream = kNone;        // random stream of the gaps or the rate's exponentials
  std::uint32_t size_sampler = kNone;  // cases per arrival; kNone: one
  std::uint32_t size_stream = kNone;
  std::uint32_t start_step = 0;
  /// Per attribute slot, its index in own_attributes, or kNone for the common definition (empty
  /// when the stream has no attributes of its own).
  std::vector<std::uint32_t> own;
  std::vector<CompiledAttribute> own_attributes;
};

/// SLA endpoints: arrival and case end are implicit; step endpoints own a per-case time slot.
inline constexpr std::uint32_t kArrivalEndpoint = kNone - 1;
inline constexpr std::uint32_t kCaseEndEndpoint = kNone - 2;

struct CompiledSla {
  std::string id;
  std::uint32_t from = kArrivalEndpoint;  // slot index or one of the implicit endpoints
  std::uint32_t to = kCaseEndEndpoint;
  double within = 0.0;
};

/// How a run ends: arrivals stop at a horizon (cases in flight stay WIP), or after a number of
/// cases (then the run drains).
struct RunLimits {
  Time start = 0.0;
  std::optional<double> horizon;       // seconds after start
  std::optional<std::uint64_t> cases;  // arrivals
  double warmup_time = 0.0;
  std::uint64_t warmup_cases = 0;
  std::uint32_t max_steps_per_case = 10000;
  std::uint64_t seed = 1;
};

/// A validated Process compiled to dense integer-indexed arrays for the simulator's hot loop.
/// Immutable once built and shared read-only by the replications running in parallel.
struct CompiledModel {
  std::string name;
  std::vector<CompiledStep> steps;
  std::vector<std::string> step_ids;
  std::vector<CompiledBranch> branches;
  std::vector<std::uint32_t> targets;           // And split targets
  std::vector<CompiledTimers> timers;           // of the steps that have any
  std::vector<CompiledBatch> batches;           // of the batch tasks
  std::vector<CompiledInstances> instances;     // of the multi-instance tasks
  std::vector<StepPool> step_pools;             // pools of tasks that several pools can do
  std::vector<CompiledAssignment> assignments;  // `set:` of the steps
  std::vector<Sampler> samplers;
  std::vector<Expression> expressions;
  /// Rows of tabulated conditions (CompiledBranch::truth): 1 where the condition holds when the
  /// attribute has the string of that id, for every id of the process's string table.
  std::vector<std::uint8_t> condition_truth;
  std::vector<CompiledResource> resources;
  std::vector<CompiledServer> servers;  // members of pools, pool by pool
  std::vector<CompiledAttribute> attributes;
  std::vector<CompiledSla> slas;
  std::uint32_t endpoint_slots = 0;  // per-case first-occurrence times kept for the SLAs
  std::vector<std::string> outcomes;
  std::uint32_t won_outcome = kNone;
  const StringTable* strings = nullptr;  // the process's: names of categorical values

  std::uint32_t start_step = 0;
  std::vector<CompiledStream> streams;  // at least one
  bool named_streams = false;           // `arrivals.streams`: per-stream metrics

  /// Rng::key of each random stream (index = stream number), named after the model element and
  /// its purpose, e.g. "steps.qualify.duration", so that streams survive edits elsewhere.
  std::vector<std::uint64_t> stream_keys;
  std::vector<std::string> stream_names;

  RunLimits limits;
};

/// Compiles a lint-clean process. Throws ModelError for dangling references (which lint reports
/// first) and UsageError when the run has neither a horizon nor a number of cases.
[[nodiscard]] CompiledModel compile(const Process& process, std::optional<std::uint64_t> seed,
                                    std::optional<std::uint64_t> cases);

}  // namespace bpm::sim
