#include "sim/metrics.hpp"

#include "bpm/metrics/registry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

namespace bpm::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDay = 86400.0;

double ratio(double a, double b) noexcept { return b > 0.0 ? a / b : kNaN; }
double ratio(double a, std::uint64_t b) noexcept { return b > 0 ? a / static_cast<double>(b) : kNaN; }

/// Collects names and descriptions, or only values: one walk over the metrics serves both, so the
/// two lists cannot drift apart. Names, units and descriptions come from the metric registry; the
/// walk follows its order (metrics::process_metrics gives the same list from the process file).
class Sink {
 public:
  explicit Sink(bool names) : names_(names) {}

  void add(std::string_view pattern, std::string_view id, double value) {
    values_.push_back(value);
    if (!names_) return;
    const metrics::MetricDef& def = metrics::definition_of(pattern);
    infos_.push_back(MetricInfo{metrics::metric_name(def, id), def.unit, std::string(def.definition)});
  }
  void add(std::string_view pattern, double value) { add(pattern, {}, value); }

  std::vector<MetricInfo> infos_;
  std::vector<double> values_;

 private:
  bool names_;
};

/// The metrics of each named member of a pool.
void walk_members(const CompiledModel& model, const ReplicationStats& s, const CompiledResource& r, Sink& out) {
  for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
    const ServerStats& ss = s.servers[m];
    const std::string id = r.id + ".members." + model.servers[m].id;
    out.add("resources.<resource>.members.<member>.utilisation", id, ratio(ss.busy, ss.open));
    out.add("resources.<resource>.members.<member>.served", id, static_cast<double>(ss.served));
    out.add("resources.<resource>.members.<member>.busy_hours", id, ss.busy / 3600.0);
    out.add("resources.<resource>.members.<member>.cost", id, ss.busy * model.servers[m].cost_per_second);
  }
}

/// The metrics of a step's timers: how often each fired, and its share of the visits that ended
/// (completed, timed out or abandoned).
void walk_timers(const CompiledTimers& timers, const StepStats& st, const std::string& id, Sink& out) {
  const std::uint64_t visits = st.count + st.timeouts + st.abandoned;
  if (timers.timeout.armed()) {
    out.add("steps.<step>.timeouts", id, static_cast<double>(st.timeouts));
    out.add("steps.<step>.timeout_rate", id, ratio(static_cast<double>(st.timeouts), visits));
  }
  if (timers.escalate.armed()) {
    out.add("steps.<step>.escalations", id, static_cast<double>(st.escalations));
    out.add("steps.<step>.escalation_rate", id, ratio(static_cast<double>(st.escalations), visits));
  }
  if (timers.abandon.armed()) {
    out.add("steps.<step>.abandoned", id, static_cast<double>(st.abandoned));
    out.add("steps.<step>.abandonment_rate", id, ratio(static_cast<double>(st.abandoned), visits));
  }
}

void walk(const CompiledModel& model, const ReplicationStats& s, Sink& out) {
  const double window = s.measuring ? s.window_end - s.window_start : 0.0;
  const double days = window / kDay;
  const auto completed = static_cast<double>(s.completed);

  out.add("cases.arrived", static_cast<double>(s.arrived));
  out.add("cases.completed", completed);
  out.add("cases.in_flight", static_cast<double>(s.in_flight));
  if (model.named_streams) {
    for (std::size_t k = 0; k < model.streams.size(); ++k) {
      out.add("streams.<stream>.arrived", model.streams[k].id, static_cast<double>(s.stream_arrived[k]));
    }
  }
  const auto quantiles = [&](std::string_view base, const LogHistogram& h) {
    static constexpr std::pair<const char*, double> kQuantiles[] = {
        {".p50", 0.50}, {".p90", 0.90}, {".p95", 0.95}, {".p99", 0.99}};
    out.add(std::string(base) + ".mean", h.mean());
    for (const auto& [suffix, q] : kQuantiles) out.add(std::string(base) + suffix, h.interpolated_quantile(q));
  };
  quantiles("cycle_time", s.cycle_time);
  quantiles("waiting_time", s.waiting_time);
  out.add("waiting_time.queue.mean", ratio(s.idle[metrics::Cause::Queue], s.completed));
  out.add("waiting_time.closed.mean", ratio(s.idle[metrics::Cause::Closed], s.completed));
  out.add("waiting_time.timer.mean", ratio(s.idle[metrics::Cause::Timer], s.completed));
  out.add("waiting_time.sync.mean", ratio(s.idle[metrics::Cause::Sync], s.completed));
  out.add("processing_time.mean", ratio(s.processing, s.completed));
  const double cycle_total = s.cycle_time.sum();
  out.add("flow_efficiency", ratio(cycle_total - s.idle.total(), cycle_total));
  out.add("throughput", ratio(completed, days));
  out.add("wip", s.measuring ? s.wip.mean() : kNaN);

  const double rework_rate = ratio(static_cast<double>(s.reworked), s.completed);
  out.add("rework_rate", rework_rate);
  out.add("first_pass_yield", 1.0 - rework_rate);

  for (std::size_t i = 0; i < model.outcomes.size(); ++i) {
    const auto count = static_cast<double>(s.outcomes[i]);
    out.add("outcome.<outcome>.count", model.outcomes[i], count);
    out.add("outcome.<outcome>.rate", model.outcomes[i], ratio(count, s.completed));
  }
  const bool has_won = model.won_outcome != kNone;
  const bool has_revenue = std::any_of(model.steps.begin(), model.steps.end(),
                                       [](const CompiledStep& step) { return step.revenue != kNone; });
  const double win_rate = has_won ? ratio(static_cast<double>(s.outcomes[model.won_outcome]), s.completed) : kNaN;
  const double deal_value = has_won ? ratio(s.won_revenue, s.outcomes[model.won_outcome]) : kNaN;
  if (has_won) {
    out.add("win_rate", win_rate);
    out.add("conversion_rate", win_rate);
  }
  if (has_revenue) {
    out.add("revenue.total", s.revenue);
    out.add("revenue.per_case", ratio(s.revenue, s.completed));
  }
  if (has_won && has_revenue) {
    out.add("deal_value.mean", deal_value);
    // Little's law: the deals in the pipeline ÷ the sales cycle are the arrival rate.
    out.add("pipeline_velocity", ratio(static_cast<double>(s.arrived), days) * win_rate * deal_value);
  }

  double cost_total = 0.0;
  for (const StepStats& step : s.steps) cost_total += step.cost;
  out.add("cost.total", cost_total);
  out.add("cost.per_case", ratio(s.cost_completed, s.completed));
  // Staffing pays for the hours a pool is rostered, busy or idle: the cost a staffing decision moves.
  double rostered = 0.0;
  for (std::size_t i = 0; i < model.resources.size(); ++i) {
    if (model.resources[i].first_server != kNone) continue;  // members are paid at their own rates, below
    rostered +=
        s.resources[i].open / 3600.0 * static_cast<double>(model.resources[i].count) * model.resources[i].cost_per_hour;
  }
  for (std::size_t m = 0; m < model.servers.size(); ++m) {
    rostered += s.servers[m].open * model.servers[m].cost_per_second;
  }
  for (std::size_t i = 0; i < model.steps.size(); ++i) {
    // A batch task pays its fixed cost once per batch, not per case served.
    const std::uint64_t executions = model.steps[i].batch != kNone ? s.steps[i].batches : s.steps[i].count;
    rostered += model.steps[i].fixed_cost * static_cast<double>(executions);
    if (model.steps[i].cost_formula != kNone) rostered += s.steps[i].fees;
  }
  out.add("cost.rostered", rostered);
  out.add("cost.rostered_per_case", ratio(rostered, s.completed));

  for (std::size_t i = 0; i < model.slas.size(); ++i) {
    out.add("sla.<sla>", model.slas[i].id, ratio(static_cast<double>(s.sla_met[i]), s.sla_met[i] + s.sla_breached[i]));
  }

  for (std::size_t i = 0; i < model.steps.size(); ++i) {
    const CompiledStep& step = model.steps[i];
    const StepStats& st = s.steps[i];
    const std::string& id = model.step_ids[i];
    if (step.kind != StepKind::Task && step.kind != StepKind::Wait && step.kind != StepKind::Join) continue;
    out.add("steps.<step>.count", id, static_cast<double>(st.count));
    out.add("steps.<step>.waiting.mean", id, ratio(st.waiting, st.count));
    if (step.kind == StepKind::Join) continue;
    if (step.kind == StepKind::Task) {
      out.add("steps.<step>.waiting.queue.mean", id, ratio(st.waiting_queue, st.count));
      out.add("steps.<step>.waiting.closed.mean", id, ratio(st.waiting_closed, st.count));
      out.add("steps.<step>.processing.mean", id, ratio(st.processing, st.count));
      out.add("steps.<step>.cost", id, st.cost);
    }
    out.add("steps.<step>.rework_rate", id, ratio(static_cast<double>(st.repeats), st.count));
    if (step.timers != kNone) walk_timers(model.timers[step.timers], st, id, out);
    if (step.batch != kNone) {
      out.add("steps.<step>.batches", id, static_cast<double>(st.batches));
      out.add("steps.<step>.batch_size.mean", id, ratio(static_cast<double>(st.count), st.batches));
    }
  }
  for (std::size_t i = 0; i < model.resources.size(); ++i) {
    const CompiledResource& r = model.resources[i];
    const ResourceStats& rs = s.resources[i];
    const double busy_hours = rs.busy / 3600.0;
    // A pool with named members: its utilisation and rostered hours sum the members' hours, and
    // its costs are paid member by member at their own rates.
    const bool members = r.first_server != kNone;
    double cost = busy_hours * r.cost_per_hour;
    double rostered_cost = 0.0;
    if (members) {
      cost = 0.0;
      for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
        cost += s.servers[m].busy * model.servers[m].cost_per_second;
        rostered_cost += s.servers[m].open * model.servers[m].cost_per_second;
      }
    }
    out.add("resources.<resource>.executions", r.id, static_cast<double>(rs.served));
    out.add("resources.<resource>.utilisation", r.id,
            members ? ratio(rs.busy, rs.open) : ratio(rs.busy, rs.open * static_cast<double>(r.count)));
    out.add("resources.<resource>.queue_length", r.id, s.measuring ? rs.queue.mean() : kNaN);
    out.add("resources.<resource>.waiting.mean", r.id, ratio(rs.waiting, rs.served));
    out.add("resources.<resource>.waiting.queue.mean", r.id, ratio(rs.waiting_queue, rs.served));
    out.add("resources.<resource>.waiting.closed.mean", r.id, ratio(rs.waiting_closed, rs.served));
    out.add("resources.<resource>.busy_hours", r.id, busy_hours);
    out.add("resources.<resource>.cost", r.id, cost);
    if (members) {
      out.add("resources.<resource>.rostered_hours", r.id, rs.open / 3600.0);
      out.add("resources.<resource>.rostered_cost", r.id, rostered_cost);
      walk_members(model, s, r, out);
      continue;
    }
    const double rostered_hours = rs.open / 3600.0 * static_cast<double>(r.count);
    out.add("resources.<resource>.rostered_hours", r.id, rostered_hours);
    out.add("resources.<resource>.rostered_cost", r.id, rostered_hours * r.cost_per_hour);
  }
}

}  // namespace

std::vector<MetricInfo> metric_infos(const CompiledModel& model) {
  const ReplicationStats empty(model);
  Sink sink(true);
  walk(model, empty, sink);
  return std::move(sink.infos_);
}

std::vector<double> metric_values(const CompiledModel& model, const ReplicationStats& stats) {
  Sink sink(false);
  walk(model, stats, sink);
  return std::move(sink.values_);
}

}  // namespace bpm::sim
