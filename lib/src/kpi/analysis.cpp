#include "bpm/kpi/analysis.hpp"

#include <algorithm>

#include "bpm/kpi/kpi_tree.hpp"

namespace bpm::kpi {

Report analyze_logs(const std::vector<std::string>& paths, const AnalysisOptions& options) {
  // Case attributes are kept only when something reads them: the revenue column and the
  // identifiers of the process's revenue formulas.
  AnalysisOptions effective = options;
  auto keep = [&effective](const std::string& name) {
    auto& names = effective.log.keep_attributes;
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  keep(options.revenue_attribute);
  if (options.process != nullptr) {
    for (const Step& step : options.process->steps) {
      if (step.kind == StepKind::End && step.revenue) {
        for (const std::string& name : step.revenue->identifiers()) keep(name);
      }
    }
  }
  LogInfo info;
  KpiAccumulator accumulator(effective, info);
  read_logs(paths, effective.log, info, accumulator);
  Report report = accumulator.report();
  if (options.process != nullptr) evaluate_kpi_tree(report, *options.process);
  return report;
}

}  // namespace bpm::kpi
