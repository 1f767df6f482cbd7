// KpiAccumulator::report: the accumulated state turned into named metrics (share/doc/
// share/doc/metrics.md), tables, a daily series and a histogram; replications become estimates.
#include <fmt/format.h>

#include "bpm/kpi/working_hours.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "kpi/accumulator_impl.hpp"
#include "metrics/waiting.hpp"

namespace bpm::kpi {
namespace {

double ratio(double a, double b) { return b != 0.0 ? a / b : kNaN; }

double quantile(const LogHistogram& h, double q) { return h.interpolated_quantile(q); }

/// Metrics named and typed by the registry (bpm/metrics/registry.hpp), in the order added.
class MetricList {
 public:
  void add(std::string_view pattern, std::string_view id, double value) {
    const metrics::MetricDef& def = metrics::definition_of(pattern);
    Metric m;
    m.name = metrics::metric_name(def, id);
    m.unit = def.unit;
    m.value = value;
    items.push_back(std::move(m));
  }
  void add(std::string_view pattern, double value) { add(pattern, {}, value); }
  std::vector<Metric> items;
};

/// The working hours of each resource at report time: the process's pools, --calendar, or hours
/// inferred from the whole log (share/doc/metrics.md, "Working hours").
class ResourceHours {
 public:
  using Source = KpiAccumulator::Impl::HoursSource;

  explicit ResourceHours(const KpiAccumulator::Impl& impl) : impl_(impl) {
    for (std::size_t r = 0; r < impl.hours_source.size(); ++r) {
      std::optional<Calendar> hours;
      if (impl.hours_source[r] == Source::Inferred) hours = impl.inference.hours(r);
      clocks_.push_back(hours ? std::optional<CalendarClock>(CalendarClock(*hours)) : std::nullopt);
      inferred_.push_back(std::move(hours));
    }
  }

  /// Seconds resource r could have worked in [a, b]: pool count x calendar hours for a pool of the
  /// process, its --calendar or inferred hours, else the window (one person, always available).
  [[nodiscard]] double capacity(std::size_t r, const std::string& name, Time a, Time b) const {
    if (!(b > a)) return 0.0;
    switch (source(r)) {
      case Source::Pool: {
        const Resource* pool = impl_.pool_of_resource[r];
        // A named member: its own hours.
        if (const Member* member = impl_.member_of_resource[r])
          return impl_.process->open_seconds(*pool, *member, a, b);
        const bool whole_pool = normalize_name(name) == normalize_name(pool->id);
        return (whole_pool ? pool->count : 1) * impl_.process->open_seconds(*pool, a, b);
      }
      case Source::Option:
        return impl_.option_clocks[static_cast<std::size_t>(impl_.option_calendar[r])].open_seconds(a, b);
      case Source::Inferred:
        if (clocks_[r]) return clocks_[r]->open_seconds(a, b);
        break;
      case Source::AlwaysOpen: break;
    }
    return b - a;
  }

  /// Busy seconds that count towards utilisation: with inferred hours, the work inside them.
  [[nodiscard]] double busy(std::size_t r, const ResourceAcc& acc) const {
    if (source(r) == Source::Inferred && inferred_[r]) return busy_within(acc.busy_by_hour, *inferred_[r]);
    return acc.busy;
  }

  [[nodiscard]] std::string text(std::size_t r) const {
    switch (source(r)) {
      case Source::Pool: {
        const Resource* pool = impl_.pool_of_resource[r];
        const Member* member = impl_.member_of_resource[r];
        if (member != nullptr && !member->calendar.empty()) {
          return pool->calendar.empty()
                     ? fmt::format("calendar {} (process)", member->calendar)
                     : fmt::format("calendars {} and {} (process)", member->calendar, pool->calendar);
        }
        return pool->calendar.empty() ? "24x7 (process)" : fmt::format("calendar {} (process)", pool->calendar);
      }
      case Source::Option:
        return fmt::format(
            "{} (given)",
            working_hours_text(
                impl_.options.resource_calendars[static_cast<std::size_t>(impl_.option_calendar[r])].second));
      case Source::Inferred:
        if (inferred_[r]) {
          return fmt::format("{} ({})", working_hours_text(*inferred_[r]),
                             impl_.inference.own(r) ? "inferred" : "team, inferred");
        }
        break;
      case Source::AlwaysOpen: break;
    }
    return "24x7";
  }

 private:
  [[nodiscard]] Source source(std::size_t r) const {
    return r < impl_.hours_source.size() ? impl_.hours_source[r] : Source::AlwaysOpen;
  }
  const KpiAccumulator::Impl& impl_;
  std::vector<std::optional<Calendar>> inferred_;
  std::vector<std::optional<CalendarClock>> clocks_;
};

/// Seconds the pool of a log resource is rostered in [a, b]: pool count x calendar hours (1 for a
/// person of the pool).
double capacity_of(const std::string& name, const ProcessIndex* process, Time a, Time b) {
  if (!(b > a)) return 0.0;
  if (process != nullptr) {
    if (const Resource* pool = process->resource_for(name)) {
      const bool whole_pool = normalize_name(name) == normalize_name(pool->id);
      return (whole_pool ? pool->count : 1) * process->open_seconds(*pool, a, b);
    }
  }
  return b - a;
}

/// Whether the log knows an outcome that counts as won: the process file has it, or some case of
/// the log (any replication) ended with it. Without one, win_rate and its kin are left out.
bool knows_won_outcome(const KpiAccumulator::Impl& impl) {
  if (!impl.info.has_outcome) return false;
  const std::string& won = impl.options.won_outcome;
  if (impl.options.process != nullptr) {
    const std::vector<std::string> outcomes = impl.options.process->outcomes();
    if (std::find(outcomes.begin(), outcomes.end(), won) != outcomes.end()) return true;
  }
  return std::any_of(impl.states.begin(), impl.states.end(),
                     [&won](const std::unique_ptr<CaseStats>& s) { return s->outcomes.count(won) > 0; });
}

/// Outcomes in the process file's order, then those only the log has, alphabetically. With a
/// process file and a log that records outcomes, every outcome of the process is there, 0 when
/// no case of the replication reached it, as the simulator reports it.
std::vector<std::string> outcome_order(const CaseStats& s, const KpiAccumulator::Impl& impl) {
  std::vector<std::string> order;
  if (impl.options.process != nullptr) {
    const bool every = impl.info.has_outcome;
    for (const std::string& o : impl.options.process->outcomes()) {
      if (every || s.outcomes.count(o) > 0) order.push_back(o);
    }
  }
  for (const auto& [name, count] : s.outcomes) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  return order;
}

/// Hours a log resource is rostered in [a, b]: count × the open hours of its pool (1 for a person
/// of the pool); 0 without a process that knows it.
double rostered_hours_of(const std::string& name, const ProcessIndex* process, Time a, Time b) {
  if (process == nullptr || process->resource_for(name) == nullptr) return std::nan("");
  return capacity_of(name, process, a, b) / 3600.0;
}

/// A pool with named members, read from a log that names the members (as bpm-sim's does): the
/// members' rows add up to the pool's, as in the simulator's summary, and each member keeps its own.
struct PoolRollup {
  const Resource* pool = nullptr;
  ResourceAcc acc;
  double busy = 0.0;
  double cost = 0.0;                                           // busy hours at each member's own rate
  std::vector<std::pair<const Member*, std::size_t>> members;  // with its log resource
};

void add_resource_metrics(const CaseStats& s, const KpiAccumulator::Impl& impl, const ResourceHours& hours, Time w0,
                          Time w1, double window, MetricList& out) {
  const NameTable& resources = impl.info.dictionary.resources;
  const ProcessIndex* process = impl.process.get();
  // Each log resource is reported under its own name, except the members of a pool and the pool's
  // own rows (work still waiting for it), which roll up into the pool at its first appearance.
  std::vector<PoolRollup> rollups;
  std::vector<std::pair<std::size_t, bool>> order;  // (log resource or rollup, is rollup)
  const auto rollup_of = [&](const Resource* pool) -> PoolRollup& {
    for (PoolRollup& p : rollups) {
      if (p.pool == pool) return p;
    }
    order.emplace_back(rollups.size(), true);
    rollups.push_back({pool, {}, 0.0, 0.0, {}});
    return rollups.back();
  };
  for (std::size_t r = 0; r < s.resources.size(); ++r) {
    const ResourceAcc& acc = s.resources[r];
    if (acc.count == 0 && acc.busy == 0.0 && acc.pending_area == 0.0) continue;
    const Resource* pool = r < impl.pool_of_resource.size() ? impl.pool_of_resource[r] : nullptr;
    if (pool == nullptr || pool->members.empty()) {
      order.emplace_back(r, false);
      continue;
    }
    PoolRollup& p = rollup_of(pool);
    p.acc.merge(acc);
    const Member* member = impl.member_of_resource[r];
    p.busy += acc.busy;
    p.cost += acc.busy / 3600.0 * (member != nullptr ? pool->member_cost(*member) : pool->cost_per_hour);
    if (member != nullptr) p.members.emplace_back(member, r);
  }
  // Work a task listing several pools queued here but another pool took.
  const auto listed_area = [&](const Resource* pool) {
    if (pool == nullptr) return 0.0;
    const auto k = static_cast<std::size_t>(pool - process->process().resources.data());
    return k < s.listed_queue_area.size() ? s.listed_queue_area[k] : 0.0;
  };
  const auto add_common = [&](const std::string& name, const ResourceAcc& acc, double busy, double capacity,
                              const Resource* whole_pool) {
    const auto n = static_cast<double>(acc.count);
    out.add("resources.<resource>.executions", name, n);
    out.add("resources.<resource>.utilisation", name, ratio(busy, capacity));
    out.add("resources.<resource>.queue_length", name, ratio(acc.pending_area + listed_area(whole_pool), window));
    out.add("resources.<resource>.waiting.mean", name, ratio(acc.waiting, n));
    out.add("resources.<resource>.waiting.queue.mean", name, ratio(acc.waiting_queue, n));
    out.add("resources.<resource>.waiting.closed.mean", name, ratio(acc.waiting_closed, n));
    out.add("resources.<resource>.busy_hours", name, busy / 3600.0);
  };
  for (const auto& [index, is_rollup] : order) {
    if (!is_rollup) {
      const std::size_t r = index;
      const ResourceAcc& acc = s.resources[r];
      const std::string& name = resources.name(static_cast<std::uint32_t>(r));
      const double busy = hours.busy(r, acc);  // with inferred hours: the work inside them
      const Resource* pool = process != nullptr ? process->resource_for(name) : nullptr;
      const bool whole = pool != nullptr && normalize_name(name) == normalize_name(pool->id);
      add_common(name, acc, busy, hours.capacity(r, name, w0, w1), whole ? pool : nullptr);
      if (pool != nullptr) {
        const double rostered_hours = rostered_hours_of(name, process, w0, w1);
        out.add("resources.<resource>.cost", name, busy / 3600.0 * pool->cost_per_hour);
        out.add("resources.<resource>.rostered_hours", name, rostered_hours);
        out.add("resources.<resource>.rostered_cost", name, rostered_hours * pool->cost_per_hour);
      }
      continue;
    }
    // The pool's hours are its members' (each its own calendar within the pool's), all of them,
    // whether they worked in the window or not.
    const PoolRollup& p = rollups[index];
    const Resource& pool = *p.pool;
    double open = 0.0, rostered_cost = 0.0;
    for (const Member& m : pool.members) {
      const double seconds = window > 0.0 ? process->open_seconds(pool, m, w0, w1) : 0.0;
      open += seconds;
      rostered_cost += seconds / 3600.0 * pool.member_cost(m);
    }
    add_common(pool.id, p.acc, p.busy, open, &pool);
    out.add("resources.<resource>.cost", pool.id, p.cost);
    out.add("resources.<resource>.rostered_hours", pool.id, open / 3600.0);
    out.add("resources.<resource>.rostered_cost", pool.id, rostered_cost);
    for (const Member& m : pool.members) {
      const auto found =
          std::find_if(p.members.begin(), p.members.end(), [&m](const auto& e) { return e.first == &m; });
      const ResourceAcc none;
      const ResourceAcc& acc = found != p.members.end() ? s.resources[found->second] : none;
      const std::string id = pool.id + ".members." + m.id;
      const double seconds = window > 0.0 ? process->open_seconds(pool, m, w0, w1) : 0.0;
      out.add("resources.<resource>.members.<member>.utilisation", id, ratio(acc.busy, seconds));
      out.add("resources.<resource>.members.<member>.served", id, static_cast<double>(acc.count));
      out.add("resources.<resource>.members.<member>.busy_hours", id, acc.busy / 3600.0);
      out.add("resources.<resource>.members.<member>.cost", id, acc.busy / 3600.0 * pool.member_cost(m));
    }
  }
}

std::vector<Metric> state_metrics(const CaseStats& s, std::uint32_t replication, const KpiAccumulator::Impl& impl,
                                  bool has_won, const ResourceHours& hours) {
  const AnalysisOptions& options = impl.options;
  const LogInfo& info = impl.info;
  MetricList out;
  const Time w0 = impl.window_start(s, replication);
  const Time w1 = impl.window_end(s);
  const double window = std::isfinite(w0) && std::isfinite(w1) && w1 > w0 ? w1 - w0 : 0.0;
  const double days = window / kDay;
  const auto completed = static_cast<double>(s.completed);
  const auto arrived = static_cast<double>(s.arrived);

  out.add("cases.arrived", arrived);
  out.add("cases.completed", completed);
  out.add("cases.in_flight", arrived - completed);

  const bool any = s.completed > 0;
  const auto per_case = [&](double total) { return any ? total / completed : kNaN; };
  out.add("cycle_time.mean", any ? s.cycle.mean() : kNaN);
  out.add("cycle_time.p50", any ? quantile(s.cycle, 0.50) : kNaN);
  out.add("cycle_time.p90", any ? quantile(s.cycle, 0.90) : kNaN);
  out.add("cycle_time.p95", any ? quantile(s.cycle, 0.95) : kNaN);
  out.add("cycle_time.p99", any ? quantile(s.cycle, 0.99) : kNaN);
  out.add("waiting_time.mean", any ? s.waiting.mean() : kNaN);
  out.add("waiting_time.p50", any ? quantile(s.waiting, 0.50) : kNaN);
  out.add("waiting_time.p90", any ? quantile(s.waiting, 0.90) : kNaN);
  out.add("waiting_time.p95", any ? quantile(s.waiting, 0.95) : kNaN);
  out.add("waiting_time.p99", any ? quantile(s.waiting, 0.99) : kNaN);
  out.add("waiting_time.queue.mean", per_case(s.idle[metrics::Cause::Queue]));
  out.add("waiting_time.closed.mean", per_case(s.idle[metrics::Cause::Closed]));
  out.add("waiting_time.timer.mean", per_case(s.idle[metrics::Cause::Timer]));
  out.add("waiting_time.sync.mean", per_case(s.idle[metrics::Cause::Sync]));
  out.add("processing_time.mean", per_case(s.processing_sum));
  const double cycle_total = s.cycle.sum();
  out.add("flow_efficiency", any ? ratio(cycle_total - s.idle.total(), cycle_total) : kNaN);

  out.add("throughput", days > 0.0 ? completed / days : kNaN);
  // Time in the system of every case within the window: the accumulated presence, plus cases
  // still open until the end of a window known only now.
  double open_seconds = 0.0;
  for (const Time t : s.open_starts) open_seconds += w1 - t;
  const double wip = window > 0.0 ? (s.wip_area + open_seconds) / window : kNaN;
  out.add("wip", wip);
  const double cycle_mean = any ? s.cycle.mean() : kNaN;
  const double little = window > 0.0 ? arrived / window * cycle_mean : kNaN;
  out.add("littles_law.wip", little);
  out.add("littles_law.ratio", ratio(wip, little));
  out.add("variants.count", static_cast<double>(s.variants.size()));

  out.add("rework_rate", any ? ratio(static_cast<double>(s.rework_cases), completed) : kNaN);
  out.add("first_pass_yield", any ? 1.0 - ratio(static_cast<double>(s.rework_cases), completed) : kNaN);

  for (const std::string& name : outcome_order(s, impl)) {
    const auto found = s.outcomes.find(name);
    const double count = found != s.outcomes.end() ? static_cast<double>(found->second) : 0.0;
    out.add("outcome.<outcome>.count", name, count);
    out.add("outcome.<outcome>.rate", name, ratio(count, completed));
  }
  const auto won = s.outcomes.find(options.won_outcome);
  const double won_count = won != s.outcomes.end() ? static_cast<double>(won->second) : 0.0;
  const double win_rate = has_won ? ratio(won_count, completed) : kNaN;
  if (has_won) {
    out.add("win_rate", win_rate);
    out.add("conversion_rate", win_rate);
  }
  const bool has_revenue = impl.revenue_column >= 0 || !impl.revenue_rules.empty();
  if (has_revenue) {
    out.add("revenue.total", s.revenue_total);
    out.add("revenue.per_case", ratio(s.revenue_total, completed));
  }
  if (has_revenue && has_won) {
    const double deal_value = ratio(s.won_revenue, won_count);
    out.add("deal_value.mean", deal_value);
    // Little's law: the deals in the pipeline ÷ the sales cycle are the arrival rate.
    out.add("pipeline_velocity", days > 0.0 ? (arrived / days) * win_rate * deal_value : kNaN);
  }
  const bool has_cost = info.has_cost || impl.process != nullptr;
  if (has_cost) {
    out.add("cost.total", s.cost_total);
    out.add("cost.per_case", ratio(s.cost_completed, completed));
  }
  if (impl.process != nullptr) {
    double rostered = s.fixed_cost;
    for (const Resource& pool : impl.process->process().resources) {
      if (pool.members.empty()) {
        rostered += impl.process->open_seconds(pool, w0, w1) / 3600.0 * pool.count * pool.cost_per_hour;
      }
      for (const Member& m : pool.members) {
        rostered += impl.process->open_seconds(pool, m, w0, w1) / 3600.0 * pool.member_cost(m);
      }
    }
    out.add("cost.rostered", window > 0.0 ? rostered : kNaN);
    out.add("cost.rostered_per_case", window > 0.0 ? ratio(rostered, completed) : kNaN);
  }
  if (options.process != nullptr) {
    const auto& slas = options.process->slas;
    for (std::size_t k = 0; k < slas.size() && k < s.slas.size(); ++k) {
      const SlaAcc& acc = s.slas[k];
      std::uint64_t late = 0;
      for (const Time from : acc.pending) late += w1 - from > slas[k].within ? 1U : 0U;
      const auto met = static_cast<double>(acc.met);
      out.add("sla.<sla>", slas[k].id, ratio(met, met + static_cast<double>(acc.breached + late)));
    }
  }

  const NameTable& activities = info.dictionary.activities;
  for (std::size_t a = 0; a < s.activities.size(); ++a) {
    const ActivityAcc& acc = s.activities[a];
    if (acc.count == 0) continue;
    const std::string& name = activities.name(static_cast<std::uint32_t>(a));
    const auto n = static_cast<double>(acc.count);
    // With a process file, a timer wait has no work, no cost and no pool.
    const Step* step = a < impl.step_of_activity.size() ? impl.step_of_activity[a] : nullptr;
    const bool is_wait = step != nullptr && step->kind == StepKind::Wait;
    out.add("steps.<step>.count", name, n);
    out.add("steps.<step>.waiting.mean", name, acc.waiting / n);
    if (!is_wait) {
      out.add("steps.<step>.waiting.queue.mean", name, acc.waiting_queue / n);
      out.add("steps.<step>.waiting.closed.mean", name, acc.waiting_closed / n);
      out.add("steps.<step>.processing.mean", name, acc.processing / n);
      if (has_cost) out.add("steps.<step>.cost", name, acc.cost);
    }
    out.add("steps.<step>.rework_rate", name, static_cast<double>(acc.repeats) / n);
    if (acc.batches > 0) {
      const auto batches = static_cast<double>(acc.batches);
      out.add("steps.<step>.batches", name, batches);
      out.add("steps.<step>.batch_size.mean", name, n / batches);
    }
  }
  add_resource_metrics(s, impl, hours, w0, w1, window, out);
  return std::move(out.items);
}

/// Replications → one metric each: the mean over replications with its Student-t 95% half-width.
std::vector<Metric> combine(const std::vector<std::vector<Metric>>& per_replication) {
  std::vector<Metric> order;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<RunningStats> stats;
  for (const auto& metrics : per_replication) {
    for (const Metric& m : metrics) {
      auto found = index.find(m.name);
      if (found == index.end()) {
        found = index.emplace(m.name, order.size()).first;
        order.push_back(m);
        stats.emplace_back();
      }
      if (std::isfinite(m.value)) stats[found->second].add(m.value);
    }
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    Metric& m = order[i];
    const RunningStats& st = stats[i];
    if (st.empty()) {
      m.value = kNaN;
      m.n = 0;
      continue;
    }
    const Estimate e = estimate(st);
    m.value = e.mean;
    m.n = e.n;
    m.sd = e.sd;
    m.half_width = e.half_width;
  }
  return order;
}

template <typename Row>
void sort_by_waiting(std::vector<Row>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.waiting_total != b.waiting_total) return a.waiting_total > b.waiting_total;
    // Completion-only logs have no waiting: the time between completions ranks them instead.
    if (a.busy_total() != b.busy_total()) return a.busy_total() > b.busy_total();
    return a.count > b.count;
  });
}

std::vector<HistogramBin> display_bins(const LogHistogram& h, std::size_t bins, double scale) {
  std::vector<HistogramBin> out;
  if (h.empty() || bins == 0) return out;
  // Linear bins up to the 99th percentile keep the body of a long-tailed distribution readable;
  // the last bin also holds everything beyond.
  double hi = h.quantile(0.99);
  if (!(hi > 0.0)) hi = h.max();
  if (!(hi > 0.0)) hi = 1.0;
  const double width = hi / static_cast<double>(bins);
  out.resize(bins);
  for (std::size_t b = 0; b < bins; ++b) {
    out[b].lower = width * static_cast<double>(b);
    out[b].upper = width * static_cast<double>(b + 1);
  }
  for (const LogHistogram::Range& r : h.ranges()) {
    const double value = std::clamp(0.5 * (r.lower + r.upper), h.min(), h.max());
    const auto b = value <= 0.0 ? 0 : std::min(bins - 1, static_cast<std::size_t>(value / width));
    out[b].count += static_cast<double>(r.count) * scale;
  }
  return out;
}

}  // namespace

Report KpiAccumulator::report() const {
  const Impl& impl = *impl_;
  impl_->sync_activities();
  const LogInfo& info = impl.info;
  Report report;
  report.kind = "log";
  report.sources = info.sources;
  report.convention = info.convention;
  if (impl.options.process != nullptr) report.title = impl.options.process->name;
  report.issues = info.issues;

  // Replications in ascending order, so that "replication 1" always comes first.
  std::vector<std::size_t> order(impl.states.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&impl](std::size_t a, std::size_t b) { return impl.replication_ids[a] < impl.replication_ids[b]; });
  impl_->sync_resources();
  const ResourceHours hours(impl);
  const bool has_won = knows_won_outcome(impl);
  std::vector<std::vector<Metric>> per_replication;
  for (const std::size_t i : order) {
    per_replication.push_back(state_metrics(*impl.states[i], impl.replication_ids[i], impl, has_won, hours));
  }
  report.replications = static_cast<std::uint32_t>(std::max<std::size_t>(1, impl.states.size()));
  if (per_replication.size() > 1) {
    report.metrics = combine(per_replication);
  } else if (per_replication.size() == 1) {
    report.metrics = std::move(per_replication.front());
    // One replication: the means over cases carry their case-level confidence interval.
    const CaseStats& only = *impl.states.front();
    const std::pair<const char*, const RunningStats*> case_level[] = {{"cycle_time.mean", &only.cycle_cases},
                                                                      {"waiting_time.mean", &only.waiting_cases},
                                                                      {"processing_time.mean", &only.processing_cases}};
    for (const auto& [name, stats] : case_level) {
      Metric* m = nullptr;
      for (Metric& candidate : report.metrics) {
        if (candidate.name == name) m = &candidate;
      }
      if (m == nullptr || stats->count() < 2) continue;
      const Estimate e = estimate(*stats);
      m->n = e.n;
      m->sd = e.sd;
      m->half_width = e.half_width;
    }
  } else {
    CaseStats empty;
    report.metrics = state_metrics(empty, 0, impl, has_won, hours);
  }

  CaseStats pooled;
  DailySeries series;
  for (const std::size_t i : order) {
    const CaseStats& s = *impl.states[i];
    pooled.merge(s);
    DailySeries own = s.series;
    for (const Time t : s.open_starts) own.presence(t, impl.window_end(s));
    series.merge(own);
  }
  const double per_rep = 1.0 / static_cast<double>(report.replications);
  if (pooled.arrived > 0) {
    report.window_start = std::numeric_limits<double>::infinity();
    report.window_end = -std::numeric_limits<double>::infinity();
    for (const std::size_t i : order) {
      const CaseStats& s = *impl.states[i];
      report.window_start = std::min(report.window_start, impl.window_start(s, impl.replication_ids[i]));
      report.window_end = std::max(report.window_end, impl.window_end(s));
    }
  }

  const NameTable& activities = info.dictionary.activities;
  for (std::size_t a = 0; a < pooled.activities.size(); ++a) {
    const ActivityAcc& acc = pooled.activities[a];
    if (acc.count == 0) continue;
    ActivityRow row;
    row.name = activities.name(static_cast<std::uint32_t>(a));
    row.count = acc.count;
    row.cases = acc.cases;
    row.repeats = acc.repeats;
    row.waiting_total = acc.waiting;
    row.waiting_queue = acc.waiting_queue;
    row.waiting_closed = acc.waiting_closed;
    row.processing_total = acc.processing;
    row.cost_total = acc.cost;
    row.known = impl.process == nullptr || impl.step_of_activity[a] != nullptr;
    row.timer = impl.step_of_activity[a] != nullptr && impl.step_of_activity[a]->kind == StepKind::Wait;
    report.activities.push_back(std::move(row));
    if (impl.process != nullptr && impl.step_of_activity[a] == nullptr) {
      report.conformance.unknown_activities.emplace_back(activities.name(static_cast<std::uint32_t>(a)), acc.count);
      report.issues.count(IssueKind::UnknownActivity, acc.count);
    }
  }
  sort_by_waiting(report.activities);
  const NameTable& resources = info.dictionary.resources;
  for (std::size_t r = 0; r < pooled.resources.size(); ++r) {
    const ResourceAcc& acc = pooled.resources[r];
    if (acc.count == 0) continue;
    ResourceRow row;
    row.name = resources.name(static_cast<std::uint32_t>(r));
    row.count = acc.count;
    row.busy = hours.busy(r, acc);
    row.hours = hours.text(r);
    for (const std::size_t i : order) {
      const CaseStats& s = *impl.states[i];
      if (s.arrived > 0) {
        row.capacity += hours.capacity(r, row.name, impl.window_start(s, impl.replication_ids[i]), impl.window_end(s));
      }
    }
    row.waiting_total = acc.waiting;
    row.waiting_queue = acc.waiting_queue;
    row.waiting_closed = acc.waiting_closed;
    const Resource* pool = impl.process ? impl.process->resource_for(row.name) : nullptr;
    row.cost_total = pool != nullptr ? acc.busy / 3600.0 * pool->cost_per_hour : kNaN;
    report.resources.push_back(std::move(row));
  }
  sort_by_waiting(report.resources);

  std::vector<std::pair<const std::string*, const VariantAcc*>> variants;
  variants.reserve(pooled.variants.size());
  for (const auto& [key, v] : pooled.variants) variants.emplace_back(&key, &v);
  std::sort(variants.begin(), variants.end(), [](const auto& a, const auto& b) {
    if (a.second->count != b.second->count) return a.second->count > b.second->count;
    return a.second->first_seen < b.second->first_seen;
  });
  report.variant_count = variants.size();
  for (std::size_t k = 0; k < variants.size() && k < impl.options.top_variants; ++k) {
    VariantRow row;
    const std::string& key = *variants[k].first;
    for (std::size_t at = 0; at + sizeof(std::uint32_t) <= key.size(); at += sizeof(std::uint32_t)) {
      std::uint32_t id = 0;
      std::copy_n(key.data() + at, sizeof id, reinterpret_cast<char*>(&id));
      row.activities.push_back(activities.name(id));
    }
    row.count = variants[k].second->count;
    row.cycle_mean = variants[k].second->completed > 0
                         ? variants[k].second->cycle_sum / static_cast<double>(variants[k].second->completed)
                         : kNaN;
    report.variants.push_back(std::move(row));
  }

  const auto& days = series.days();
  for (std::size_t d = 0; d < days.size(); ++d) {
    DayPoint p;
    p.day = static_cast<double>(series.first_day() + static_cast<std::int64_t>(d)) * kDay;
    const double covered = std::min(p.day + kDay, pooled.last) - std::max(p.day, pooled.first);
    p.arrivals = days[d].arrivals * per_rep;
    p.completions = days[d].completions * per_rep;
    p.wip = covered > 0.0 ? days[d].case_seconds / covered * per_rep : 0.0;
    report.series.push_back(p);
  }
  report.in_flight_examples = pooled.open_examples;
  report.cycle_histogram = display_bins(pooled.cycle, impl.options.histogram_bins, per_rep);

  if (impl.process != nullptr) {
    report.conformance.checked = true;
    report.conformance.cases_checked = pooled.arrived;
    report.conformance.cases_ending_nowhere = pooled.ending_nowhere;
    report.conformance.ending_nowhere_examples = pooled.nowhere_examples;
  }

  if (info.completion_only) {
    report.notes.push_back(
        "completion-only log: each activity is taken to start when the previous one in its case completed, so "
        "waiting times are 0 and processing times are the gaps between completions");
  } else if (info.has_start && !info.has_enable) {
    report.notes.push_back(
        "no enable times in the log: an activity is taken as enabled at the latest completion before its start in "
        "its case, or at its start");
  }
  if (!info.has_outcome && impl.options.end_activities.empty() && impl.process == nullptr) {
    report.notes.push_back("no outcome column and no end activities: every case counts as completed");
  }
  if (impl.options.filter != nullptr) {
    report.notes.push_back(fmt::format("{} case(s) left out by the case filter", impl.filtered));
  }
  if (impl.excluded > 0) {
    report.notes.push_back(fmt::format("{} case(s) before the measured period left out{}", impl.excluded,
                                       impl.measure_from ? " (from " + format_datetime(*impl.measure_from) + ")" : ""));
  }
  if (report.replications > 1) {
    report.notes.push_back(fmt::format(
        "{} replications: metrics are means over replications with 95% confidence half-widths; tables pool them",
        report.replications));
  }
  return report;
}

}  // namespace bpm::kpi
