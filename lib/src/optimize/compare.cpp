#include "bpm/optimize/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/optimize/kpi_columns.hpp"
#include "bpm/sim/simulator.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm {

std::vector<std::string> default_metrics(const Process& process, const SimulationResult& result) {
  std::vector<std::string> names;
  const auto add = [&](const std::string& name) {
    if (result.metric_index(name) < 0) return;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const Objective& objective : process.objectives) add(objective.kpi);
  for (const char* name : {"cycle_time.mean", "cycle_time.p90", "win_rate", "revenue.per_case", "cost.per_case"})
    add(name);
  return names;
}

std::vector<std::string> default_metrics(const Process& process, const SimulationResult& result, bool staffing) {
  std::vector<std::string> names = default_metrics(process, result);
  const std::string rostered = "cost.rostered_per_case";
  if (!staffing || result.metric_index(rostered) < 0 ||
      std::find(names.begin(), names.end(), rostered) != names.end()) {
    return names;
  }
  const auto after = std::find(names.begin(), names.end(), "cost.per_case");
  names.insert(after == names.end() ? after : after + 1, rostered);
  return names;
}

bool changes_staffing(const Process& baseline, const Process& variant) {
  if (baseline.resources.size() != variant.resources.size()) return true;
  for (std::size_t r = 0; r < baseline.resources.size(); ++r) {
    if (baseline.resources[r].count != variant.resources[r].count) return true;
  }
  return false;
}

namespace {

int require_metric(const SimulationResult& result, const std::string& name) {
  const int index = result.metric_index(name);
  if (index < 0) throw UsageError(fmt::format("unknown metric '{}' (see share/doc/metrics.md)", name));
  return index;
}

}  // namespace

std::vector<MetricDelta> compare_results(const SimulationResult& baseline, const SimulationResult& variant,
                                         const std::vector<std::string>& metrics, double confidence) {
  if (baseline.replications.size() != variant.replications.size()) {
    throw UsageError("the compared results have different numbers of replications");
  }
  std::vector<MetricDelta> deltas;
  for (const std::string& name : metrics) {
    const int base_index = require_metric(baseline, name);
    const int variant_index = require_metric(variant, name);
    std::vector<double> base_all;
    std::vector<double> variant_all;
    std::vector<double> base_paired;
    std::vector<double> variant_paired;
    for (std::size_t r = 0; r < baseline.replications.size(); ++r) {
      const double b = baseline.replications[r].values[static_cast<std::size_t>(base_index)];
      const double v = variant.replications[r].values[static_cast<std::size_t>(variant_index)];
      base_all.push_back(b);
      variant_all.push_back(v);
      // A replication where either side is undefined has no difference to pair.
      if (std::isfinite(b) && std::isfinite(v)) {
        base_paired.push_back(b);
        variant_paired.push_back(v);
      }
    }
    MetricDelta delta;
    delta.metric = name;
    delta.unit = baseline.metrics[static_cast<std::size_t>(base_index)].unit;
    delta.baseline_mean = mean_of_finite(base_all);
    delta.variant_mean = mean_of_finite(variant_all);
    if (base_paired.empty()) {
      delta.difference = Estimate{std::nan(""), std::nan(""), std::nan(""), 0};
    } else {
      delta.difference = paired_difference(variant_paired, base_paired, confidence);
    }
    // Identical runs give exactly zero differences: never significant, even with a zero width.
    delta.significant = std::isfinite(delta.difference.half_width) && delta.difference.mean != 0.0 &&
                        std::abs(delta.difference.mean) > delta.difference.half_width;
    deltas.push_back(std::move(delta));
  }
  return deltas;
}

Comparison compare_variants(const Process& baseline, const std::vector<Variant>& variants,
                            const CompareOptions& options) {
  SimulationOptions sim;
  sim.replications = options.replications;
  sim.seed = options.seed;
  sim.threads = std::max(1U, options.threads);
  const std::uint64_t total = variants.size() + 1;
  const auto step = [&](std::uint64_t done) {
    if (options.progress) options.progress(done, total);
  };
  // KPI names of the process are columns too: accepted by -m and as objectives.
  const SimulationResult base = simulate_with_kpis(baseline, sim);
  step(1);

  Comparison comparison;
  comparison.process = baseline.name;
  comparison.replications = static_cast<std::uint32_t>(base.replications.size());
  comparison.seed = options.seed.value_or(baseline.simulation.seed);
  comparison.confidence = options.confidence;
  const bool staffing = std::any_of(variants.begin(), variants.end(),
                                    [&](const Variant& v) { return changes_staffing(baseline, v.process); });
  const std::vector<std::string> metrics =
      options.metrics.empty() ? default_metrics(baseline, base, staffing) : options.metrics;
  // The variants must run exactly the baseline's replications and seed, whatever their files say.
  sim.replications = comparison.replications;
  sim.seed = comparison.seed;
  for (const Variant& variant : variants) {
    const SimulationResult result = simulate_with_kpis(variant.process, sim);
    comparison.variants.push_back({variant.name, compare_results(base, result, metrics, options.confidence)});
    step(comparison.variants.size() + 1);
  }
  return comparison;
}

}  // namespace bpm
