#include "bpm/sim/summary.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/stats/running_stats.hpp"
#include "sim/summary_doc.hpp"

namespace bpm {

const SummaryMetric* Summary::find(std::string_view name) const noexcept {
  const auto it = std::find_if(metrics.begin(), metrics.end(), [&](const SummaryMetric& m) { return m.name == name; });
  return it == metrics.end() ? nullptr : &*it;
}

namespace detail {

std::string document_unit_name(MetricUnit unit, std::string_view time_unit) {
  return unit == MetricUnit::Duration ? std::string(time_unit) : std::string(metric_unit_name(unit));
}

}  // namespace detail

double Summary::internal_factor(MetricUnit unit) const noexcept {
  return unit == MetricUnit::Duration ? run.time_unit_seconds : 1.0;
}

void compute_estimates(Summary& summary) {
  for (auto& metric : summary.metrics) {
    // Replications where the metric is undefined (NaN) say nothing about its mean.
    RunningStats stats;
    for (const double v : metric.values) {
      if (!std::isnan(v)) stats.add(v);
    }
    if (stats.empty()) {
      metric.estimate = Estimate{std::nan(""), std::nan(""), std::nan(""), 0};
    } else {
      metric.estimate = estimate(stats, summary.run.confidence);
    }
  }
}

Summary summarize(const SimulationResult& result, SummaryRun run) {
  Summary summary;
  summary.run = std::move(run);
  summary.run.replications = static_cast<std::uint32_t>(result.replications.size());
  if (!result.replications.empty()) summary.run.first_replication = result.replications.front().replication;
  summary.metrics.reserve(result.metrics.size());
  for (std::size_t i = 0; i < result.metrics.size(); ++i) {
    SummaryMetric metric;
    metric.name = result.metrics[i].name;
    metric.unit = result.metrics[i].unit;
    // Converted once here, so that a document read back holds exactly the values it shows.
    const double per_unit = summary.internal_factor(metric.unit);
    metric.values.reserve(result.replications.size());
    for (const auto& replication : result.replications) {
      const double v = i < replication.values.size() ? replication.values[i] : std::nan("");
      metric.values.push_back(per_unit == 1.0 ? v : v / per_unit);
    }
    summary.metrics.push_back(std::move(metric));
  }
  for (const auto& replication : result.replications) {
    summary.cycle_time.merge(replication.cycle_time);
    summary.waiting_time.merge(replication.waiting_time);
  }
  compute_estimates(summary);
  return summary;
}

report::Format parse_summary_format(std::string_view name) {
  if (name == "yaml") return report::Format::Yaml;  // the default is listed first in messages
  static constexpr report::Format kFormats[] = {report::Format::Yaml, report::Format::Json, report::Format::Table,
                                                report::Format::Markdown, report::Format::Csv};
  return report::parse_format(name, kFormats);
}

std::string model_digest(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace bpm
