#pragma once
// The monitor panels of bpm-kpi's html dashboard — the process map, the funnel and the trends —
// computed in the same pass over the log as its KPIs. See share/doc/bpm-kpi.md, DASHBOARD.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API DashboardOptions {
  const Process* process = nullptr;  // the funnel's stages (its tasks in flow order)
  std::string won_outcome = "won";
};

/// Observes the cases of a KPI pass (observers() go to kpi::analyze) and draws the panels.
class BPM_API Dashboard {
 public:
  explicit Dashboard(const DashboardOptions& options);
  ~Dashboard();
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  [[nodiscard]] std::span<kpi::CaseObserver* const> observers();
  /// The process map (SVG through Graphviz; its busiest paths as a table when Graphviz is missing),
  /// the funnel and the trend control charts of the cases observed. `report` is the KPI report of
  /// the same pass (the map's figures are its figures).
  [[nodiscard]] std::vector<kpi::HtmlPanel> panels(const kpi::Report& report, const kpi::LogInfo& info) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace bpm::monitor
