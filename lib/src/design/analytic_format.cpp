// The analytic model as a report: aligned text for people, JSON for scripts.
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/design/analytic.hpp"
#include "design/labels.hpp"

namespace bpm {
namespace {

std::string duration(double seconds) {
  if (std::isnan(seconds)) return "n/a";  // a pool without a closed form
  if (!std::isfinite(seconds)) return "unbounded";
  return humanize_duration(seconds);
}

std::string money(double value) { return fmt::format("{:.2f}", value); }

/// JSON has no infinity: an unbounded wait is written as null.
nlohmann::json number(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

std::string text_report(const Process& process, const AnalyticModel& m) {
  std::string out =
      fmt::format("{}: analytic estimate (Markov routing, queueing formulas per pool; no simulation)\n\n", process.name);
  if (!m.routing.finite) {
    out += "The expected number of visits is infinite: a loop reachable from the start has no way out.\n";
    return out;
  }
  out += fmt::format("arrivals  {:.1f} cases a week\n", m.load.arrivals_per_week);
  if (m.routing.stall_probability > 1e-12) {
    out += fmt::format("stalls    {} of cases reach a step with no way on\n", design::percent(m.routing.stall_probability));
  }

  out += "\noutcomes\n";
  for (const auto& [outcome, probability] : m.routing.outcomes) {
    out += fmt::format("  {:<22} {:>7.1f}%\n", outcome, probability * 100.0);
  }

  std::size_t width = 4;
  for (const auto& s : m.steps) width = std::max(width, s.step.size());
  out += fmt::format("\n  {:<{}}  {:>7}  {:>9}  {:>9}  {:>10}\n", "step", width, "visits", "work", "cost", "queue wait");
  for (const auto& s : m.steps) {
    const Step& step = *process.find_step(s.step);
    if (step.kind != StepKind::Task && step.kind != StepKind::Wait) continue;
    if (step.kind == StepKind::Wait) {
      out += fmt::format("  {:<{}}  {:>7.3f}  {:>9}  (timer wait)\n", s.step, width, s.visits, duration(s.delay));
      continue;
    }
    out += fmt::format("  {:<{}}  {:>7.3f}  {:>9}  {:>9}  {:>10}\n", s.step, width, s.visits, duration(s.work), money(s.cost),
                       step.resource.empty() ? std::string("-") : duration(s.queue_wait));
  }
  out += fmt::format("\nper case   work {}, cost {}, timer delay {}, queue wait {}\n", duration(m.work_per_case),
                     money(m.cost_per_case), duration(m.timer_delay_per_case), duration(m.queue_wait_per_case));

  std::size_t pool_width = 4;
  for (const auto& p : m.pools) pool_width = std::max(pool_width, p.load.resource.size());
  out += fmt::format("\n  {:<{}}  {:>7}  {:>8}  {:>7}  {:>7}  {:>6}  {:>7}  {:>9}  {:>7}  {}\n", "pool", pool_width,
                     "servers", "open h/w", "offered", "util", "stable", "P(wait)", "mean wait", "queue", "model");
  bool approximated = false;
  std::string without;
  for (const auto& p : m.pools) {
    const double util = p.load.utilisation();
    const bool estimated = p.estimated();
    const std::string none = p.used() ? "n/a" : "-";
    std::string model = "-";
    if (estimated) {
      model = approximation_name(p.queue).substr(0, 5);
      approximated = approximated || p.queue.approximation() != QueueApproximation::ErlangC;
    } else if (p.used()) {
      model = "none";
      without += fmt::format("  {}: no closed form: {}\n", p.load.resource, p.no_closed_form);
    }
    out += fmt::format("  {:<{}}  {:>7}  {:>8.1f}  {:>7.2f}  {:>6.1f}%  {:>6}  {:>7}  {:>9}  {:>7}  {}\n", p.load.resource,
                       pool_width, p.load.count, p.load.open_hours_per_week,
                       std::isfinite(p.load.offered_erlangs()) && p.load.offered_erlangs() < 1e12 ? p.load.offered_erlangs()
                                                                                                  : 999.99,
                       std::isfinite(util) ? util * 100.0 : 999.9, util < 1.0 ? "yes" : "no",
                       estimated ? fmt::format("{:.3f}", p.queue.wait_probability()) : none,
                       estimated ? duration(p.queue.mean_wait()) : none,
                       estimated && std::isfinite(p.queue.mean_queue()) ? fmt::format("{:.2f}", p.queue.mean_queue())
                                                                         : std::string(estimated ? "unbounded" : none),
                       model);
  }
  out += m.stable ? "\nEvery pool is stable (utilisation below 100%).\n"
                  : "\nUNSTABLE: at least one pool gets more work than it can do; its queue grows without bound.\n";
  out += "offered = Erlangs of work while the pool is open (offered / servers = util).\n";
  out += "Waits are estimates during open hours: M/M/c is Erlang C, exact for one always-open pool with Poisson\n"
         "arrivals and exponential times";
  out += approximated ? "; M/G/c and G/G/c scale it by (ca² + cs²) / 2 (Allen-Cunneen), from the\n"
                        "variability of arrivals and service. Closed hours and priorities add to all of them.\n"
                      : ". Closed hours and priorities add to them.\n";
  out += without;
  if (!m.routing.estimated_gateways.empty()) {
    out += fmt::format("Branch shares of {} are estimated from {} draws of the case attributes (a condition computes\n"
                       "with a numeric attribute); all others are exact.\n",
                       fmt::join(m.routing.estimated_gateways, ", "), 4096);
  }
  if (!m.limits.empty()) {
    out += "\nNo closed form (simulate for these):\n";
    for (const std::string& limit : m.limits) out += "  - " + limit + "\n";
  }
  return out;
}

std::string json_report(const Process& process, const AnalyticModel& m) {
  nlohmann::ordered_json doc;
  doc["process"] = process.name;
  doc["finite"] = m.routing.finite;
  doc["arrivals_per_week"] = number(m.load.arrivals_per_week);
  doc["stall_probability"] = m.routing.stall_probability;
  doc["estimated_gateways"] = m.routing.estimated_gateways;
  nlohmann::ordered_json outcomes = nlohmann::ordered_json::object();
  for (const auto& [outcome, probability] : m.routing.outcomes) outcomes[outcome] = probability;
  doc["outcomes"] = outcomes;
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const auto& s : m.steps) {
    steps.push_back({{"step", s.step}, {"visits", s.visits}, {"work_seconds", s.work}, {"cost", s.cost},
                     {"timer_delay_seconds", s.delay}, {"queue_wait_seconds", number(s.queue_wait)}});
  }
  doc["steps"] = steps;
  doc["per_case"] = {{"work_seconds", m.work_per_case},
                     {"cost", m.cost_per_case},
                     {"timer_delay_seconds", m.timer_delay_per_case},
                     {"queue_wait_seconds", number(m.queue_wait_per_case)}};
  nlohmann::ordered_json pools = nlohmann::ordered_json::array();
  for (const auto& p : m.pools) {
    const bool estimated = p.estimated();
    pools.push_back({{"resource", p.load.resource},
                     {"servers", p.load.count},
                     {"open_hours_per_week", p.load.open_hours_per_week},
                     {"executions_per_case", p.executions_per_case},
                     {"offered_erlangs", number(p.load.offered_erlangs())},
                     {"utilisation", number(p.load.utilisation())},
                     {"stable", p.load.utilisation() < 1.0},
                     {"approximation", estimated ? nlohmann::json(approximation_name(p.queue)) : nlohmann::json()},
                     {"arrival_scv", p.queue.arrival_scv},
                     {"service_scv", p.queue.service_scv},
                     {"wait_probability", estimated ? number(p.queue.wait_probability()) : nlohmann::json()},
                     {"mean_wait_seconds", estimated ? number(p.queue.mean_wait()) : nlohmann::json()},
                     {"mean_queue", estimated ? number(p.queue.mean_queue()) : nlohmann::json()},
                     {"no_closed_form", p.no_closed_form.empty() ? nlohmann::json() : nlohmann::json(p.no_closed_form)}});
  }
  doc["pools"] = pools;
  doc["stable"] = m.stable;
  if (!m.limits.empty()) doc["no_closed_form"] = m.limits;
  return doc.dump(2) + "\n";
}

}  // namespace

AnalysisFormat parse_analysis_format(std::string_view name) {
  if (name == "text") return AnalysisFormat::Text;
  if (name == "json") return AnalysisFormat::Json;
  throw UsageError(fmt::format("unknown analysis format '{}' (text or json)", name));
}

std::string format_analysis(const Process& process, const AnalyticModel& model, AnalysisFormat format) {
  return format == AnalysisFormat::Json ? json_report(process, model) : text_report(process, model);
}

}  // namespace bpm
