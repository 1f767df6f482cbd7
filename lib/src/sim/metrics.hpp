#pragma once
#include <vector>

#include "bpm/sim/result.hpp"
#include "sim/compiled_model.hpp"
#include "sim/replication_stats.hpp"

namespace bpm::sim {

/// The metrics of a model, in the order of ReplicationResult::values: the run-level ones first,
/// then outcomes, SLAs, steps (file order) and resources (file order). Names follow the shared
/// vocabulary of share/doc/metrics.md.
[[nodiscard]] std::vector<MetricInfo> metric_infos(const CompiledModel& model);

/// The values of one replication, in the order of metric_infos. Undefined values (a mean over no
/// cases, a rate with no completed case) are NaN.
[[nodiscard]] std::vector<double> metric_values(const CompiledModel& model, const ReplicationStats& stats);

}  // namespace bpm::sim
