// The analytic model as a report document (bpm/report/document.hpp): tables for people, the
// bpm-design-analyze/1 tree for programs, the outcome, step and pool tables as CSV.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"
#include "bpm/design/analytic.hpp"
#include "bpm/report/document.hpp"
#include "design/labels.hpp"

namespace bpm {
namespace {

using report::Node;
using report::Value;

constexpr std::uint8_t kTables = report::kPeople | report::kCsv;

/// A wait: "unbounded" when the queue grows without bound, "n/a" for a pool without a closed form.
Value wait_value(double seconds) {
  if (std::isnan(seconds)) return Value::text("n/a");
  if (!std::isfinite(seconds)) return Value::text("unbounded");
  return Value::measure(seconds, MetricUnit::Duration);
}

/// A figure without a closed form (NaN) as "n/a".
Value measure_or_na(double value, MetricUnit unit) {
  return std::isnan(value) ? Value::text("n/a") : Value::measure(value, unit);
}

/// JSON has no infinity: an unbounded wait is written as null.
Node number(double value) { return std::isfinite(value) ? Node::number(value) : Node::null(); }

void add_outcomes(report::Document& doc, const AnalyticModel& m) {
  report::Table& outcomes = doc.table("outcomes", "Outcomes", {{"outcome"}, {"share"}}, kTables);
  // Timers behind a queue send an unknown share elsewhere: no closed form for any outcome.
  const bool known = m.routing.timers_without_closed_form.empty() && m.routing.unweighed_gateways.empty();
  for (const auto& [outcome, probability] : m.routing.outcomes) {
    outcomes.add(
        {Value::text(outcome), known ? Value::measure(probability, MetricUnit::Fraction) : Value::text("n/a")});
  }
}

void add_steps(report::Document& doc, const Process& process, const AnalyticModel& m) {
  report::Table& steps =
      doc.table("steps", "Steps (per case: expected visits; per visit: work or timer delay, cost, queue wait)",
                {{"step"}, {"kind"}, {"visits"}, {"work"}, {"cost"}, {"queue_wait", "queue wait"}}, kTables);
  for (const auto& s : m.steps) {
    const Step& step = *process.find_step(s.step);
    if (step.kind == StepKind::Wait) {
      steps.add({Value::text(s.step), Value::text("timer wait"), Value::measure(s.visits, MetricUnit::Number),
                 Value::measure(s.delay, MetricUnit::Duration), Value::null(), Value::null()});
    } else if (step.kind == StepKind::Task) {
      steps.add({Value::text(s.step), Value::text("task"), Value::measure(s.visits, MetricUnit::Number),
                 measure_or_na(s.work, MetricUnit::Duration), measure_or_na(s.cost, MetricUnit::Money),
                 step.resource.empty() && !step.batch ? Value::null() : wait_value(s.queue_wait)});
    }
  }
}

/// The pools table; returns whether a pool's wait is an approximation other than Erlang C, and
/// the lines about pools without a closed form.
bool add_pools(report::Document& doc, const AnalyticModel& m, std::vector<std::string>& without) {
  report::Table& pools = doc.table("pools", "Pools",
                                   {{"pool"},
                                    {"servers"},
                                    {"open_hours_per_week", "open h/w"},
                                    {"offered"},
                                    {"utilisation", "util"},
                                    {"stable"},
                                    {"wait_probability", "P(wait)"},
                                    {"mean_wait", "mean wait"},
                                    {"queue"},
                                    {"model"}},
                                   kTables);
  bool approximated = false;
  for (const auto& p : m.pools) {
    const double util = p.load.utilisation();
    const bool estimated = p.estimated();
    const Value none = p.used() ? Value::text("n/a") : Value::null();
    std::string model = "-";
    if (estimated) {
      model = approximation_name(p.queue).substr(0, 5);
      approximated = approximated || p.queue.approximation() != QueueApproximation::ErlangC;
    } else if (p.used()) {
      model = "none";
      without.push_back(fmt::format("{}: no closed form: {}", p.load.resource, p.no_closed_form));
    }
    const double queue = estimated ? p.queue.mean_queue() : std::numeric_limits<double>::quiet_NaN();
    pools.add({Value::text(p.load.resource), Value::integer(static_cast<long long>(p.load.count)),
               Value::measure(p.load.open_hours_per_week, MetricUnit::Number),
               measure_or_na(p.load.offered_erlangs(), MetricUnit::Number), measure_or_na(util, MetricUnit::Fraction),
               std::isnan(util) ? Value::text("n/a") : Value::boolean(util < 1.0),
               estimated ? Value::measure(p.queue.wait_probability(), MetricUnit::Fraction) : none,
               estimated ? wait_value(p.queue.mean_wait()) : none,
               !estimated             ? none
               : std::isfinite(queue) ? Value::measure(queue, MetricUnit::Level)
                                      : Value::text("unbounded"),
               Value::text(model)},
              util >= 1.0 ? report::Style::Bad : report::Style::Plain);
  }
  return approximated;
}

std::vector<std::string> notes(const AnalyticModel& m, bool approximated, const std::vector<std::string>& without) {
  std::vector<std::string> lines;
  lines.emplace_back(m.stable ? "Every pool is stable (utilisation below 100%)."
                              : "UNSTABLE: at least one pool gets more work than it can do; its queue grows without "
                                "bound.");
  lines.emplace_back(
      "offered = Erlangs of work while the pool is open (offered / servers = util; members at their own speed "
      "and hours).");
  lines.emplace_back(
      "Waits are estimates during open hours: M/M/c is Erlang C, exact for one always-open pool with Poisson");
  if (approximated) {
    lines.emplace_back(
        "arrivals and exponential times; M/G/c and G/G/c scale it by (ca² + cs²) / 2 (Allen-Cunneen), "
        "from the");
    lines.emplace_back("variability of arrivals and service. Closed hours and priorities add to all of them.");
  } else {
    lines.emplace_back("arrivals and exponential times. Closed hours and priorities add to them.");
  }
  lines.insert(lines.end(), without.begin(), without.end());
  if (!m.routing.timers_without_closed_form.empty()) {
    lines.push_back(
        fmt::format("Outcome shares: no closed form: the timers of '{}' run while the case queues, so the share "
                    "they cut short is unknown; visits, work and loads here assume they never fire.",
                    fmt::join(m.routing.timers_without_closed_form, "', '")));
  }
  if (!m.routing.unweighed_gateways.empty()) {
    lines.push_back(fmt::format(
        "Outcome shares: no estimate: the conditions of '{}' read attributes that no draw at arrival gives; "
        "visits, work and loads here assume none of them holds.",
        fmt::join(m.routing.unweighed_gateways, "', '")));
  }
  if (!m.routing.estimated_gateways.empty()) {
    lines.push_back(
        fmt::format("Branch shares of {} are estimated from {} draws of the case attributes (a condition "
                    "computes with a numeric attribute); all others are exact.",
                    fmt::join(m.routing.estimated_gateways, ", "), 4096));
  }
  return lines;
}

void add_tree(report::Document& doc, const Process& process, const AnalyticModel& m) {
  doc.field("process", Value::text(process.name), report::kPrograms);
  doc.field("finite", Value::boolean(m.routing.finite), report::kPrograms);
  doc.tree("arrivals_per_week") = number(m.load.arrivals_per_week);
  doc.tree("stall_probability") = Node::number(m.routing.stall_probability);
  Node& gateways = doc.tree("estimated_gateways") = Node::list(true);
  for (const std::string& g : m.routing.estimated_gateways) gateways.push(Node::string(g));
  Node& outcomes = doc.tree("outcomes") = Node::map();
  for (const auto& [outcome, probability] : m.routing.outcomes) {
    const bool known = m.routing.timers_without_closed_form.empty() && m.routing.unweighed_gateways.empty();
    outcomes.set(outcome, known ? Node::number(probability) : Node::null());
  }
  Node& steps = doc.tree("steps") = Node::list();
  for (const auto& s : m.steps) {
    Node& step = steps.push(Node::map());
    step.set("step", Node::string(s.step));
    step.set("visits", Node::number(s.visits));
    step.set("work_seconds", number(s.work));
    step.set("cost", number(s.cost));
    step.set("timer_delay_seconds", Node::number(s.delay));
    step.set("queue_wait_seconds", number(s.queue_wait));
  }
  Node& per_case = doc.tree("per_case") = Node::map();
  per_case.set("work_seconds", number(m.work_per_case));
  per_case.set("cost", number(m.cost_per_case));
  per_case.set("timer_delay_seconds", Node::number(m.timer_delay_per_case));
  per_case.set("queue_wait_seconds", number(m.queue_wait_per_case));
  Node& pools = doc.tree("pools") = Node::list();
  for (const auto& p : m.pools) {
    const bool estimated = p.estimated();
    Node& pool = pools.push(Node::map());
    pool.set("resource", Node::string(p.load.resource));
    pool.set("servers", Node::integer(static_cast<std::int64_t>(p.load.count)));
    pool.set("open_hours_per_week", Node::number(p.load.open_hours_per_week));
    pool.set("executions_per_case", Node::number(p.executions_per_case));
    pool.set("offered_erlangs", number(p.load.offered_erlangs()));
    pool.set("utilisation", number(p.load.utilisation()));
    pool.set("stable", std::isnan(p.load.utilisation()) ? Node::null() : Node::boolean(p.load.utilisation() < 1.0));
    pool.set("approximation", estimated ? Node::string(approximation_name(p.queue)) : Node::null());
    pool.set("arrival_scv", Node::number(p.queue.arrival_scv));
    pool.set("service_scv", Node::number(p.queue.service_scv));
    pool.set("wait_probability", estimated ? number(p.queue.wait_probability()) : Node::null());
    pool.set("mean_wait_seconds", estimated ? number(p.queue.mean_wait()) : Node::null());
    pool.set("mean_queue", estimated ? number(p.queue.mean_queue()) : Node::null());
    pool.set("no_closed_form", p.no_closed_form.empty() ? Node::null() : Node::string(p.no_closed_form));
  }
  doc.field("stable", Value::boolean(m.stable), report::kPrograms);
  if (!m.limits.empty()) {
    Node& limits = doc.tree("no_closed_form") = Node::list();
    for (const std::string& limit : m.limits) limits.push(Node::string(limit));
  }
}

}  // namespace

report::Format parse_analysis_format(std::string_view name) { return report::parse_format(name); }

report::Document analysis_document(const Process& process, const AnalyticModel& m) {
  report::Document doc(
      fmt::format("{}: analytic estimate (Markov routing, queueing formulas per pool; no simulation)", process.name),
      "bpm-design-analyze/1");
  add_tree(doc, process, m);
  if (!m.routing.finite) {
    doc.text({}, {"The expected number of visits is infinite: a loop reachable from the start has no way out."});
    return doc;
  }
  doc.field("arrivals", report::Value::text(fmt::format("{:.1f} cases a week", m.load.arrivals_per_week)),
            report::kPeople);
  if (m.routing.stall_probability > 1e-12) {
    doc.field(
        "stalls",
        report::Value::text(design::percent(m.routing.stall_probability) + " of cases reach a step with no way on"),
        report::kPeople);
  }
  add_outcomes(doc, m);
  add_steps(doc, process, m);
  doc.field("per case",
            report::Value::text(fmt::format("work {}, cost {}, timer delay {}, queue wait {}",
                                            report::human_text(measure_or_na(m.work_per_case, MetricUnit::Duration)),
                                            report::human_text(measure_or_na(m.cost_per_case, MetricUnit::Money)),
                                            report::human(m.timer_delay_per_case, MetricUnit::Duration),
                                            report::human_text(wait_value(m.queue_wait_per_case)))),
            report::kPeople);
  std::vector<std::string> without;
  const bool approximated = add_pools(doc, m, without);
  doc.text({}, notes(m, approximated, without));
  if (!m.limits.empty()) {
    std::vector<std::string> lines{"No closed form (simulate for these):"};
    for (const std::string& limit : m.limits) lines.push_back("  - " + limit);
    doc.text({}, std::move(lines));
  }
  return doc;
}

std::string format_analysis(const Process& process, const AnalyticModel& model, report::Format format) {
  return report::render(analysis_document(process, model), format);
}

}  // namespace bpm
