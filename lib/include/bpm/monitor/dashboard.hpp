#pragma once
// The monitor panels of bpm-kpi's html dashboard — the process map, the funnel and the trends —
// computed in the same pass over the log as its KPIs. See share/doc/bpm-kpi.md, DASHBOARD.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/model/process.hpp"
#include "bpm/monitor/funnel.hpp"
#include "bpm/monitor/process_map.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API DashboardOptions {
  const Process* process = nullptr;  // the funnel's stages (its tasks in flow order)
  std::string won_outcome = "won";
  /// Also a segments panel: the KPIs per value of this field (as `bpm-kpi LOG --by FIELD`).
  std::string segment_by;
  double alpha = 0.05;
  /// The map's remembered activity sequences (MapBuilder; 0: all).
  std::size_t max_variants = 0;
};

/// Observes the cases of a KPI pass (observers() go to kpi::analyze) and draws the panels.
class BPM_API Dashboard {
 public:
  explicit Dashboard(const DashboardOptions& options);
  ~Dashboard();
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  [[nodiscard]] std::span<kpi::CaseObserver* const> observers();
  /// The case attributes the panels read (AnalysisOptions::log.keep_attributes).
  [[nodiscard]] std::vector<std::string> attributes() const;
  /// The process map (SVG through Graphviz; its busiest paths as a table when Graphviz is missing),
  /// the funnel, the segments (with segment_by) and the trend control charts of the cases observed. `report` is the KPI
  /// report of the same pass (the map's figures are its figures).
  [[nodiscard]] std::vector<kpi::HtmlPanel> panels(const kpi::Report& report, const kpi::LogInfo& info) const;
  /// The map and the funnel behind the panels.
  [[nodiscard]] ProcessMap map(const kpi::Report& report, const kpi::LogInfo& info) const;
  [[nodiscard]] FunnelResult funnel(const kpi::LogInfo& info) const;

  /// Replaces what the panels observed by what `other` (same options) has: the live dashboard
  /// adds the cases in flight to a copy of the finished ones. Throws std::logic_error with a
  /// segments panel (the live dashboard has none).
  void copy_state(const Dashboard& other);

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace bpm::monitor
