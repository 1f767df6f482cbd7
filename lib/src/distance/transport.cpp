#include "distance/transport.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace bpm::distance {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

/// Successive shortest paths when every unit of supply can be shipped (Σsupply ≤ Σdemand): rows
/// are served one at a time, like the rows of the Hungarian method, and each augmentation runs
/// Dijkstra from the row being served. Serving a row only keeps the flow optimal for the supplies
/// shipped so far (no negative cycle in the residual network), so the final flow is optimal.
class Transport {
 public:
  Transport(const std::vector<std::uint64_t>& supply, const std::vector<std::uint64_t>& demand,
            const std::vector<double>& cost)
      : rows_(supply.size()),
        columns_(demand.size()),
        sink_(rows_ + columns_),
        supply_left_(supply),
        demand_left_(demand),
        cost_(cost),
        flow_(rows_ * columns_, 0),
        potential_(rows_ + columns_ + 1, 0.0),
        distance_(rows_ + columns_ + 1),
        parent_(rows_ + columns_ + 1),
        done_(rows_ + columns_ + 1) {}

  double solve() {
    for (std::size_t row = 0; row < rows_; ++row) {
      while (supply_left_[row] > 0) {
        if (!augment_from(row)) return kInfinity;  // no column can take it: not when Σs ≤ Σd
      }
    }
    double total = 0.0;
    for (std::size_t k = 0; k < flow_.size(); ++k) {
      if (flow_[k] > 0) total += static_cast<double>(flow_[k]) * cost_[k];
    }
    return total;
  }

 private:
  bool augment_from(std::size_t start) {
    const std::size_t nodes = sink_ + 1;
    std::fill(distance_.begin(), distance_.end(), kInfinity);
    std::fill(done_.begin(), done_.end(), 0);
    std::fill(parent_.begin(), parent_.end(), kNone);
    distance_[start] = 0.0;
    // Dense Dijkstra on reduced costs c(u, v) + potential(u) − potential(v) ≥ 0; the residual
    // network is row → column (any), column → row (where flow was shipped) and column → sink
    // (where demand is left).
    for (;;) {
      std::size_t u = kNone;
      double best = kInfinity;
      for (std::size_t v = 0; v < nodes; ++v) {
        if (!done_[v] && distance_[v] < best) {
          best = distance_[v];
          u = v;
        }
      }
      if (u == kNone || u == sink_) break;
      done_[u] = 1;
      if (u < rows_) {
        const double* row_cost = &cost_[u * columns_];
        for (std::size_t j = 0; j < columns_; ++j) relax(u, rows_ + j, best, row_cost[j]);
      } else {
        const std::size_t j = u - rows_;
        for (std::size_t i = 0; i < rows_; ++i) {
          if (flow_[i * columns_ + j] > 0) relax(u, i, best, -cost_[i * columns_ + j]);
        }
        if (demand_left_[j] > 0) relax(u, sink_, best, 0.0);
      }
    }
    if (parent_[sink_] == kNone) return false;
    const double to_sink = distance_[sink_];
    for (std::size_t v = 0; v < nodes; ++v) potential_[v] += std::min(distance_[v], to_sink);

    // The path sink ← column ← row (← column ← row)* ← start: its bottleneck, then the shipment.
    std::uint64_t amount = std::min(supply_left_[start], demand_left_[parent_[sink_] - rows_]);
    for (std::size_t column = parent_[sink_]; parent_[parent_[column]] != kNone;) {
      const std::size_t row = parent_[column];
      const std::size_t previous = parent_[row];
      amount = std::min(amount, flow_[row * columns_ + (previous - rows_)]);
      column = previous;
    }
    demand_left_[parent_[sink_] - rows_] -= amount;
    supply_left_[start] -= amount;
    for (std::size_t column = parent_[sink_];;) {
      const std::size_t row = parent_[column];
      flow_[row * columns_ + (column - rows_)] += amount;
      const std::size_t previous = parent_[row];
      if (previous == kNone) break;
      flow_[row * columns_ + (previous - rows_)] -= amount;
      column = previous;
    }
    return true;
  }

  void relax(std::size_t u, std::size_t v, double at_u, double edge_cost) {
    if (done_[v]) return;
    const double reduced = std::max(0.0, edge_cost + potential_[u] - potential_[v]);
    if (at_u + reduced < distance_[v]) {
      distance_[v] = at_u + reduced;
      parent_[v] = u;
    }
  }

  std::size_t rows_;
  std::size_t columns_;
  std::size_t sink_;
  std::vector<std::uint64_t> supply_left_;
  std::vector<std::uint64_t> demand_left_;
  const std::vector<double>& cost_;
  std::vector<std::uint64_t> flow_;
  std::vector<double> potential_;
  std::vector<double> distance_;
  std::vector<std::size_t> parent_;
  std::vector<char> done_;
};

}  // namespace

double min_cost_transport(const std::vector<std::uint64_t>& supply, const std::vector<std::uint64_t>& demand,
                          const std::vector<double>& cost) {
  const std::uint64_t total_supply = std::accumulate(supply.begin(), supply.end(), std::uint64_t{0});
  const std::uint64_t total_demand = std::accumulate(demand.begin(), demand.end(), std::uint64_t{0});
  if (total_supply == 0 || total_demand == 0) return 0.0;
  if (total_supply <= total_demand) return Transport(supply, demand, cost).solve();
  // Serve the side that ships everything: transpose the problem.
  std::vector<double> transposed(cost.size());
  for (std::size_t i = 0; i < supply.size(); ++i) {
    for (std::size_t j = 0; j < demand.size(); ++j) transposed[j * supply.size() + i] = cost[i * demand.size() + j];
  }
  return Transport(demand, supply, transposed).solve();
}

}  // namespace bpm::distance
