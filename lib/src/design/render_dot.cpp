// Graphviz dot text of a process. Nodes are named n0, n1, ... (n0 the start event, n<i+1> step i)
// so that no step id can clash with dot syntax or with another node.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "bpm/core/time.hpp"
#include "bpm/design/render.hpp"
#include "design/diagram_style.hpp"
#include "design/flow_graph.hpp"
#include "design/labels.hpp"

namespace bpm {
namespace {

using design::FlowGraph;
using design::FlowNode;

/// A dot double-quoted string: backslashes and quotes escaped, lines joined with \n, other
/// control characters (a NUL ends Graphviz's input) replaced by U+FFFD.
std::string quoted(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    for (const char c : lines[i]) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        out += "\xEF\xBF\xBD";
        continue;
      }
      out += c;
    }
  }
  return out + "\"";
}

std::string quoted(const std::string& text) { return quoted(std::vector<std::string>{text}); }

std::string gateway_symbol(StepKind kind) {
  switch (kind) {
    case StepKind::Xor: return "×";
    case StepKind::And: return "+";
    case StepKind::Or: return "○";
    default: return "";
  }
}

/// A diamond with the gateway's symbol inside (larger than the text) and its name beside it.
std::string gateway(const std::string& symbol, const std::vector<std::string>& lines) {
  return fmt::format(
      "shape=diamond, label=<<font point-size=\"15\">{}</font>>, width=0.42, height=0.42, "
      "fixedsize=true, color=\"#f9a825\", penwidth=1.5, xlabel={}",
      symbol, quoted(lines));
}

std::string node_attributes(const Process& process, const FlowGraph& graph, std::size_t n,
                            const DiagramOptions& options, const std::map<std::size_t, double>& heat) {
  const FlowNode& node = graph.nodes[n];
  const auto lines = design::node_lines(process, node, options);
  if (!node.step) {
    return fmt::format(
        "shape=circle, label=\"\", width=0.3, height=0.3, fixedsize=true, color=\"#2e7d32\", "
        "penwidth=1.5, xlabel={}",
        quoted(lines));
  }
  const Step& step = process.steps[*node.step];
  switch (step.kind) {
    case StepKind::Task: {
      std::string fill = "#ffffff";
      bool hot = false;
      if (const auto it = heat.find(n); it != heat.end()) {
        fill = design::heat_colour(it->second);
        hot = it->second > 0.7;  // dark red: white text reads better
      }
      return fmt::format("shape=box, style=\"rounded,filled\", fillcolor=\"{}\", color=\"#37474f\", label={}{}", fill,
                         quoted(lines), hot ? ", fontcolor=\"#ffffff\"" : "");
    }
    case StepKind::Wait:
      return fmt::format(
          "shape=doublecircle, label=\"\", width=0.22, height=0.22, fixedsize=true, "
          "color=\"#6d4c41\", xlabel={}",
          quoted(lines));
    case StepKind::Xor:
    case StepKind::Or:
    case StepKind::And: return gateway(gateway_symbol(step.kind), lines);
    case StepKind::Join: {
      // A join shows the kind of the split it synchronises: all branches (+) or the started ones (○).
      const StepKind kind = graph.join_kind[*node.step];
      return gateway(gateway_symbol(kind), lines);
    }
    case StepKind::End:
      // An end of one branch only (`terminate: false`) is drawn thinner than one of the whole case.
      return fmt::format(
          "shape=circle, label=\"\", width=0.3, height=0.3, fixedsize=true, color=\"#b71c1c\", "
          "penwidth={}, xlabel={}",
          step.terminate ? 3 : 1, quoted(lines));
  }
  return {};
}

}  // namespace

std::string render_dot(const Process& process, const DiagramOptions& options) {
  const FlowGraph graph = design::build_flow_graph(process);
  const auto lanes = design::diagram_lanes(process, graph, options);
  const auto heat = design::node_heat(process, graph, options);

  std::string out = fmt::format("digraph {} {{\n", quoted(process.name));
  std::string title = process.name;
  if (!options.waiting.empty()) {
    double longest = 0.0;
    for (const auto& [id, wait] : options.waiting) {
      if (std::isfinite(wait)) longest = std::max(longest, wait);
    }
    title += fmt::format(" — mean wait per task: white 0, red {}", humanize_duration(longest));
  }
  out += fmt::format(
      "  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\", fontsize=12, labelloc=t, labeljust=l, nodesep=0.3, "
      "ranksep=0.35, forcelabels=true, label={}];\n",
      quoted(title));
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#546e7a\", arrowsize=0.7];\n";

  std::vector<bool> in_lane(graph.nodes.size(), false);
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    out += fmt::format("  subgraph cluster_{} {{\n", l);
    out += fmt::format(
        "    label={}; style=\"rounded,filled\"; fillcolor=\"#f4f6f8\"; color=\"#cfd8dc\"; "
        "fontsize=11;\n",
        quoted(design::role_label(process, lanes[l])));
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
      if (graph.nodes[n].role != lanes[l]) continue;
      in_lane[n] = true;
      out += fmt::format("    n{} [{}];\n", n, node_attributes(process, graph, n, options, heat));
    }
    out += "  }\n";
  }
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (in_lane[n]) continue;
    out += fmt::format("  n{} [{}];\n", n, node_attributes(process, graph, n, options, heat));
  }
  const design::FlowOrder order = design::flow_order(graph);
  for (std::size_t e = 0; e < graph.edges.size(); ++e) {
    const design::FlowEdge& edge = graph.edges[e];
    std::vector<std::string> attributes;
    const std::string label = design::edge_label(process, graph, edge);
    if (!label.empty()) attributes.push_back("label=" + quoted(label));
    if (edge.kind == design::EdgeKind::Rework) {
      attributes.emplace_back("style=dashed, color=\"#c62828\", fontcolor=\"#c62828\"");
    } else if (edge.kind == design::EdgeKind::Timer) {
      attributes.emplace_back("style=dotted, color=\"#6d4c41\", fontcolor=\"#6d4c41\"");
    }
    // An edge that closes a loop must not pull its target to the right of the loop's body: the
    // flow reads left to right, and loops go back.
    if (order.back_edge[e]) {
      attributes.emplace_back("constraint=false");
    }
    std::string line = fmt::format("  n{} -> n{}", edge.from, edge.to);
    if (!attributes.empty()) {
      line += " [";
      for (std::size_t i = 0; i < attributes.size(); ++i) line += (i > 0 ? ", " : "") + attributes[i];
      line += "]";
    }
    out += line + ";\n";
  }
  out += "}\n";
  return out;
}

}  // namespace bpm
