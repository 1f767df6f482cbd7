#include "bpm/optimize/kpi_columns.hpp"

#include <cmath>

#include "bpm/kpi/kpi_tree.hpp"
#include "bpm/metrics/registry.hpp"

namespace bpm {
namespace {

/// A report holding every metric the simulator can give the process, for the KPI evaluator.
kpi::Report metric_report(const std::vector<MetricInfo>& metrics) {
  kpi::Report report;
  report.metrics.reserve(metrics.size());
  for (const MetricInfo& m : metrics) {
    kpi::Metric metric;
    metric.name = m.name;
    metric.unit = m.unit;
    metric.value = std::nan("");
    report.metrics.push_back(std::move(metric));
  }
  return report;
}

std::vector<MetricInfo> columns_of(const kpi::Report& report, const std::vector<MetricInfo>& metrics) {
  std::vector<MetricInfo> columns;
  for (const kpi::KpiResult& k : report.kpis) {
    bool taken = false;
    for (const MetricInfo& m : metrics) taken = taken || m.name == k.id;
    if (taken) continue;
    columns.push_back(MetricInfo{k.id, k.value_unit, k.description.empty() ? "KPI: " + k.formula : k.description});
  }
  return columns;
}

}  // namespace

std::vector<MetricInfo> kpi_columns(const Process& process) {
  if (process.kpis.empty()) return {};
  std::vector<MetricInfo> metrics;
  for (const metrics::ProcessMetric& m : metrics::process_metrics(process, metrics::Source::Simulation)) {
    metrics.push_back(MetricInfo{m.name, m.def->unit, std::string(m.def->definition)});
  }
  kpi::Report report = metric_report(metrics);
  kpi::evaluate_kpi_tree(report, process);
  return columns_of(report, metrics);
}

void add_kpi_columns(const Process& process, SimulationResult& result) {
  if (process.kpis.empty()) return;
  const std::size_t base = result.metrics.size();
  kpi::Report report = metric_report(result.metrics);
  std::vector<MetricInfo> columns;
  bool known = false;
  for (ReplicationResult& replication : result.replications) {
    for (std::size_t i = 0; i < base; ++i) report.metrics[i].value = replication.values[i];
    kpi::evaluate_kpi_tree(report, process);
    if (!known) {
      columns = columns_of(report, result.metrics);
      known = true;
    }
    for (const MetricInfo& column : columns) {
      for (const kpi::KpiResult& k : report.kpis) {
        if (k.id == column.name) replication.values.push_back(k.value);
      }
    }
  }
  if (!known) {
    kpi::evaluate_kpi_tree(report, process);
    columns = columns_of(report, result.metrics);
  }
  result.metrics.insert(result.metrics.end(), columns.begin(), columns.end());
}

SimulationResult simulate_with_kpis(const Process& process, const SimulationOptions& options) {
  SimulationResult result = simulate(process, options);
  add_kpi_columns(process, result);
  return result;
}

}  // namespace bpm
