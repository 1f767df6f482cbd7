#pragma once
// A process tree as steps of the process format: a sequence becomes `next` links, an exclusive
// choice an `xor` with branch probabilities, a parallel block an `and` split with its `join` (an
// `or` split when some branches are optional), a loop a `rework` on the task that ends its body
// (or an `xor` back to its start). Tasks are named after their activities, so that the simulated
// log names them as the real one does.
#include <string>
#include <vector>

#include "bpm/model/process.hpp"
#include "discover/process_tree.hpp"

namespace bpm::discover {

/// Appends the steps of `tree` to `process` (tasks without resource or duration yet, gateways,
/// joins, one end step `end_id` with outcome `outcome`) and sets process.start. Steps are ordered
/// by a walk from the start.
void tree_to_steps(const TreeNode& tree, const std::vector<std::string>& activity_names, Process& process,
                   const std::string& outcome = "completed");

/// Probabilities rounded to 4 decimals that still sum to exactly 1 (the largest takes the rest).
[[nodiscard]] std::vector<double> rounded_probabilities(const std::vector<double>& weights);

}  // namespace bpm::discover
