#include "bpm/optimize/bottlenecks.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "bpm/model/override.hpp"
#include "bpm/sim/simulator.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm {

namespace {

double metric_mean(const SimulationResult& result, const std::string& name) {
  const int index = result.metric_index(name);
  return index < 0 ? std::nan("") : mean_of_finite(result.column(static_cast<std::size_t>(index)));
}

double finite_or_zero(double x) { return std::isfinite(x) ? x : 0.0; }

void rank(std::vector<WaitShare>& items, double total) {
  for (WaitShare& item : items) item.share = total > 0.0 ? item.waiting_total / total : 0.0;
  // Ties (e.g. no waiting at all) keep file order, so the ranking is deterministic.
  std::stable_sort(items.begin(), items.end(),
                   [](const WaitShare& a, const WaitShare& b) { return a.waiting_total > b.waiting_total; });
}

std::vector<std::string> bottleneck_metrics(const Process& process, const SimulationResult& result) {
  std::vector<std::string> names;
  for (const Objective& objective : process.objectives) {
    if (result.metric_index(objective.kpi) >= 0 &&
        std::find(names.begin(), names.end(), objective.kpi) == names.end()) {
      names.push_back(objective.kpi);
    }
  }
  if (std::find(names.begin(), names.end(), "cycle_time.mean") == names.end()) names.push_back("cycle_time.mean");
  return names;
}

}  // namespace

BottleneckReport find_bottlenecks(const Process& process, const CompareOptions& options) {
  SimulationOptions sim;
  sim.replications = options.replications;
  sim.seed = options.seed;
  sim.threads = std::max(1U, options.threads);
  const SimulationResult base = simulate(process, sim);

  BottleneckReport report;
  std::uint64_t simulations = 1 + process.resources.size();
  for (const Step& step : process.steps) simulations += step.duration ? 1U : 0U;
  const auto advance = [&] {
    if (options.progress) options.progress(1 + report.interventions.size(), simulations);
  };
  advance();
  report.run.process = process.name;
  report.run.replications = static_cast<std::uint32_t>(base.replications.size());
  report.run.seed = options.seed.value_or(process.simulation.seed);
  report.run.confidence = options.confidence;

  std::map<std::string, double> pool_waiting;
  double total = 0.0;
  for (const Step& step : process.steps) {
    if (step.resource.empty()) continue;
    const double count = finite_or_zero(metric_mean(base, "steps." + step.id + ".count"));
    const double wait = finite_or_zero(metric_mean(base, "steps." + step.id + ".waiting.mean"));
    const double waiting = count * wait;
    report.steps.push_back({step.id, waiting, 0.0, std::nan("")});
    pool_waiting[step.resource] += waiting;
    total += waiting;
  }
  for (const Resource& resource : process.resources) {
    report.resources.push_back(
        {resource.id, pool_waiting[resource.id], 0.0, metric_mean(base, "resources." + resource.id + ".utilisation")});
  }
  rank(report.steps, total);
  rank(report.resources, total);

  const std::vector<std::string> metrics =
      options.metrics.empty() ? bottleneck_metrics(process, base) : options.metrics;
  sim.replications = report.run.replications;
  sim.seed = report.run.seed;
  const auto measure = [&](const std::string& path, const std::string& value) {
    Process variant = process;
    apply_override(variant, Override{path, value, Location{}});
    const SimulationResult result = simulate(variant, sim);
    report.interventions.push_back({path + "=" + value, compare_results(base, result, metrics, options.confidence)});
    advance();
  };
  for (const Resource& resource : process.resources) measure("resources." + resource.id + ".count", "+1");
  for (const Step& step : process.steps) {
    if (step.duration) measure("steps." + step.id + ".duration", "*0.9");
  }
  return report;
}

}  // namespace bpm
