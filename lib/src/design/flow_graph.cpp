#include "design/flow_graph.hpp"

#include <algorithm>
#include <deque>

#include "bpm/model/routing_analysis.hpp"

namespace bpm::design {

std::vector<std::size_t> FlowGraph::out_edges(std::size_t node) const {
  std::vector<std::size_t> out;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].from == node) out.push_back(e);
  }
  return out;
}

std::vector<std::size_t> FlowGraph::in_edges(std::size_t node) const {
  std::vector<std::size_t> in;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].to == node) in.push_back(e);
  }
  return in;
}

std::string task_role(const Process& process, const Step& step) {
  if (step.kind != StepKind::Task) return {};
  if (!step.resource.empty()) {
    if (const Resource* resource = process.find_resource(step.resource); resource && !resource->role.empty()) {
      return resource->role;
    }
  }
  if (!step.raci.responsible.empty()) return step.raci.responsible.front();
  return {};
}

FlowGraph build_flow_graph(const Process& process) {
  FlowGraph graph;
  graph.nodes.push_back(FlowNode{});
  for (std::size_t i = 0; i < process.steps.size(); ++i) {
    graph.nodes.push_back(FlowNode{i, task_role(process, process.steps[i])});
  }
  auto add = [&](std::size_t from, std::string_view to, FlowEdge edge) {
    const auto target = step_index(process, to);
    if (!target) return;
    edge.from = from;
    edge.to = FlowGraph::node_of_step(*target);
    graph.edges.push_back(edge);
  };
  add(0, process.start, FlowEdge{});
  // Arrival streams that start elsewhere enter there.
  std::vector<std::string> entries{process.start};
  for (const ArrivalStream& stream : process.arrivals.streams) {
    if (stream.start.empty() || std::find(entries.begin(), entries.end(), stream.start) != entries.end()) continue;
    entries.push_back(stream.start);
    add(0, stream.start, FlowEdge{});
  }
  const auto splits = matching_splits(process);
  for (std::size_t i = 0; i < process.steps.size(); ++i) {
    StepKind kind = process.steps[i].kind;
    if (kind == StepKind::Join)
      kind = splits[i] && process.steps[*splits[i]].kind == StepKind::Or ? StepKind::Or : StepKind::And;
    graph.join_kind.push_back(kind);
  }
  for (std::size_t i = 0; i < process.steps.size(); ++i) {
    const Step& step = process.steps[i];
    const std::size_t node = FlowGraph::node_of_step(i);
    switch (step.kind) {
      case StepKind::Task:
      case StepKind::Wait:
      case StepKind::Join:
        if (!step.next.empty()) add(node, step.next, FlowEdge{});
        if (step.rework) {
          FlowEdge edge;
          edge.kind = EdgeKind::Rework;
          edge.rework_p = step.rework->p;
          add(node, step.rework->to.empty() ? std::string_view(step.id) : std::string_view(step.rework->to), edge);
        }
        break;
      case StepKind::Xor:
      case StepKind::Or:
        for (std::size_t b = 0; b < step.branches.size(); ++b) {
          FlowEdge edge;
          edge.kind = EdgeKind::Branch;
          edge.branch = b;
          add(node, step.branches[b].to, edge);
        }
        break;
      case StepKind::And:
        for (const auto& target : step.targets) {
          FlowEdge edge;
          edge.kind = EdgeKind::Target;
          add(node, target, edge);
        }
        break;
      case StepKind::End: break;
    }
    for (const auto& [timer, kind] :
         {std::pair{&step.timeout, TimerKind::Timeout}, std::pair{&step.escalate, TimerKind::Escalate},
          std::pair{&step.abandon, TimerKind::Abandon}}) {
      if (!*timer) continue;
      FlowEdge edge;
      edge.kind = EdgeKind::Timer;
      edge.timer = kind;
      add(node, (*timer)->to, edge);
    }
  }
  return graph;
}

FlowOrder flow_order(const FlowGraph& graph) {
  const std::size_t n = graph.nodes.size();
  FlowOrder result;
  result.rank.assign(n, 0);
  result.back_edge.assign(graph.edges.size(), false);
  std::vector<std::vector<std::size_t>> out(n);
  for (std::size_t e = 0; e < graph.edges.size(); ++e) out[graph.edges[e].from].push_back(e);

  // Depth-first from the start: an edge into a node still on the stack closes a loop. Iterative,
  // so that a long chain of steps cannot overflow the call stack.
  enum class Mark : std::uint8_t { New, Active, Done };
  std::vector<Mark> mark(n, Mark::New);
  auto depth_first = [&](std::size_t root) {
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
    mark[root] = Mark::Active;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == out[node].size()) {
        mark[node] = Mark::Done;
        stack.pop_back();
        continue;
      }
      const std::size_t e = out[node][next++];
      const std::size_t to = graph.edges[e].to;
      if (mark[to] == Mark::Active) {
        result.back_edge[e] = true;
      } else if (mark[to] == Mark::New) {
        mark[to] = Mark::Active;
        stack.emplace_back(to, 0);
      }
    }
  };
  depth_first(0);
  for (std::size_t v = 0; v < n; ++v) {
    if (mark[v] == Mark::New) depth_first(v);
  }

  // Longest path over forward edges (Kahn's order on the acyclic remainder).
  std::vector<int> indegree(n, 0);
  for (std::size_t e = 0; e < graph.edges.size(); ++e) {
    if (!result.back_edge[e]) ++indegree[graph.edges[e].to];
  }
  std::deque<std::size_t> ready;
  for (std::size_t v = 0; v < n; ++v) {
    if (indegree[v] == 0) ready.push_back(v);
  }
  while (!ready.empty()) {
    const std::size_t v = ready.front();
    ready.pop_front();
    for (const std::size_t e : out[v]) {
      if (result.back_edge[e]) continue;
      const std::size_t to = graph.edges[e].to;
      result.rank[to] = std::max(result.rank[to], result.rank[v] + 1);
      if (--indegree[to] == 0) ready.push_back(to);
    }
  }

  // Breadth-first order from the start, then the unreachable rest.
  std::vector<bool> seen(n, false);
  std::deque<std::size_t> queue{0};
  seen[0] = true;
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    result.order.push_back(v);
    for (const std::size_t e : out[v]) {
      const std::size_t to = graph.edges[e].to;
      if (!seen[to]) {
        seen[to] = true;
        queue.push_back(to);
      }
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (!seen[v]) result.order.push_back(v);
  }
  return result;
}

}  // namespace bpm::design
