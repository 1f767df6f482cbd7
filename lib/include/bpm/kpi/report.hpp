#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/event_log.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {

/// How a metric reads: the library's one unit kind (bpm/metrics/unit.hpp).
using Unit = MetricUnit;

/// One named value of the shared metric vocabulary (share/doc/metrics.md), e.g.
/// "cycle_time.p90" or "resources.ae.utilisation".
struct BPM_API Metric {
  std::string name;
  Unit unit = Unit::Number;
  double value = 0.0;  // NaN when not measurable on this input
  /// Spread across independent replications (a bpm-sim summary, a simulated log with several
  /// replications); n <= 1 means none is known.
  std::uint64_t n = 0;
  double sd = 0.0;
  double half_width = 0.0;
};

/// Where a KPI stands against its target: green met; amber missed by at most 10% of the target
/// value; red missed by more; none without a target; unknown when the value is not measurable.
enum class Status : std::uint8_t { None, Green, Amber, Red, Unknown };

[[nodiscard]] BPM_API const char* status_name(Status status) noexcept;
[[nodiscard]] BPM_API Status status_of(double value, const std::optional<Target>& target) noexcept;

/// A node of the KPI tree of a process file, evaluated.
struct BPM_API KpiResult {
  std::string id;
  std::string description;
  std::string formula;
  std::string unit;  // as written in the process file
  Unit value_unit = Unit::Number;
  double value = 0.0;
  double half_width = 0.0;  // propagated only for a formula that is a single metric
  std::optional<Target> target;
  Status status = Status::None;
  std::vector<std::string> children;  // KPIs (not base metrics) the formula refers to
  std::vector<std::string> inputs;    // every identifier of the formula
  int depth = 0;                      // 0 for roots (KPIs no other KPI refers to)
  std::string error;                  // why the value is missing (unknown metric, division by zero)
};

/// An objective of the process file against the value measured.
struct BPM_API ObjectiveResult {
  std::string kpi;
  std::optional<Target> target;
  std::optional<double> baseline;
  std::string baseline_text;
  Unit unit = Unit::Number;
  double value = 0.0;
  double half_width = 0.0;
  Status status = Status::None;
  bool found = false;  // the kpi names a known metric or KPI
};

struct BPM_API ActivityRow {
  std::string name;
  std::uint64_t count = 0;    // executions
  std::uint64_t cases = 0;    // cases with at least one execution
  std::uint64_t repeats = 0;  // executions beyond the first in their case (rework)
  double waiting_total = 0.0;
  double waiting_queue = 0.0;   // of waiting_total, with the pool open (all of it without a calendar) ...
  double waiting_closed = 0.0;  // ... and with the pool outside its calendar hours
  bool timer = false;           // a timer wait of the process file: its waiting is a timer's
  double processing_total = 0.0;
  double cost_total = 0.0;
  bool known = true;  // the process file has this step (true without a process file)

  [[nodiscard]] double busy_total() const noexcept { return processing_total; }
};

struct BPM_API ResourceRow {
  std::string name;
  std::uint64_t count = 0;  // executions (workload)
  double busy = 0.0;        // seconds of processing
  double capacity = 0.0;    // available seconds in the window (count x open hours)
  /// Where the open hours come from: "calendar office (process)", "mon-fri 08:00-17:00 (inferred)",
  /// "... (team, inferred)", "... (--calendar)", "24x7".
  std::string hours;
  double waiting_total = 0.0;
  double waiting_queue = 0.0;   // of waiting_total, with the pool open ...
  double waiting_closed = 0.0;  // ... and closed
  double cost_total = 0.0;

  [[nodiscard]] double busy_total() const noexcept { return busy; }
};

struct BPM_API VariantRow {
  std::vector<std::string> activities;
  std::uint64_t count = 0;
  double cycle_mean = 0.0;  // of the completed cases following it; NaN if none
};

/// One day of the observation window (replications averaged).
struct BPM_API DayPoint {
  Time day = 0.0;  // start of the day
  double arrivals = 0.0;
  double completions = 0.0;
  double wip = 0.0;  // time-average number of cases in the system that day
};

struct BPM_API HistogramBin {
  double lower = 0.0;
  double upper = 0.0;
  double count = 0.0;
};

struct BPM_API Conformance {
  bool checked = false;                                                   // a process file was given
  std::vector<std::pair<std::string, std::uint64_t>> unknown_activities;  // name, events
  std::uint64_t cases_checked = 0;
  std::uint64_t cases_ending_nowhere = 0;
  std::vector<std::string> ending_nowhere_examples;
};

/// Everything bpm-kpi reports, whatever the input (logs, bpm-sim summary, a stored report).
struct BPM_API Report {
  std::string kind = "log";  // "log", "summary" (bpm-sim) or "report" (read back)
  std::string title;         // process name when known
  std::vector<std::string> sources;
  std::string convention;  // of the log columns
  Time window_start = 0.0;
  Time window_end = 0.0;
  std::uint32_t replications = 1;
  std::vector<Metric> metrics;
  std::vector<KpiResult> kpis;
  std::vector<ObjectiveResult> objectives;
  std::vector<ActivityRow> activities;  // by total waiting time, descending
  std::vector<ResourceRow> resources;   // by total waiting time, descending
  std::vector<VariantRow> variants;     // most frequent first (top N)
  std::uint64_t variant_count = 0;
  std::vector<DayPoint> series;
  std::vector<HistogramBin> cycle_histogram;  // completed cases
  Conformance conformance;
  IssueLog issues;
  /// Some cases still in flight (not completed by the rule of share/doc/metrics.md): id, first row.
  std::vector<std::pair<std::string, Location>> in_flight_examples;
  std::vector<std::string> notes;  // caveats of estimates, in plain words

  [[nodiscard]] const Metric* find(std::string_view name) const noexcept;
  /// The metric's value, NaN when absent.
  [[nodiscard]] double value(std::string_view name) const noexcept;
  /// Missed targets of KPIs and objectives (status amber or red), for --check.
  [[nodiscard]] std::vector<std::string> missed_targets() const;
  /// Whether some KPI or objective has a target to check (none without a process file).
  [[nodiscard]] bool has_targets() const noexcept;
};

}  // namespace bpm::kpi
