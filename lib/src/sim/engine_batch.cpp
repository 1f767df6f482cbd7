// Batch tasks (`batch: { size, timeout }`): cases collect at the task until `size` are there, or
// until `timeout` after the first of them; then one execution — one server, one drawn duration —
// serves them all (a weekly payment run, a courier round). Choices, and why:
// - The first case of a batch leads it: it queues for the pool and does the work, carrying the
//   others (its ride). The others wait in state Batched: no queue entry, no events of their own.
// - When the work ends, every case of the batch has an execution of the step with the batch's
//   times: its waiting is from its own arrival at the task to the batch's start, its processing
//   the batch's work, its cost an equal share of the batch's cost (so cost totals add up) plus,
//   with a cost formula, its own fee for its own attributes; its `set:` is applied to it. The
//   duration is drawn once, with the attributes of the case that leads the batch. The pool is
//   busy once for the batch. `steps.<id>.batches` counts the executions.
// - A case that ends while its batch is under way (another branch reached a terminating end)
//   leaves the batch: the work goes on for the others, led by the next of them; a batch led out of
//   a queue that way re-joins the queue at its end. A case that ends while being collected is
//   skipped when its batch is released.
// - The timeout draws from its own stream, once per batch, when the batch's first case arrives.
#include <algorithm>
#include <cmath>

#include "sim/engine.hpp"

namespace bpm::sim {

void Engine::collect(std::uint32_t token, const CompiledStep& step) {
  Token& tok = tokens_[token];
  tok.state = TokenState::Batched;
  BatchCollector& collector = collectors_[step.batch];
  collector.waiting.push_back({token, tok.generation});
  const CompiledBatch& batch = model_.batches[step.batch];
  if (collector.waiting.size() == 1 && batch.sampler != kNone) {
    events_.push(now_ + sample(batch.sampler, batch.stream, tok.case_index), EventKind::BatchDue, step.batch,
                 collector.number);
  }
  if (collector.waiting.size() >= batch.size) release_batch(step.batch);
}

void Engine::release_batch(std::uint32_t b) {
  BatchCollector& collector = collectors_[b];
  ++collector.number;  // the pending timeout of this batch goes stale
  std::uint32_t leader = kNone;
  const std::uint32_t ride = rides_.allocate();
  std::vector<TokenRef>& riders = rides_[ride].riders;
  riders.clear();
  for (const TokenRef& e : collector.waiting) {
    if (tokens_[e.token].generation != e.generation) continue;  // its case ended meanwhile
    if (leader == kNone) {
      leader = e.token;
    } else {
      riders.push_back(e);
    }
  }
  collector.waiting.clear();
  if (leader == kNone) {
    rides_.release(ride);
    return;
  }
  tokens_[leader].ride = ride;
  // Numbered for the event log, which names the rows a batch served and when it was released.
  if (log_ != nullptr) {
    batch_ready_.push_back(now_);
    rides_[ride].number = static_cast<std::uint32_t>(batch_ready_.size());
  }
  serve(leader, model_.steps[model_.batches[b].step]);
}

void Engine::finish_batch(std::uint32_t token) {
  Token& tok = tokens_[token];
  const std::uint32_t s = tok.step;
  const CompiledStep& step = model_.steps[s];
  const std::uint32_t server = tok.server;
  const Time started = tok.started;
  const double work = tok.work;
  const std::uint32_t pool = step_pool(tok, step);
  const double rate = server != kNone        ? model_.servers[server].cost_per_second
                      : step.pool_count != 0 ? model_.resources[pool].cost_per_second
                                             : step.cost_per_second;
  // One execution's cost, shared equally; a cost formula is each case's own fee on top.
  const double cost = (step.cost_formula == kNone ? step.fixed_cost : 0.0) + rate * work;
  // The cases of the batch, leader first; the ride is given back before anyone moves on, since
  // moving on may release another batch.
  batch_scratch_.clear();
  batch_scratch_.push_back({token, tok.generation});
  const std::vector<TokenRef>& riders = rides_[tok.ride].riders;
  batch_scratch_.insert(batch_scratch_.end(), riders.begin(), riders.end());
  const std::uint32_t batch_number = rides_[tok.ride].number;
  rides_.release(tok.ride);
  tok.ride = kNone;
  // The pool (or member) worked once for the whole batch.
  if (server != kNone) {
    tok.server = kNone;
    release_server(server, started);
  } else if (pool != kNone) {
    --pools_[pool].busy;
    if (stats_->measuring) {
      stats_->resources[pool].busy += started >= stats_->window_start ? work : busy_between(pool, started, now_);
    }
  }
  const auto live =
      static_cast<double>(std::count_if(batch_scratch_.begin(), batch_scratch_.end(), [&](const TokenRef& e) {
        return tokens_[e.token].generation == e.generation;
      }));
  const double share = cost / live;
  bool measured_batch = false;
  for (const TokenRef& e : batch_scratch_) {
    Token& member = tokens_[e.token];
    if (member.generation != e.generation) continue;
    const std::uint32_t c = member.case_index;
    CaseState& cs = cases_[c];
    const double waited = started - member.enabled;
    const double fee_of_case = step.cost_formula == kNone ? 0.0 : fee(step, s, c);
    const double case_cost = share + fee_of_case;
    cs.processing += work;
    cs.cost += case_cost;
    ++stats_->executions;
    if (cs.measured) {
      measured_batch = true;
      StepStats& st = stats_->steps[s];
      ++st.count;
      // Collecting for the batch and queueing for the pool are waiting, split by the pool's hours;
      // the batch's work is work of each of its cases.
      const CalendarClock* clock = pool != kNone ? clock_of(pool) : nullptr;
      const metrics::WaitSplit pending =
          waited > 0.0 ? metrics::pending_split(clock, member.enabled, started) : metrics::WaitSplit{};
      st.waiting += waited;
      st.waiting_queue += pending[metrics::Cause::Queue];
      st.waiting_closed += pending[metrics::Cause::Closed];
      st.processing += work;
      st.cost += case_cost;
      st.fees += fee_of_case;
      if (repeated(c, s)) ++st.repeats;
      if (waited > 0.0) account(c, {metrics::Span::Kind::Pending, member.enabled, started, clock}, pending);
      const CalendarClock* work_clock =
          server == kNone ? clock
                          : (model_.servers[server].clock.always_open() ? nullptr : &model_.servers[server].clock);
      metrics::WaitSplit paused;
      if (work_clock != nullptr) paused[metrics::Cause::Closed] = std::max(0.0, now_ - started - work);
      account(c, {metrics::Span::Kind::Work, started, now_, work_clock}, paused);
      if (pool != kNone) {
        ResourceStats& rs = stats_->resources[pool];
        ++rs.served;
        rs.waiting += waited;
        rs.waiting_queue += pending[metrics::Cause::Queue];
        rs.waiting_closed += pending[metrics::Cause::Closed];
        if (server != kNone) ++stats_->servers[server].served;
      }
    }
    if (log_ != nullptr) {
      case_rows_.add(c, {s, server, pool, member.enabled, started, now_, case_cost, LogStatus::Complete, batch_number});
    }
    if (step.set_count != 0) apply_set(step, c);  // each case's own attributes
    if (step.start_endpoint != kNone) {           // the batch's start, not now
      Time& first = endpoints_[static_cast<std::size_t>(c) * model_.endpoint_slots + step.start_endpoint];
      if (std::isnan(first)) first = started;
    }
    mark(c, step.end_endpoint);
    member.state = TokenState::Routing;
  }
  if (measured_batch) ++stats_->steps[s].batches;
  if (pool != kNone && pools_[pool].queued > 0) dispatch(pool);
  for (const TokenRef& e : batch_scratch_) {
    // An earlier case of the batch may have ended this one's case (a shared parallel branch).
    if (tokens_[e.token].generation == e.generation) advance(e.token, step.next);
  }
}

void Engine::hand_over(std::uint32_t token) {
  Token& tok = tokens_[token];
  const std::uint32_t ride = tok.ride;
  tok.ride = kNone;
  std::vector<TokenRef>& riders = rides_[ride].riders;
  // The next live case of the batch that is not of the ending case leads it on.
  std::uint32_t next = kNone;
  std::size_t taken = 0;
  while (taken < riders.size()) {
    const TokenRef e = riders[taken++];
    if (tokens_[e.token].generation == e.generation && tokens_[e.token].case_index != tok.case_index) {
      next = e.token;
      break;
    }
  }
  riders.erase(riders.begin(), riders.begin() + static_cast<std::ptrdiff_t>(taken));
  if (next == kNone) {
    rides_.release(ride);
    return;
  }
  Token& lead = tokens_[next];
  lead.ride = ride;
  const CompiledStep& step = model_.steps[tok.step];
  if (tok.state == TokenState::Working) {
    // Same work, same server, same end: only the token that carries it changes.
    lead.state = TokenState::Working;
    lead.started = tok.started;
    lead.work = tok.work;
    lead.server = tok.server;
    lead.pool = tok.pool;
    const std::uint32_t pool = step_pool(tok, step);
    Time end = tok.started + tok.work;
    if (tok.server != kNone) {
      end = servers_[tok.server].hours.add_open_time(tok.started, tok.work);
    } else if (pool != kNone) {
      end = pools_[pool].hours.add_open_time(tok.started, tok.work);
    }
    tok.server = kNone;
    tok.state = TokenState::Routing;  // nothing left for finish_case to free
    events_.push(end, EventKind::TaskEnd, next, lead.generation);
  } else {
    serve(next, step);  // it was queued: the batch queues again
  }
}

}  // namespace bpm::sim
