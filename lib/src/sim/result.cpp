#include "bpm/sim/result.hpp"

namespace bpm {

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
