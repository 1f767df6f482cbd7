#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/model/calendar.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {

/// What to compute from a log, beyond the log itself.
struct BPM_API AnalysisOptions {
  LogOptions log;
  /// SLAs, the KPI tree, objectives, conformance, end activities, resource pools and calendars,
  /// revenue formulas and step costs come from here when set.
  const Process* process = nullptr;
  /// Activities after which a case has ended, when the log records no outcome. Empty: derived from
  /// the process (steps that lead to an end), or every case counts as ended without one.
  std::vector<std::string> end_activities;
  /// Case attribute holding the revenue of a case (e.g. a deal amount column).
  std::string revenue_attribute;
  std::string won_outcome = "won";
  /// Cases that arrive before this time are left out, and time averages start here.
  std::optional<Time> from;
  /// With a process and a bpm-sim log: leave out the simulation's warm-up as bpm-sim does (cases
  /// arriving before simulation.start + warm-up time, or numbered up to the warm-up case count).
  bool simulation_warmup = true;
  std::size_t top_variants = 10;
  std::size_t histogram_bins = 24;
  /// Only the cases it keeps are measured (`--where`); its attributes must be in log.keep_attributes.
  const CaseFilter* filter = nullptr;
  /// Weekly hours of resources the process file has no calendar for (`--calendar`): resource name,
  /// or "" for every such resource. The others' hours are inferred from the log (unless
  /// infer_working_hours is false: then they are available around the clock).
  std::vector<std::pair<std::string, Calendar>> resource_calendars;
  bool infer_working_hours = true;
};

/// Reads the logs and computes every KPI of share/doc/metrics.md, then the KPI tree and
/// objectives of the process (if any). Throws like read_logs.
[[nodiscard]] BPM_API Report analyze_logs(const std::vector<std::string>& paths, const AnalysisOptions& options);

/// analyze_logs in one pass with other analyses: each observer receives every measured case with
/// the KPI verdict on it. `info` is filled as read_logs does and must outlive the observers' use
/// of the names it holds.
[[nodiscard]] BPM_API Report analyze_logs(const std::vector<std::string>& paths, const AnalysisOptions& options,
                                          LogInfo& info, std::span<CaseObserver* const> observers);

/// The attributes the KPIs read (the revenue column, the identifiers of revenue formulas) added to
/// options.log.keep_attributes: what analyze_logs reads on top of what the caller asked for.
[[nodiscard]] BPM_API AnalysisOptions with_kpi_attributes(const AnalysisOptions& options);

/// What `bpm-kpi INPUT...` does: one input that is a bpm-sim summary or a bpm-kpi report document
/// (recognised by content, so "-" works too) passes its metrics through with their confidence
/// intervals; anything else is read as event logs (analyze_logs). With a process, the KPI tree
/// and objectives are evaluated either way.
[[nodiscard]] BPM_API Report analyze(const std::vector<std::string>& paths, const AnalysisOptions& options);
/// analyze, with `observers` receiving every measured case when the inputs are event logs (as
/// analyze_logs with observers; `info` is filled then).
[[nodiscard]] BPM_API Report analyze(const std::vector<std::string>& paths, const AnalysisOptions& options,
                                     LogInfo& info, std::span<CaseObserver* const> observers);

/// The accumulating half of analyze_logs, usable as a CaseSink on its own (benchmarks, tests).
class BPM_API KpiAccumulator : public CaseSink {
 public:
  /// `info` is the one read_logs fills: the accumulator reads its dictionary and column flags as
  /// cases arrive, so it must outlive the accumulator.
  KpiAccumulator(const AnalysisOptions& options, const LogInfo& info);
  ~KpiAccumulator() override;
  KpiAccumulator(const KpiAccumulator&) = delete;
  KpiAccumulator& operator=(const KpiAccumulator&) = delete;

  void on_case(CaseRecord& record) override;
  void reset() override;
  /// Every measured case is passed on to `observer` (which must outlive the accumulator).
  void add_observer(CaseObserver& observer);
  /// Replaces what this accumulator received by what `other` (same options and log info) has:
  /// a live dashboard adds the cases still in flight to a copy of the finished ones. Observers
  /// are not copied.
  void copy_state(const KpiAccumulator& other);
  /// The report of everything received (kpis/objectives are filled by evaluate_kpi_tree).
  [[nodiscard]] Report report() const;

  struct Impl;  // opaque; defined next to the sources

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bpm::kpi
