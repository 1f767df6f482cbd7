#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/stats/histogram.hpp"

namespace bpm {

/// One metric of a simulation, e.g. "cycle_time.p90" or "resources.ae.utilisation". The names are
/// the vocabulary shared with bpm-kpi, KPI formulas, objectives and bpm-optimize
/// (share/doc/metrics.md, bpm/metrics/registry.hpp).
struct BPM_API MetricInfo {
  std::string name;
  MetricUnit unit = MetricUnit::Count;
  std::string description;
};

/// Everything one replication measured (after warm-up deletion). `values` follow the order of
/// SimulationResult::metrics. Histograms are mergeable, so shards and replications combine exactly.
struct BPM_API ReplicationResult {
  std::uint32_t replication = 0;
  std::vector<double> values;
  LogHistogram cycle_time;       // seconds, completed cases
  LogHistogram waiting_time;     // seconds per completed case
  std::uint64_t events = 0;      // events processed (benchmarks)
  std::uint64_t executions = 0;  // task and timer-wait executions completed, warm-up included (benchmarks)
  std::uint64_t cases = 0;       // cases that arrived, warm-up included
};

struct BPM_API SimulationResult {
  std::vector<MetricInfo> metrics;
  std::vector<ReplicationResult> replications;  // ascending replication number

  /// Index of a metric by name, or -1.
  [[nodiscard]] int metric_index(std::string_view name) const noexcept;
  /// The values of metric `index` (see metric_index), one per replication, in replication order.
  [[nodiscard]] std::vector<double> column(std::size_t index) const;
};

}  // namespace bpm
