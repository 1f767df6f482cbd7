// Timers of tasks and waits (BPMN boundary timer events): interrupting timeouts, non-interrupting
// escalations, and abandonment of a queue. Choices the format leaves to the simulator, and why:
// - A visit's timeout and escalation are drawn when the case reaches the step, its patience when
//   it joins the queue, each from the timer's own stream and on every visit whether or not the
//   timer fires, so that the k-th visit uses the k-th draw: common random numbers across scenarios.
// - A timer belongs to one visit. The token's generation is bumped when the visit ends (work
//   done, wait over, timeout, abandonment), which makes the visit's pending timers and its work's
//   end stale at once; giving up its ticket does the same for its queue entries (in every queue
//   of a task several pools can do): no search, no allocation.
// - Timeout: the case leaves the step wherever it is — its queue, its wait, or its work (the
//   server is freed at once; the work done so far counts as busy time of the pool, and as
//   processing time and cost of the case, but not as an execution of the step) — and goes to
//   `to`. A visit cut short writes an event-log row with status `withdraw` (before its work
//   started) or `ate_abort` (work under way), so that a log read back sees the time it took.
// - Escalation: a new token of the case starts at `to`, outside any split (so no join counts it),
//   while the step goes on; the case ends with its last token or at a terminating end as usual.
// - Abandonment: the patience runs while the case is queued; once work has started it is spent.
#include "sim/engine.hpp"

#include <algorithm>
#include <limits>

namespace bpm::sim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void Engine::arm_timers(std::uint32_t token, const CompiledStep& step) {
  const CompiledTimers& timers = model_.timers[step.timers];
  const std::uint32_t generation = tokens_[token].generation;
  const std::uint32_t c = tokens_[token].case_index;
  if (timers.timeout.armed()) {
    events_.push(now_ + sample(timers.timeout.sampler, timers.timeout.stream, c), EventKind::Timeout, token,
                 generation);
  }
  if (timers.escalate.armed()) {
    events_.push(now_ + sample(timers.escalate.sampler, timers.escalate.stream, c), EventKind::Escalation, token,
                 generation);
  }
}

void Engine::arm_abandon(std::uint32_t token, const CompiledStep& step) {
  if (step.timers == kNone) return;  // a batch or multi-instance task
  const CompiledTimer& abandon = model_.timers[step.timers].abandon;
  if (!abandon.armed()) return;
  events_.push(now_ + sample(abandon.sampler, abandon.stream, tokens_[token].case_index), EventKind::Abandon, token,
               tokens_[token].generation);
}

bool Engine::on_timer(EventKind kind, std::uint32_t token) {
  const std::uint32_t s = tokens_[token].step;
  const std::uint32_t c = tokens_[token].case_index;
  const CompiledTimers& timers = model_.timers[model_.steps[s].timers];
  StepStats& st = stats_->steps[s];
  const bool measured = cases_[c].measured;
  switch (kind) {
    case EventKind::Timeout:
      if (measured) ++st.timeouts;
      interrupt(token, timers.timeout.to);
      return true;
    case EventKind::Abandon:
      if (tokens_[token].state != TokenState::Queued) return false;  // served in time
      if (measured) ++st.abandoned;
      interrupt(token, timers.abandon.to);
      return true;
    case EventKind::Escalation:
      if (measured) ++st.escalations;
      advance(branch_token(c), timers.escalate.to);
      return true;
    default: return false;
  }
}

void Engine::interrupt(std::uint32_t token, std::uint32_t to) {
  Token& tok = tokens_[token];
  const CompiledStep& step = model_.steps[tok.step];
  CaseState& cs = cases_[tok.case_index];
  std::uint32_t freed = kNone;  // a pool with a server given back
  switch (tok.state) {
    case TokenState::Queued: {
      // The entries go stale with the ticket; the live counts drop now. A task several pools can
      // do waits in the queue of each (or, under shortest_queue, of the one it chose).
      const bool several = step.pool_count != 0;
      if (several) {
        leave_queues(token, step, kNone);
      } else {
        --pools_[step.resource].queued;
        queue_length_changed(step.resource);
      }
      tok.ticket = 0;
      if (log_ != nullptr) {
        // The queue it left, named as for work queued when a run stops (several: none).
        const std::uint32_t queued_at = !several                                   ? step.resource
                                        : step.policy == PoolPolicy::ShortestQueue ? tok.pool
                                                                                   : kNone;
        case_rows_.add(tok.case_index,
                       {tok.step, kNone, queued_at, tok.enabled, kNaN, now_, 0.0, LogStatus::Withdrawn});
      }
      // The time in the queue is waiting of the case, as if the work had started now (split by
      // the hours of the pool it queued for; of the first pool when it queued for several).
      if (cs.measured && now_ > tok.enabled) {
        const std::uint32_t pool = several && step.policy == PoolPolicy::ShortestQueue ? tok.pool : step.resource;
        const CalendarClock* clock = clock_of(pool);
        account(tok.case_index, {metrics::Span::Kind::Pending, tok.enabled, now_, clock},
                metrics::pending_split(clock, tok.enabled, now_));
      }
      break;
    }
    case TokenState::Waiting:
      if (log_ != nullptr && step.logged) {
        case_rows_.add(tok.case_index, {tok.step, kNone, kNone, tok.enabled, kNaN, now_, 0.0, LogStatus::Withdrawn});
      }
      if (cs.measured) {
        metrics::WaitSplit timer;
        timer[metrics::Cause::Timer] = now_ - tok.enabled;
        account(tok.case_index, {metrics::Span::Kind::Timer, tok.enabled, now_, nullptr}, timer);
      }
      break;
    case TokenState::Working: {
      // The net work done so far: open time of whoever did it since the start.
      const auto done = [&](const CalendarClock& clock) {
        return clock.always_open() ? now_ - tok.started : clock.open_seconds(tok.started, now_);
      };
      double work = now_ - tok.started;
      double cost = 0.0;
      const CalendarClock* work_clock = nullptr;
      // The pool that took the work (one of several pools, or the member's).
      const std::uint32_t pool = step_pool(tok, step);
      const std::uint32_t server = tok.server;
      if (tok.server != kNone) {
        const CalendarClock& clock = model_.servers[tok.server].clock;
        if (!clock.always_open()) work_clock = &clock;
        work = done(model_.servers[tok.server].clock);
        cost = work * model_.servers[tok.server].cost_per_second;
        release_server(tok.server, tok.started);
        tok.server = kNone;
        freed = pool;
      } else if (pool != kNone) {
        work_clock = clock_of(pool);
        work = done(model_.resources[pool].clock);
        cost = work * (step.pool_count != 0 ? model_.resources[pool].cost_per_second : step.cost_per_second);
        --pools_[pool].busy;
        stats_->resources[pool].busy += busy_between(pool, tok.started, now_);
        freed = pool;
      }
      if (cs.measured) {
        // The wait before the work and the work cut short, as on_task_end accounts them.
        const CalendarClock* clock = pool != kNone ? clock_of(pool) : nullptr;
        if (tok.started > tok.enabled) {
          account(tok.case_index, {metrics::Span::Kind::Pending, tok.enabled, tok.started, clock},
                  metrics::pending_split(clock, tok.enabled, tok.started));
        }
        metrics::WaitSplit paused;
        if (work_clock != nullptr) paused[metrics::Cause::Closed] = std::max(0.0, now_ - tok.started - work);
        account(tok.case_index, {metrics::Span::Kind::Work, tok.started, now_, work_clock}, paused);
      }
      cs.processing += work;
      cs.cost += cost;
      if (log_ != nullptr) {
        case_rows_.add(tok.case_index,
                       {tok.step, server, pool, tok.enabled, tok.started, now_, cost, LogStatus::Aborted});
      }
      break;
    }
    default: break;
  }
  ++tok.generation;
  tok.state = TokenState::Routing;
  if (freed != kNone && pools_[freed].queued > 0) dispatch(freed);
  advance(token, to);
}

}  // namespace bpm::sim
