#pragma once
// The flow of a process as a graph of drawable nodes: one node per step plus the start event, one
// edge per way a case can move (next, branch, parallel target, rework, timer). Diagrams, the BPMN export
// and the playbook read the process through it, so that they agree on what is connected to what.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm::design {

enum class EdgeKind : std::uint8_t {
  Next,    // task, wait or join `next`, and the start event's edge
  Branch,  // xor/or branch
  Target,  // and split target
  Rework,  // a task's rework edge
  Timer,   // a task's or wait's timeout, escalation or abandonment (a BPMN boundary timer)
};

/// Which timer of a step a Timer edge stands for.
enum class TimerKind : std::uint8_t { Timeout, Escalate, Abandon };

struct FlowEdge {
  std::size_t from = 0;  // node indices
  std::size_t to = 0;
  EdgeKind kind = EdgeKind::Next;
  std::size_t branch = 0;                // Branch: index into the step's branches
  double rework_p = 0.0;                 // Rework: probability
  TimerKind timer = TimerKind::Timeout;  // Timer: which one
};

struct FlowNode {
  std::optional<std::size_t> step;  // nullopt: the start event
  std::string role;                 // lane: the role doing the work, empty when none
};

struct FlowGraph {
  std::vector<FlowNode> nodes;  // nodes[0] is the start event, nodes[i + 1] is steps[i]
  std::vector<FlowEdge> edges;  // in the order the process lists them, per step in file order
  /// Per step: for a join, the kind of the split it synchronises (And when none matches, Or for
  /// an inclusive split); the step's own kind otherwise.
  std::vector<StepKind> join_kind;

  [[nodiscard]] static std::size_t node_of_step(std::size_t step) noexcept { return step + 1; }
  [[nodiscard]] std::vector<std::size_t> out_edges(std::size_t node) const;
  [[nodiscard]] std::vector<std::size_t> in_edges(std::size_t node) const;
};

/// Builds the graph; references to undefined steps are left out (the lint reports them).
[[nodiscard]] FlowGraph build_flow_graph(const Process& process);

/// The role that does a task: its resource's role, else its first responsible role; empty for
/// other steps and for tasks nobody is responsible for.
[[nodiscard]] std::string task_role(const Process& process, const Step& step);

/// Nodes in the order a case meets them: breadth-first from the start event along the edges,
/// then anything unreachable in file order. The rank of a node is its distance along forward
/// edges (edges that do not close a loop), so that a loop's return edge does not push its target
/// right.
struct FlowOrder {
  std::vector<std::size_t> order;  // node indices
  std::vector<int> rank;           // per node
  std::vector<bool> back_edge;     // per edge: closes a loop (depth-first from the start)
};

[[nodiscard]] FlowOrder flow_order(const FlowGraph& graph);

}  // namespace bpm::design
