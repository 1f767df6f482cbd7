// The metric vocabulary (bpm/metrics/registry.hpp). To add a metric: add its row here, in the
// group and order the tools report it, produce it in the simulator (sim/metrics.cpp) and/or the
// log accumulator (kpi/accumulator_report.cpp) under the same pattern, and regenerate the
// reference of share/doc/metrics.md (`bpm-kpi metrics --format markdown`; a test compares them).
#include "bpm/metrics/registry.hpp"

#include <array>
#include <functional>
#include <stdexcept>
#include <string>

namespace bpm::metrics {
namespace {

using U = MetricUnit;
using A = Aggregation;
using S = Source;
using X = Scope;

constexpr std::string_view kCases = "Cases and time";
constexpr std::string_view kQuality = "Quality";
constexpr std::string_view kOutcomes = "Outcomes and sales";
constexpr std::string_view kCost = "Cost";
constexpr std::string_view kSlas = "SLAs";
constexpr std::string_view kSteps = "Steps";
constexpr std::string_view kResources = "Resources";
constexpr std::string_view kAnalysis = "Log analysis (bpm-kpi conformance, funnel, stalls)";

/// The rows that differ only in name, aggregation and definition: the case times of a run
/// (cycle, waiting, processing) and a pool's metrics, measured by both tools.
constexpr MetricDef case_time(std::string_view pattern, Aggregation aggregation, std::string_view definition) {
  return {pattern, U::Duration, aggregation, S::Both, X::Run, kNeedsNothing, kCases, definition};
}
constexpr MetricDef pool_metric(std::string_view pattern, MetricUnit unit, Aggregation aggregation, std::uint8_t needs,
                                std::string_view definition) {
  return {pattern, unit, aggregation, S::Both, X::Resource, needs, kResources, definition};
}

constexpr std::array kDefinitions = std::to_array<MetricDef>({
    // ---- cases and time
    {"cases.arrived", U::Count, A::Count, S::Both, X::Run, kNeedsNothing, kCases,
     "Cases that arrived in the measured period (after the warm-up)."},
    {"cases.completed", U::Count, A::Count, S::Both, X::Run, kNeedsNothing, kCases,
     "Measured cases that reached an end within the measured period."},
    {"cases.in_flight", U::Count, A::Count, S::Both, X::Run, kNeedsNothing, kCases,
     "Measured cases still open at the end of the measured period: `cases.arrived` − `cases.completed`."},
    {"streams.<stream>.arrived", U::Count, A::Count, S::Simulation, X::Stream, kNeedsNothing, kCases,
     "Cases of the named arrival stream that arrived in the measured period (only with `arrivals.streams`)."},
    case_time("cycle_time.mean", A::Mean, "Time from arrival to end, over completed cases."),
    case_time("cycle_time.p50", A::Quantile, "Median cycle time of completed cases."),
    case_time("cycle_time.p90", A::Quantile, "90th percentile of the cycle time of completed cases."),
    case_time("cycle_time.p95", A::Quantile, "95th percentile of the cycle time of completed cases."),
    case_time("cycle_time.p99", A::Quantile, "99th percentile of the cycle time of completed cases."),
    case_time("waiting_time.mean", A::Mean,
              "Time a completed case was not being worked on: its cycle time minus the union of its executions' work "
              "(closed calendar hours are not work), so never more than its cycle time."),
    case_time("waiting_time.p50", A::Quantile, "Median waiting time of completed cases."),
    case_time("waiting_time.p90", A::Quantile, "90th percentile of the waiting time of completed cases."),
    case_time("waiting_time.p95", A::Quantile, "95th percentile of the waiting time of completed cases."),
    case_time("waiting_time.p99", A::Quantile, "99th percentile of the waiting time of completed cases."),
    case_time(
        "waiting_time.queue.mean", A::Mean,
        "The part of `waiting_time.mean` during which some execution of the case waited for a pool that was open: "
        "waiting for a resource."),
    case_time("waiting_time.closed.mean", A::Mean,
              "The part during which work waited for, or was paused by, a pool outside its calendar hours (and none "
              "waited for an open pool); a log needs the process file's calendars to tell it from queue."),
    case_time("waiting_time.timer.mean", A::Mean,
              "The part spent in timer waits (`wait:` steps) while nothing waited for a pool; a log needs the process "
              "file to know its timer steps."),
    case_time(
        "waiting_time.sync.mean", A::Mean,
        "The rest: idle time with nothing queued, closed or timed, such as a log's gaps between activities; a join "
        "held by a slower branch counts as that branch's queue, closed or timer time (its own wait is "
        "`steps.<join>.waiting.mean`)."),
    case_time("processing_time.mean", A::Mean,
              "Net work time per completed case, summed over its executions (closed calendar hours excluded; parallel "
              "work counts once per execution)."),
    {"flow_efficiency", U::Fraction, A::Ratio, S::Both, X::Run, kNeedsNothing, kCases,
     "Share of the cycle time that is worked: (total cycle time − total waiting time) ÷ total cycle time of "
     "completed cases."},
    {"throughput", U::PerDay, A::PerDay, S::Both, X::Run, kNeedsNothing, kCases,
     "Completed measured cases per day of the measured period."},
    {"wip", U::Level, A::TimeAverage, S::Both, X::Run, kNeedsNothing, kCases,
     "Time-average number of cases in the system (measured or not) over the measured period."},
    {"littles_law.wip", U::Level, A::Ratio, S::Log, X::Run, kNeedsNothing, kCases,
     "Little's law estimate of `wip`: arrivals per second of the measured period × `cycle_time.mean`."},
    {"littles_law.ratio", U::Number, A::Ratio, S::Log, X::Run, kNeedsNothing, kCases,
     "`wip` ÷ `littles_law.wip`: 1 in a steady state; far from 1 means a short period, a trend or many open "
     "cases."},
    {"variants.count", U::Count, A::Count, S::Log, X::Run, kNeedsNothing, kCases,
     "Distinct activity sequences of the measured cases, in completion order."},
    // ---- quality
    {"rework_rate", U::Fraction, A::Share, S::Both, X::Run, kNeedsNothing, kQuality,
     "Share of completed cases that ran some task or timer wait again in a later visit (a `rework:` draw, a "
     "loop, a repeated activity in a log); the instances of one visit of a multi-instance task are one visit."},
    {"first_pass_yield", U::Fraction, A::Share, S::Both, X::Run, kNeedsNothing, kQuality, "1 − `rework_rate`."},
    // ---- outcomes and sales
    {"outcome.<outcome>.count", U::Count, A::Count, S::Both, X::Outcome, kNeedsNothing, kOutcomes,
     "Completed cases that ended with this outcome."},
    {"outcome.<outcome>.rate", U::Fraction, A::Share, S::Both, X::Outcome, kNeedsNothing, kOutcomes,
     "Share of completed cases that ended with this outcome."},
    {"win_rate", U::Fraction, A::Share, S::Both, X::Run, kNeedsWon, kOutcomes,
     "Share of completed cases won: `outcome.won.rate`."},
    {"conversion_rate", U::Fraction, A::Share, S::Both, X::Run, kNeedsWon, kOutcomes, "Another name of `win_rate`."},
    {"revenue.total", U::Money, A::Total, S::Both, X::Run, kNeedsRevenue, kOutcomes,
     "Revenue of the completed cases: the `revenue:` of the end each reached (a log: its revenue column)."},
    {"revenue.per_case", U::Money, A::Ratio, S::Both, X::Run, kNeedsRevenue, kOutcomes,
     "`revenue.total` ÷ `cases.completed`."},
    {"deal_value.mean", U::Money, A::Mean, S::Both, X::Run, kNeedsWon | kNeedsRevenue, kOutcomes,
     "Revenue per won case."},
    {"pipeline_velocity", U::MoneyPerDay, A::Ratio, S::Both, X::Run, kNeedsWon | kNeedsRevenue, kOutcomes,
     "Revenue the pipeline closes per day: opportunities in the pipeline × `win_rate` × `deal_value.mean` ÷ sales "
     "cycle length, which by Little's law is arrivals per day × `win_rate` × `deal_value.mean`."},
    // ---- cost
    {"cost.total", U::Money, A::Total, S::Both, X::Run, kNeedsCost, kCost,
     "Cost of the executions of measured cases: fixed step cost plus the pool's `cost_per_hour` × net work hours "
     "(a log: its cost column)."},
    {"cost.per_case", U::Money, A::Ratio, S::Both, X::Run, kNeedsCost, kCost,
     "Cost of the completed cases ÷ `cases.completed` (cost to serve)."},
    {"cost.rostered", U::Money, A::Total, S::Both, X::Run, kNeedsProcess, kCost,
     "What the staffing costs: every pool's `rostered_cost` plus the fixed step costs of the executions of "
     "measured cases."},
    {"cost.rostered_per_case", U::Money, A::Ratio, S::Both, X::Run, kNeedsProcess, kCost,
     "`cost.rostered` ÷ `cases.completed`: idle rostered hours are paid too."},
    // ---- SLAs
    {"sla.<sla>", U::Fraction, A::Share, S::Both, X::Sla, kNeedsProcess, kSlas,
     "Adherence, met ÷ (met + breached): a case that ended without reaching the SLA's `to` is not counted; an "
     "open case already past the limit at the end of the measured period counts as breached."},
    // ---- steps
    {"steps.<step>.count", U::Count, A::Count, S::Both, X::Node, kNeedsNothing, kSteps,
     "Executions completed by measured cases (a timer wait: waits; a join, in a simulation: firings)."},
    {"steps.<step>.waiting.mean", U::Duration, A::Mean, S::Both, X::Node, kNeedsNothing, kSteps,
     "Per execution, the time from enabled to started (a timer wait: its delay; a join, in a simulation: how "
     "long it held the first branch to arrive until the last one came)."},
    {"steps.<step>.waiting.queue.mean", U::Duration, A::Mean, S::Both, X::Task, kNeedsNothing, kSteps,
     "The part of `steps.<step>.waiting.mean` with the step's pool open: waiting for a resource."},
    {"steps.<step>.waiting.closed.mean", U::Duration, A::Mean, S::Both, X::Task, kNeedsNothing, kSteps,
     "The part with the step's pool outside its calendar hours (a log: with the process file's calendars)."},
    {"steps.<step>.processing.mean", U::Duration, A::Mean, S::Both, X::Task, kNeedsNothing, kSteps,
     "Net work time per execution (closed calendar hours excluded)."},
    {"steps.<step>.cost", U::Money, A::Total, S::Both, X::Task, kNeedsCost, kSteps,
     "Cost of the executions: fixed cost plus the pool's `cost_per_hour` × net work hours."},
    {"steps.<step>.rework_rate", U::Fraction, A::Share, S::Both, X::Step, kNeedsNothing, kSteps,
     "Executions of the step in its visits after the first in their case ÷ executions (the instances of a "
     "multi-instance visit count alike)."},
    {"steps.<step>.timeouts", U::Count, A::Count, S::Simulation, X::Timeout, kNeedsNothing, kSteps,
     "Visits of measured cases that the step's `timeout:` ended, sending the case to its `to` step."},
    {"steps.<step>.timeout_rate", U::Fraction, A::Share, S::Simulation, X::Timeout, kNeedsNothing, kSteps,
     "`steps.<step>.timeouts` ÷ visits ended (completed, timed out or abandoned)."},
    {"steps.<step>.escalations", U::Count, A::Count, S::Simulation, X::Escalate, kNeedsNothing, kSteps,
     "Visits of measured cases whose `escalate:` fired, starting a branch at its `to` step while the step went on."},
    {"steps.<step>.escalation_rate", U::Fraction, A::Share, S::Simulation, X::Escalate, kNeedsNothing, kSteps,
     "`steps.<step>.escalations` ÷ visits ended (completed, timed out or abandoned)."},
    {"steps.<step>.abandoned", U::Count, A::Count, S::Simulation, X::Abandon, kNeedsNothing, kSteps,
     "Visits of measured cases that left the step's queue by `abandon:` before their work started."},
    {"steps.<step>.abandonment_rate", U::Fraction, A::Share, S::Simulation, X::Abandon, kNeedsNothing, kSteps,
     "`steps.<step>.abandoned` ÷ visits ended (completed, timed out or abandoned)."},
    {"steps.<step>.batches", U::Count, A::Count, S::Both, X::Batch, kNeedsNothing, kSteps,
     "Batch executions of a `batch:` task that served measured cases (each serves several cases at once; a log: "
     "the distinct values of its `batch` column)."},
    {"steps.<step>.batch_size.mean", U::Count, A::Ratio, S::Both, X::Batch, kNeedsNothing, kSteps,
     "Cases served per batch execution: `steps.<step>.count` ÷ `steps.<step>.batches`."},
    // ---- resources
    pool_metric("resources.<resource>.executions", U::Count, A::Count, kNeedsNothing,
                "Executions of measured cases completed by the pool (its workload)."),
    pool_metric(
        "resources.<resource>.utilisation", U::Fraction, A::Ratio, kNeedsNothing,
        "Busy time ÷ available time in the measured period: open hours of the pool's calendar × `count` (a log's "
        "resource without a pool: the working hours given for it, else those inferred from its activity, "
        "counting only the work inside them)."),
    pool_metric("resources.<resource>.queue_length", U::Level, A::TimeAverage, kNeedsNothing,
                "Time-average number of work items waiting for the pool over the measured period."),
    pool_metric("resources.<resource>.waiting.mean", U::Duration, A::Mean, kNeedsNothing,
                "Time from enabled to started of the pool's executions by measured cases."),
    pool_metric("resources.<resource>.waiting.queue.mean", U::Duration, A::Mean, kNeedsNothing,
                "The part of `resources.<resource>.waiting.mean` with the pool open."),
    pool_metric("resources.<resource>.waiting.closed.mean", U::Duration, A::Mean, kNeedsNothing,
                "The part with the pool outside its calendar hours (a log: with the process file's calendars)."),
    pool_metric("resources.<resource>.busy_hours", U::Hours, A::Total, kNeedsNothing,
                "Hours worked in the measured period (any case's work)."),
    pool_metric("resources.<resource>.cost", U::Money, A::Total, kNeedsProcess, "`busy_hours` × `cost_per_hour`."),
    pool_metric(
        "resources.<resource>.rostered_hours", U::Hours, A::Total, kNeedsProcess,
        "Hours the pool is rostered in the measured period: open hours of its calendar (the whole period without "
        "one) × `count`."),
    pool_metric("resources.<resource>.rostered_cost", U::Money, A::Total, kNeedsProcess,
                "`rostered_hours` × `cost_per_hour`."),
    {"resources.<resource>.members.<member>.utilisation", U::Fraction, A::Ratio, S::Both, X::Member, kNeedsNothing,
     kResources, "The named member's busy time / its open time (pools with `members:`)."},
    {"resources.<resource>.members.<member>.served", U::Count, A::Count, S::Both, X::Member, kNeedsNothing, kResources,
     "Executions the member completed for measured cases."},
    {"resources.<resource>.members.<member>.busy_hours", U::Hours, A::Total, S::Both, X::Member, kNeedsNothing,
     kResources, "Hours the member worked in the measured period."},
    {"resources.<resource>.members.<member>.cost", U::Money, A::Total, S::Both, X::Member, kNeedsProcess, kResources,
     "The member's `busy_hours` × its own cost per hour."},

    // Figures of bpm-kpi's analyses of a log beyond the KPI report (share/doc/bpm-kpi-monitor.md).
    {"conformance.fitness", U::Number, A::Ratio, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "1 − the deviations of the checked cases' alignments with the process ÷ the most they could have had."},
    {"conformance.case_fitness.mean", U::Number, A::Mean, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Mean over the checked cases of each case's fitness (1 − its deviations ÷ the most it could have had)."},
    {"conformance.precision", U::Number, A::Ratio, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Escaping-edges precision: 1 − the share of the moves the process allows after a trace's prefix that no "
     "case of the log takes."},
    {"conformance.fitting_cases", U::Fraction, A::Share, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Checked cases without any deviation ÷ checked cases (completed and in flight)."},
    {"conformance.fitting_completed", U::Fraction, A::Share, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Completed cases without any deviation ÷ completed cases."},
    {"conformance.deviating_cases", U::Count, A::Count, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Checked cases with at least one deviation."},
    {"conformance.deviations", U::Count, A::Count, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Deviations found in all checked cases (skipped, inserted or unknown activities), each occurrence counted."},
    {"conformance.fitting_cycle_time.mean", U::Duration, A::Mean, S::LogAnalysis, X::Run, kNeedsProcess, kAnalysis,
     "Mean cycle time of the completed cases without any deviation."},
    {"funnel.lost", U::Count, A::Count, S::LogAnalysis, X::Run, kNeedsNothing, kAnalysis,
     "Completed cases that did not reach the last stage."},
    {"funnel.stages.<stage>.reached", U::Count, A::Count, S::LogAnalysis, X::Stage, kNeedsNothing, kAnalysis,
     "Cases that did the stage's activity at least once, in any order (the outcome stage: ended with it)."},
    {"funnel.stages.<stage>.conversion", U::Fraction, A::Share, S::LogAnalysis, X::Stage, kNeedsNothing, kAnalysis,
     "Cases that reached the previous stage and then this one ÷ cases that reached the previous stage."},
    {"funnel.stages.<stage>.time_to_convert.median", U::Duration, A::Quantile, S::LogAnalysis, X::Stage, kNeedsNothing,
     kAnalysis, "Median time from reaching the previous stage to reaching this one."},
    {"funnel.stages.<stage>.lost", U::Count, A::Count, S::LogAnalysis, X::Stage, kNeedsNothing, kAnalysis,
     "Completed cases that got no further than this stage without reaching the last."},
    {"stalls.count", U::Count, A::Count, S::LogAnalysis, X::Run, kNeedsNothing, kAnalysis,
     "Cases in flight whose time since their last event exceeds their last activity's threshold."},
    {"stalls.share", U::Fraction, A::Share, S::LogAnalysis, X::Run, kNeedsNothing, kAnalysis,
     "`stalls.count` ÷ cases in flight."},
});

/// The literal text before and after a pattern's placeholder; `after` is empty and `placeholder`
/// false for a plain name.
/// With two placeholders, `middle` is the literal text between them (".members.").
struct Parts {
  std::string_view before;
  std::string_view after;
  bool placeholder = false;
  std::string_view middle;
};

constexpr Parts split(std::string_view pattern) noexcept {
  const std::size_t open = pattern.find('<');
  if (open == std::string_view::npos) return {pattern, {}, false, {}};
  const std::size_t close = pattern.rfind('>');
  const std::size_t first_close = pattern.find('>', open);
  std::string_view middle;
  if (first_close != close) {
    const std::size_t second_open = pattern.rfind('<');
    middle = pattern.substr(first_close + 1, second_open - first_close - 1);
  }
  return {pattern.substr(0, open), pattern.substr(close + 1), true, middle};
}

/// split() of every pattern, computed once at compile time: find_definition runs for every row
/// a report prints, and splitting ~60 patterns per look-up was most of its cost.
constexpr auto kParts = [] {
  std::array<Parts, kDefinitions.size()> parts{};
  for (std::size_t i = 0; i < kDefinitions.size(); ++i) parts[i] = split(kDefinitions[i].pattern);
  return parts;
}();

}  // namespace

const char* aggregation_name(Aggregation aggregation) noexcept {
  switch (aggregation) {
    case Aggregation::Count: return "count";
    case Aggregation::Mean: return "mean";
    case Aggregation::Quantile: return "quantile";
    case Aggregation::Share: return "share";
    case Aggregation::Ratio: return "ratio";
    case Aggregation::Total: return "total";
    case Aggregation::PerDay: return "per day";
    case Aggregation::TimeAverage: return "time average";
  }
  return "";
}

std::span<const MetricDef> definitions() noexcept { return kDefinitions; }

const MetricDef* find_definition(std::string_view name) noexcept {
  const MetricDef* best = nullptr;
  std::size_t best_suffix = 0;
  for (std::size_t i = 0; i < kDefinitions.size(); ++i) {
    const MetricDef& def = kDefinitions[i];
    if (def.pattern == name) return &def;
    const Parts& parts = kParts[i];
    if (!parts.placeholder) continue;
    if (name.size() <= parts.before.size() + parts.after.size()) continue;
    if (!name.starts_with(parts.before) || !name.ends_with(parts.after)) continue;
    const std::string_view inner =
        name.substr(parts.before.size(), name.size() - parts.before.size() - parts.after.size());
    if (!parts.middle.empty() && inner.find(parts.middle) == std::string_view::npos) continue;
    // Of several matches ("steps.a.waiting.mean" could be step "a" or "a.waiting" of a shorter
    // pattern), the longest literal suffix is the intended one; a member's name (literal text
    // between its placeholders) is preferred to a pool's of the same suffix.
    const std::size_t score = parts.after.size() + parts.middle.size();
    if (best == nullptr || score > best_suffix) {
      best = &def;
      best_suffix = score;
    }
  }
  return best;
}

const MetricDef& definition_of(std::string_view pattern) {
  for (const MetricDef& def : kDefinitions) {
    if (def.pattern == pattern) return def;
  }
  throw std::logic_error("metric pattern '" + std::string(pattern) + "' is not in the metric registry");
}

std::string metric_name(const MetricDef& def, std::string_view id) {
  // A definition of the table (every caller's) has its parts ready; a copy is split here.
  const std::less<const MetricDef*> before;
  const bool in_table = !before(&def, kDefinitions.data()) && before(&def, kDefinitions.data() + kDefinitions.size());
  const Parts parts = in_table ? kParts[static_cast<std::size_t>(&def - kDefinitions.data())] : split(def.pattern);
  if (!parts.placeholder) return std::string(def.pattern);
  std::string name;
  name.reserve(parts.before.size() + id.size() + parts.after.size());
  name += parts.before;
  name += id;
  name += parts.after;
  return name;
}

MetricUnit unit_of(std::string_view name) noexcept {
  const MetricDef* def = find_definition(name);
  return def != nullptr ? def->unit : MetricUnit::Number;
}

}  // namespace bpm::metrics
