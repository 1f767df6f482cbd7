#include "distance/transport.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace bpm::distance {

double min_cost_transport(const std::vector<std::uint64_t>& supply, const std::vector<std::uint64_t>& demand,
                          const std::vector<double>& cost) {
  const std::size_t rows = supply.size();
  const std::size_t columns = demand.size();
  const std::uint64_t units =
      std::min(std::accumulate(supply.begin(), supply.end(), std::uint64_t{0}),
               std::accumulate(demand.begin(), demand.end(), std::uint64_t{0}));
  if (units == 0) return 0.0;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();

  // Nodes: rows 0..rows-1, columns rows..rows+columns-1, then the sink. The source is implicit,
  // with potential 0 throughout: a row with supply left is reached by a cost-0 edge whose reduced
  // cost is -potential(row). Potentials are shortest distances from the source, and a row with
  // supply left is at distance ≤ 0 through that edge, so the reduced cost stays ≥ 0.
  const std::size_t sink = rows + columns;
  const std::size_t nodes = rows + columns + 1;
  std::vector<std::uint64_t> supply_left = supply;
  std::vector<std::uint64_t> demand_left = demand;
  std::vector<std::uint64_t> flow(rows * columns, 0);
  std::vector<double> potential(nodes, 0.0);
  std::vector<double> distance(nodes);
  std::vector<std::size_t> parent(nodes);
  std::vector<char> done(nodes);
  const std::size_t kNone = std::numeric_limits<std::size_t>::max();

  std::uint64_t shipped = 0;
  while (shipped < units) {
    std::fill(distance.begin(), distance.end(), kInfinity);
    std::fill(done.begin(), done.end(), 0);
    std::fill(parent.begin(), parent.end(), kNone);
    for (std::size_t i = 0; i < rows; ++i) {
      if (supply_left[i] > 0) distance[i] = std::max(0.0, -potential[i]);
    }
    // Dense Dijkstra on reduced costs cost(u, v) + potential(u) - potential(v) ≥ 0.
    for (;;) {
      std::size_t u = kNone;
      double best = kInfinity;
      for (std::size_t v = 0; v < nodes; ++v) {
        if (!done[v] && distance[v] < best) {
          best = distance[v];
          u = v;
        }
      }
      if (u == kNone || u == sink) break;
      done[u] = 1;
      if (u < rows) {
        const double* row_cost = &cost[u * columns];
        for (std::size_t j = 0; j < columns; ++j) {
          const std::size_t v = rows + j;
          if (done[v]) continue;
          const double reduced = std::max(0.0, row_cost[j] + potential[u] - potential[v]);
          if (best + reduced < distance[v]) {
            distance[v] = best + reduced;
            parent[v] = u;
          }
        }
      } else {
        const std::size_t j = u - rows;
        for (std::size_t i = 0; i < rows; ++i) {
          if (done[i] || flow[i * columns + j] == 0) continue;
          const double reduced = std::max(0.0, -cost[i * columns + j] + potential[u] - potential[i]);
          if (best + reduced < distance[i]) {
            distance[i] = best + reduced;
            parent[i] = u;
          }
        }
        if (demand_left[j] > 0 && !done[sink]) {
          const double reduced = std::max(0.0, potential[u] - potential[sink]);
          if (best + reduced < distance[sink]) {
            distance[sink] = best + reduced;
            parent[sink] = u;
          }
        }
      }
    }
    if (parent[sink] == kNone) break;  // cannot happen while units remain; guards a bad input
    const double to_sink = distance[sink];
    for (std::size_t v = 0; v < nodes; ++v) potential[v] += std::min(distance[v], to_sink);

    // The path sink <- column <- row (<- column <- row)*: its bottleneck, then the shipment.
    std::uint64_t amount = units - shipped;
    std::size_t v = parent[sink];
    amount = std::min(amount, demand_left[v - rows]);
    for (;;) {
      const std::size_t row = parent[v];
      const std::size_t from = parent[row];
      if (from == kNone) {
        amount = std::min(amount, supply_left[row]);
        break;
      }
      amount = std::min(amount, flow[row * columns + (from - rows)]);
      v = from;
    }
    v = parent[sink];
    demand_left[v - rows] -= amount;
    for (;;) {
      const std::size_t row = parent[v];
      flow[row * columns + (v - rows)] += amount;
      const std::size_t from = parent[row];
      if (from == kNone) {
        supply_left[row] -= amount;
        break;
      }
      flow[row * columns + (from - rows)] -= amount;
      v = from;
    }
    shipped += amount;
  }

  double total = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < columns; ++j) {
      if (flow[i * columns + j] > 0) total += static_cast<double>(flow[i * columns + j]) * cost[i * columns + j];
    }
  }
  return total;
}

}  // namespace bpm::distance
