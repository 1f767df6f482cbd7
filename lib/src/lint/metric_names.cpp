#include "lint/metric_names.hpp"

#include <algorithm>

namespace bpm::lint_detail {

bool needs_won_outcome(std::string_view metric) {
  return metric == "win_rate" || metric == "conversion_rate" || metric == "deal_value.mean" ||
         metric == "pipeline_velocity";
}

std::vector<std::string> known_metric_names(const Process& p) {
  std::vector<std::string> names = {
      "cases.arrived",     "cases.completed",   "cases.in_flight",   "cycle_time.mean",      "cycle_time.p50",
      "cycle_time.p90",    "cycle_time.p95",    "cycle_time.p99",    "waiting_time.mean",    "waiting_time.p50",
      "waiting_time.p90",  "waiting_time.p95",  "waiting_time.p99",  "processing_time.mean", "flow_efficiency",
      "throughput",        "wip",               "revenue.total",     "revenue.per_case",     "cost.total",
      "cost.per_case",     "rework_rate",       "first_pass_yield",  "cost.rostered",        "cost.rostered_per_case",
  };
  const auto outcomes = p.outcomes();
  if (std::find(outcomes.begin(), outcomes.end(), "won") != outcomes.end()) {
    for (const char* name : {"win_rate", "conversion_rate", "deal_value.mean", "pipeline_velocity"}) {
      names.emplace_back(name);
    }
  }
  for (const auto& outcome : outcomes) {
    names.push_back("outcome." + outcome + ".rate");
    names.push_back("outcome." + outcome + ".count");
  }
  for (const auto& sla : p.slas) names.push_back("sla." + sla.id);
  for (const auto& step : p.steps) {
    for (const char* metric : {"count", "waiting.mean", "processing.mean", "cost", "rework_rate"}) {
      names.push_back("steps." + step.id + "." + metric);
    }
    const auto timer = [&](bool present, std::initializer_list<const char*> metrics) {
      if (!present) return;
      for (const char* metric : metrics) names.push_back("steps." + step.id + "." + metric);
    };
    timer(step.timeout.has_value(), {"timeouts", "timeout_rate"});
    timer(step.escalate.has_value(), {"escalations", "escalation_rate"});
    timer(step.abandon.has_value(), {"abandoned", "abandonment_rate"});
    timer(step.batch.has_value(), {"batches", "batch_size.mean"});
  }
  for (const auto& resource : p.resources) {
    for (const char* metric : {"utilisation", "queue_length", "waiting.mean", "cost", "busy_hours", "rostered_hours",
                               "rostered_cost"}) {
      names.push_back("resources." + resource.id + "." + metric);
    }
    for (const Member& member : resource.members) {
      for (const char* metric : {"utilisation", "served", "busy_hours", "cost"}) {
        names.push_back("resources." + resource.id + ".members." + member.id + "." + metric);
      }
    }
  }
  for (const auto& kpi : p.kpis) names.push_back(kpi.id);
  return names;
}

}  // namespace bpm::lint_detail
