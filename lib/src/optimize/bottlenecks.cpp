#include "bpm/optimize/bottlenecks.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "bpm/model/override.hpp"
#include "bpm/optimize/kpi_columns.hpp"
#include "bpm/sim/simulator.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm {

namespace {

double metric_mean(const SimulationResult& result, const std::string& name) {
  const int index = result.metric_index(name);
  return index < 0 ? std::nan("") : mean_of_finite(result.column(static_cast<std::size_t>(index)));
}

double finite_or_zero(double x) { return std::isfinite(x) ? x : 0.0; }

/// Shares of `by` (a member of WaitShare) and the ranking by it, highest first.
void rank(std::vector<WaitShare>& items, double WaitShare::*by) {
  double total = 0.0;
  for (const WaitShare& item : items) total += item.*by;
  for (WaitShare& item : items) item.share = total > 0.0 ? item.*by / total : 0.0;
  // Ties (e.g. no waiting at all) keep file order, so the ranking is deterministic.
  std::stable_sort(items.begin(), items.end(), [by](const WaitShare& a, const WaitShare& b) { return a.*by > b.*by; });
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
  const SimulationResult base = simulate_with_kpis(process, sim);  // objectives on KPIs count too

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

  const double waiting = finite_or_zero(metric_mean(base, "waiting_time.mean"));
  for (const char* cause : {"queue", "closed", "timer", "sync"}) {
    const double mean = finite_or_zero(metric_mean(base, fmt::format("waiting_time.{}.mean", cause)));
    report.causes.push_back({cause, mean, waiting > 0.0 ? mean / waiting : 0.0});
  }

  std::map<std::string, WaitShare> pools;
  for (const Step& step : process.steps) {
    if (step.kind != StepKind::Wait && (step.kind != StepKind::Task || step.resource.empty())) continue;
    const auto total = [&](const char* what) {
      const double count = finite_or_zero(metric_mean(base, "steps." + step.id + ".count"));
      return count * finite_or_zero(metric_mean(base, fmt::format("steps.{}.{}", step.id, what)));
    };
    WaitShare item{step.id, total("waiting.mean"), 0.0, 0.0, 0.0, 0.0, std::nan("")};
    if (step.kind == StepKind::Wait) {
      item.timer_total = item.waiting_total;
    } else {
      item.queue_total = total("waiting.queue.mean");
      item.closed_total = total("waiting.closed.mean");
      WaitShare& pool = pools[step.resource];
      pool.waiting_total += item.waiting_total;
      pool.queue_total += item.queue_total;
      pool.closed_total += item.closed_total;
    }
    report.steps.push_back(item);
  }
  for (const Resource& resource : process.resources) {
    WaitShare item = pools[resource.id];
    item.id = resource.id;
    item.utilisation = metric_mean(base, "resources." + resource.id + ".utilisation");
    report.resources.push_back(item);
  }
  rank(report.steps, &WaitShare::waiting_total);
  rank(report.resources, &WaitShare::queue_total);

  const std::vector<std::string> metrics =
      options.metrics.empty() ? bottleneck_metrics(process, base) : options.metrics;
  sim.replications = report.run.replications;
  sim.seed = report.run.seed;
  const auto measure = [&](const std::string& path, const std::string& value) {
    Process variant = process;
    apply_override(variant, Override{path, value, Location{}});
    const SimulationResult result = simulate_with_kpis(variant, sim);
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
