#pragma once
// The metric vocabulary: every metric name a tool prints, with its unit, definition, the sources
// that can measure it and how a replication's value is formed. bpm-sim, bpm-kpi, the lint rules,
// bpm-optimize and share/doc/metrics.md all read this one table (lib/src/metrics/registry.cpp).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/metrics/unit.hpp"

namespace bpm {
struct Process;
}

namespace bpm::metrics {

/// Which tools can measure a metric: the simulator (bpm-sim summaries), an event log (bpm-kpi's
/// KPI report), or both; a name measured by both means the same thing in both
/// (share/doc/metrics.md). LogAnalysis: a figure of bpm-kpi's analyses of a log beyond the KPI
/// report (`conformance`, `funnel`, `stalls`), printed by those commands under its name.
enum class Source : std::uint8_t { Simulation = 1, Log = 2, Both = 3, LogAnalysis = 4 };

[[nodiscard]] constexpr bool measured_by(Source metric, Source tool) noexcept {
  return (static_cast<unsigned>(metric) & static_cast<unsigned>(tool)) != 0;
}

/// How one replication's value is formed (every metric is then averaged over replications, with
/// a Student-t confidence interval).
enum class Aggregation : std::uint8_t {
  Count,        // things counted in the measured period
  Mean,         // mean over completed cases, or over executions for step and resource metrics
  Quantile,     // quantile over completed cases, linear interpolation between ranks
  Share,        // a fraction of cases or executions
  Ratio,        // a ratio of two totals
  Total,        // a sum over cases or executions
  PerDay,       // a count per day of the measured period
  TimeAverage,  // a time average over the measured period
};

[[nodiscard]] BPM_API const char* aggregation_name(Aggregation aggregation) noexcept;

/// What a metric is measured for; the placeholder of its name says which element it names.
enum class Scope : std::uint8_t {
  Run,       // one per run
  Outcome,   // one per outcome of the end steps: <outcome>
  Sla,       // one per SLA: <sla>
  Node,      // one per task, timer wait and (in a simulation) join: <step> (in a log: per activity)
  Step,      // tasks and timer waits
  Task,      // tasks only
  Resource,  // one per resource pool: <resource> (in a log without a process: per resource)
  Timeout,   // tasks and timer waits with `timeout:`
  Escalate,  // tasks and timer waits with `escalate:`
  Abandon,   // tasks with `abandon:`
  Batch,     // tasks with `batch:`
  Stream,    // one per named arrival stream: <stream>
  Member,    // one per named member of a pool: <resource>.members.<member> (two placeholders)
  Stage,     // one per stage of a funnel: <stage> (milestones or activities, known from the log)
};

/// What a metric needs besides its scope. Without it the metric is left out: an undefined metric
/// is never printed as 0.
enum Need : std::uint8_t {
  kNeedsNothing = 0,
  kNeedsWon = 1,      // an outcome that counts as won (`won`, or bpm-kpi --won-outcome)
  kNeedsRevenue = 2,  // revenue: an end step with `revenue:` (or bpm-kpi --revenue)
  kNeedsCost = 4,     // costs: a process file's prices, or a log's cost column
  kNeedsProcess = 8,  // a process file (bpm-kpi: --process): pool sizes, calendars, rates
};

/// One entry of the vocabulary. `pattern` is a metric name, or a name with one placeholder
/// (`steps.<step>.count`) that stands for the id of a step, resource, outcome, SLA or arrival stream;
/// member metrics have two (`resources.<resource>.members.<member>.served`), filled from one id
/// "pool.members.member".
struct BPM_API MetricDef {
  std::string_view pattern;
  MetricUnit unit;
  Aggregation aggregation;
  Source sources;
  Scope scope;
  std::uint8_t needs;
  std::string_view group;       // section of the reference ("Cases and time", "Steps", ...)
  std::string_view definition;  // one sentence
};

/// The vocabulary, in the order the tools report metrics.
[[nodiscard]] BPM_API std::span<const MetricDef> definitions() noexcept;

/// The entry a metric name (or a pattern) belongs to; nullptr for a name outside the vocabulary.
/// A placeholder matches any non-empty text, so activity names with dots or blanks match too.
[[nodiscard]] BPM_API const MetricDef* find_definition(std::string_view name) noexcept;

/// The entry of a pattern as written in the table. Throws std::logic_error for one that is not
/// there: producers of metrics name their patterns, so a typo fails every test that runs them.
[[nodiscard]] BPM_API const MetricDef& definition_of(std::string_view pattern);

/// The name of a metric: the pattern with its placeholder replaced by `id` (ignored without one).
[[nodiscard]] BPM_API std::string metric_name(const MetricDef& def, std::string_view id = {});

/// The unit of a metric name; Number for a name outside the vocabulary.
[[nodiscard]] BPM_API MetricUnit unit_of(std::string_view name) noexcept;

/// A metric as one process has it.
struct BPM_API ProcessMetric {
  std::string name;
  const MetricDef* def = nullptr;
};

/// Every metric `source` measures for `process`, in report order. For Source::Simulation this is
/// exactly what bpm-sim reports for the process (a test holds the simulator to it), so tools
/// learn the names without compiling the model. For Source::Log, what bpm-kpi reports for a log
/// of the process read with --process, when every step and resource occurs in it.
[[nodiscard]] BPM_API std::vector<ProcessMetric> process_metrics(const Process& process, Source source);

/// Every name a process file may use where a metric is expected (objectives, KPI formulas,
/// `optimize:`, bpm-optimize --metric): what either tool measures for it, then its KPI ids.
[[nodiscard]] BPM_API std::vector<std::string> accepted_names(const Process& process);

}  // namespace bpm::metrics
