#include "sim/metrics.hpp"

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
/// two lists cannot drift apart.
class Sink {
 public:
  explicit Sink(bool names) : names_(names) {}

  void add(std::string_view prefix, std::string_view id, std::string_view suffix, MetricUnit unit,
           std::string_view description, double value) {
    values_.push_back(value);
    if (!names_) return;
    std::string name(prefix);
    name += id;
    name += suffix;
    infos_.push_back(MetricInfo{std::move(name), unit, std::string(description)});
  }
  void add(std::string_view name, MetricUnit unit, std::string_view description, double value) {
    add(name, {}, {}, unit, description, value);
  }

  std::vector<MetricInfo> infos_;
  std::vector<double> values_;

 private:
  bool names_;
};

/// The metrics of a pool with named members: the pool's (each member's hours and rate summed) and
/// each member's.
void walk_members(const CompiledModel& model, const ReplicationStats& s, std::size_t pool, Sink& out) {
  using U = MetricUnit;
  const CompiledResource& r = model.resources[pool];
  const ResourceStats& rs = s.resources[pool];
  double cost = 0.0;
  double rostered_cost = 0.0;
  for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
    cost += s.servers[m].busy * model.servers[m].cost_per_second;
    rostered_cost += s.servers[m].open * model.servers[m].cost_per_second;
  }
  out.add("resources.", r.id, ".utilisation", U::Fraction, "busy time / open time, summed over the members",
          ratio(rs.busy, rs.open));
  out.add("resources.", r.id, ".queue_length", U::Level, "time-average number of work items waiting",
          s.measuring ? rs.queue.mean() : kNaN);
  out.add("resources.", r.id, ".waiting.mean", U::Duration, "mean queue wait of the pool's executions",
          ratio(rs.waiting, rs.served));
  out.add("resources.", r.id, ".cost", U::Money, "busy hours x cost per hour, member by member", cost);
  out.add("resources.", r.id, ".busy_hours", U::Count, "hours worked in the measured period", rs.busy / 3600.0);
  out.add("resources.", r.id, ".rostered_hours", U::Count, "open hours of the members' hours, summed", rs.open / 3600.0);
  out.add("resources.", r.id, ".rostered_cost", U::Money, "rostered hours x cost per hour, member by member",
          rostered_cost);
  for (std::uint32_t m = r.first_server; m < r.first_server + r.count; ++m) {
    const ServerStats& ss = s.servers[m];
    const std::string prefix = "resources." + r.id + ".members.";
    const std::string& id = model.servers[m].id;
    out.add(prefix, id, ".utilisation", U::Fraction, "the member's busy time / its open time",
            ratio(ss.busy, ss.open));
    out.add(prefix, id, ".served", U::Count, "executions the member completed for measured cases",
            static_cast<double>(ss.served));
    out.add(prefix, id, ".busy_hours", U::Count, "hours the member worked in the measured period", ss.busy / 3600.0);
    out.add(prefix, id, ".cost", U::Money, "the member's busy hours x its cost per hour",
            ss.busy * model.servers[m].cost_per_second);
  }
}

/// The metrics of a step's timers: how often each fired, and its share of the visits that ended
/// (completed, timed out or abandoned).
void walk_timers(const CompiledTimers& timers, const StepStats& st, const std::string& id, Sink& out) {
  using U = MetricUnit;
  const std::uint64_t visits = st.count + st.timeouts + st.abandoned;
  if (timers.timeout.armed()) {
    out.add("steps.", id, ".timeouts", U::Count, "visits left by the timeout", static_cast<double>(st.timeouts));
    out.add("steps.", id, ".timeout_rate", U::Fraction, "timeouts / visits ended",
            ratio(static_cast<double>(st.timeouts), visits));
  }
  if (timers.escalate.armed()) {
    out.add("steps.", id, ".escalations", U::Count, "escalations fired", static_cast<double>(st.escalations));
    out.add("steps.", id, ".escalation_rate", U::Fraction, "escalations / visits ended",
            ratio(static_cast<double>(st.escalations), visits));
  }
  if (timers.abandon.armed()) {
    out.add("steps.", id, ".abandoned", U::Count, "visits whose case left the queue", static_cast<double>(st.abandoned));
    out.add("steps.", id, ".abandonment_rate", U::Fraction, "abandoned / visits ended",
            ratio(static_cast<double>(st.abandoned), visits));
  }
}

void walk(const CompiledModel& model, const ReplicationStats& s, Sink& out) {
  using U = MetricUnit;
  const double window = s.measuring ? s.window_end - s.window_start : 0.0;
  const double days = window / kDay;
  const auto completed = static_cast<double>(s.completed);
  const double cycle_mean = s.cycle_time.mean();

  out.add("cases.arrived", U::Count, "cases that arrived after the warm-up", static_cast<double>(s.arrived));
  out.add("cases.completed", U::Count, "measured cases that reached an end", completed);
  out.add("cases.in_flight", U::Count, "cases still open when the run stopped (WIP at the end)",
          static_cast<double>(s.in_flight));
  const auto quantiles = [&](std::string_view name, const LogHistogram& h, std::string_view what) {
    const std::string base(name);
    out.add(base + ".mean", U::Duration, std::string("mean ") + std::string(what), h.mean());
    static constexpr std::pair<const char*, double> kQuantiles[] = {
        {".p50", 0.50}, {".p90", 0.90}, {".p95", 0.95}, {".p99", 0.99}};
    for (const auto& [suffix, q] : kQuantiles) {
      out.add(base + suffix, U::Duration, std::string(suffix + 2) + "th percentile of " + std::string(what),
              h.quantile(q));
    }
  };
  quantiles("cycle_time", s.cycle_time, "time from arrival to end of completed cases");
  quantiles("waiting_time", s.waiting_time, "time completed cases spent queueing for resources or in timer waits");
  out.add("processing_time.mean", U::Duration, "mean net work time per completed case", ratio(s.processing, s.completed));
  out.add("flow_efficiency", U::Fraction, "processing time / cycle time over completed cases",
          ratio(s.processing, s.cycle_time.sum()));
  out.add("throughput", U::PerDay, "completed cases per day", ratio(completed, days));
  out.add("wip", U::Level, "time-average number of cases in the system", s.measuring ? s.wip.mean() : kNaN);

  for (std::size_t i = 0; i < model.outcomes.size(); ++i) {
    const auto count = static_cast<double>(s.outcomes[i]);
    out.add("outcome.", model.outcomes[i], ".rate", U::Fraction, "share of completed cases with this outcome",
            ratio(count, s.completed));
    out.add("outcome.", model.outcomes[i], ".count", U::Count, "completed cases with this outcome", count);
  }
  const bool has_won = model.won_outcome != kNone;
  const double win_rate = has_won ? ratio(static_cast<double>(s.outcomes[model.won_outcome]), s.completed) : kNaN;
  const double deal_value = has_won ? ratio(s.won_revenue, s.outcomes[model.won_outcome]) : kNaN;
  if (has_won) {
    out.add("win_rate", U::Fraction, "share of completed cases won", win_rate);
    out.add("conversion_rate", U::Fraction, "alias of win_rate", win_rate);
  }
  out.add("revenue.total", U::Money, "revenue of completed cases", s.revenue);
  out.add("revenue.per_case", U::Money, "revenue per completed case", ratio(s.revenue, s.completed));
  if (has_won) out.add("deal_value.mean", U::Money, "revenue per won case", deal_value);
  double cost_total = 0.0;
  for (const StepStats& step : s.steps) cost_total += step.cost;
  out.add("cost.total", U::Money, "cost of the executions completed by measured cases", cost_total);
  out.add("cost.per_case", U::Money, "cost per completed case", ratio(s.cost_completed, s.completed));
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
    rostered += model.steps[i].fixed_cost * static_cast<double>(s.steps[i].count);
  }
  out.add("cost.rostered", U::Money, "rostered hours x cost per hour of every pool, plus step costs", rostered);
  out.add("cost.rostered_per_case", U::Money, "cost.rostered per completed case", ratio(rostered, s.completed));
  for (std::size_t i = 0; i < model.slas.size(); ++i) {
    out.add("sla.", model.slas[i].id, "", U::Fraction, "adherence: met / (met + breached)",
            ratio(static_cast<double>(s.sla_met[i]), s.sla_met[i] + s.sla_breached[i]));
  }
  const double rework_rate = ratio(static_cast<double>(s.reworked), s.completed);
  out.add("rework_rate", U::Fraction, "share of completed cases with at least one rework", rework_rate);
  out.add("first_pass_yield", U::Fraction, "1 - rework_rate", 1.0 - rework_rate);
  if (has_won) {
    out.add("pipeline_velocity", U::MoneyPerDay,
            "arrivals per day x win rate x deal value / cycle time in days",
            ratio(static_cast<double>(s.arrived), days) * win_rate * deal_value / (cycle_mean / kDay));
  }

  for (std::size_t i = 0; i < model.steps.size(); ++i) {
    const CompiledStep& step = model.steps[i];
    const StepStats& st = s.steps[i];
    const std::string& id = model.step_ids[i];
    if (step.kind == StepKind::Task) {
      out.add("steps.", id, ".count", U::Count, "executions completed", static_cast<double>(st.count));
      out.add("steps.", id, ".waiting.mean", U::Duration, "mean wait from enabled to started", ratio(st.waiting, st.count));
      out.add("steps.", id, ".processing.mean", U::Duration, "mean net work time", ratio(st.processing, st.count));
      out.add("steps.", id, ".cost", U::Money, "fixed plus resource cost of the executions", st.cost);
      if (step.rework_stream != kNone) {
        out.add("steps.", id, ".rework_rate", U::Fraction, "share of executions found faulty",
                ratio(static_cast<double>(st.reworks), st.count));
      }
    } else if (step.kind == StepKind::Wait) {
      out.add("steps.", id, ".count", U::Count, "timer waits completed", static_cast<double>(st.count));
      out.add("steps.", id, ".waiting.mean", U::Duration, "mean timer delay", ratio(st.waiting, st.count));
    }
    if (step.timers != kNone) walk_timers(model.timers[step.timers], st, id, out);
    if (step.batch != kNone) {
      out.add("steps.", id, ".batches", U::Count, "batch executions completed", static_cast<double>(st.batches));
      out.add("steps.", id, ".batch_size.mean", U::Count, "cases served per batch execution",
              ratio(static_cast<double>(st.count), st.batches));
    }
  }
  for (std::size_t i = 0; i < model.resources.size(); ++i) {
    const CompiledResource& r = model.resources[i];
    const ResourceStats& rs = s.resources[i];
    const double busy_hours = rs.busy / 3600.0;
    if (r.first_server != kNone) {
      walk_members(model, s, i, out);
      continue;
    }
    out.add("resources.", r.id, ".utilisation", U::Fraction, "busy time / (open time x count)",
            ratio(rs.busy, rs.open * static_cast<double>(r.count)));
    out.add("resources.", r.id, ".queue_length", U::Level, "time-average number of work items waiting",
            s.measuring ? rs.queue.mean() : kNaN);
    out.add("resources.", r.id, ".waiting.mean", U::Duration, "mean queue wait of the pool's executions",
            ratio(rs.waiting, rs.served));
    out.add("resources.", r.id, ".cost", U::Money, "busy hours x cost per hour", busy_hours * r.cost_per_hour);
    out.add("resources.", r.id, ".busy_hours", U::Count, "hours worked in the measured period", busy_hours);
    const double rostered_hours = rs.open / 3600.0 * static_cast<double>(r.count);
    out.add("resources.", r.id, ".rostered_hours", U::Count, "open hours of the calendar x count", rostered_hours);
    out.add("resources.", r.id, ".rostered_cost", U::Money, "rostered hours x cost per hour",
            rostered_hours * r.cost_per_hour);
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
