#include "lint/metric_names.hpp"

#include <algorithm>

#include "bpm/metrics/registry.hpp"

namespace bpm::lint_detail {
namespace {

std::string log_only_metric(const Process& p, std::string_view name, std::vector<std::string_view>& seen) {
  if (std::find(seen.begin(), seen.end(), name) != seen.end()) return {};  // a cycle: kpi-cycle reports it
  seen.push_back(name);
  const auto kpi = std::find_if(p.kpis.begin(), p.kpis.end(), [&](const KpiDef& k) { return k.id == name; });
  if (kpi != p.kpis.end()) {
    for (const std::string& input : kpi->formula.identifiers()) {
      std::string found = log_only_metric(p, input, seen);
      if (!found.empty()) return found;
    }
    return {};
  }
  const metrics::MetricDef* def = metrics::find_definition(name);
  if (def != nullptr && !metrics::measured_by(def->sources, metrics::Source::Simulation)) return std::string(name);
  return {};
}

}  // namespace

bool needs_won_outcome(std::string_view metric) {
  const metrics::MetricDef* def = metrics::find_definition(metric);
  return def != nullptr && (def->needs & metrics::kNeedsWon) != 0;
}

std::vector<std::string> known_metric_names(const Process& p) { return metrics::accepted_names(p); }

std::vector<std::string> simulated_metric_names(const Process& p) {
  std::vector<std::string> names;
  for (const metrics::ProcessMetric& m : metrics::process_metrics(p, metrics::Source::Simulation)) {
    names.push_back(m.name);
  }
  for (const KpiDef& kpi : p.kpis) names.push_back(kpi.id);
  return names;
}

std::string log_only_metric(const Process& p, std::string_view name) {
  std::vector<std::string_view> seen;
  return log_only_metric(p, name, seen);
}

}  // namespace bpm::lint_detail
