#pragma once
// Helpers of the monitor unit tests: one KPI pass over a log with observers.
#include <span>
#include <string>
#include <vector>

#include "bpm/kpi/analysis.hpp"

namespace monitor_test {

inline std::string log_path(const std::string& name) { return std::string(BPM_TEST_DATA) + "/logs/" + name; }

struct Pass {
  bpm::kpi::LogInfo info;
  bpm::kpi::Report report;
};

/// Reads `paths` once, feeding the observers, as the bpm-kpi commands do.
inline void run(Pass& pass, const std::vector<std::string>& paths, const bpm::kpi::AnalysisOptions& options,
                std::span<bpm::kpi::CaseObserver* const> observers) {
  pass.report = bpm::kpi::analyze_logs(paths, options, pass.info, observers);
}

}  // namespace monitor_test
