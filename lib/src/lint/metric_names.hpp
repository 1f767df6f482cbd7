#pragma once
// The metric vocabulary that objectives and KPI formulas may name, from the registry
// (bpm/metrics/registry.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm::lint_detail {

/// Every metric name the process makes available: the fixed names, the per-step, per-resource,
/// per-outcome and per-SLA ones, and the ids of the `kpis:` section.
[[nodiscard]] std::vector<std::string> known_metric_names(const Process& process);

/// The metrics that exist only when some end step has the outcome `won` (win_rate, ...).
[[nodiscard]] bool needs_won_outcome(std::string_view metric);

}  // namespace bpm::lint_detail
