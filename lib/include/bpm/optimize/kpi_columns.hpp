#pragma once
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/sim/result.hpp"
#include "bpm/sim/simulator.hpp"

namespace bpm {

/// The `kpis:` of a process as extra columns of a simulation result, evaluated per replication
/// from that replication's metrics, so that a KPI name is accepted wherever a metric name is
/// (objectives, `compare -m`, sensitivity, search) and gets paired confidence intervals like any
/// metric. A KPI whose id is also a metric's name is left to the metric. No-op without `kpis:`.
BPM_API void add_kpi_columns(const Process& process, SimulationResult& result);

/// The columns add_kpi_columns appends (names, units, descriptions), known without simulating.
[[nodiscard]] BPM_API std::vector<MetricInfo> kpi_columns(const Process& process);

/// simulate() followed by add_kpi_columns().
[[nodiscard]] BPM_API SimulationResult simulate_with_kpis(const Process& process, const SimulationOptions& options);

}  // namespace bpm
