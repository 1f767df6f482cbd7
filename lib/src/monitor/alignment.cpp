// Aligner: Dijkstra over (marking, position in the trace) of the synchronous product.
#include "monitor/alignment.hpp"

#include <algorithm>
#include <deque>
#include <queue>

namespace bpm::monitor {
namespace {

// One deviation outweighs everything else. Among alignments with as many deviations, one that
// explains the recorded events (skipping model steps) is preferred to one that declares events
// misplaced: what was recorded did happen. Then the fewest silent steps.
constexpr std::uint64_t kDeviation = std::uint64_t{1} << 32;
constexpr std::uint64_t kLogMoveExtra = std::uint64_t{1} << 16;
constexpr std::uint64_t kSilentStep = 1;
// Markings kept across alignments; beyond this a net is not a process a log can be replayed on.
constexpr std::size_t kMaxMarkings = std::size_t{1} << 22;

struct Node {
  std::uint32_t marking = 0;
  std::uint32_t pos = 0;
  std::uint32_t parent = 0;
  std::int32_t transition = -1;  // -1: a log move (or the root)
  AlignMove::Kind kind = AlignMove::Kind::Log;
  bool silent = false;
};

struct Entry {
  std::uint64_t cost;
  std::uint64_t order;  // insertion order: ties go to the move pushed first
  std::uint32_t node;
  bool operator>(const Entry& o) const { return cost != o.cost ? cost > o.cost : order > o.order; }
};

}  // namespace

Aligner::Aligner(const PetriNet& net, std::uint64_t max_states) : net_(net), max_states_(max_states) {
  scratch_.assign(net.initial.begin(), net.initial.end());
  intern(scratch_);
}

std::uint32_t Aligner::intern(const std::string& marking) {
  const auto [it, added] = marking_ids_.try_emplace(marking, static_cast<std::uint32_t>(markings_.size()));
  if (added) {
    markings_.push_back(marking);
    successors_.emplace_back();
    successors_known_.push_back(0);
    enabled_.emplace_back();
    enabled_known_.push_back(0);
  }
  return it->second;
}

const std::vector<Aligner::Successor>& Aligner::successors(std::uint32_t marking) {
  if (successors_known_[marking]) return successors_[marking];
  std::vector<Successor> list;
  if (!is_done(marking)) {  // an end terminates the case: nothing fires after it
    for (std::uint32_t t = 0; t < net_.transitions.size(); ++t) {
      const NetTransition& tr = net_.transitions[t];
      scratch_ = markings_[marking];
      bool enabled = true;
      for (const std::uint32_t place : tr.inputs) {
        auto& count = reinterpret_cast<unsigned char&>(scratch_[place]);
        if (count == 0) {
          enabled = false;
          break;
        }
        --count;
      }
      if (!enabled) continue;
      for (const std::uint32_t place : tr.outputs) {
        auto& count = reinterpret_cast<unsigned char&>(scratch_[place]);
        if (count >= kMaxTokens) {
          enabled = false;
          break;
        }
        ++count;
      }
      if (!enabled) continue;
      // The "last token" twin of a branch end: only when no other token is left.
      if (tr.needs_outcome) {
        for (std::uint32_t place = 0; place < net_.places && enabled; ++place) {
          enabled = place == net_.done || scratch_[place] == 0;
        }
        if (!enabled) continue;
      }
      list.push_back(Successor{t, intern(scratch_)});
    }
  }
  // intern() may have grown the tables: index afresh.
  successors_[marking] = std::move(list);
  successors_known_[marking] = 1;
  return successors_[marking];
}

Alignment Aligner::align(std::span<const std::int32_t> trace, bool complete, bool outcome_visible) {
  Alignment result;
  if (markings_.size() > kMaxMarkings) return result;
  const auto n = static_cast<std::uint32_t>(trace.size());
  std::vector<Node> nodes;
  nodes.push_back(Node{0, 0, 0, -1, AlignMove::Kind::Log, false});
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
  std::unordered_map<std::uint64_t, std::uint64_t> best;  // (marking, pos) -> lowest cost pushed
  std::unordered_map<std::uint64_t, char> closed;
  std::uint64_t order = 0;
  open.push(Entry{0, order++, 0});
  best[0] = 0;
  auto push = [&](std::uint64_t cost, const Node& node) {
    const std::uint64_t key = (std::uint64_t{node.marking} << 32) | node.pos;
    const auto [it, added] = best.try_emplace(key, cost);
    if (!added) {
      if (it->second <= cost) return;
      it->second = cost;
    }
    nodes.push_back(node);
    open.push(Entry{cost, order++, static_cast<std::uint32_t>(nodes.size() - 1)});
  };
  std::uint64_t settled = 0;
  std::int64_t goal = -1;
  std::uint64_t goal_cost = 0;
  while (!open.empty()) {
    const Entry top = open.top();
    open.pop();
    const Node current = nodes[top.node];
    const std::uint64_t key = (std::uint64_t{current.marking} << 32) | current.pos;
    if (!closed.try_emplace(key, 1).second) continue;
    if (current.pos == n && (!complete || is_done(current.marking))) {
      goal = top.node;
      goal_cost = top.cost;
      break;
    }
    if (++settled > max_states_ || markings_.size() > kMaxMarkings) return result;
    for (const Successor& s : successors(current.marking)) {
      const NetTransition& t = net_.transitions[s.transition];
      if (t.needs_outcome && !outcome_visible) continue;
      const std::int32_t label = outcome_visible && t.outcome_label != kSilent ? t.outcome_label : t.label;
      Node node{s.marking, current.pos, top.node, static_cast<std::int32_t>(s.transition), AlignMove::Kind::Model,
                false};
      if (label == kSilent) {
        node.silent = true;
        push(top.cost + kSilentStep, node);
        continue;
      }
      if (current.pos < n && trace[current.pos] == label) {
        Node sync = node;
        sync.kind = AlignMove::Kind::Sync;
        sync.pos = current.pos + 1;
        push(top.cost, sync);
      }
      push(top.cost + kDeviation, node);
    }
    if (current.pos < n) {
      push(top.cost + kDeviation + kLogMoveExtra,
           Node{current.marking, current.pos + 1, top.node, -1, AlignMove::Kind::Log, false});
    }
  }
  if (goal < 0) return result;  // no run reaches an end (the net cannot complete)
  result.aligned = true;
  result.deviations = static_cast<std::uint32_t>(goal_cost / kDeviation);
  // Walk back to the root, then forward.
  std::vector<std::uint32_t> path;
  for (auto k = static_cast<std::uint32_t>(goal); k != 0; k = nodes[k].parent) path.push_back(k);
  std::reverse(path.begin(), path.end());
  result.projection_markings.push_back(0);
  for (const std::uint32_t k : path) {
    const Node& node = nodes[k];
    if (node.silent) continue;
    const Node& parent = nodes[node.parent];
    AlignMove move;
    move.kind = node.kind;
    if (node.kind == AlignMove::Kind::Log) {
      move.event = parent.pos;
      move.label = trace[parent.pos];
      move.after_end = is_done(parent.marking);
    } else {
      const NetTransition& t = net_.transitions[static_cast<std::size_t>(node.transition)];
      move.label = outcome_visible && t.outcome_label != kSilent ? t.outcome_label : t.label;
      move.event = parent.pos;
      result.projection_labels.push_back(move.label);
      result.projection_markings.push_back(node.marking);
    }
    result.moves.push_back(move);
  }
  return result;
}

const std::vector<std::int32_t>& Aligner::enabled_visible(std::uint32_t marking) {
  if (enabled_known_[marking]) return enabled_[marking];
  std::vector<std::int32_t> labels;
  std::vector<std::uint32_t> seen{marking};
  std::deque<std::uint32_t> queue{marking};
  // A silent closure larger than this is a net no log is checked against; stop there.
  constexpr std::size_t kMaxClosure = 4096;
  while (!queue.empty() && seen.size() < kMaxClosure) {
    const std::uint32_t m = queue.front();
    queue.pop_front();
    for (const Successor& s : successors(m)) {
      const NetTransition& t = net_.transitions[s.transition];
      if (t.label != kSilent) {
        if (std::find(labels.begin(), labels.end(), t.label) == labels.end()) labels.push_back(t.label);
        continue;
      }
      if (std::find(seen.begin(), seen.end(), s.marking) != seen.end()) continue;
      seen.push_back(s.marking);
      queue.push_back(s.marking);
    }
  }
  std::sort(labels.begin(), labels.end());
  enabled_[marking] = std::move(labels);
  enabled_known_[marking] = 1;
  return enabled_[marking];
}

std::uint32_t Aligner::shortest_run() {
  if (shortest_run_ < 0) {
    const Alignment empty = align({}, true, false);
    shortest_run_ = empty.aligned ? empty.deviations : 0;
  }
  return static_cast<std::uint32_t>(shortest_run_);
}

}  // namespace bpm::monitor
