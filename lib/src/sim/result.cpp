#include "bpm/sim/result.hpp"

namespace bpm {

const char* metric_unit_name(MetricUnit unit) noexcept {
  switch (unit) {
    case MetricUnit::Count: return "count";
    case MetricUnit::Duration: return "seconds";
    case MetricUnit::PerDay: return "per_day";
    case MetricUnit::Fraction: return "fraction";
    case MetricUnit::Money: return "money";
    case MetricUnit::MoneyPerDay: return "money_per_day";
    case MetricUnit::Level: return "level";
  }
  return "count";
}

int SimulationResult::metric_index(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> SimulationResult::column(std::size_t index) const {
  std::vector<double> values;
  values.reserve(replications.size());
  for (const ReplicationResult& replication : replications) values.push_back(replication.values.at(index));
  return values;
}

}  // namespace bpm
