// KpiAccumulator::report: the accumulated state turned into named metrics (share/doc/
// kpi-definitions.md), tables, a daily series and a histogram; replications become estimates.
#include <fmt/format.h>

#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "kpi/accumulator_impl.hpp"

namespace bpm::kpi {
namespace {

double ratio(double a, double b) { return b != 0.0 ? a / b : kNaN; }

/// The q-quantile with linear interpolation between the two nearest ranks (numpy's default, and
/// the median of an even count as the mean of the middle two), each rank read from the sketch.
double quantile(const LogHistogram& h, double q) {
  const std::uint64_t n = h.count();
  if (n == 0) return kNaN;
  if (n == 1) return h.quantile(0.0);
  const double last = static_cast<double>(n - 1);
  const double position = q * last;
  const double lower_rank = std::floor(position);
  const double fraction = position - lower_rank;
  // quantile(p) reads rank floor(p (n-1)); a quarter rank of slack absorbs rounding.
  auto at_rank = [&h, last](double rank) { return h.quantile(std::min(1.0, (rank + 0.25) / last)); };
  const double low = at_rank(lower_rank);
  if (fraction == 0.0) return low;
  return low + fraction * (at_rank(std::min(lower_rank + 1.0, last)) - low);
}

class MetricList {
 public:
  void add(std::string name, Unit unit, double value) {
    Metric m;
    m.name = std::move(name);
    m.unit = unit;
    m.value = value;
    items.push_back(std::move(m));
  }
  std::vector<Metric> items;
};

/// Seconds the resource could have worked in [a, b]: pool count x calendar hours when the process
/// knows the pool, else the window (one person, always available).
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

std::vector<Metric> state_metrics(const CaseStats& s, const KpiAccumulator::Impl& impl) {
  const AnalysisOptions& options = impl.options;
  const LogInfo& info = impl.info;
  MetricList out;
  const double window = s.arrived > 0 ? s.last - s.first : 0.0;
  const double days = window / kDay;
  const auto completed = static_cast<double>(s.completed);
  const auto arrived = static_cast<double>(s.arrived);

  out.add("cases.arrived", Unit::Count, arrived);
  out.add("cases.completed", Unit::Count, completed);
  out.add("cases.in_flight", Unit::Count, arrived - completed);

  const bool any = s.completed > 0;
  out.add("cycle_time.mean", Unit::Duration, any ? s.cycle.mean() : kNaN);
  out.add("cycle_time.p50", Unit::Duration, any ? quantile(s.cycle, 0.50) : kNaN);
  out.add("cycle_time.p90", Unit::Duration, any ? quantile(s.cycle, 0.90) : kNaN);
  out.add("cycle_time.p95", Unit::Duration, any ? quantile(s.cycle, 0.95) : kNaN);
  out.add("cycle_time.p99", Unit::Duration, any ? quantile(s.cycle, 0.99) : kNaN);
  out.add("waiting_time.mean", Unit::Duration, any ? s.waiting.mean() : kNaN);
  out.add("waiting_time.p50", Unit::Duration, any ? quantile(s.waiting, 0.50) : kNaN);
  out.add("waiting_time.p90", Unit::Duration, any ? quantile(s.waiting, 0.90) : kNaN);
  out.add("waiting_time.p95", Unit::Duration, any ? quantile(s.waiting, 0.95) : kNaN);
  out.add("waiting_time.p99", Unit::Duration, any ? quantile(s.waiting, 0.99) : kNaN);
  out.add("processing_time.mean", Unit::Duration, any ? s.processing_sum / completed : kNaN);
  out.add("flow_efficiency", Unit::Fraction, any ? ratio(s.processing_sum, s.cycle.sum()) : kNaN);

  const double throughput = days > 0.0 ? completed / days : kNaN;
  out.add("throughput", Unit::PerDay, throughput);
  out.add("throughput_weekly", Unit::Count, throughput * 7.0);
  // Time in the system of every case within the window: completed cases whole, open ones until
  // the end of the window. Divided by the window, the time-average WIP.
  double open_seconds = 0.0;
  for (const Time t : s.open_starts) open_seconds += s.last - t;
  const double wip = window > 0.0 ? (s.cycle.sum() + open_seconds) / window : kNaN;
  out.add("wip", Unit::Level, wip);
  const double cycle_mean = any ? s.cycle.mean() : kNaN;
  const double little = window > 0.0 ? arrived / window * cycle_mean : kNaN;
  out.add("littles_law.wip", Unit::Level, little);
  out.add("littles_law.ratio", Unit::Number, ratio(wip, little));

  for (const auto& [name, count] : s.outcomes) {
    out.add(fmt::format("outcome.{}.count", name), Unit::Count, static_cast<double>(count));
    out.add(fmt::format("outcome.{}.rate", name), Unit::Fraction, ratio(static_cast<double>(count), completed));
  }
  const bool has_outcomes = info.has_outcome;
  const auto won = s.outcomes.find(options.won_outcome);
  const double won_count = won != s.outcomes.end() ? static_cast<double>(won->second) : 0.0;
  const double win_rate = has_outcomes ? ratio(won_count, completed) : kNaN;
  if (has_outcomes) {
    if (won == s.outcomes.end() && any) {
      out.add(fmt::format("outcome.{}.count", options.won_outcome), Unit::Count, 0.0);
      out.add(fmt::format("outcome.{}.rate", options.won_outcome), Unit::Fraction, 0.0);
    }
    out.add("win_rate", Unit::Fraction, win_rate);
    out.add("conversion_rate", Unit::Fraction, win_rate);
  }
  const bool has_revenue = impl.revenue_column >= 0 || !impl.revenue_rules.empty();
  if (has_revenue) {
    out.add("revenue.total", Unit::Money, s.revenue_total);
    out.add("revenue.per_case", Unit::Money, ratio(s.revenue_total, completed));
    if (has_outcomes) {
      const double deal_value = ratio(s.won_revenue, won_count);
      out.add("deal_value.mean", Unit::Money, deal_value);
      out.add("pipeline_velocity", Unit::MoneyPerDay,
              days > 0.0 ? (arrived / days) * win_rate * deal_value / (cycle_mean / kDay) : kNaN);
    }
  }
  const bool has_cost = info.has_cost || impl.process != nullptr;
  if (has_cost) {
    out.add("cost.total", Unit::Money, s.cost_total);
    out.add("cost.per_case", Unit::Money, ratio(s.cost_completed, completed));
  }
  if (options.process != nullptr) {
    const auto& slas = options.process->slas;
    for (std::size_t k = 0; k < slas.size() && k < s.slas.size(); ++k) {
      const SlaAcc& acc = s.slas[k];
      std::uint64_t late = 0;
      for (const Time from : acc.pending) late += s.last - from > slas[k].within ? 1U : 0U;
      const auto met = static_cast<double>(acc.met);
      out.add("sla." + slas[k].id, Unit::Fraction, ratio(met, met + static_cast<double>(acc.breached + late)));
    }
  }
  out.add("rework_rate", Unit::Fraction, any ? ratio(static_cast<double>(s.rework_cases), completed) : kNaN);
  out.add("first_pass_yield", Unit::Fraction, any ? 1.0 - ratio(static_cast<double>(s.rework_cases), completed) : kNaN);
  out.add("variants.count", Unit::Count, static_cast<double>(s.variants.size()));

  const NameTable& activities = info.dictionary.activities;
  for (std::size_t a = 0; a < s.activities.size(); ++a) {
    const ActivityAcc& acc = s.activities[a];
    if (acc.count == 0) continue;
    const std::string& name = activities.name(static_cast<std::uint32_t>(a));
    const auto n = static_cast<double>(acc.count);
    out.add(fmt::format("steps.{}.count", name), Unit::Count, n);
    out.add(fmt::format("steps.{}.waiting.mean", name), Unit::Duration, acc.waiting / n);
    out.add(fmt::format("steps.{}.processing.mean", name), Unit::Duration, acc.processing / n);
    if (has_cost) out.add(fmt::format("steps.{}.cost", name), Unit::Money, acc.cost);
    out.add(fmt::format("steps.{}.rework_rate", name), Unit::Fraction, static_cast<double>(acc.repeats) / n);
  }
  const NameTable& resources = info.dictionary.resources;
  for (std::size_t r = 0; r < s.resources.size(); ++r) {
    const ResourceAcc& acc = s.resources[r];
    if (acc.count == 0) continue;
    const std::string& name = resources.name(static_cast<std::uint32_t>(r));
    const auto n = static_cast<double>(acc.count);
    const double capacity = capacity_of(name, impl.process.get(), s.first, s.last);
    out.add(fmt::format("resources.{}.count", name), Unit::Count, n);
    out.add(fmt::format("resources.{}.utilisation", name), Unit::Fraction, ratio(acc.busy, capacity));
    out.add(fmt::format("resources.{}.queue_length", name), Unit::Level, ratio(acc.waiting, window));
    out.add(fmt::format("resources.{}.waiting.mean", name), Unit::Duration, acc.waiting / n);
    if (has_cost) out.add(fmt::format("resources.{}.cost", name), Unit::Money, acc.cost);
    out.add(fmt::format("resources.{}.busy_hours", name), Unit::Number, acc.busy / 3600.0);
  }
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
  std::vector<std::vector<Metric>> per_replication;
  for (const std::size_t i : order) per_replication.push_back(state_metrics(*impl.states[i], impl));
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
    report.metrics = state_metrics(empty, impl);
  }

  CaseStats pooled;
  DailySeries series;
  for (const std::size_t i : order) {
    const CaseStats& s = *impl.states[i];
    pooled.merge(s);
    DailySeries own = s.series;
    for (const Time t : s.open_starts) own.presence(t, s.last);
    series.merge(own);
  }
  const double per_rep = 1.0 / static_cast<double>(report.replications);
  if (pooled.arrived > 0) {
    report.window_start = pooled.first;
    report.window_end = pooled.last;
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
    row.processing_total = acc.processing;
    row.cost_total = acc.cost;
    row.known = impl.process == nullptr || impl.step_of_activity[a] != nullptr;
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
    row.busy = acc.busy;
    for (const std::size_t i : order) {
      const CaseStats& s = *impl.states[i];
      if (s.arrived > 0) row.capacity += capacity_of(row.name, impl.process.get(), s.first, s.last);
    }
    row.waiting_total = acc.waiting;
    row.cost_total = acc.cost;
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
