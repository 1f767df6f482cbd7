#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/stats/histogram.hpp"
#include "metrics/waiting.hpp"
#include "sim/compiled_model.hpp"
#include "sim/duration_histogram.hpp"

namespace bpm::sim {

/// The time average of a piecewise-constant level (WIP, queue length), as bpm::TimeWeighted
/// computes it, but inline: the engine updates these several times per case, and an out-of-line
/// call with its monotonicity check cost 5% of the M/M/3 benchmark. The engine's clock never runs
/// backwards, so the check is not needed here.
class Level {
 public:
  explicit Level(Time start = 0.0) noexcept : start_(start), last_(start) {}
  void update(Time t, double level) noexcept {
    area_ += level_ * (t - last_);
    last_ = t;
    level_ = level;
  }
  /// Starts a new window at t with the current level (warm-up deletion).
  void reset(Time t) noexcept {
    update(t, level_);
    start_ = t;
    area_ = 0.0;
  }
  void finish(Time t) noexcept { update(t, level_); }
  /// Time-average over [start, last update]; NaN for an empty window.
  [[nodiscard]] double mean() const noexcept {
    return last_ > start_ ? area_ / (last_ - start_) : std::numeric_limits<double>::quiet_NaN();
  }

 private:
  Time start_;
  Time last_;
  double level_ = 0.0;
  double area_ = 0.0;
};

/// Accumulators of one task, wait or join step, over the executions completed by measured cases
/// (a join: its firings).
struct StepStats {
  std::uint64_t count = 0;
  std::uint64_t repeats = 0;    // executions beyond the first of the step in their case
  double waiting = 0.0;         // enabled to started (task), timer delay (wait), first arrival to firing (join)
  double waiting_queue = 0.0;   // tasks: the part of `waiting` with the pool open ...
  double waiting_closed = 0.0;  // ... and closed
  double processing = 0.0;      // net work, seconds
  double cost = 0.0;
  // Timers (CompiledTimers), counted for measured cases.
  std::uint64_t timeouts = 0;     // visits left by an interrupting timeout
  std::uint64_t escalations = 0;  // escalations fired
  std::uint64_t abandoned = 0;    // visits whose case left the queue
  std::uint64_t batches = 0;      // batch executions completed that served a measured case
  double fees = 0.0;              // fixed costs from a cost formula (cost.rostered counts them)
};

struct ResourceStats {
  std::uint64_t served = 0;     // executions of measured cases completed
  double waiting = 0.0;         // their waits for the pool ...
  double waiting_queue = 0.0;   // ... with the pool open
  double waiting_closed = 0.0;  // ... and closed
  double busy = 0.0;            // working seconds inside the measured window (any case)
  double open = 0.0;  // open seconds of the pool's calendar inside the window (with members: summed over them)
  Level queue;        // live queue length
};

/// One named member of a pool.
struct ServerStats {
  std::uint64_t served = 0;  // executions of measured cases completed
  double busy = 0.0;         // working seconds inside the measured window (any case)
  double open = 0.0;         // open seconds of its hours inside the window
};

/// Everything one replication measures, before it is turned into metric values.
struct ReplicationStats {
  Time window_start = 0.0;  // measured period [window_start, window_end]
  Time window_end = 0.0;
  bool measuring = false;

  std::uint64_t arrived = 0;    // measured cases
  std::uint64_t completed = 0;  // measured cases that ended
  std::uint64_t in_flight = 0;  // measured cases still open at the end of the run
  std::uint64_t reworked = 0;   // completed measured cases that ran some step more than once
  double processing = 0.0;      // summed over completed measured cases
  metrics::WaitSplit idle;      // waiting time by cause, summed over completed measured cases
  double cost_completed = 0.0;  // summed over completed measured cases
  double revenue = 0.0;
  double won_revenue = 0.0;
  DurationHistogram cycle_samples;  // filled per case ...
  DurationHistogram waiting_samples;
  LogHistogram cycle_time;  // ... and handed over at the end of the run
  LogHistogram waiting_time;
  Level wip;
  std::vector<std::uint64_t> outcomes;
  std::vector<std::uint64_t> stream_arrived;  // measured cases per arrival stream
  std::vector<std::uint64_t> sla_met;
  std::vector<std::uint64_t> sla_breached;
  std::vector<StepStats> steps;
  std::vector<ResourceStats> resources;
  std::vector<ServerStats> servers;

  std::uint64_t events = 0;
  std::uint64_t executions = 0;  // task and wait executions, warm-up included
  std::uint64_t cases = 0;       // arrivals, warm-up included

  explicit ReplicationStats(const CompiledModel& model)
      : outcomes(model.outcomes.size()),
        stream_arrived(model.streams.size()),
        sla_met(model.slas.size()),
        sla_breached(model.slas.size()),
        steps(model.steps.size()),
        resources(model.resources.size()),
        servers(model.servers.size()) {}
};

}  // namespace bpm::sim
