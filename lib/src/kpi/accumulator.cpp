// KpiAccumulator: every KPI of share/doc/kpi-definitions.md from a stream of finished cases, in
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
  if (!step->resource.empty()) {
    if (const Resource* pool = options.process->find_resource(step->resource)) {
      cost += pool->cost_per_hour * (i.end - i.start) / 3600.0;
    }
  }
  return cost;
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
      Time best = kNaN;
      for (const ActivityInstance& i : c.instances) {
        const Step* step = steps[i.activity];
        if (step == nullptr || step->id != e.step) continue;
        const Time t = e.kind == SlaEndpoint::Kind::StepStart ? i.start : i.end;
        if (std::isnan(best) || t < best) best = t;
      }
      return best;
    }
  }
  return kNaN;
}

bool KpiAccumulator::Impl::measured(const CaseRecord& c, Time start) const {
  if (measure_from && start < *measure_from) return false;
  if (warmup_cases > 0) {
    std::uint64_t number = 0;
    const auto r = std::from_chars(c.id.data(), c.id.data() + c.id.size(), number);
    if (r.ec == std::errc{} && number <= warmup_cases) return false;
  }
  return true;
}

double KpiAccumulator::Impl::processing_of(const ActivityInstance& i) {
  if (i.resource < 0 || !process) return i.end - i.start;
  const auto r = static_cast<std::size_t>(i.resource);
  while (pool_of_resource.size() < info.dictionary.resources.size()) {
    pool_of_resource.push_back(
        process->resource_for(info.dictionary.resources.name(static_cast<std::uint32_t>(pool_of_resource.size()))));
  }
  const Resource* pool = pool_of_resource[r];
  if (pool == nullptr || pool->calendar.empty()) return i.end - i.start;
  return process->open_seconds(*pool, i.start, i.end);
}

void KpiAccumulator::Impl::decide_period() {
  period_decided = true;
  measure_from = options.from;
  if (!options.simulation_warmup || options.process == nullptr || info.convention != "bpm-sim") return;
  const SimulationSettings& sim = options.process->simulation;
  if (sim.warmup_time > 0.0) {
    const Time t = sim.start + sim.warmup_time;
    measure_from = measure_from ? std::max(*measure_from, t) : t;
  }
  warmup_cases = sim.warmup_cases;
}

void KpiAccumulator::Impl::add(CaseRecord& c) {
  if (c.instances.empty()) return;
  sync_activities();
  if (!period_decided) decide_period();
  if (!measured(c, c.start())) {
    ++excluded;
    return;
  }
  CaseStats& s = state_for(c.replication);
  const std::size_t n_activities = info.dictionary.activities.size();
  const std::size_t n_resources = info.dictionary.resources.size();
  if (s.activities.size() < n_activities) s.activities.resize(n_activities);
  if (s.resources.size() < n_resources) s.resources.resize(n_resources);
  const std::uint64_t stamp = ++case_stamp;

  const Time start = c.start();
  const Time end = c.end();
  s.first = std::min(s.first, measure_from ? *measure_from : start);
  s.last = std::max(s.last, end);
  ++s.arrived;
  s.series.arrival(start);

  // The last activity is the one that finished last (the latest in the list among equals).
  std::uint32_t last_activity = c.instances.front().activity;
  Time last_end = -std::numeric_limits<double>::infinity();
  double case_waiting = 0.0;
  double case_processing = 0.0;
  double case_cost = 0.0;
  bool rework = false;
  variant_key.clear();
  for (const ActivityInstance& i : c.instances) {
    if (i.end >= last_end) {
      last_end = i.end;
      last_activity = i.activity;
    }
    const double waiting = i.start - i.enable;
    const double processing = processing_of(i);
    const double cost = instance_cost(i);
    ActivityAcc& a = s.activities[i.activity];
    ++a.count;
    a.waiting += waiting;
    a.processing += processing;
    a.cost += cost;
    if (a.last_case == stamp) {
      ++a.repeats;
      rework = true;
    } else {
      a.last_case = stamp;
      ++a.cases;
    }
    if (i.resource >= 0) {
      ResourceAcc& r = s.resources[static_cast<std::size_t>(i.resource)];
      ++r.count;
      r.busy += processing;
      r.waiting += waiting;
      r.cost += cost;
    }
    case_waiting += waiting;
    case_processing += processing;
    case_cost += cost;
    variant_key.append(reinterpret_cast<const char*>(&i.activity), sizeof i.activity);
  }
  s.cost_total += case_cost;

  const bool completed = is_completed(c, last_activity);
  // Ends nowhere: the last activity leads to no end although the case is not known to be still
  // running (a log with outcomes marks running cases by an empty outcome).
  const bool maybe_running = !c.work_complete || (info.has_outcome && c.outcome.empty());
  if (process && !final_activity[last_activity] && !maybe_running) {
    ++s.ending_nowhere;
    if (s.nowhere_examples.size() < 10) s.nowhere_examples.push_back(c.id);
  }
  const double cycle = end - start;
  if (completed) {
    ++s.completed;
    s.cycle.add(cycle);
    s.waiting.add(case_waiting);
    s.processing_sum += case_processing;
    s.cycle_cases.add(cycle);
    s.waiting_cases.add(case_waiting);
    s.processing_cases.add(case_processing);
    if (rework) ++s.rework_cases;
    s.cost_completed += case_cost;
    if (!c.outcome.empty()) ++s.outcomes[c.outcome];
    const double revenue = case_revenue(c);
    s.revenue_total += revenue;
    if (c.outcome == options.won_outcome) s.won_revenue += revenue;
    s.series.completion(end);
    s.series.presence(start, end);
  } else {
    s.open_starts.push_back(start);
    if (s.open_examples.size() < 20) s.open_examples.emplace_back(c.id, c.first_row);
  }

  VariantAcc& v = s.variants[variant_key];
  if (v.count == 0) v.first_seen = stamp;
  ++v.count;
  if (completed) {
    ++v.completed;
    v.cycle_sum += cycle;
  }

  if (options.process != nullptr) {
    const auto& slas = options.process->slas;
    for (std::size_t k = 0; k < slas.size(); ++k) {
      const Time from = endpoint_time(slas[k].from, c, start, end, completed, step_of_activity);
      if (std::isnan(from)) continue;
      const Time to = endpoint_time(slas[k].to, c, start, end, completed, step_of_activity);
      if (!std::isnan(to)) {
        (to - from <= slas[k].within ? s.slas[k].met : s.slas[k].breached) += 1;
      } else if (!completed) {
        s.slas[k].pending.push_back(from);
      }
    }
  }
}

KpiAccumulator::KpiAccumulator(const AnalysisOptions& options, const LogInfo& info)
    : impl_(std::make_unique<Impl>(options, info)) {}

// Defined here, where Impl is complete, as unique_ptr's deleter requires.
KpiAccumulator::~KpiAccumulator() = default;

void KpiAccumulator::on_case(CaseRecord& record) { impl_->add(record); }

void KpiAccumulator::reset() {
  impl_->states.clear();
  impl_->state_of_replication.clear();
  impl_->replication_ids.clear();
  impl_->case_stamp = 0;
  impl_->excluded = 0;
  impl_->period_decided = false;
}

}  // namespace bpm::kpi
