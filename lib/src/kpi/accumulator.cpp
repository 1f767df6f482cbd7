// KpiAccumulator: every KPI of share/doc/metrics.md from a stream of finished cases, in
// memory proportional to the activities, resources, variants and open cases, not to the events.
#include "kpi/accumulator_impl.hpp"

namespace bpm::kpi {

KpiAccumulator::Impl::Impl(const AnalysisOptions& o, const LogInfo& i) : options(o), info(i) {
  if (o.process != nullptr) {
    process = std::make_unique<ProcessIndex>(*o.process);
    strings = o.process->strings;
    for (const Step& step : o.process->steps) {
      if (step.kind != StepKind::End || !step.revenue) continue;
      RevenueRule rule{step.outcome, *step.revenue};
      // Attributes the log lacks are an error of the formula, not of the case: they read as NaN.
      rule.formula.bind([this](std::string_view name) -> std::optional<std::uint32_t> {
        const auto& attrs = options.log.keep_attributes;
        const auto it = std::find(attrs.begin(), attrs.end(), name);
        if (it != attrs.end()) return static_cast<std::uint32_t>(it - attrs.begin());
        return static_cast<std::uint32_t>(attrs.size());  // the NaN slot
      });
      revenue_rules.push_back(std::move(rule));
    }
  }
  const auto& attrs = o.log.keep_attributes;
  if (!o.revenue_attribute.empty()) {
    const auto it = std::find(attrs.begin(), attrs.end(), o.revenue_attribute);
    if (it != attrs.end()) revenue_column = static_cast<int>(it - attrs.begin());
  }
}

CaseStats& KpiAccumulator::Impl::state_for(std::uint32_t replication) {
  const auto found = state_of_replication.find(replication);
  if (found != state_of_replication.end()) return *states[found->second];
  state_of_replication.emplace(replication, states.size());
  replication_ids.push_back(replication);
  states.push_back(std::make_unique<CaseStats>());
  CaseStats& s = *states.back();
  if (options.process != nullptr) s.slas.resize(options.process->slas.size());
  return s;
}

void KpiAccumulator::Impl::sync_activities() {
  const NameTable& names = info.dictionary.activities;
  while (known_activities < names.size()) {
    const std::string& name = names.name(static_cast<std::uint32_t>(known_activities));
    step_of_activity.push_back(process ? process->step_for(name) : nullptr);
    final_activity.push_back(process && process->is_final(name) ? 1 : 0);
    const bool ends =
        std::find(options.end_activities.begin(), options.end_activities.end(), name) != options.end_activities.end();
    end_activity.push_back(ends ? 1 : 0);
    ++known_activities;
  }
}

bool KpiAccumulator::Impl::is_completed(const CaseRecord& c, std::uint32_t last_activity) const {
  if (!c.work_complete) return false;
  if (info.has_outcome) return !c.outcome.empty();
  if (!options.end_activities.empty()) return end_activity[last_activity] != 0;
  if (process) return final_activity[last_activity] != 0;
  return true;
}

double KpiAccumulator::Impl::instance_cost(const ActivityInstance& i) const {
  if (info.has_cost || !process) return i.cost;
  // No cost column: the process's price list, fixed cost plus the pool's hourly rate.
  const Step* step = step_of_activity[i.activity];
  if (step == nullptr) return 0.0;
  double cost = step->cost;
  // Whoever did it (a named member at its own rate, the pool the log names), else the step's pool.
  const auto r = static_cast<std::size_t>(i.resource);
  if (i.resource >= 0 && r < pool_of_resource.size() && pool_of_resource[r] != nullptr) {
    cost += hourly_rate(i) * (i.end - i.start) / 3600.0;
  } else if (const Resource* pool = step->resource.empty() ? nullptr : options.process->find_resource(step->resource)) {
    cost += pool->cost_per_hour * (i.end - i.start) / 3600.0;
  }
  return cost;
}

double KpiAccumulator::Impl::hourly_rate(const ActivityInstance& i) const {
  const auto r = static_cast<std::size_t>(i.resource);
  if (i.resource < 0 || r >= pool_of_resource.size() || pool_of_resource[r] == nullptr) return 0.0;
  const Member* member = member_of_resource[r];
  return member != nullptr ? pool_of_resource[r]->member_cost(*member) : pool_of_resource[r]->cost_per_hour;
}

double KpiAccumulator::Impl::fixed_cost_of(const ActivityInstance& i, const Step& step, double processing,
                                           double cost) const {
  if (!step.cost_formula || !info.has_cost) return step.cost;
  // A fee computed from the case's data: the logged cost is the fee plus the work at the rate of
  // whoever did it, so the fee is the rest.
  return cost - hourly_rate(i) * processing / 3600.0;
}

double KpiAccumulator::Impl::case_revenue(const CaseRecord& c) {
  if (revenue_column >= 0) {
    const double v = parse_number(c.attributes[static_cast<std::size_t>(revenue_column)]);
    return std::isnan(v) ? 0.0 : v;
  }
  for (const RevenueRule& rule : revenue_rules) {
    if (rule.outcome != c.outcome) continue;
    attribute_slots.assign(c.attributes.size() + 1, Value::number(kNaN));
    for (std::size_t k = 0; k < c.attributes.size(); ++k) {
      const std::string& text = c.attributes[k];
      const double number = parse_number(text);
      if (!std::isnan(number)) {
        attribute_slots[k] = Value::number(number);
      } else if (!text.empty()) {
        const auto id = strings.find(text);
        // A string no formula mentions can equal none of its literals: give it a fresh id.
        attribute_slots[k] = Value::string(id ? *id : static_cast<std::int32_t>(strings.size() + 1));
      }
    }
    const Value v = rule.formula.eval(attribute_slots.data());
    return v.is_string() || std::isnan(v.num) ? 0.0 : v.num;
  }
  return 0.0;
}

Time KpiAccumulator::Impl::endpoint_time(const SlaEndpoint& e, const CaseRecord& c, Time start, Time end,
                                         bool completed, const std::vector<const Step*>& steps) {
  switch (e.kind) {
    case SlaEndpoint::Kind::Arrival: return start;
    case SlaEndpoint::Kind::CaseEnd: return completed ? end : kNaN;
    case SlaEndpoint::Kind::StepStart:
    case SlaEndpoint::Kind::StepEnd: {
      const bool at_start = e.kind == SlaEndpoint::Kind::StepStart;
      Time best = kNaN;
      // A timer wait starts when it is entered (its row starts when it fires); work under way
      // when a simulation stopped has started but not ended.
      const auto consider = [&](const ActivityInstance& i) {
        const Step* step = steps[i.activity];
        if (step == nullptr || step->id != e.step) return;
        const Time t = at_start ? (step->kind == StepKind::Wait ? i.enable : i.start) : i.end;
        if (!std::isnan(t) && (std::isnan(best) || t < best)) best = t;
      };
      for (const ActivityInstance& i : c.instances) consider(i);
      for (const ActivityInstance& i : c.pending) consider(i);
      return best;
    }
  }
  return kNaN;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Whether a case's row of an activity is another instance of the visit of its previous row (a
/// multi-instance task, share/doc/metrics.md "rework"): rework is a later visit, not another
/// instance. Instances of one visit share its enable time (bpm-sim's parallel instances); a
/// sequential one is enabled when the one before it ended. Steps the process file says are not
/// multi-instance keep every row a visit.
bool same_visit(const Step* step, const ActivityAcc& last, const ActivityInstance& row) {
  if (step != nullptr && !step->instances) return false;
  if (row.enable == last.last_enable) return true;
  return step != nullptr && !step->instances->parallel && row.enable == last.last_end;
}

/// The arrival number of a case: bpm-sim's case ids are numbers ("17", or "0-17" in its XES).
std::uint64_t case_number(std::string_view id) {
  std::size_t digits = id.size();
  while (digits > 0 && id[digits - 1] >= '0' && id[digits - 1] <= '9') --digits;
  std::uint64_t number = 0;
  const auto r = std::from_chars(id.data() + digits, id.data() + id.size(), number);
  return r.ec == std::errc{} ? number : 0;
}

/// Length of [a, b] inside [lo, hi], counting only the open hours of `clock` when given.
double overlap(Time a, Time b, Time lo, Time hi, const CalendarClock* clock) {
  a = std::max(a, lo);
  b = std::min(b, hi);
  if (!(b > a)) return 0.0;
  return clock == nullptr ? b - a : clock->open_seconds(a, b);
}

}  // namespace

namespace {

std::uint64_t batch_key(const ActivityInstance& a) {
  return static_cast<std::uint64_t>(a.activity) << 32 | static_cast<std::uint32_t>(a.batch);
}

/// The fees of a batch's measured rows under a cost formula: each row's cost is an equal share of
/// the execution's work cost plus its own fee.
double batch_fees(const BatchAcc& b) {
  return b.rows == 0 ? 0.0 : b.measured_cost - b.work_cost * b.measured_rows / static_cast<double>(b.rows);
}

}  // namespace

bool KpiAccumulator::Impl::add_batch_row(CaseStats& s, const ActivityInstance& a, Time started, const Window& window) {
  const auto [found, fresh] = s.batches.try_emplace(batch_key(a));
  BatchAcc& b = found->second;
  ++b.rows;
  if (fresh) {
    b.resource = a.resource;
    b.queue_end = started;
    b.lo = window.lo;
    b.hi = window.hi;
  }
  // Released when it says, else when its last case arrived (a batch released as it filled).
  Time ready = b.ready;
  if (!std::isnan(a.batch_ready)) {
    ready = a.batch_ready;
    b.ready_given = true;
  } else if (!b.ready_given && !std::isnan(a.enable)) {
    ready = std::isnan(ready) ? a.enable : std::max(ready, a.enable);
  }
  if (!std::isnan(ready) && ready != b.ready && b.resource >= 0) {
    const double area = overlap(ready, b.queue_end, b.lo, b.hi, nullptr);
    s.resources[static_cast<std::size_t>(b.resource)].pending_area += area - b.queue_area;
    b.queue_area = area;
  }
  b.ready = ready;
  if (b.measured_rows > 0 && b.work_cost != 0.0) {
    // One more row shares the work's cost: the fees of the measured rows change.
    const double fees = batch_fees(b);
    s.fixed_cost += fees - b.fees_counted;
    b.fees_counted = fees;
  }
  return fresh;
}

void KpiAccumulator::Impl::add_batch_cost(CaseStats& s, const ActivityInstance& a, const Step* step, double processing,
                                          double cost) {
  BatchAcc& b = s.batches[batch_key(a)];
  if (b.rows == 0) b.rows = 1;  // a row without a resource: not seen by add_batch_row
  ++b.measured_rows;
  b.measured_cost += cost;
  if (b.measured_rows == 1) ++s.activities[a.activity].batches;
  if (step == nullptr) return;
  if (!step->cost_formula || !info.has_cost) {
    if (b.measured_rows == 1) s.fixed_cost += step->cost;  // once per execution
    return;
  }
  b.work_cost = hourly_rate(a) * processing / 3600.0;
  const double fees = batch_fees(b);
  s.fixed_cost += fees - b.fees_counted;
  b.fees_counted = fees;
}

KpiAccumulator::Impl::Window KpiAccumulator::Impl::window_of(std::uint32_t replication) const {
  Window w;
  if (!info.simulation) return w;
  w.simulated = true;
  const auto found = info.window_starts.find(replication);
  w.lo = found != info.window_starts.end() ? found->second : kInf;
  if (info.simulation->horizon_seconds) w.hi = info.simulation->start + *info.simulation->horizon_seconds;
  return w;
}

Time KpiAccumulator::Impl::window_start(const CaseStats& s, std::uint32_t replication) const {
  const Window w = window_of(replication);
  if (w.simulated && std::isfinite(w.lo)) return w.lo;
  return s.first;
}

Time KpiAccumulator::Impl::window_end(const CaseStats& s) const {
  if (info.simulation && info.simulation->horizon_seconds) {
    return info.simulation->start + *info.simulation->horizon_seconds;
  }
  return s.last;
}

bool KpiAccumulator::Impl::measured(const CaseRecord& c, Time start, const Window& window) const {
  if (measure_from && start < *measure_from) return false;
  if (window.simulated && !(start >= window.lo)) return false;
  return warmup_cases == 0 || case_number(c.id) > warmup_cases;
}

const Resource* KpiAccumulator::Impl::pool_of(std::int32_t resource) {
  if (resource < 0) return nullptr;
  if (hours_source.size() <= static_cast<std::size_t>(resource)) sync_resources();
  return pool_of_resource[static_cast<std::size_t>(resource)];
}

/// The hours a resource works: its pool's calendar, or its --calendar hours (nullptr: around the
/// clock, or hours inferred from the log, which only utilisation uses).
const CalendarClock* KpiAccumulator::Impl::clock_of(std::int32_t resource) {
  if (resource < 0) return nullptr;
  const auto r = static_cast<std::size_t>(resource);
  if (hours_source.size() <= r) sync_resources();
  switch (hours_source[r]) {
    case HoursSource::Pool: return clock_of_resource[r];
    case HoursSource::Option: return &option_clocks[static_cast<std::size_t>(option_calendar[r])];
    case HoursSource::Inferred:
    case HoursSource::AlwaysOpen: break;
  }
  return nullptr;
}

const CalendarClock* KpiAccumulator::Impl::queue_clock_of(std::int32_t resource) {
  if (resource < 0) return nullptr;
  const auto r = static_cast<std::size_t>(resource);
  if (hours_source.size() <= r) sync_resources();
  return hours_source[r] == HoursSource::Pool ? queue_clock_of_resource[r] : clock_of(resource);
}

void KpiAccumulator::Impl::add_listed_queues(CaseStats& s, const Step* step, std::int32_t resource, Time enable,
                                             Time started, const Window& window) {
  if (step == nullptr || step->other_resources.empty() || step->policy == PoolPolicy::ShortestQueue) return;
  const std::vector<Resource>& pools = options.process->resources;
  if (s.listed_queue_area.size() < pools.size()) s.listed_queue_area.resize(pools.size(), 0.0);
  const double area = overlap(enable, started, window.lo, window.hi, nullptr);
  if (!(area > 0.0)) return;
  const Resource* taken = pool_of(resource);
  const auto add = [&](const std::string& id) {
    const Resource* pool = options.process->find_resource(id);
    if (pool == nullptr || pool == taken) return;
    s.listed_queue_area[static_cast<std::size_t>(pool - pools.data())] += area;
  };
  add(step->resource);
  for (const std::string& id : step->other_resources) add(id);
}

void KpiAccumulator::Impl::sync_resources() {
  const NameTable& names = info.dictionary.resources;
  if (option_clocks.size() < options.resource_calendars.size()) {
    for (const auto& [name, calendar] : options.resource_calendars) option_clocks.emplace_back(calendar);
  }
  while (hours_source.size() < names.size()) {
    const std::string& name = names.name(static_cast<std::uint32_t>(hours_source.size()));
    const Resource* pool = process ? process->resource_for(name) : nullptr;
    const Member* member = pool != nullptr ? process->member_for(name) : nullptr;
    pool_of_resource.push_back(pool);
    member_of_resource.push_back(member);
    clock_of_resource.push_back(pool != nullptr ? process->work_clock_of(*pool, member) : nullptr);
    queue_clock_of_resource.push_back(pool != nullptr ? process->clock_of(*pool) : nullptr);
    std::int32_t calendar = -1;
    for (std::size_t k = 0; k < options.resource_calendars.size(); ++k) {
      const std::string& target = options.resource_calendars[k].first;
      // A calendar for this resource wins over one for every resource.
      if (target == name || (target.empty() && calendar < 0)) calendar = static_cast<std::int32_t>(k);
    }
    HoursSource source = HoursSource::AlwaysOpen;
    if (pool != nullptr) {
      source = HoursSource::Pool;
    } else if (calendar >= 0) {
      source = HoursSource::Option;
    } else if (options.infer_working_hours) {
      source = HoursSource::Inferred;
    }
    hours_source.push_back(source);
    option_calendar.push_back(calendar);
  }
}

double KpiAccumulator::Impl::processing_of(const ActivityInstance& i) {
  const CalendarClock* clock = clock_of(i.resource);
  return clock == nullptr ? i.end - i.start : clock->open_seconds(i.start, i.end);
}

void KpiAccumulator::Impl::decide_period() {
  period_decided = true;
  measure_from = options.from;
  if (info.simulation) {
    // The log states its run's warm-up (window_of); the process file's settings may differ from
    // what the run used (--cases, --set).
    warmup_cases = info.simulation->warmup_cases;
    return;
  }
  // An older bpm-sim log without its run: the process file's warm-up.
  if (!options.simulation_warmup || options.process == nullptr || info.convention != "bpm-sim") return;
  const SimulationSettings& sim = options.process->simulation;
  if (sim.warmup_time > 0.0) {
    const Time t = sim.start + sim.warmup_time;
    measure_from = measure_from ? std::max(*measure_from, t) : t;
  }
  warmup_cases = sim.warmup_cases;
}

void KpiAccumulator::Impl::add(CaseRecord& c) {
  if (c.instances.empty() && c.pending.empty() && c.interrupted.empty()) return;
  sync_activities();
  if (!period_decided) decide_period();
  Time start = c.instances.empty() ? kInf : c.start();
  for (const ActivityInstance& p : c.pending) start = std::min(start, p.enable);
  for (const ActivityInstance& p : c.interrupted) start = std::min(start, p.enable);
  const Window window = window_of(c.replication);
  const bool is_measured = measured(c, start, window);
  // --where: a case it drops is in no figure at all.
  const bool kept = options.filter == nullptr || options.filter->keep(c, info);
  if (!is_measured) {
    ++excluded;
  } else if (!kept) {
    ++filtered;
  }
  // Outside a simulation's window a case is simply not in the log's measure; inside one, every
  // case's time counts towards the time averages, as in the simulator.
  if (!kept || (!is_measured && !window.simulated)) return;
  CaseStats& s = state_for(c.replication);
  const std::size_t n_activities = info.dictionary.activities.size();
  const std::size_t n_resources = info.dictionary.resources.size();
  if (s.activities.size() < n_activities) s.activities.resize(n_activities);
  if (s.resources.size() < n_resources) s.resources.resize(n_resources);
  if (hours_source.size() < n_resources) sync_resources();

  // The last activity is the one that finished last (the latest in the list among equals).
  // Executions a timer cut short end the case's time too (a case that abandons its first queue
  // has nothing else), but they are not its last activity.
  const bool ended_any = !c.instances.empty() || !c.interrupted.empty();
  std::uint32_t last_activity = !c.instances.empty()     ? c.instances.front().activity
                                : !c.interrupted.empty() ? c.interrupted.front().activity
                                                         : c.pending.front().activity;
  Time end = -kInf;
  for (const ActivityInstance& i : c.instances) {
    if (i.end >= end) {
      end = i.end;
      last_activity = i.activity;
    }
  }
  bool ends_interrupted = false;
  for (const ActivityInstance& i : c.interrupted) {
    if (i.end > end) {
      end = i.end;
      ends_interrupted = true;
    }
  }
  const bool completed = ended_any && is_completed(c, last_activity);

  // ---- time averages over the measured period: every case's presence, work and waits
  s.last = std::max(s.last, ended_any ? end : start);
  if (completed) {
    s.wip_area += overlap(start, end, window.lo, window.hi, nullptr);
  } else if (std::isfinite(window.hi)) {
    s.wip_area += overlap(start, window.hi, window.lo, window.hi, nullptr);
  } else if (is_measured) {
    s.open_starts.push_back(start);  // until the last event of the log: added by the report
  }
  for (const ActivityInstance& i : c.instances) {
    if (i.resource < 0) continue;
    ResourceAcc& r = s.resources[static_cast<std::size_t>(i.resource)];
    // A batch's rows are one execution: its busy time and queue count once.
    const bool batched = i.batch >= 0;
    if (batched && !add_batch_row(s, i, i.start, window)) continue;
    r.busy += overlap(i.start, i.end, window.lo, window.hi, clock_of(i.resource));
    if (hours_source[static_cast<std::size_t>(i.resource)] == HoursSource::Inferred &&
        std::min(i.end, window.hi) > std::max(i.start, window.lo)) {
      // Utilisation counts work inside the hours inferred at the end: keep it by hour of the week.
      if (r.busy_by_hour.empty()) r.busy_by_hour.assign(168, 0.0);
      add_busy_by_hour(r.busy_by_hour.data(), std::max(i.start, window.lo), std::min(i.end, window.hi));
    }
    if (batched) continue;
    r.pending_area += overlap(i.enable, i.start, window.lo, window.hi, nullptr);
    add_listed_queues(s, step_of_activity[i.activity], i.resource, i.enable, i.start, window);
  }
  // Unfinished work (still open at the horizon, or cut short by a timer) waited until it started
  // and kept its pool busy from then until `until`; without a start it only waited.
  const auto add_unfinished = [&](const ActivityInstance& a, Time until) {
    const Time started = std::isnan(a.start) ? until : a.start;
    if (a.batch >= 0 && a.resource >= 0) {
      if (add_batch_row(s, a, started, window)) {
        s.resources[static_cast<std::size_t>(a.resource)].busy +=
            overlap(started, until, window.lo, window.hi, clock_of(a.resource));
      }
      return;
    }
    // bpm-sim names no pool for work still queued at several: it waits at each of them.
    add_listed_queues(s, step_of_activity[a.activity], a.resource, a.enable, started, window);
    if (a.resource < 0) return;
    ResourceAcc& r = s.resources[static_cast<std::size_t>(a.resource)];
    r.pending_area += overlap(a.enable, started, window.lo, window.hi, nullptr);
    r.busy += overlap(started, until, window.lo, window.hi, clock_of(a.resource));
  };
  for (const ActivityInstance& p : c.pending) add_unfinished(p, window.hi);
  for (const ActivityInstance& i : c.interrupted) add_unfinished(i, i.end);
  if (!is_measured || !ended_any) {
    if (is_measured) {
      // A measured case with nothing finished yet: arrived, in flight.
      s.first = std::min(s.first, measure_from ? *measure_from : start);
      ++s.arrived;
      s.series.arrival(start);
      if (s.open_examples.size() < 20) s.open_examples.emplace_back(c.id, c.first_row);
      add_slas(c, s, start, end, false);
    }
    return;
  }

  // ---- a measured case: its executions, waiting, outcome, SLAs
  const std::uint64_t stamp = ++case_stamp;
  s.first = std::min(s.first, measure_from ? *measure_from : start);
  ++s.arrived;
  s.series.arrival(start);

  double case_processing = 0.0;
  double case_cost = 0.0;
  double case_waiting = 0.0;  // completed: the unworked part of the cycle; in flight: the waits so far
  bool rework = false;
  variant_key.clear();
  spans.clear();
  for (const ActivityInstance& i : c.instances) {
    const double waiting = i.start - i.enable;
    const double processing = processing_of(i);
    const double cost = instance_cost(i);
    const CalendarClock* clock = clock_of(i.resource);
    const CalendarClock* queue_clock = queue_clock_of(i.resource);
    const Step* step = step_of_activity[i.activity];
    const bool timer = step != nullptr && step->kind == StepKind::Wait;
    const metrics::WaitSplit pending = metrics::pending_split(queue_clock, i.enable, i.start);
    ActivityAcc& a = s.activities[i.activity];
    ++a.count;
    a.waiting += waiting;
    a.waiting_queue += pending[metrics::Cause::Queue];
    a.waiting_closed += pending[metrics::Cause::Closed];
    a.processing += processing;
    a.cost += cost;
    if (a.last_case == stamp) {
      if (!same_visit(step, a, i)) a.last_repeat = true;
      if (a.last_repeat) {
        ++a.repeats;
        rework = true;
      }
    } else {
      a.last_case = stamp;
      a.last_repeat = false;
      ++a.cases;
    }
    a.last_enable = i.enable;
    a.last_end = i.end;
    if (i.resource >= 0) {
      ResourceAcc& r = s.resources[static_cast<std::size_t>(i.resource)];
      if (hours_source[static_cast<std::size_t>(i.resource)] == HoursSource::Inferred) {
        inference.observe(static_cast<std::size_t>(i.resource), i.start);
        inference.observe(static_cast<std::size_t>(i.resource), i.end);
      }
      ++r.count;
      r.waiting += waiting;
      r.waiting_queue += pending[metrics::Cause::Queue];
      r.waiting_closed += pending[metrics::Cause::Closed];
    }
    if (i.batch >= 0) {
      add_batch_cost(s, i, step, processing, cost);
    } else if (step != nullptr) {
      s.fixed_cost += fixed_cost_of(i, *step, processing, cost);
    }
    if (timer) {
      spans.push_back({metrics::Span::Kind::Timer, i.enable, i.end, nullptr});
    } else {
      if (i.start > i.enable) spans.push_back({metrics::Span::Kind::Pending, i.enable, i.start, queue_clock});
      spans.push_back({metrics::Span::Kind::Work, i.start, i.end, clock});
    }
    case_processing += processing;
    case_cost += cost;
    case_waiting += waiting;
    variant_key.append(reinterpret_cast<const char*>(&i.activity), sizeof i.activity);
  }
  s.cost_total += case_cost;  // of the executions: interrupted work is the case's cost only
  for (const ActivityInstance& i : c.interrupted) {
    // Not an execution of its step: only its time, work and cost are the case's.
    const Step* step = step_of_activity[i.activity];
    const Time started = std::isnan(i.start) ? i.end : i.start;
    if (step != nullptr && step->kind == StepKind::Wait) {
      spans.push_back({metrics::Span::Kind::Timer, i.enable, i.end, nullptr});
      continue;
    }
    if (started > i.enable)
      spans.push_back({metrics::Span::Kind::Pending, i.enable, started, queue_clock_of(i.resource)});
    if (!std::isnan(i.start)) {
      spans.push_back({metrics::Span::Kind::Work, i.start, i.end, clock_of(i.resource)});
      case_processing += processing_of(i);
    }
    case_cost += instance_cost(i);
  }

  // Ends nowhere: the last activity leads to no end although the case is not known to be still
  // running (a log with outcomes marks running cases by an empty outcome).
  const bool maybe_running = !c.work_complete || (info.has_outcome && c.outcome.empty());
  if (process && !final_activity[last_activity] && !maybe_running && !ends_interrupted) {
    ++s.ending_nowhere;
    if (s.nowhere_examples.size() < 10) s.nowhere_examples.push_back(c.id);
  }
  const double cycle = end - start;
  double revenue = 0.0;
  if (completed) {
    const metrics::WaitSplit idle = metrics::split_idle(spans, start, end, sweep_scratch);
    case_waiting = idle.total();
    ++s.completed;
    s.cycle.add(cycle);
    s.waiting.add(case_waiting);
    s.idle += idle;
    s.processing_sum += case_processing;
    s.cycle_cases.add(cycle);
    s.waiting_cases.add(case_waiting);
    s.processing_cases.add(case_processing);
    if (rework) ++s.rework_cases;
    s.cost_completed += case_cost;
    if (!c.outcome.empty()) ++s.outcomes[c.outcome];
    revenue = case_revenue(c);
    s.revenue_total += revenue;
    if (c.outcome == options.won_outcome) s.won_revenue += revenue;
    s.series.completion(end);
    s.series.presence(start, end);
  } else if (s.open_examples.size() < 20) {
    s.open_examples.emplace_back(c.id, c.first_row);
  }

  VariantAcc& v = s.variants[variant_key];
  if (v.count == 0) v.first_seen = stamp;
  ++v.count;
  if (completed) {
    ++v.completed;
    v.cycle_sum += cycle;
  }

  add_slas(c, s, start, end, completed);

  if (observers.empty()) return;
  CaseFacts facts;
  facts.start = start;
  facts.end = end;
  facts.completed = completed;
  facts.maybe_running = maybe_running;
  facts.ends_nowhere = process && !final_activity[last_activity] && !maybe_running;
  facts.rework = rework;
  facts.won = !c.outcome.empty() && c.outcome == options.won_outcome;
  facts.last_activity = last_activity;
  facts.waiting = case_waiting;
  facts.processing = case_processing;
  facts.cost = case_cost;
  facts.revenue = revenue;
  for (CaseObserver* observer : observers) observer->observe(c, facts, info);
}

void KpiAccumulator::Impl::add_slas(const CaseRecord& c, CaseStats& s, Time start, Time end, bool completed) {
  if (options.process == nullptr) return;
  const auto& slas = options.process->slas;
  for (std::size_t k = 0; k < slas.size(); ++k) {
    const Time from = endpoint_time(slas[k].from, c, start, end, completed, step_of_activity);
    if (std::isnan(from)) continue;
    const Time to = endpoint_time(slas[k].to, c, start, end, completed, step_of_activity);
    if (!std::isnan(to)) {
      (to - from <= slas[k].within ? s.slas[k].met : s.slas[k].breached) += 1;
    } else if (!completed) {
      s.slas[k].pending.push_back(from);  // breached if still open past the limit at the end
    }
  }
}

KpiAccumulator::KpiAccumulator(const AnalysisOptions& options, const LogInfo& info)
    : impl_(std::make_unique<Impl>(options, info)) {}

// Defined here, where Impl is complete, as unique_ptr's deleter requires.
KpiAccumulator::~KpiAccumulator() = default;

void KpiAccumulator::on_case(CaseRecord& record) { impl_->add(record); }

void KpiAccumulator::copy_state(const KpiAccumulator& other) {
  Impl& me = *impl_;
  const Impl& o = *other.impl_;
  me.states.clear();
  for (const auto& s : o.states) me.states.push_back(std::make_unique<CaseStats>(*s));
  me.state_of_replication = o.state_of_replication;
  me.replication_ids = o.replication_ids;
  me.case_stamp = o.case_stamp;
  me.inference = o.inference;
  me.measure_from = o.measure_from;
  me.warmup_cases = o.warmup_cases;
  me.period_decided = o.period_decided;
  me.excluded = o.excluded;
  me.filtered = o.filtered;
  // The per-name tables grow as cases arrive: bring them up to the names `other` has seen.
  me.sync_activities();
  me.sync_resources();
}

void KpiAccumulator::add_observer(CaseObserver& observer) { impl_->observers.push_back(&observer); }

void KpiAccumulator::reset() {
  for (CaseObserver* observer : impl_->observers) observer->reset();
  impl_->filtered = 0;
  impl_->inference.clear();
  impl_->states.clear();
  impl_->state_of_replication.clear();
  impl_->replication_ids.clear();
  impl_->case_stamp = 0;
  impl_->excluded = 0;
  impl_->period_decided = false;
}

}  // namespace bpm::kpi
