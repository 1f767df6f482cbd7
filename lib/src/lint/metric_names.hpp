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

/// What a simulation of the process produces, as bpm-optimize evaluates it: bpm-sim's metrics,
/// then the ids of the `kpis:` section.
[[nodiscard]] std::vector<std::string> simulated_metric_names(const Process& process);

/// The metric that only an event log measures (the registry's sources: bpm-kpi, not bpm-sim)
/// behind `name`: the name itself, or one that its KPI formula uses, through other KPIs. Empty
/// when a simulation can produce everything `name` needs.
[[nodiscard]] std::string log_only_metric(const Process& process, std::string_view name);

/// The metrics that exist only when some end step has the outcome `won` (win_rate, ...).
[[nodiscard]] bool needs_won_outcome(std::string_view metric);

}  // namespace bpm::lint_detail
