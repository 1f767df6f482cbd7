#include "lint/metric_names.hpp"

#include "bpm/metrics/registry.hpp"

namespace bpm::lint_detail {

bool needs_won_outcome(std::string_view metric) {
  const metrics::MetricDef* def = metrics::find_definition(metric);
  return def != nullptr && (def->needs & metrics::kNeedsWon) != 0;
}

std::vector<std::string> known_metric_names(const Process& p) { return metrics::accepted_names(p); }

}  // namespace bpm::lint_detail
