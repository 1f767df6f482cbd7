#include "bpm/kpi/analysis.hpp"

#include <algorithm>

#include "bpm/kpi/kpi_tree.hpp"
#include "bpm/kpi/report_reader.hpp"
#include "kpi/log_sources.hpp"

namespace bpm::kpi {
namespace {

Report analyze_opened(OpenedInput first, const std::vector<std::string>& paths, const AnalysisOptions& options,
                      LogInfo& info, std::span<CaseObserver* const> observers) {
  const AnalysisOptions effective = with_kpi_attributes(options);
  KpiAccumulator accumulator(effective, info);
  for (CaseObserver* observer : observers) accumulator.add_observer(*observer);
  read_logs_opened(std::move(first), paths, effective.log, info, accumulator);
  if (info.rows == 0) {
    throw DataError(Location{source_label(paths.empty() ? std::string("-") : paths.front()), 0, 0},
                    "the log has no events (only a header)");
  }
  Report report = accumulator.report();
  if (options.process != nullptr) evaluate_kpi_tree(report, *options.process);
  return report;
}

}  // namespace

AnalysisOptions with_kpi_attributes(const AnalysisOptions& options) {
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
  return effective;
}

Report analyze_logs(const std::vector<std::string>& paths, const AnalysisOptions& options) {
  LogInfo info;
  return analyze_opened(OpenedInput{}, paths, options, info, {});
}

Report analyze_logs(const std::vector<std::string>& paths, const AnalysisOptions& options, LogInfo& info,
                    std::span<CaseObserver* const> observers) {
  return analyze_opened(OpenedInput{}, paths, options, info, observers);
}

Report analyze(const std::vector<std::string>& paths, const AnalysisOptions& options) {
  LogInfo info;
  return analyze(paths, options, info, {});
}

Report analyze(const std::vector<std::string>& paths, const AnalysisOptions& options, LogInfo& info,
               std::span<CaseObserver* const> observers) {
  if (paths.size() != 1) return analyze_logs(paths, options, info, observers);
  OpenedInput input = open_input(paths.front());
  if (input.kind != InputKind::Document) return analyze_opened(std::move(input), paths, options, info, observers);
  const std::string text = read_rest(input);
  Report report = read_report_text(text, input.label);
  if (options.process != nullptr) evaluate_kpi_tree(report, *options.process);
  return report;
}

}  // namespace bpm::kpi
