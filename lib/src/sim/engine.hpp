#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bpm/model/expression.hpp"
#include "bpm/sim/event_log.hpp"
#include "core/random.hpp"
#include "metrics/waiting.hpp"
#include "sim/case_log_rows.hpp"
#include "sim/compiled_model.hpp"
#include "sim/event_queue.hpp"
#include "sim/log_format.hpp"
#include "sim/open_hours.hpp"
#include "sim/pools.hpp"
#include "sim/replication_stats.hpp"

namespace bpm::sim {

enum class TokenState : std::uint8_t { Free, Routing, Queued, Working, Waiting, Batched };

/// A thread of control of a case: one per parallel branch.
struct Token {
  std::uint32_t case_index = 0;
  std::uint32_t generation = 0;  // bumped when the slot is freed: events naming an old one are stale
  std::uint32_t frame = kNone;   // innermost open split, kNone at the top level
  std::uint32_t step = 0;
  std::uint32_t prev = kNone;  // the case's live tokens, doubly linked
  std::uint32_t next = kNone;
  TokenState state = TokenState::Free;
  std::uint32_t server = kNone;  // Working for a pool with members: the member (index into servers)
  std::uint32_t ride = kNone;    // leading a batch execution: the other cases it serves (Engine::rides_)
  std::uint32_t pool = kNone;    // Queued at / Working for, when the task has several pools
  std::uint32_t ticket = 0;      // Queued: its queue entries carry this number (0: in no queue)
  Time enabled = 0.0;            // reached the current step
  Time started = 0.0;            // work started
  double work = 0.0;             // net work of the current execution
};

/// An open AND/OR split: the join fires when `arrived` reaches `expected` (the branches that
/// were actually started).
struct Frame {
  std::uint32_t parent = kNone;
  std::uint32_t expected = 0;
  std::uint32_t arrived = 0;
  std::uint32_t instance_step = kNone;  // the instances of a multi-instance task: that task
  bool repeat_visit = false;            // ... and its visit is not the task's first in the case
  Time first_arrival = 0.0;             // of a branch at the join: the join holds it until the last one
  std::uint32_t prev = kNone;           // the case's open frames, doubly linked
  std::uint32_t next = kNone;
};

struct CaseState {
  std::uint64_t number = 0;  // arrival number in the replication, 1-based
  Time arrival = 0.0;
  /// Idle time by cause (metrics/waiting.hpp) of the stretches already accounted for: measured
  /// cases only. While branches run in parallel (parallel_from is set) their spans are kept in
  /// Engine::case_spans_ and split when the last join fires or the case ends.
  metrics::WaitSplit idle;
  Time parallel_from = std::numeric_limits<double>::quiet_NaN();
  double processing = 0.0;
  double cost = 0.0;
  std::uint32_t steps = 0;  // steps entered, against max_steps_per_case
  std::uint32_t first_token = kNone;
  std::uint32_t first_frame = kNone;
  bool measured = false;
  bool reworked = false;
  bool live = false;
};

/// An entry of a pool's queue. It is live while its token still holds its ticket: a token that
/// starts work, or whose case ends, gives its ticket up, and the entries it leaves behind (in the
/// queues of the other pools of its task, or of a case that ended) are skipped when reached.
struct QueueEntry {
  std::uint32_t token = 0;
  std::uint32_t ticket = 0;
};

/// A queue entry of a ranked pool: served by highest priority, then first come first served.
struct RankedEntry {
  double priority = 0.0;
  std::uint64_t order = 0;  // arrival order in the queue
  QueueEntry entry;
  /// Heap order: `a` is served after `b`.
  friend bool operator<(const RankedEntry& a, const RankedEntry& b) noexcept {
    return a.priority < b.priority || (a.priority == b.priority && a.order > b.order);
  }
};

struct Pool {
  explicit Pool(const CalendarClock& clock) : hours(clock) {}
  OpenHours hours;
  std::uint32_t busy = 0;    // servers holding work (working, or paused while closed)
  std::uint32_t queued = 0;  // live queue entries (stale ones are skipped lazily)
  bool wake_pending = false;
  /// Pools with members: when the pending wake-up fires, and its number (older ones are stale,
  /// because a member that becomes idle may open earlier than the wake-up already scheduled).
  Time wake_at = 0.0;
  std::uint32_t wake_number = 0;
  std::vector<RingQueue<QueueEntry>> levels;  // one FIFO per priority, highest first
  std::vector<RankedEntry> ranked;            // a ranked pool's heap (CompiledResource::ranked)
  std::uint64_t ranked_order = 0;
};

/// A named member of a pool.
struct Server {
  explicit Server(const CalendarClock& clock) : hours(clock) {}
  OpenHours hours;
  bool busy = false;      // holding work (working, or paused while its hours are closed)
  Time idle_since = 0.0;  // the idle member with the earliest time takes the next work
};

/// A token as it was at one visit: stale once the token's generation moved on (its case ended).
struct TokenRef {
  std::uint32_t token = 0;
  std::uint32_t generation = 0;
};

/// The cases collected at a batch task for its next batch.
struct BatchCollector {
  std::vector<TokenRef> waiting;
  std::uint32_t number = 0;  // batches released: a BatchDue event naming another number is stale
};

/// A batch execution: the cases it serves besides the token that does the work.
struct Ride {
  std::vector<TokenRef> riders;
  std::uint32_t number = 0;  // with a log: 1, 2, ... in order of release in the replication (its `batch`)
};
/// Runs replications of one compiled model, one at a time. Each thread owns an Engine; the pools
/// keep their memory from one replication to the next but start empty, so a replication's result
/// depends only on its number.
class __attribute__((visibility("hidden"))) Engine {
 public:
  Engine(const CompiledModel& model, EventLogWriter::State* log);

  [[nodiscard]] ReplicationStats run(std::uint32_t replication);

 private:
  struct Pending {
    std::uint32_t token;
    std::uint32_t generation;
    std::uint32_t step;
  };

  void reset(std::uint32_t replication);
  void grow_case_storage();
  void start_measuring(Time t);
  void schedule_arrival(std::uint32_t stream, Time from);
  void on_arrival(std::uint32_t stream);
  std::uint32_t admit(std::uint32_t stream);
  void on_task_end(std::uint32_t token);
  void on_wait_end(std::uint32_t token);
  void on_pool_opens(std::uint32_t pool);
  void advance(std::uint32_t token, std::uint32_t step);
  void route(std::uint32_t token, std::uint32_t step);
  std::uint32_t choose_xor(const CompiledStep& step, std::uint32_t case_index, std::uint32_t step_index);
  std::uint32_t split(std::uint32_t token, const CompiledStep& step);
  void request(std::uint32_t token, const CompiledStep& step);
  void start_work(std::uint32_t token, const CompiledStep& step);
  void start_work_by(std::uint32_t token, const CompiledStep& step, std::uint32_t server);
  void start_work_at(std::uint32_t token, const CompiledStep& step, std::uint32_t pool);
  void request_several(std::uint32_t token, const CompiledStep& step);
  void enqueue(std::uint32_t token, std::uint32_t pool, std::uint32_t level);
  void leave_queues(std::uint32_t token, const CompiledStep& step, std::uint32_t except);
  [[nodiscard]] bool has_free_server(std::uint32_t pool);
  [[nodiscard]] std::uint32_t step_pool(const Token& token, const CompiledStep& step) const noexcept {
    return token.server != kNone  ? model_.servers[token.server].pool
           : step.pool_count != 0 ? token.pool
                                  : step.resource;
  }
  void dispatch(std::uint32_t pool);
  void dispatch_members(std::uint32_t pool);
  /// The next live entry of a pool's queue; false when only stale entries were left.
  bool take_queued(Pool& pool, bool ranked, QueueEntry& entry);
  void ensure_wake(std::uint32_t pool);
  void ensure_member_wake(std::uint32_t pool);
  [[nodiscard]] std::uint32_t idle_member(std::uint32_t pool, bool cheapest);
  [[nodiscard]] std::uint32_t pop_queue(std::uint32_t pool);
  void release_server(std::uint32_t server, Time started);
  void finish_case(std::uint32_t case_index, std::uint32_t end_step);
  std::uint32_t branch_token(std::uint32_t case_index);
  /// Whether the case has at most one token left (no branch runs beside it).
  [[nodiscard]] bool single_token(std::uint32_t case_index) const noexcept;
  void serve(std::uint32_t token, const CompiledStep& step);
  void queue_length_changed(std::uint32_t pool);
  [[nodiscard]] bool enter_special_task(std::uint32_t token, std::uint32_t step);
  // Timers of tasks and waits (engine_timers.cpp).
  void arm_timers(std::uint32_t token, const CompiledStep& step);
  void arm_abandon(std::uint32_t token, const CompiledStep& step);
  [[nodiscard]] bool on_timer(EventKind kind, std::uint32_t token);
  void interrupt(std::uint32_t token, std::uint32_t to);
  // Multi-instance tasks (engine_instances.cpp).
  [[nodiscard]] bool is_instance(const Token& token, std::uint32_t step) const noexcept;
  std::uint32_t begin_instances(std::uint32_t token, std::uint32_t step);
  [[nodiscard]] bool instance_done(std::uint32_t token, const CompiledStep& step);
  void free_instance(std::uint32_t token);
  // Batch tasks (engine_batch.cpp).
  void collect(std::uint32_t token, const CompiledStep& step);
  void release_batch(std::uint32_t batch);
  void finish_batch(std::uint32_t token);
  void hand_over(std::uint32_t token);
  /// Waiting of a measured case (metrics/waiting.hpp): a stretch of one execution and its idle
  /// time, added at once when the case runs one branch, kept as a span while several run in
  /// parallel (their overlap decides).
  void account(std::uint32_t case_index, metrics::Span span, const metrics::WaitSplit& idle);
  /// Splits the idle time of a parallel period that ends now (last join, or the case's end).
  void close_parallel(std::uint32_t case_index);
  /// Notes an execution of `step` by a measured case; true when the case ran the step before.
  bool repeated(std::uint32_t case_index, std::uint32_t step);
  /// repeated() for a task's execution: the instances of one visit of a multi-instance task are
  /// one visit, so they are all repeats or none (rework is a later visit, not another instance).
  bool repeated_execution(std::uint32_t token, const CompiledStep& step);
  [[nodiscard]] const CalendarClock* clock_of(std::uint32_t pool) const noexcept {
    const CalendarClock& clock = model_.resources[model_.resources[pool].clock_owner].clock;
    return clock.always_open() ? nullptr : &clock;
  }
  void finalize(Time end);

  std::uint32_t new_token(std::uint32_t case_index, std::uint32_t frame);
  void free_token(std::uint32_t token);
  void free_frame(std::uint32_t case_index, std::uint32_t frame);
  void mark(std::uint32_t case_index, std::uint32_t slot) {
    if (slot != kNone) mark_slot(case_index, slot);
  }
  void mark_slot(std::uint32_t case_index, std::uint32_t slot);
  void queue_changed(std::uint32_t pool);
  [[nodiscard]] double busy_between(std::uint32_t pool, Time from, Time to) const;
  [[nodiscard]] double busy_between(const CalendarClock& clock, Time from, Time to) const;
  void evaluate_slas(std::uint32_t case_index, bool ended, Time end);
  void flush_case_log(std::uint32_t case_index, std::string_view outcome);
  /// A draw for case c; parameters that depend on the case are computed from its attributes.
  [[nodiscard]] double sample(std::uint32_t sampler, std::uint32_t stream, std::uint32_t c) {
    const Sampler& s = model_.samplers[sampler];
    const double x = s.data_dependent() ? s.sample(streams_[stream], attributes(c)) : s.sample(streams_[stream]);
    if (std::isnan(x)) [[unlikely]]
      invalid_draw(sampler, c);
    return x > 0.0 ? x : 0.0;  // a negative duration (normal tails) means "no time"
  }
  [[noreturn]] void invalid_draw(std::uint32_t sampler, std::uint32_t c);
  /// The fixed cost of an execution of a task: its `cost`, or its cost formula for case c.
  [[nodiscard]] double fee(const CompiledStep& step, std::uint32_t s, std::uint32_t c);
  /// `set:` of a step, on its completion by case c.
  void apply_set(const CompiledStep& step, std::uint32_t c);
  /// Whether the condition of a branch that has one holds for a case's attribute values.
  [[nodiscard]] bool holds(const CompiledBranch& b, const Value* values) const noexcept {
    if (b.category_slot != kNone) {
      return model_.condition_truth[b.truth + static_cast<std::uint32_t>(values[b.category_slot].str)] != 0;
    }
    return model_.expressions[b.condition].holds(values);
  }
  [[nodiscard]] Value* attributes(std::uint32_t case_index) noexcept {
    return attributes_.data() + static_cast<std::size_t>(case_index) * model_.attributes.size();
  }

  const CompiledModel& model_;
  EventLogWriter::State* log_;
  LogFormat format_;
  std::uint32_t replication_ = 0;
  Time horizon_end_ = 0.0;
  std::uint64_t arrival_limit_ = 0;  // arrivals stop after this many cases

  std::vector<Rng> streams_;
  EventQueue events_;
  SlotPool<Token> tokens_;
  SlotPool<Frame> frames_;
  SlotPool<CaseState> cases_;
  std::vector<Value> attributes_;  // case slot × attribute
  std::vector<Time> endpoints_;    // case slot × SLA endpoint slot: first time reached, NaN before
  CaseLogRows case_rows_;          // case slot → rows (only with a log)
  std::vector<std::vector<metrics::Span>> case_spans_;  // case slot → spans of a parallel period
  std::vector<std::uint64_t> visits_;                   // case slot × step: number of the last case that ran it
  std::vector<Time> sweep_scratch_;
  std::vector<CalendarClock::Hint> wait_hints_;  // per pool: the opening its last wait fell in
  std::vector<Pool> pools_;
  std::vector<Server> servers_;
  std::vector<OpenHours> arrival_hours_;    // per arrival stream
  std::vector<std::uint32_t> batch_;        // cases admitted by the arrival being handled
  std::vector<BatchCollector> collectors_;  // per CompiledModel::batches
  SlotPool<Ride> rides_;
  std::vector<TokenRef> batch_scratch_;
  /// When each batch of the replication was released (full, or its timeout): the log's
  /// `batch_ready`, by Ride::number − 1. Kept only with a log.
  std::vector<Time> batch_ready_;
  std::vector<Pending> pending_;
  std::vector<std::uint32_t> chosen_;
  std::vector<std::uint32_t> freed_pools_;

  ReplicationStats* stats_ = nullptr;
  Time now_ = 0.0;
  std::uint64_t arrivals_ = 0;
  std::uint32_t tickets_ = 0;  // queue tickets handed out in this replication
  std::uint64_t live_cases_ = 0;
  std::uint32_t case_storage_ = 0;  // case slots with attribute, endpoint and log storage

  LogBuffer log_buffer_;
  std::string attribute_text_;
};

}  // namespace bpm::sim
