#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/model/arrival_rate.hpp"
#include "bpm/model/calendar.hpp"
#include "bpm/model/distribution.hpp"
#include "bpm/model/expression.hpp"

namespace bpm {

/// A comparison against a number: "<= 21d", ">= 0.25", ">= 95%". Durations are stored in
/// seconds and percentages as fractions, so the value compares directly with a metric.
struct BPM_API Target {
  enum class Op : std::uint8_t { Le, Lt, Ge, Gt, Eq };
  Op op = Op::Ge;
  double value = 0.0;
  bool is_duration = false;  // the text carried a time unit
  std::string text;          // as written, for reports

  [[nodiscard]] bool met_by(double metric) const noexcept;
  /// True when a larger metric is better (">=", ">").
  [[nodiscard]] bool higher_is_better() const noexcept { return op == Op::Ge || op == Op::Gt; }
  friend bool operator==(const Target&, const Target&) = default;
};

/// Parses a target; bare numbers are plain numbers unless followed by a unit or %.
[[nodiscard]] BPM_API Target parse_target(std::string_view text);

struct BPM_API Objective {
  std::string kpi;
  std::optional<Target> target;
  std::optional<double> baseline;  // same units as the target (seconds, fraction, number)
  std::string baseline_text;
  Location where;
  std::string description = {};
};

struct BPM_API Role {
  std::string id;
  std::string name;
  Location where;
  std::string description = {};
};

/// A named person (or machine) of a pool, with its own hours, rate and speed.
struct BPM_API Member {
  std::string id;                       // unique across the pools of a process
  std::string calendar;                 // empty: the pool's hours; else worked only where both are open
  std::optional<double> cost_per_hour;  // empty: the pool's rate
  double speed = 1.0;                   // durations of its work are divided by it (> 0)
  Location where;
  std::string description = {};
};

struct BPM_API Resource {
  std::string id;
  std::string role;  // may be empty
  int count = 1;     // with members: their number
  double cost_per_hour = 0.0;
  std::string calendar;  // empty: always available
  /// Named servers; empty: `count` identical servers (the pool of the first format version).
  std::vector<Member> members;
  Location where;
  std::string description = {};

  /// A member's hourly rate: its own, else the pool's.
  [[nodiscard]] double member_cost(const Member& m) const noexcept { return m.cost_per_hour.value_or(cost_per_hour); }
};

/// A case attribute set at arrival: numeric from a distribution, categorical, or computed by a
/// formula over the attributes declared before it (a score, a derived band).
struct BPM_API Attribute {
  std::string name;
  bool categorical = false;
  Distribution numeric;                 // when !categorical and no formula
  std::vector<std::string> categories;  // when categorical
  std::vector<double> weights;          // normalised, same length as categories
  std::optional<Expression> formula;    // computed: bound to the slots of the attributes before it
  Location where;
};

/// One source of cases: how often they come, how many at a time, from which step, with what data.
struct BPM_API ArrivalStream {
  std::string id;                     // empty for the single stream of a file without `streams`
  Distribution every;                 // inter-arrival time (seconds), unless `rate` is given
  std::optional<RateProfile> rate;    // a weekly rate profile instead of `every`
  std::optional<Distribution> size;   // cases per arrival, a count (default: 1)
  std::string calendar;               // empty: at any time; else only while it is open
  std::string start;                  // empty: the process's start step
  std::vector<Attribute> attributes;  // its own: over the common ones of the same name
  std::string description = {};
  Location where;
};

struct BPM_API Arrivals {
  Distribution every;                 // inter-arrival time (seconds), unless `rate` is given
  std::optional<RateProfile> rate;    // arrivals per second by weekday and hour instead of `every`
  std::optional<Distribution> size;   // cases per arrival, a count (default: 1)
  std::string calendar;               // empty: arrivals at any time; else the clock runs only in open hours
  std::vector<Attribute> attributes;  // of every case (streams may override them)
  /// Several named streams (`arrivals.streams`); then every, rate, size and calendar above are unused.
  std::vector<ArrivalStream> streams;
  Location where;

  /// The streams cases come from: the named ones, or the single one of the fields above (id "").
  [[nodiscard]] std::vector<ArrivalStream> all_streams() const;
};

/// One outgoing branch of an xor/or gateway.
struct BPM_API Branch {
  std::string to;
  std::optional<Expression> when;  // condition over case attributes
  std::optional<double> p;         // probability
  Location where;
  std::string description = {};
};

struct BPM_API Raci {
  std::vector<std::string> responsible;  // empty: the resource's role
  std::vector<std::string> accountable;
  std::vector<std::string> consulted;
  std::vector<std::string> informed;
  Location where;
};

/// Per-step error/rework: with probability p the work is found faulty on completion and the case
/// goes to `to` (default: the step itself, i.e. it is redone).
struct BPM_API Rework {
  double p = 0.0;
  std::string to;
  Location where;
};

/// A timer on a task or wait (a BPMN boundary timer event): it starts when the case reaches the
/// step (`timeout`, `escalate`) or joins the resource's queue (`abandon`), and fires after a time
/// drawn from `after` unless the step is done (or, for `abandon`, its work has started) before.
struct BPM_API StepTimer {
  Distribution after;  // seconds
  std::string to;      // the step the case (timeout, abandon) or a new branch (escalate) goes to
  Location where;
  std::string description = {};
};

/// `batch:` of a task: cases collect until `size` are there, or `timeout` after the first of them
/// arrived, and one execution then serves them all (a weekly payment run, a courier round).
struct BPM_API Batch {
  long long size = 1;                   // cases per batch; lint refuses less than 1
  std::optional<Distribution> timeout;  // seconds from the first case of the batch; none: wait for size
  Location where;
};

/// `instances:` of a task (BPMN multi-instance): the task runs n times per visit, n drawn from a
/// count distribution or computed from the case's attributes, in parallel or in sequence.
struct BPM_API Instances {
  std::optional<Distribution> count;   // a count distribution (poisson(3), 4), or else
  std::optional<Expression> count_of;  // an expression over case attributes
  bool parallel = true;
  Location where;
};

/// Which of several pools that can do a task takes its work (`policy:`).
enum class PoolPolicy : std::uint8_t {
  First,          // the first pool in list order with a free server; else the first server to free
  Cheapest,       // the cheapest free server; else the first server to free
  ShortestQueue,  // a free server in list order; else the queue with the fewest items per server
};

[[nodiscard]] BPM_API std::string_view pool_policy_name(PoolPolicy policy) noexcept;

/// `set: { name: expression }` on a step: a case attribute set or updated when the step completes.
struct BPM_API Assignment {
  std::string attribute;
  Expression value;
  Location where;
};

enum class StepKind : std::uint8_t {
  Task,  // resource and/or duration, then `next`
  Wait,  // timer wait (calendar-free), then `next`
  Xor,   // exclusive gateway: first `when` that holds, else a draw among `p` branches
  And,   // parallel split into `targets`
  Or,    // inclusive split: every branch whose `when` holds or whose `p` draw succeeds
  Join,  // synchronising join of the branches listed in `join_of`
  End,   // end with an outcome: of the whole case (default), or of its token (`terminate: false`)
};

[[nodiscard]] BPM_API std::string_view step_kind_name(StepKind kind) noexcept;

struct BPM_API Step {
  std::string id;    // the identifier every reference uses
  std::string name;  // display name for diagrams, BPMN and reports; empty: derived from the id
  StepKind kind = StepKind::Task;
  std::string description;
  Location where;
  Location id_where;                              // where the step's id (its key under `steps:`) was written
  std::map<std::string, Location> key_locations;  // where each key of the step was written

  // Task
  std::string resource;                      // empty: automatic task (no resource); with several pools, the first
  std::vector<std::string> other_resources;  // the other pools that can do it, in the order written
  PoolPolicy policy = PoolPolicy::First;     // which of several pools takes the work
  std::optional<Distribution> duration;
  double cost = 0.0;                       // fixed cost per execution
  std::optional<Expression> cost_formula;  // instead: a cost per execution computed from the case's attributes
  int priority = 0;                        // higher is served first in the resource's queue
  /// Instead of `priority`: a per-case priority over the case attributes (`priority: score`),
  /// evaluated when the task joins the queue.
  std::optional<Expression> priority_expression;
  Raci raci;
  std::optional<Rework> rework;

  // Wait
  std::optional<Distribution> wait;
  /// Written to event logs (`log: false` for a delay that models time the real log shows between
  /// activities, such as the delays bpm-design discover finds, rather than a step of the business).
  bool logged = true;

  // Task, Wait: timers (bpm/model/process.hpp StepTimer)
  std::optional<StepTimer> timeout;    // interrupting: the step is left for `to`
  std::optional<StepTimer> escalate;   // non-interrupting: a new branch starts at `to`, the case goes on
  std::optional<StepTimer> abandon;    // Task with a resource: the case leaves the queue for `to`
  std::optional<Batch> batch;          // Task: served in batches
  std::optional<Instances> instances;  // Task: multi-instance

  // Task, Wait: attributes set on completion, in the order written
  std::vector<Assignment> set;

  // Task, Wait, Join
  std::string next;

  // Xor, Or
  std::vector<Branch> branches;
  // And
  std::vector<std::string> targets;
  // Join
  std::vector<std::string> join_of;

  // End
  std::string outcome;
  std::optional<Expression> revenue;
  /// True: reaching the end ends the whole case (other branches are cut short). False: it ends
  /// only its own token, and the case ends with its last token (BPMN's plain end event).
  bool terminate = true;

  /// Every pool that can do the task: `resource`, then `other_resources` (empty for automatic tasks).
  [[nodiscard]] std::vector<std::string> pools() const;

  // Sub-processes (model/fragments.hpp). A call step (`call: <fragment>`) exists only as
  // written (Process::written_steps, Fragment::steps); Process::steps holds its expansion.
  std::string call;    // as written: the fragment this step runs; its `next` follows the return
  std::string origin;  // expanded: the call step whose expansion made it ("a.b" when nested)
};

/// `fragments: { <id>: { start, steps } }`: a named block of steps that call steps run, each call
/// with its own copy (own ids `<call>.<step>`, streams and metrics). Inside it, `return` as a
/// target goes on after the call; an end ends the case as anywhere else.
///
/// `fragments: { <id>: { file: kyc.yaml } }`: the fragment is another process file, its steps
/// read from there (model/loader.cpp, read_called): its ends return, its roles, calendars and
/// resources join the process as `<id>.<name>`, its own fragments as `<id>.<name>`.
struct BPM_API Fragment {
  std::string id;
  std::string description;
  std::string start;        // its first step: `start`, else the first one written
  std::vector<Step> steps;  // as written, with the fragment's own ids
  Location where;
  Location start_where;
  std::string file;  // as written: the process file it calls; empty for a fragment written here
  Location file_where;
};

/// Endpoint of an SLA: case arrival, case end, or a step's start/end (first occurrence).
struct BPM_API SlaEndpoint {
  enum class Kind : std::uint8_t { Arrival, CaseEnd, StepStart, StepEnd };
  Kind kind = Kind::Arrival;
  std::string step;
  std::string text;
};

struct BPM_API Sla {
  std::string id;
  SlaEndpoint from;
  SlaEndpoint to;
  double within = 0.0;  // seconds
  Location where;
  std::string description = {};
};

/// A node of the KPI tree: a formula over base metrics and other KPIs.
struct BPM_API KpiDef {
  std::string id;
  std::string description;
  Expression formula;
  std::string unit;
  std::optional<Target> target;
  Location where;
};

/// One override `path: value`, e.g. `steps.qualify.duration: "*0.8"` or `resources.ae.count: 6`.
struct BPM_API Override {
  std::string path;
  std::string value;
  Location where;
};

struct BPM_API Scenario {
  std::string id;
  std::string description;
  std::vector<Override> overrides;
  Location where;
};

/// A decision variable of `optimize:`: an override path (bpm/model/override.hpp) that takes every
/// whole number of [low, high], e.g. `resources.ae.count: 2..10`.
struct BPM_API OptimizeVariable {
  std::string path;
  long long low = 0;
  long long high = 0;
  Location where;
  friend bool operator==(const OptimizeVariable&, const OptimizeVariable&) = default;
};

/// A constraint of `optimize:`, e.g. "sla.first_touch >= 0.95". `metric` may hold one `*` segment
/// (`resources.*.utilisation`), which stands for every resource pool.
struct BPM_API OptimizeConstraint {
  std::string metric;
  Target target;
  std::string text;  // as written
  Location where;
  friend bool operator==(const OptimizeConstraint&, const OptimizeConstraint&) = default;
};

/// The `optimize:` section read by `bpm-optimize search`: decision variables, objectives over the
/// simulator's metrics (share/doc/metrics.md), constraints and a budget of evaluations.
struct BPM_API OptimizeSettings {
  std::vector<OptimizeVariable> vary;
  std::vector<std::string> minimize;
  std::vector<std::string> maximize;
  std::vector<OptimizeConstraint> subject_to;
  std::uint64_t budget = 200;
  Location where;
  std::map<std::string, Location> metric_locations;  // where each objective was written
};

/// Bounds of the simulation settings (share/doc/process-format.md), checked by the loader, by
/// --set and by the tools' options alike.
inline constexpr std::uint32_t kMaxReplications = 1000000;
inline constexpr std::uint32_t kMaxStepsPerCase = 100000000;
inline constexpr std::uint32_t kMaxOptimizeBudget = 100000000;

struct BPM_API SimulationSettings {
  Time start = 0.0;                    // absolute seconds; default 2026-01-05T00:00 (a Monday)
  std::optional<double> horizon;       // seconds of arrivals; run stops there
  std::optional<std::uint64_t> cases;  // alternative: number of arrivals, then drain
  double warmup_time = 0.0;
  std::uint64_t warmup_cases = 0;
  std::uint32_t replications = 30;
  std::uint64_t seed = 1;
  std::uint32_t max_steps_per_case = 10000;
  Location where;
};

/// A parsed, schema-checked process file. Cross-references are checked by lint (bpm/lint/lint.hpp).
struct BPM_API Process {
  std::string name;
  std::string description;
  std::string owner;
  std::string time_unit = "minutes";
  double time_unit_seconds = 60.0;
  std::string source;  // file name the process was read from, for diagnostics

  std::vector<Objective> objectives;
  std::vector<Role> roles;
  std::vector<Calendar> calendars;
  std::vector<Resource> resources;
  Arrivals arrivals;
  std::string start;
  Location start_where;
  std::vector<Step> steps;  // in file order, calls expanded in place (model/fragments.hpp)
  /// As written when some step is a call (else empty): the top-level steps with their call steps,
  /// which bpm-design fmt writes back with `fragments`.
  std::vector<Step> written_steps;
  std::vector<Fragment> fragments;
  /// Whether a role, calendar, resource or fragment id came from a file a fragment calls
  /// (`<fragment>.<name>`): the writer writes that fragment's `file:` and not them.
  [[nodiscard]] bool from_called_file(std::string_view id) const;
  /// A step of an expansion was changed (an override): the written form no longer says the same,
  /// so the writer writes the expanded steps.
  bool expansion_edited = false;
  std::vector<Sla> slas;
  std::vector<KpiDef> kpis;
  std::vector<Scenario> scenarios;
  SimulationSettings simulation;
  std::optional<OptimizeSettings> optimize;
  /// Interned strings of every expression and categorical attribute.
  StringTable strings;
  /// Where each top-level key was written.
  std::map<std::string, Location> key_locations;
  /// Where each calendar's name was written (Calendar itself is a location-free value type).
  std::map<std::string, Location> calendar_locations;

  /// Position of each id in `steps`, `resources`, `roles` and `calendars`, so that the find_*
  /// functions are not linear searches: graph passes over a 20,000-step process look up every
  /// edge, lint every step's pool and role. The loader builds them (index_ids()); a find checks
  /// every hit and searches linearly on a miss, so an index that is missing or out of date after
  /// the vectors were edited costs speed, never a wrong answer.
  struct IdHash {
    using is_transparent = void;  // look up by string_view without building a string
    [[nodiscard]] std::size_t operator()(std::string_view id) const noexcept {
      return std::hash<std::string_view>{}(id);
    }
  };
  using IdPositions = std::unordered_map<std::string, std::size_t, IdHash, std::equal_to<>>;
  IdPositions step_positions;
  IdPositions resource_positions;
  IdPositions role_positions;
  IdPositions calendar_positions;
  void index_ids();

  [[nodiscard]] const Step* find_step(std::string_view id) const;
  [[nodiscard]] const Resource* find_resource(std::string_view id) const;
  /// The pool a member belongs to, or nullptr.
  [[nodiscard]] const Resource* find_member_pool(std::string_view member) const;
  [[nodiscard]] const Role* find_role(std::string_view id) const;
  [[nodiscard]] const Calendar* find_calendar(std::string_view id) const;
  [[nodiscard]] const Scenario* find_scenario(std::string_view id) const;
  /// The attribute of that name: the common one, else the first stream's that has it.
  [[nodiscard]] const Attribute* find_attribute(std::string_view name) const;
  /// Every case attribute in slot order: the common ones, the streams' own new names, then the
  /// names steps `set` that no stream draws (in file order).
  [[nodiscard]] std::vector<std::string> attribute_names() const;
  /// Expected cases per week over all streams: open hours ÷ mean inter-arrival time (or the
  /// weekly integral of the rate where the calendar is open), times the mean batch size.
  [[nodiscard]] double arrivals_per_week() const;
  /// The same for one stream of `arrivals.all_streams()`.
  [[nodiscard]] double arrivals_per_week(const ArrivalStream& stream) const;
  /// The slot of an attribute (its index under arrivals.attributes), as expressions bind it.
  [[nodiscard]] std::optional<std::uint32_t> attribute_slot(std::string_view name) const;
  /// Outcomes of all end steps, in file order, without duplicates.
  [[nodiscard]] std::vector<std::string> outcomes() const;
};

}  // namespace bpm
