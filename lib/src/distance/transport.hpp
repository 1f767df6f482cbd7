#pragma once
// The optimal one-to-one pairing of two multisets (cases grouped by identical trace): a minimum-
// cost transportation problem, solved exactly by successive shortest paths with potentials.
// Pairing cases one to one (the assignment problem) and shipping between distinct traces give
// the same optimum, because identical cases are interchangeable; the transportation problem has
// one row per distinct trace instead of one per case.
#include <cstdint>
#include <vector>

namespace bpm::distance {

/// Minimum total cost of shipping min(Σsupply, Σdemand) units from rows to columns, where a unit
/// from row i to column j costs cost[i * columns + j] (≥ 0), row i ships at most supply[i] and
/// column j receives at most demand[j]. At most one augmentation per unit, each O((rows +
/// columns)²) in the worst case; most augmentations end after a few steps.
[[nodiscard]] double min_cost_transport(const std::vector<std::uint64_t>& supply,
                                        const std::vector<std::uint64_t>& demand, const std::vector<double>& cost);

}  // namespace bpm::distance
