// The discrete-event engine. Choices the process format leaves to the simulator, and why:
// - Pools: work starts only while the pool's calendar is open; work running at closing time is
//   paused and resumes at the next opening with the same server (its end is add_open_time(start,
//   work)), so no resource ever works outside its hours. The server stays held while paused.
// - Queues: one FIFO per priority level per pool, highest level first. A pool that serves a step
//   with a per-case priority (`priority: score`) keeps one heap ordered by (priority, arrival)
//   instead; the priority is evaluated when the task joins the queue, and an undefined one ranks
//   last. A branch cut short by an end leaves its queue entry behind; entries carry the token's
//   generation and stale ones are skipped when reached (lazy deletion), while the live count used
//   for statistics drops at once.
// - Durations are sampled when work starts (not when queued), from the task's own stream.
// - Measures per execution: waiting = start − enabled (for a timer wait: its whole delay), split
//   into the time its pool was open (queue) and closed; processing = the net work sampled (pauses
//   excluded); cost = fixed + hourly rate × net work. A case's processing time is the sum over its
//   executions; its waiting time is the time it was not worked on, by cause (metrics/waiting.hpp),
//   so it never exceeds its cycle time. A case reworks when it runs a task or wait step again.
//   Work cut short by an end counts as busy time of the pool (its servers were occupied) but as
//   no execution of the step or cost of the case.
// - An end with `terminate: false` frees only its token; the case ends, with that end's outcome
//   and revenue, when its last token reaches such an end. A join waiting for a branch that ended
//   never fires; its other tokens are gone already, so the case still ends with its last token.
// - Statistics of steps, cases, outcomes and SLAs count measured cases only (arrived after the
//   warm-up); time averages (WIP, queue length) and busy time cover the measured window, whatever
//   case the work belongs to.
#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "sim/event_log_state.hpp"

namespace bpm::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
/// Formatted log rows are handed to the writer in blocks of about this size.
constexpr std::size_t kLogBlock = 1 << 20;

}  // namespace

Engine::Engine(const CompiledModel& model, EventLogWriter::State* log) : model_(model), log_(log), format_(model) {
  for (const CompiledStream& stream : model.streams) arrival_hours_.emplace_back(stream.clock);
  pools_.reserve(model.resources.size());
  wait_hints_.resize(model.resources.size());
  for (const CompiledResource& r : model.resources) {
    pools_.emplace_back(r.clock);
    pools_.back().levels.resize(r.priorities.size());
  }
  servers_.reserve(model.servers.size());
  for (const CompiledServer& server : model.servers) servers_.emplace_back(server.clock);
  streams_.reserve(model.stream_keys.size());
  events_.reserve(1024);
  collectors_.resize(model.batches.size());
}

// ---- run ---------------------------------------------------------------------------------------

void Engine::reset(std::uint32_t replication) {
  replication_ = replication;
  streams_.clear();
  for (const std::uint64_t key : model_.stream_keys)
    streams_.push_back(Rng::stream(model_.limits.seed, replication, key));
  events_.clear();
  tokens_.clear();
  frames_.clear();
  cases_.clear();
  for (Pool& pool : pools_) {
    pool.busy = 0;
    pool.queued = 0;
    pool.wake_pending = false;
    pool.wake_at = 0.0;
    pool.wake_number = 0;
    for (auto& level : pool.levels) level = RingQueue<QueueEntry>();
    pool.ranked.clear();
    pool.ranked_order = 0;
  }
  for (Server& server : servers_) {
    server.busy = false;
    server.idle_since = model_.limits.start;
  }
  pending_.clear();
  for (BatchCollector& collector : collectors_) {
    collector.waiting.clear();
    collector.number = 0;
  }
  rides_.clear();
  batch_ready_.clear();
  tickets_ = 0;
  // Case numbers restart with every replication: stamps of the previous one would read as repeats.
  std::fill(visits_.begin(), visits_.end(), 0);
  now_ = model_.limits.start;
  arrivals_ = 0;
  live_cases_ = 0;
  log_buffer_.clear();
  if (log_ != nullptr) case_rows_.reset();
}

ReplicationStats Engine::run(std::uint32_t replication) {
  ReplicationStats stats(model_);
  stats_ = &stats;
  reset(replication);
  const RunLimits& limits = model_.limits;
  const Time t0 = limits.start;
  horizon_end_ = limits.horizon ? t0 + *limits.horizon : kInf;
  arrival_limit_ = limits.cases.value_or(std::numeric_limits<std::uint64_t>::max());
  stats.wip = Level(t0);
  for (ResourceStats& r : stats.resources) r.queue = Level(t0);
  if (limits.warmup_cases == 0) {
    if (limits.warmup_time > 0.0) {
      events_.push(t0 + limits.warmup_time, EventKind::MeasureStart, 0, 0);
    } else {
      start_measuring(t0);
    }
  }
  for (std::uint32_t k = 0; k < model_.streams.size(); ++k) schedule_arrival(k, t0);

  // The end of a drained run is its last event that did something: stale events (of branches
  // cut short by an end) and wake-ups of pools with nothing left to do do not prolong it.
  Time last_live = t0;
  // Events at +infinity (work that a calendar never reopens to finish) never happen: they stay
  // pending, their cases in flight, rather than running at t = inf.
  const std::uint64_t horizon_key = Event::time_key(std::min(horizon_end_, std::numeric_limits<double>::max()));
  while (!events_.empty()) {
    if (events_.top().key > horizon_key) break;
    const Event e = events_.take();
    now_ = e.time();
    if (now_ >= kTimestampLimit) [[unlikely]] {
      throw SimulationError(
          "the simulation clock reached the year 10000, which no timestamp can record: start earlier, or simulate "
          "fewer cases");
    }
    ++stats.events;
    switch (e.kind()) {
      case EventKind::Arrival:
        on_arrival(0);
        last_live = now_;
        break;
      case EventKind::StreamArrival:
        on_arrival(e.target);
        last_live = now_;
        break;
      case EventKind::TaskEnd:
        if (tokens_[e.target].generation == e.generation) {
          on_task_end(e.target);
          last_live = now_;
        }
        break;
      case EventKind::WaitEnd:
        if (tokens_[e.target].generation == e.generation) {
          on_wait_end(e.target);
          last_live = now_;
        }
        break;
      case EventKind::PoolOpens:
        if (e.generation == pools_[e.target].wake_number) {  // else superseded by an earlier one
          if (pools_[e.target].queued > 0) last_live = now_;
          on_pool_opens(e.target);
        }
        break;
      case EventKind::MeasureStart:
        start_measuring(now_);
        last_live = now_;
        break;
      case EventKind::Timeout:
      case EventKind::Escalation:
      case EventKind::Abandon:
        if (tokens_[e.target].generation == e.generation && on_timer(e.kind(), e.target)) last_live = now_;
        break;
      case EventKind::BatchDue:
        if (collectors_[e.target].number == e.generation) {
          release_batch(e.target);
          last_live = now_;
        }
        break;
    }
    events_.settle();
  }
  finalize(limits.horizon ? horizon_end_ : last_live);
  stats_ = nullptr;
  return stats;
}

void Engine::start_measuring(Time t) {
  if (stats_->measuring) return;
  stats_->measuring = true;
  stats_->window_start = t;
  stats_->wip.reset(t);
  for (ResourceStats& r : stats_->resources) r.queue.reset(t);
  if (log_ != nullptr) {
    // The log says when the measured period began, before any row of a case that ends after it:
    // bpm-kpi then applies the same warm-up (share/doc/bpm-sim.md, "Event log").
    char* out = log_buffer_.tail(96);
    out = format_.window_start(out, replication_, t);
    log_buffer_.commit(out);
  }
}

void Engine::finalize(Time end) {
  ReplicationStats& s = *stats_;
  // Work in progress when the run stops counts as busy up to the end.
  for (std::uint32_t t = 0; t < tokens_.capacity(); ++t) {
    const Token& token = tokens_[t];
    if (token.state != TokenState::Working) continue;
    const std::uint32_t pool = step_pool(token, model_.steps[token.step]);
    if (token.server != kNone) {
      const double busy = busy_between(model_.servers[token.server].clock, token.started, end);
      s.servers[token.server].busy += busy;
      s.resources[model_.servers[token.server].pool].busy += busy;
    } else if (pool != kNone) {
      s.resources[pool].busy += busy_between(pool, token.started, end);
    }
  }
  // Cases still open are WIP; their SLAs count when already breached; their rows are written with
  // an empty outcome, in arrival order.
  std::vector<std::uint32_t> open_cases;
  for (std::uint32_t c = 0; c < cases_.capacity(); ++c) {
    if (cases_[c].live) open_cases.push_back(c);
  }
  std::sort(open_cases.begin(), open_cases.end(),
            [this](std::uint32_t a, std::uint32_t b) { return cases_[a].number < cases_[b].number; });
  s.in_flight = 0;
  // The cases riding in a batch released but not finished: their leader, by token.
  std::vector<std::uint32_t> leader_of;
  if (log_ != nullptr && !model_.batches.empty()) {
    leader_of.assign(tokens_.capacity(), kNone);
    for (std::uint32_t t = 0; t < tokens_.capacity(); ++t) {
      if (tokens_[t].state == TokenState::Free || tokens_[t].ride == kNone) continue;
      for (const TokenRef& e : rides_[tokens_[t].ride].riders) {
        if (tokens_[e.token].generation == e.generation) leader_of[e.token] = t;
      }
    }
  }
  for (const std::uint32_t c : open_cases) {
    if (cases_[c].measured) ++s.in_flight;
    if (cases_[c].measured) evaluate_slas(c, false, end);
    if (log_ != nullptr) {
      // The work still under way, so that a log read back sees what the run saw: queued and timer
      // executions without a start, working ones without an end (share/doc/bpm-sim.md).
      for (std::uint32_t t = cases_[c].first_token; t != kNone; t = tokens_[t].next) {
        const Token& tok = tokens_[t];
        // A case riding in a released batch is where its leader is, in the same batch; one still
        // being collected waits for no pool yet.
        const bool rider = tok.state == TokenState::Batched && !leader_of.empty() && leader_of[t] != kNone;
        const Token& lead = rider ? tokens_[leader_of[t]] : tok;
        const std::uint32_t batch = lead.ride != kNone ? rides_[lead.ride].number : 0;
        // A queued execution of a step with several pools names none (it waits at each of
        // them), unless `shortest_queue` put it in the queue of one.
        const CompiledStep& st = model_.steps[tok.step];
        if (lead.state == TokenState::Working) {
          case_rows_.add(c, {tok.step, lead.server, step_pool(lead, st), tok.enabled, lead.started, kNaN, kNaN,
                             LogStatus::Complete, batch});
        } else if (lead.state == TokenState::Queued || tok.state == TokenState::Waiting ||
                   tok.state == TokenState::Batched) {
          const std::uint32_t queued_at = st.pool_count == 0                       ? st.resource
                                          : st.policy == PoolPolicy::ShortestQueue ? lead.pool
                                                                                   : kNone;
          const std::uint32_t pool = lead.state == TokenState::Queued ? queued_at : kNone;
          case_rows_.add(c, {tok.step, kNone, pool, tok.enabled, kNaN, kNaN, kNaN, LogStatus::Complete, batch});
        }
      }
      flush_case_log(c, {});
    }
  }
  if (s.measuring) {
    end = std::max(end, s.window_start);
    s.window_end = end;
    s.wip.finish(end);
    const auto open_seconds = [&](const CalendarClock& clock) {
      return clock.always_open() ? end - s.window_start : clock.open_seconds(s.window_start, end);
    };
    for (std::size_t r = 0; r < s.resources.size(); ++r) {
      ResourceStats& rs = s.resources[r];
      rs.queue.finish(end);
      rs.open = model_.resources[r].first_server == kNone ? open_seconds(model_.resources[r].clock) : 0.0;
    }
    for (std::size_t m = 0; m < s.servers.size(); ++m) {
      s.servers[m].open = open_seconds(model_.servers[m].clock);
      s.resources[model_.servers[m].pool].open += s.servers[m].open;
    }
  }
  s.cases = arrivals_;
  s.cycle_time = s.cycle_samples.build();
  s.waiting_time = s.waiting_samples.build();
  if (log_ != nullptr) {
    log_->finish(replication_, log_buffer_.view());
    log_buffer_.clear();
  }
}

// ---- arrivals ----------------------------------------------------------------------------------

void Engine::schedule_arrival(std::uint32_t k, Time from) {
  if (arrivals_ >= arrival_limit_) return;
  const CompiledStream& stream = model_.streams[k];
  Time t = 0.0;
  if (stream.rate_based) {
    t = stream.rate.next(from, -std::log(streams_[stream.stream].uniform()));
  } else {
    const double drawn = stream.interarrival.sample(streams_[stream.stream]);
    const double gap = drawn > 0.0 ? drawn : 0.0;
    t = arrival_hours_[k].add_open_time(from, gap);
    // Opening hours are half-open, [open, close): an arrival whose clock runs out at the very
    // closing instant comes at the next opening, as in Prosimos and BIMP (a fixed hourly arrival
    // in 09:00-14:00 brings cases at 09:00..13:00 of the next opening, not one at 14:00).
    if (!arrival_hours_[k].always_open() && !std::isinf(t) && !arrival_hours_[k].is_open(t)) {
      t = arrival_hours_[k].clock().next_open(t);
    }
  }
  if (!(t <= horizon_end_) || std::isinf(t)) return;
  // The first stream's arrival has the queue's side slot; the others are ordinary events.
  if (k == 0) {
    events_.push(t, EventKind::Arrival, 0, 0);
  } else {
    events_.push(t, EventKind::StreamArrival, k, 0);
  }
}

/// An arrival of stream k: a batch of `size` cases (one without it), each with its attributes;
/// then the stream's next arrival is scheduled and the new cases start.
void Engine::on_arrival(std::uint32_t k) {
  const CompiledStream& stream = model_.streams[k];
  if (stream.size_sampler == kNone) {  // one case per arrival: the common case, kept lean
    const std::uint32_t c = admit(k);
    schedule_arrival(k, now_);
    advance(new_token(c, kNone), stream.start_step);
    return;
  }
  std::uint64_t size = 1;
  if (stream.size_sampler != kNone) {
    // A count: rounded to a whole number; 0 (or less) brings no case.
    const double drawn = model_.samplers[stream.size_sampler].sample(streams_[stream.size_stream]);
    if (drawn >= kMaxArrivalSize + 0.5) [[unlikely]] {
      throw SimulationError(
          fmt::format("{}: an arrival of {:g} cases, more than the {} one arrival may bring (size)",
                      stream.id.empty() ? std::string("arrivals") : "arrival stream '" + stream.id + "'",
                      std::round(drawn), kMaxArrivalSize));
    }
    size = drawn >= 0.5 ? static_cast<std::uint64_t>(std::round(drawn)) : 0;
  }
  batch_.clear();
  for (std::uint64_t i = 0; i < size && arrivals_ < arrival_limit_; ++i) batch_.push_back(admit(k));
  schedule_arrival(k, now_);
  for (const std::uint32_t c : batch_) advance(new_token(c, kNone), stream.start_step);
}

[[gnu::always_inline]] inline std::uint32_t Engine::admit(std::uint32_t k) {
  const std::uint64_t number = ++arrivals_;
  const std::uint32_t c = cases_.allocate();
  if (c >= case_storage_) grow_case_storage();
  const std::size_t attribute_count = model_.attributes.size();
  const RunLimits& limits = model_.limits;
  const bool measured = number > limits.warmup_cases && now_ >= limits.start + limits.warmup_time;
  if (measured && !stats_->measuring) start_measuring(now_);
  CaseState& cs = cases_[c];
  cs = CaseState{};
  cs.number = number;
  cs.arrival = now_;
  cs.measured = measured;
  cs.live = true;
  if (measured) {
    ++stats_->arrived;
    ++stats_->stream_arrived[k];
  }

  const CompiledStream& stream = model_.streams[k];
  Value* values = attributes(c);
  for (std::size_t i = 0; i < attribute_count; ++i) {
    const CompiledAttribute* a = &model_.attributes[i];
    if (!stream.own.empty() && stream.own[i] != kNone) {
      a = &stream.own_attributes[stream.own[i]];
    } else if (a->formula != kNone) {
      values[i] = model_.expressions[a->formula].eval(values);  // reads the attributes before it
      continue;
    } else if (!a->common) {
      values[i] = Value::number(kNaN);  // neither this stream nor arrivals.attributes draws it
      continue;
    }
    Rng& rng = streams_[a->stream];
    if (a->categorical) {
      const double u = rng.uniform();
      std::size_t j = 0;
      while (j + 1 < a->cumulative.size() && u >= a->cumulative[j]) ++j;
      values[i] = Value::string(a->categories[j]);
    } else {
      values[i] = Value::number(a->numeric.sample(rng));
    }
  }
  if (model_.endpoint_slots > 0) {
    std::fill_n(endpoints_.begin() + static_cast<std::ptrdiff_t>(c) * model_.endpoint_slots, model_.endpoint_slots,
                kNaN);
  }
  if (log_ != nullptr) case_rows_.clear(c);
  case_spans_[c].clear();

  ++live_cases_;
  stats_->wip.update(now_, static_cast<double>(live_cases_));
  return c;
}

void Engine::grow_case_storage() {
  case_storage_ = std::max<std::uint32_t>(64, 2 * cases_.capacity());
  attributes_.resize(static_cast<std::size_t>(case_storage_) * model_.attributes.size());
  endpoints_.resize(static_cast<std::size_t>(case_storage_) * model_.endpoint_slots);
  visits_.resize(static_cast<std::size_t>(case_storage_) * model_.steps.size());
  case_spans_.resize(case_storage_);
  if (log_ != nullptr) case_rows_.resize(case_storage_);
}

// ---- routing -----------------------------------------------------------------------------------

void Engine::advance(std::uint32_t token, std::uint32_t step) {
  route(token, step);
  while (!pending_.empty()) {
    const Pending p = pending_.back();
    pending_.pop_back();
    // A branch whose case ended (another branch reached an end) is gone.
    if (tokens_[p.token].generation != p.generation) continue;
    route(p.token, p.step);
  }
}

void Engine::route(std::uint32_t token, std::uint32_t s) {
  for (;;) {
    Token& tok = tokens_[token];
    const std::uint32_t c = tok.case_index;
    CaseState& cs = cases_[c];
    const CompiledStep& step = model_.steps[s];
    if (++cs.steps > model_.limits.max_steps_per_case) [[unlikely]] {
      throw SimulationError(fmt::format("case {} exceeded max_steps_per_case ({}) at step '{}': a loop with no exit?",
                                        cs.number, model_.limits.max_steps_per_case, model_.step_ids[s]));
    }
    tok.step = s;
    tok.enabled = now_;
    switch (step.kind) {
      case StepKind::Task:
        if (step.special) [[unlikely]] {
          if (enter_special_task(token, s)) return;
          s = step.next;  // no instance this time: the task is skipped
          continue;
        }
        if (step.resource == kNone) {
          start_work(token, step);
        } else {
          request(token, step);
        }
        return;
      case StepKind::Wait: {
        mark(c, step.start_endpoint);
        tok.state = TokenState::Waiting;
        const double delay = sample(step.sampler, step.stream, c);
        events_.push(now_ + delay, EventKind::WaitEnd, token, tok.generation);
        if (step.special) [[unlikely]]
          arm_timers(token, step);  // after the end: on a tie the wait ends
        return;
      }
      case StepKind::Xor:
        mark(c, step.start_endpoint);
        mark(c, step.end_endpoint);
        s = choose_xor(step, c, s);
        continue;
      case StepKind::And:
      case StepKind::Or:
        mark(c, step.start_endpoint);
        mark(c, step.end_endpoint);
        s = split(token, step);
        continue;
      case StepKind::Join: {
        mark(c, step.start_endpoint);
        mark(c, step.end_endpoint);
        const std::uint32_t f = tok.frame;
        double held = 0.0;  // how long the join held the first branch to arrive
        if (f != kNone) {
          Frame& frame = frames_[f];
          if (frame.arrived == 0) frame.first_arrival = now_;
          if (++frame.arrived < frame.expected) {
            free_token(token);
            return;
          }
          held = now_ - frame.first_arrival;
          tok.frame = frame.parent;
          free_frame(c, f);
          if (cs.first_frame == kNone && !std::isnan(cs.parallel_from) && single_token(c)) close_parallel(c);
        }
        if (cs.measured) {
          StepStats& st = stats_->steps[s];
          ++st.count;
          st.waiting += held;
        }
        s = step.next;
        continue;
      }
      case StepKind::End:
        mark(c, step.start_endpoint);
        mark(c, step.end_endpoint);
        // A non-terminating end ends its token; the case ends with its last one.
        if (!step.terminate && (cs.first_token != token || tok.next != kNone)) {
          free_token(token);
          return;
        }
        finish_case(c, s);
        return;
    }
  }
}

std::uint32_t Engine::choose_xor(const CompiledStep& step, std::uint32_t c, std::uint32_t step_index) {
  // The draw is made on every visit, even when a condition decides, so that the k-th visit uses
  // the k-th number of the stream whatever the conditions did: better common random numbers.
  const double u = step.p_branches > 0 ? streams_[step.stream].uniform() : 0.0;
  const CompiledBranch* const first = model_.branches.data() + step.first;
  if (step.conditions > 0) {
    const Value* values = attributes(c);
    for (std::uint32_t i = 0; i < step.count; ++i) {
      const CompiledBranch& b = first[i];
      if (b.condition != kNone && holds(b, values)) return b.to;
    }
  }
  for (std::uint32_t i = 0; i < step.count; ++i) {
    const CompiledBranch& b = first[i];
    if (b.p >= 0.0 && u < b.cumulative) return b.to;
  }
  throw SimulationError(fmt::format("case {} at '{}': no condition holds and no branch has a probability",
                                    cases_[c].number, model_.step_ids[step_index]));
}

std::uint32_t Engine::split(std::uint32_t token, const CompiledStep& step) {
  chosen_.clear();
  if (step.kind == StepKind::And) {
    chosen_.assign(model_.targets.begin() + step.first, model_.targets.begin() + step.first + step.count);
  } else {
    const std::uint32_t c = tokens_[token].case_index;
    const Value* values = attributes(c);
    const CompiledBranch* const first = model_.branches.data() + step.first;
    for (std::uint32_t i = 0; i < step.count; ++i) {
      const CompiledBranch& b = first[i];
      bool taken = b.condition != kNone && holds(b, values);
      // Every p branch draws, taken or not, to keep the stream aligned across scenarios.
      if (b.p >= 0.0 && streams_[step.stream].uniform() < b.p) taken = true;
      if (taken) chosen_.push_back(b.to);
    }
    if (chosen_.empty()) chosen_.push_back(first[step.or_fallback].to);
  }
  const std::uint32_t c = tokens_[token].case_index;
  const std::uint32_t f = frames_.allocate();
  Frame& frame = frames_[f];
  frame = Frame{};
  frame.parent = tokens_[token].frame;
  frame.expected = static_cast<std::uint32_t>(chosen_.size());
  CaseState& cs = cases_[c];
  if (cs.measured && std::isnan(cs.parallel_from)) cs.parallel_from = now_;
  frame.next = cs.first_frame;
  if (cs.first_frame != kNone) frames_[cs.first_frame].prev = f;
  cs.first_frame = f;
  tokens_[token].frame = f;
  // Later branches are queued in reverse so that they run in the order written.
  for (std::size_t i = chosen_.size(); i-- > 1;) {
    const std::uint32_t branch = new_token(c, f);
    pending_.push_back({branch, tokens_[branch].generation, chosen_[i]});
  }
  return chosen_.front();
}

// ---- resources ---------------------------------------------------------------------------------

[[gnu::always_inline]] inline void Engine::request(std::uint32_t token, const CompiledStep& step) {
  if (step.pool_count != 0) {
    request_several(token, step);
    return;
  }
  const std::uint32_t p = step.resource;
  Pool& pool = pools_[p];
  const CompiledResource& r = model_.resources[p];
  if (pool.queued == 0 && pool.busy < r.count) {
    if (r.first_server == kNone) {
      if (pool.hours.is_open(now_)) {
        start_work(token, step);
        return;
      }
    } else if (const std::uint32_t server = idle_member(p, false); server != kNone) {
      start_work_by(token, step, server);
      return;
    }
  }
  enqueue(token, p, step.queue_level);
}

/// Puts a token in a pool's queue (a token waiting for several pools is in each of their queues
/// with one ticket), and wakes the pool when it has idle servers that are off duty.
[[gnu::always_inline]] inline void Engine::enqueue(std::uint32_t token, std::uint32_t p, std::uint32_t level) {
  Token& tok = tokens_[token];
  tok.state = TokenState::Queued;
  if (tok.ticket == 0) {
    if (++tickets_ == 0) ++tickets_;  // 0 means "in no queue"
    tok.ticket = tickets_;
  }
  Pool& pool = pools_[p];
  if (model_.resources[p].ranked) {
    const CompiledStep& step = model_.steps[tok.step];
    double priority = step.priority;
    if (step.priority_expression != kNone) {
      const Value v = model_.expressions[step.priority_expression].eval(attributes(tok.case_index));
      priority = v.is_string() || std::isnan(v.num) ? -kInf : v.num;
    }
    pool.ranked.push_back({priority, pool.ranked_order++, {token, tok.ticket}});
    std::push_heap(pool.ranked.begin(), pool.ranked.end());
  } else {
    pool.levels[level].push({token, tok.ticket});
  }
  ++pool.queued;
  queue_changed(p);
  const CompiledResource& r = model_.resources[p];
  if (pool.busy < r.count) r.first_server != kNone ? ensure_member_wake(p) : ensure_wake(p);
}

/// A task that several pools can do (`resource: [a, b]`): a free server on duty now takes it,
/// the first in list order or, under `cheapest`, the one with the lowest rate. Otherwise the work
/// waits in the queue of every pool and the first server to free up takes it, or, under
/// `shortest_queue`, in the one queue with the fewest items per server.
void Engine::request_several(std::uint32_t token, const CompiledStep& step) {
  const StepPool* const pools = model_.step_pools.data() + step.pools_first;
  const bool cheapest = step.policy == PoolPolicy::Cheapest;
  std::uint32_t chosen = kNone;
  std::uint32_t chosen_server = kNone;
  double best_rate = kInf;
  for (std::uint32_t k = 0; k < step.pool_count; ++k) {
    const std::uint32_t p = pools[k].pool;
    const CompiledResource& r = model_.resources[p];
    Pool& pool = pools_[p];
    if (pool.queued != 0 || pool.busy >= r.count) continue;
    std::uint32_t server = kNone;
    double rate = r.cost_per_second;
    if (r.first_server == kNone) {
      if (!pool.hours.is_open(now_)) continue;
    } else {
      server = idle_member(p, cheapest);
      if (server == kNone) continue;
      rate = model_.servers[server].cost_per_second;
    }
    if (!cheapest) {
      chosen = p;
      chosen_server = server;
      break;
    }
    if (rate < best_rate) {
      best_rate = rate;
      chosen = p;
      chosen_server = server;
    }
  }
  if (chosen != kNone) {
    chosen_server != kNone ? start_work_by(token, step, chosen_server) : start_work_at(token, step, chosen);
    return;
  }
  if (step.policy == PoolPolicy::ShortestQueue) {
    std::uint32_t best = 0;
    for (std::uint32_t k = 1; k < step.pool_count; ++k) {
      // Fewer items per server: queued_k / count_k < queued_best / count_best, without division.
      const auto load = [&](std::uint32_t i, std::uint32_t j) {
        return static_cast<std::uint64_t>(pools_[pools[i].pool].queued) * model_.resources[pools[j].pool].count;
      };
      if (load(k, best) < load(best, k)) best = k;
    }
    tokens_[token].pool = pools[best].pool;
    enqueue(token, pools[best].pool, pools[best].queue_level);
    return;
  }
  for (std::uint32_t k = 0; k < step.pool_count; ++k) enqueue(token, pools[k].pool, pools[k].queue_level);
}

/// A token that waited in the queues of several pools and is taken by `except` (kNone: by none,
/// its case ended) leaves the others; its entries there are skipped when reached.
void Engine::leave_queues(std::uint32_t token, const CompiledStep& step, std::uint32_t except) {
  if (step.policy == PoolPolicy::ShortestQueue) {
    const std::uint32_t p = tokens_[token].pool;
    if (p == except) return;
    --pools_[p].queued;
    queue_changed(p);
    return;
  }
  for (std::uint32_t k = 0; k < step.pool_count; ++k) {
    const std::uint32_t p = model_.step_pools[step.pools_first + k].pool;
    if (p == except) continue;
    --pools_[p].queued;
    queue_changed(p);
  }
}

void Engine::start_work_by(std::uint32_t token, const CompiledStep& step, std::uint32_t m) {
  Token& tok = tokens_[token];
  tok.state = TokenState::Working;
  tok.started = now_;
  tok.server = m;
  tok.pool = model_.servers[m].pool;
  tok.ticket = 0;
  mark(tok.case_index, step.start_endpoint);
  const double work = sample(step.sampler, step.stream, tok.case_index) / model_.servers[m].speed;
  tok.work = work;
  Server& server = servers_[m];
  server.busy = true;
  ++pools_[tok.pool].busy;
  // Work pauses while the member is off duty and resumes when it comes back.
  events_.push(server.hours.add_open_time(now_, work), EventKind::TaskEnd, token, tok.generation);
}

/// Starts work at pool `p` (one without members) of a task that several pools can do.
void Engine::start_work_at(std::uint32_t token, const CompiledStep& step, std::uint32_t p) {
  Token& tok = tokens_[token];
  tok.state = TokenState::Working;
  tok.started = now_;
  tok.pool = p;
  tok.ticket = 0;
  mark(tok.case_index, step.start_endpoint);
  const double work = sample(step.sampler, step.stream, tok.case_index);
  tok.work = work;
  Pool& pool = pools_[p];
  ++pool.busy;
  events_.push(pool.hours.add_open_time(now_, work), EventKind::TaskEnd, token, tok.generation);
}

/// Frees a member whose work (started at `started`) ends or is cut short now, counting its busy time.
void Engine::release_server(std::uint32_t m, Time started) {
  Server& server = servers_[m];
  server.busy = false;
  server.idle_since = now_;
  const CompiledServer& s = model_.servers[m];
  --pools_[s.pool].busy;
  if (!stats_->measuring) return;
  const double busy = busy_between(s.clock, started, now_);
  stats_->servers[m].busy += busy;
  stats_->resources[s.pool].busy += busy;
}

[[gnu::always_inline]] inline void Engine::start_work(std::uint32_t token, const CompiledStep& step) {
  Token& tok = tokens_[token];
  tok.state = TokenState::Working;
  tok.started = now_;
  tok.ticket = 0;
  mark(tok.case_index, step.start_endpoint);
  const double work = sample(step.sampler, step.stream, tok.case_index);
  tok.work = work;
  Time end = now_ + work;
  if (step.resource != kNone) {
    Pool& pool = pools_[step.resource];
    ++pool.busy;
    // Work pauses while the pool is closed and resumes at its next opening, same server.
    end = pool.hours.add_open_time(now_, work);
  }
  events_.push(end, EventKind::TaskEnd, token, tok.generation);
}

/// The idle member of a pool that is on duty now: the one idle longest (the first listed on
/// ties), or with `cheapest` the one with the lowest rate (then idle longest); kNone if none.
std::uint32_t Engine::idle_member(std::uint32_t p, bool cheapest) {
  const CompiledResource& r = model_.resources[p];
  std::uint32_t best = kNone;
  for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
    Server& server = servers_[m];
    if (server.busy) continue;
    if (best != kNone) {
      const double rate = model_.servers[m].cost_per_second;
      const double best_rate = model_.servers[best].cost_per_second;
      const bool better =
          cheapest && rate != best_rate ? rate < best_rate : server.idle_since < servers_[best].idle_since;
      if (!better) continue;
    }
    if (server.hours.is_open(now_)) best = m;
  }
  return best;
}

/// Takes the first live queue entry of a pool (highest priority first), or kNone.
std::uint32_t Engine::pop_queue(std::uint32_t p) {
  QueueEntry entry{};
  return take_queued(pools_[p], model_.resources[p].ranked, entry) ? entry.token : kNone;
}

void Engine::dispatch_members(std::uint32_t p) {
  Pool& pool = pools_[p];
  const CompiledResource& r = model_.resources[p];
  while (pool.queued > 0 && pool.busy < r.count) {
    const std::uint32_t server = idle_member(p, false);
    if (server == kNone) {
      ensure_member_wake(p);
      return;
    }
    const std::uint32_t token = pop_queue(p);
    if (token == kNone) return;  // unreachable while queued > 0
    --pool.queued;
    queue_changed(p);
    const CompiledStep& step = model_.steps[tokens_[token].step];
    if (step.pool_count != 0) leave_queues(token, step, p);
    start_work_by(token, step, server);
  }
}

[[gnu::always_inline]] inline bool Engine::take_queued(Pool& pool, bool ranked, QueueEntry& entry) {
  // Entries whose case ended while they were queued, or that another pool of their task took,
  // are stale: skipped here.
  if (ranked) {
    while (!pool.ranked.empty()) {
      std::pop_heap(pool.ranked.begin(), pool.ranked.end());
      const QueueEntry e = pool.ranked.back().entry;
      pool.ranked.pop_back();
      if (tokens_[e.token].ticket == e.ticket) {
        entry = e;
        return true;
      }
    }
    return false;
  }
  for (auto& level : pool.levels) {
    while (!level.empty()) {
      const QueueEntry e = level.front();
      level.pop();
      if (tokens_[e.token].ticket == e.ticket) {
        entry = e;
        return true;
      }
    }
  }
  return false;
}

void Engine::dispatch(std::uint32_t p) {
  Pool& pool = pools_[p];
  const CompiledResource& r = model_.resources[p];
  if (r.first_server != kNone) {
    dispatch_members(p);
    return;
  }
  while (pool.queued > 0 && pool.busy < r.count) {
    if (!pool.hours.is_open(now_)) {
      ensure_wake(p);
      return;
    }
    QueueEntry entry{};
    if (!take_queued(pool, r.ranked, entry)) return;  // unreachable while queued > 0
    --pool.queued;
    queue_changed(p);
    const CompiledStep& step = model_.steps[tokens_[entry.token].step];
    if (step.pool_count != 0) {
      leave_queues(entry.token, step, p);
      start_work_at(entry.token, step, p);
    } else {
      start_work(entry.token, step);
    }
  }
}

void Engine::ensure_wake(std::uint32_t p) {
  Pool& pool = pools_[p];
  if (pool.wake_pending) return;
  const Time t = model_.resources[p].clock.next_open(now_);
  if (std::isinf(t)) return;  // never opens again: the work stays queued (WIP)
  pool.wake_pending = true;
  events_.push(t, EventKind::PoolOpens, p, 0);
}

/// Wakes a pool with members when the first of its idle members comes on duty, unless a wake-up
/// at that time or earlier is already pending.
void Engine::ensure_member_wake(std::uint32_t p) {
  Pool& pool = pools_[p];
  const CompiledResource& r = model_.resources[p];
  Time t = kInf;
  for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
    if (!servers_[m].busy) t = std::min(t, model_.servers[m].clock.next_open(now_));
  }
  if (std::isinf(t)) return;  // no idle member comes on duty again: the work stays queued (WIP)
  if (pool.wake_pending && pool.wake_at <= t) return;
  pool.wake_pending = true;
  pool.wake_at = t;
  events_.push(t, EventKind::PoolOpens, p, ++pool.wake_number);
}

void Engine::on_pool_opens(std::uint32_t p) {
  pools_[p].wake_pending = false;
  dispatch(p);
}

[[gnu::always_inline]] inline void Engine::queue_changed(std::uint32_t p) {
  stats_->resources[p].queue.update(now_, static_cast<double>(pools_[p].queued));
}

double Engine::busy_between(std::uint32_t p, Time from, Time to) const {
  return busy_between(model_.resources[p].clock, from, to);
}

double Engine::busy_between(const CalendarClock& clock, Time from, Time to) const {
  if (!stats_->measuring) return 0.0;
  from = std::max(from, stats_->window_start);
  if (!(to > from)) return 0.0;
  return clock.always_open() ? to - from : clock.open_seconds(from, to);
}

// ---- completions -------------------------------------------------------------------------------

void Engine::on_task_end(std::uint32_t token) {
  Token& tok = tokens_[token];
  if (model_.steps[tok.step].special && tok.ride != kNone) [[unlikely]] {
    finish_batch(token);
    return;
  }
  const std::uint32_t s = tok.step;
  const CompiledStep& step = model_.steps[s];
  const std::uint32_t c = tok.case_index;
  CaseState& cs = cases_[c];
  const double waited = tok.started - tok.enabled;
  const double work = tok.work;
  const std::uint32_t server = tok.server;
  const std::uint32_t pool = step_pool(tok, step);
  const double rate = server != kNone        ? model_.servers[server].cost_per_second
                      : step.pool_count != 0 ? model_.resources[pool].cost_per_second
                                             : step.cost_per_second;
  const double fixed = step.cost_formula == kNone ? step.fixed_cost : fee(step, s, c);
  const double cost = fixed + rate * work;
  // The wait is split by the pool's hours; work by the hours of whoever did it (a member's own).
  const CalendarClock* clock = pool != kNone ? clock_of(pool) : nullptr;
  // Only a measured case's waits are split by cause: the calendar look-up is not free.
  metrics::WaitSplit pending;
  if (cs.measured && waited > 0.0) {
    // A pool's waits come roughly in time order: mostly in the opening its last one started in.
    pending = clock != nullptr ? metrics::pending_split(clock, tok.enabled, tok.started, wait_hints_[pool])
                               : metrics::pending_split(nullptr, tok.enabled, tok.started);
  }
  if (server != kNone) {
    tok.server = kNone;
    Server& member = servers_[server];
    member.busy = false;
    member.idle_since = now_;
    --pools_[pool].busy;
    ResourceStats& rs = stats_->resources[pool];
    ServerStats& ss = stats_->servers[server];
    if (stats_->measuring) {
      const double busy =
          tok.started >= stats_->window_start ? work : busy_between(model_.servers[server].clock, tok.started, now_);
      rs.busy += busy;
      ss.busy += busy;
    }
    if (cs.measured) {
      ++rs.served;
      ++ss.served;
      rs.waiting += waited;
      rs.waiting_queue += pending[metrics::Cause::Queue];
      rs.waiting_closed += pending[metrics::Cause::Closed];
    }
  } else if (pool != kNone) {
    --pools_[pool].busy;
    ResourceStats& rs = stats_->resources[pool];
    // Whole executions inside the window count their net work exactly (so that cost = hours ×
    // rate holds to rounding); one that straddles the window start counts the part after it.
    if (stats_->measuring)
      rs.busy += tok.started >= stats_->window_start ? work : busy_between(pool, tok.started, now_);
    if (cs.measured) {
      ++rs.served;
      rs.waiting += waited;
      rs.waiting_queue += pending[metrics::Cause::Queue];
      rs.waiting_closed += pending[metrics::Cause::Closed];
    }
  }
  cs.processing += work;
  cs.cost += cost;
  ++stats_->executions;
  const bool faulty = step.rework_stream != kNone && streams_[step.rework_stream].uniform() < step.rework_p;
  if (cs.measured) {
    StepStats& st = stats_->steps[s];
    ++st.count;
    st.waiting += waited;
    st.waiting_queue += pending[metrics::Cause::Queue];
    st.waiting_closed += pending[metrics::Cause::Closed];
    st.processing += work;
    st.cost += cost;
    if (step.cost_formula != kNone) st.fees += fixed;
    if (repeated_execution(token, step)) ++st.repeats;
    if (waited > 0.0) account(c, {metrics::Span::Kind::Pending, tok.enabled, tok.started, clock}, pending);
    // Work paused by the calendar is idle: the span less the net work.
    // (A member works its own hours within the pool's.)
    const CalendarClock* work_clock =
        server == kNone ? clock
                        : (model_.servers[server].clock.always_open() ? nullptr : &model_.servers[server].clock);
    metrics::WaitSplit paused;
    if (work_clock != nullptr) paused[metrics::Cause::Closed] = std::max(0.0, now_ - tok.started - work);
    account(c, {metrics::Span::Kind::Work, tok.started, now_, work_clock}, paused);
  }
  if (log_ != nullptr) case_rows_.add(c, {s, server, pool, tok.enabled, tok.started, now_, cost});
  if (step.set_count != 0) apply_set(step, c);
  mark(c, step.end_endpoint);
  tok.state = TokenState::Routing;
  if (step.special) [[unlikely]]
    ++tok.generation;  // the visit is over: its pending timers go stale
  // Most completions leave an empty queue behind: skip the call then.
  if (pool != kNone && pools_[pool].queued > 0) dispatch(pool);
  if (step.special && step.instances != kNone && instance_done(token, step)) [[unlikely]]
    return;  // more to come
  advance(token, faulty ? step.rework_to : step.next);
}

void Engine::on_wait_end(std::uint32_t token) {
  Token& tok = tokens_[token];
  const std::uint32_t s = tok.step;
  const CompiledStep& step = model_.steps[s];
  const std::uint32_t c = tok.case_index;
  CaseState& cs = cases_[c];
  const double delay = now_ - tok.enabled;
  ++stats_->executions;
  if (cs.measured) {
    StepStats& st = stats_->steps[s];
    ++st.count;
    st.waiting += delay;
    if (repeated(c, s)) ++st.repeats;
    metrics::WaitSplit timer;
    timer[metrics::Cause::Timer] = delay;
    account(c, {metrics::Span::Kind::Timer, tok.enabled, now_, nullptr}, timer);
  }
  if (log_ != nullptr && step.logged) case_rows_.add(c, {s, kNone, kNone, tok.enabled, now_, now_, 0.0});
  if (step.set_count != 0) apply_set(step, c);
  mark(c, step.end_endpoint);
  tok.state = TokenState::Routing;
  if (step.special) [[unlikely]]
    ++tok.generation;  // the visit is over: its pending timers go stale
  advance(token, step.next);
}

void Engine::invalid_draw(std::uint32_t sampler, std::uint32_t c) {
  throw SimulationError(
      fmt::format("case {}: '{}' has invalid parameters for this case's attributes (a negative "
                  "sd or mean, min above max, an undefined attribute, ...)",
                  cases_[c].number, model_.samplers[sampler].distribution().to_string()));
}

double Engine::fee(const CompiledStep& step, std::uint32_t s, std::uint32_t c) {
  const Value v = model_.expressions[step.cost_formula].eval(attributes(c));
  if (v.is_string() || !std::isfinite(v.num) || v.num < 0.0) [[unlikely]] {
    throw SimulationError(fmt::format("case {}: the cost of step '{}' ('{}') is {} for this case's attributes",
                                      cases_[c].number, model_.step_ids[s],
                                      model_.expressions[step.cost_formula].text(),
                                      v.is_string() ? "a string"
                                      : v.num < 0.0 ? "negative"
                                                    : "not a number"));
  }
  return v.num;
}

void Engine::apply_set(const CompiledStep& step, std::uint32_t c) {
  Value* values = attributes(c);
  for (std::uint32_t i = 0; i < step.set_count; ++i) {
    const CompiledAssignment& a = model_.assignments[step.set_first + i];
    values[a.slot] = model_.expressions[a.expression].eval(values);
  }
}

void Engine::finish_case(std::uint32_t c, std::uint32_t end_step) {
  // A case ended inside a parallel period: the other branches' stretches end now.
  if (!std::isnan(cases_[c].parallel_from)) {
    std::vector<metrics::Span>& spans = case_spans_[c];
    for (std::uint32_t t = cases_[c].first_token; t != kNone; t = tokens_[t].next) {
      const Token& tok = tokens_[t];
      const std::uint32_t pool =
          tok.state == TokenState::Working ? step_pool(tok, model_.steps[tok.step]) : model_.steps[tok.step].resource;
      const CalendarClock* clock = pool != kNone ? clock_of(pool) : nullptr;
      if (tok.state == TokenState::Queued || tok.state == TokenState::Batched) {
        spans.push_back({metrics::Span::Kind::Pending, tok.enabled, now_, clock});
      }
      if (tok.state == TokenState::Working) spans.push_back({metrics::Span::Kind::Work, tok.started, now_, clock});
      if (tok.state == TokenState::Waiting) spans.push_back({metrics::Span::Kind::Timer, tok.enabled, now_, nullptr});
    }
    close_parallel(c);
  }
  // Terminate every other branch: leave queues, free servers, drop timers (their events go stale).
  freed_pools_.clear();
  const bool batches = !model_.batches.empty();
  for (std::uint32_t t = cases_[c].first_token; t != kNone;) {
    if (batches && tokens_[t].ride != kNone) [[unlikely]]
      hand_over(t);  // the batch goes on with its other cases
    Token& tok = tokens_[t];
    const std::uint32_t next = tok.next;
    const CompiledStep& st = model_.steps[tok.step];
    const std::uint32_t pool =
        tok.state == TokenState::Queued || tok.state == TokenState::Working ? step_pool(tok, st) : kNone;
    if (tok.state == TokenState::Queued && st.pool_count != 0) {
      leave_queues(t, st, kNone);
    } else if (tok.state == TokenState::Queued) {
      --pools_[pool].queued;
      queue_changed(pool);
    } else if (tok.state == TokenState::Working && tok.server != kNone) {
      release_server(tok.server, tok.started);
      tok.server = kNone;
      freed_pools_.push_back(pool);
    } else if (tok.state == TokenState::Working && pool != kNone) {
      --pools_[pool].busy;
      stats_->resources[pool].busy += busy_between(pool, tok.started, now_);
      freed_pools_.push_back(pool);  // dispatched once every branch of the case is gone
    }
    free_token(t);
    t = next;
  }
  CaseState& cs = cases_[c];
  while (cs.first_frame != kNone) free_frame(c, cs.first_frame);

  const CompiledStep& step = model_.steps[end_step];
  if (cs.measured) {
    ReplicationStats& s = *stats_;
    ++s.completed;
    s.cycle_samples.add(now_ - cs.arrival);
    s.waiting_samples.add(cs.idle.total());
    s.idle += cs.idle;
    s.processing += cs.processing;
    s.cost_completed += cs.cost;
    ++s.outcomes[step.outcome];
    if (cs.reworked) ++s.reworked;
    if (step.revenue != kNone) {
      const double revenue = model_.expressions[step.revenue].eval(attributes(c)).num;
      if (std::isfinite(revenue)) {
        s.revenue += revenue;
        if (step.outcome == model_.won_outcome) s.won_revenue += revenue;
      }
    }
    if (!model_.slas.empty()) evaluate_slas(c, true, now_);
  }
  if (log_ != nullptr) flush_case_log(c, format_.outcome(step.outcome));
  cs.live = false;
  cases_.release(c);
  --live_cases_;
  stats_->wip.update(now_, static_cast<double>(live_cases_));
  for (const std::uint32_t pool : freed_pools_) dispatch(pool);
}

void Engine::evaluate_slas(std::uint32_t c, bool ended, Time end) {
  const CaseState& cs = cases_[c];
  const Time* slots = endpoints_.data() + static_cast<std::size_t>(c) * model_.endpoint_slots;
  const auto at = [&](std::uint32_t endpoint) -> Time {
    if (endpoint == kArrivalEndpoint) return cs.arrival;
    if (endpoint == kCaseEndEndpoint) return ended ? end : kNaN;
    return slots[endpoint];
  };
  for (std::size_t i = 0; i < model_.slas.size(); ++i) {
    const CompiledSla& sla = model_.slas[i];
    const Time from = at(sla.from);
    if (std::isnan(from)) continue;
    const Time to = at(sla.to);
    if (!std::isnan(to)) {
      ++(to - from <= sla.within ? stats_->sla_met[i] : stats_->sla_breached[i]);
    } else if (!ended && end - from > sla.within) {
      ++stats_->sla_breached[i];  // still open and already late
    }
  }
}

// ---- waiting by cause and rework ----------------------------------------------------------------

void Engine::account(std::uint32_t c, metrics::Span span, const metrics::WaitSplit& idle) {
  CaseState& cs = cases_[c];
  if (!std::isnan(cs.parallel_from)) {
    case_spans_[c].push_back(span);
    return;
  }
  // One branch: its stretches follow each other, so each adds its own idle time.
  cs.idle += idle;
}

void Engine::close_parallel(std::uint32_t c) {
  CaseState& cs = cases_[c];
  std::vector<metrics::Span>& spans = case_spans_[c];
  cs.idle += metrics::split_idle(spans, cs.parallel_from, now_, sweep_scratch_);
  spans.clear();
  cs.parallel_from = std::numeric_limits<double>::quiet_NaN();
}

bool Engine::repeated(std::uint32_t c, std::uint32_t step) {
  CaseState& cs = cases_[c];
  std::uint64_t& stamp = visits_[static_cast<std::size_t>(c) * model_.steps.size() + step];
  const bool again = stamp == cs.number;
  stamp = cs.number;
  if (again) cs.reworked = true;
  return again;
}

// ---- bookkeeping -------------------------------------------------------------------------------

[[gnu::always_inline]] inline std::uint32_t Engine::new_token(std::uint32_t c, std::uint32_t frame) {
  const std::uint32_t t = tokens_.allocate();
  Token& tok = tokens_[t];
  const std::uint32_t generation = tok.generation;
  tok = Token{};
  tok.generation = generation;
  tok.case_index = c;
  tok.frame = frame;
  tok.state = TokenState::Routing;
  CaseState& cs = cases_[c];
  tok.next = cs.first_token;
  if (cs.first_token != kNone) tokens_[cs.first_token].prev = t;
  cs.first_token = t;
  return t;
}

[[gnu::always_inline]] inline void Engine::free_token(std::uint32_t t) {
  Token& tok = tokens_[t];
  CaseState& cs = cases_[tok.case_index];
  if (tok.prev != kNone) {
    tokens_[tok.prev].next = tok.next;
  } else {
    cs.first_token = tok.next;
  }
  if (tok.next != kNone) tokens_[tok.next].prev = tok.prev;
  tok.state = TokenState::Free;
  ++tok.generation;
  tok.ticket = 0;  // the queue entries it leaves behind are stale
  tokens_.release(t);
}

void Engine::free_frame(std::uint32_t c, std::uint32_t f) {
  Frame& frame = frames_[f];
  CaseState& cs = cases_[c];
  if (frame.prev != kNone) {
    frames_[frame.prev].next = frame.next;
  } else {
    cs.first_frame = frame.next;
  }
  if (frame.next != kNone) frames_[frame.next].prev = frame.prev;
  frames_.release(f);
}

// Out-of-line entry points for engine_timers.cpp and engine_batch.cpp: the functions they call
// are inlined into the hot loop in this file.
std::uint32_t Engine::branch_token(std::uint32_t c) {
  // A second token of the case (an escalation's branch, a parallel instance): its work and waits
  // overlap the others', so the case's waiting is split over their union from now on.
  // The period opens when the stretch under way began (an escalated step's wait), so that no
  // part of it falls before the period and goes unaccounted.
  CaseState& cs = cases_[c];
  if (cs.measured && std::isnan(cs.parallel_from)) {
    Time from = now_;
    for (std::uint32_t t = cs.first_token; t != kNone; t = tokens_[t].next) from = std::min(from, tokens_[t].enabled);
    cs.parallel_from = from;
  }
  return new_token(c, kNone);
}

bool Engine::single_token(std::uint32_t c) const noexcept {
  const std::uint32_t first = cases_[c].first_token;
  return first == kNone || tokens_[first].next == kNone;
}

void Engine::serve(std::uint32_t token, const CompiledStep& step) {
  if (step.resource == kNone) {
    start_work(token, step);
  } else {
    request(token, step);
  }
}

void Engine::queue_length_changed(std::uint32_t pool) { queue_changed(pool); }

/// A task with timers, a batch or instances: false when a multi-instance visit has no instance.
bool Engine::enter_special_task(std::uint32_t token, std::uint32_t s) {
  const CompiledStep& step = model_.steps[s];
  if (step.instances != kNone && !is_instance(tokens_[token], s) && begin_instances(token, s) == 0) return false;
  if (step.batch != kNone) {
    collect(token, step);
    return true;
  }
  serve(token, step);
  // Timers are armed after the work's end is scheduled: on a tie the step completes. Patience
  // runs once per visit, however many queues (of several pools) the work waits in.
  if (step.timers != kNone) {
    if (tokens_[token].state == TokenState::Queued) arm_abandon(token, step);
    arm_timers(token, step);
  }
  return true;
}

void Engine::free_instance(std::uint32_t token) { free_token(token); }

void Engine::mark_slot(std::uint32_t c, std::uint32_t slot) {
  Time& t = endpoints_[static_cast<std::size_t>(c) * model_.endpoint_slots + slot];
  if (std::isnan(t)) t = now_;
}

void Engine::flush_case_log(std::uint32_t c, std::string_view outcome) {
  const std::uint64_t count = case_rows_.count(c);
  if (count == 0) return;
  attribute_text_.clear();
  format_.attributes(attribute_text_, attributes(c));
  const std::uint64_t number = cases_[c].number;
  // In batches (a long case's rows come back from its temporary file), handed to the writer in
  // blocks: the formatted text of one case never has to fit in memory at once.
  case_rows_.drain(c, [&](std::span<const LogRow> rows) {
    std::size_t needed = 0;
    for (const LogRow& row : rows) {
      needed += format_.max_row_size(row.step, row.pool, row.server, outcome.size(), attribute_text_.size());
    }
    char* out = log_buffer_.tail(needed);
    for (const LogRow& row : rows) {
      out = format_.row(out, number, replication_, row, outcome, batch_ready_.data(), attribute_text_);
    }
    log_buffer_.commit(out);
    if (log_buffer_.size() >= kLogBlock) {
      log_->write(replication_, log_buffer_.view());
      log_buffer_.clear();
    }
  });
  log_->add_rows(count);
}

}  // namespace bpm::sim
