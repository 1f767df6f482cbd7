// Mermaid flowchart text of a process, for Markdown pages that render Mermaid (GitHub, GitLab,
// most wikis). Same nodes and edges as the dot diagram.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "bpm/design/render.hpp"
#include "design/diagram_style.hpp"
#include "design/flow_graph.hpp"

namespace bpm {
namespace {

using design::FlowGraph;
using design::FlowNode;
using design::mermaid_text;

std::string node_shape(const Process& process, const FlowGraph& graph, std::size_t n, const DiagramOptions& options) {
  const FlowNode& node = graph.nodes[n];
  const auto lines = design::node_lines(process, node, options);
  if (!node.step) return fmt::format("(({}))", mermaid_text(lines));
  const Step& step = process.steps[*node.step];
  switch (step.kind) {
    case StepKind::Task: return fmt::format("({})", mermaid_text(lines));
    case StepKind::Wait: {
      auto timer = lines;
      timer.front() = "⏱ " + timer.front();
      return fmt::format("{{{{{}}}}}", mermaid_text(timer));
    }
    case StepKind::Xor: return fmt::format("{{{}}}", mermaid_text({"× " + lines.front()}));
    case StepKind::Or: return fmt::format("{{{}}}", mermaid_text({"○ " + lines.front()}));
    case StepKind::And: return fmt::format("{{{}}}", mermaid_text({"+ " + lines.front()}));
    case StepKind::Join: {
      const char* symbol = graph.join_kind[*node.step] == StepKind::Or ? "○ " : "+ ";
      return fmt::format("{{{}}}", mermaid_text({symbol + lines.front()}));
    }
    case StepKind::End:  // a double circle ends the case; a single one (`terminate: false`) only its branch
      return step.terminate ? fmt::format("((({})))", mermaid_text(lines)) : fmt::format("(({}))", mermaid_text(lines));
  }
  return {};
}

}  // namespace

std::string render_mermaid(const Process& process, const DiagramOptions& options) {
  const FlowGraph graph = design::build_flow_graph(process);
  const auto lanes = design::diagram_lanes(process, graph, options);
  const auto heat = design::node_heat(process, graph, options);

  std::string out = "flowchart LR\n";
  std::vector<bool> in_lane(graph.nodes.size(), false);
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    out += fmt::format("  subgraph lane{} [{}]\n", l, mermaid_text({design::role_label(process, lanes[l])}));
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
      if (graph.nodes[n].role != lanes[l]) continue;
      in_lane[n] = true;
      out += fmt::format("    n{}{}\n", n, node_shape(process, graph, n, options));
    }
    out += "  end\n";
  }
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!in_lane[n]) out += fmt::format("  n{}{}\n", n, node_shape(process, graph, n, options));
  }
  for (const auto& edge : graph.edges) {
    const std::string label = design::edge_label(process, graph, edge);
    const char* arrow = edge.kind == design::EdgeKind::Rework || edge.kind == design::EdgeKind::Timer ? "-.->" : "-->";
    if (label.empty()) {
      out += fmt::format("  n{} {} n{}\n", edge.from, arrow, edge.to);
    } else {
      out += fmt::format("  n{} {}|{}| n{}\n", edge.from, arrow, mermaid_text({label}), edge.to);
    }
  }
  for (const auto& [n, value] : heat) {
    out += fmt::format("  style n{} fill:{}{}\n", n, design::heat_colour(value), value > 0.7 ? ",color:#fff" : "");
  }
  return out;
}

}  // namespace bpm
