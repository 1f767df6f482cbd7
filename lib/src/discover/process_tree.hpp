#pragma once
// Control-flow discovery as a process tree (sequence, exclusive choice, parallel, loop): the
// Inductive Miner with infrequent-behaviour filtering (Leemans, Fahland, van der Aalst 2013/14),
// extended with an interval concurrency oracle: activities whose executions overlap in time are
// concurrent whatever order they start in. A tree is sound by construction, which a simulation
// model must be, and maps one-to-one onto gateways of the process format. Every node carries the
// frequencies the mining saw, from which branch and loop probabilities follow.
#include <cstdint>
#include <string>
#include <vector>

#include "bpm/core/time.hpp"

namespace bpm::discover {

struct TreeNode {
  /// Chain: a sub-log no cut explains, as a first-order Markov chain over its activities (which
  /// activity follows which, how often), rather than a flower that allows any order.
  enum class Kind : std::uint8_t { Activity, Tau, Sequence, Xor, Parallel, Loop, Chain };
  Kind kind = Kind::Tau;
  std::uint32_t activity = 0;      // Activity: the log's activity index
  std::vector<TreeNode> children;  // Loop: {body, redo}
  /// Xor: how many traces took each child. Loop: {body executions, redo executions}.
  std::vector<double> weights;
  double frequency = 0.0;  // traces (executions) of the sub-log this node was mined from
  /// Chain: (k + 1) × (k + 1) counts for its k activity children, index 0 the chain's entry (row)
  /// and exit (column): transitions[from * (k + 1) + to].
  std::vector<double> transitions;
};

/// One event of a trace, as the miner sees it.
struct MinerEvent {
  std::uint32_t activity = 0;
  Time start = 0.0;
  Time end = 0.0;
};
using MinerTrace = std::vector<MinerEvent>;

struct MinerSettings {
  double noise = 0.2;    // see DiscoverOptions::noise
  double overlap = 0.5;  // see DiscoverOptions::overlap
  /// The events are intervals (the log records start times): two activities are concurrent only
  /// when their executions overlap in time. With completion times only, activities seen in both
  /// orders are (the Inductive Miner's rule).
  bool intervals = false;
};

/// What the miner did that the user should know (fall-throughs, filtered behaviour).
struct MinerReport {
  std::uint64_t removed_events = 0;  // events left out as infrequent behaviour by the cuts
  std::uint64_t chains = 0;          // sub-logs no cut explained: a Markov chain of their activities
  std::uint64_t fall_throughs = 0;
};

/// Mines a tree from traces of events sorted by (start, end). `activities`: one more than the
/// largest activity index.
[[nodiscard]] TreeNode mine_tree(std::vector<MinerTrace> traces, std::size_t activities, const MinerSettings& settings,
                                 MinerReport& report);

/// The tree in a compact text form for tests and comments: "->(a, X(b, tau), +(c, d), *(e, f))";
/// a chain is "~(a, b, c)".
[[nodiscard]] std::string tree_text(const TreeNode& node, const std::vector<std::string>& names);

}  // namespace bpm::discover
