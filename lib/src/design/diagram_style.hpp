#pragma once
// What the dot and Mermaid diagrams share: node labels, lanes, and the heat-map colours.
#include <map>
#include <string>
#include <vector>

#include "bpm/design/render.hpp"
#include "design/flow_graph.hpp"

namespace bpm::design {

/// Colour of a heat value in [0, 1]: white, through yellow, to red ("#rrggbb").
[[nodiscard]] std::string heat_colour(double heat);

/// Text lines of a node's label (without escaping): name, resource and duration, overlay wait.
[[nodiscard]] std::vector<std::string> node_lines(const Process& process, const FlowNode& node,
                                                  const DiagramOptions& options);

/// The label of an edge: a branch's condition/probability, "rework 5%", or empty.
[[nodiscard]] std::string edge_label(const Process& process, const FlowGraph& graph, const FlowEdge& edge);

/// Roles with at least one task, in order of the process's roles then first use; empty when
/// fewer than two (a single lane helps nobody) or when swimlanes are off.
[[nodiscard]] std::vector<std::string> diagram_lanes(const Process& process, const FlowGraph& graph,
                                                     const DiagramOptions& options);

/// Heat of each task node in [0, 1] relative to the longest mean wait; empty without overlay.
[[nodiscard]] std::map<std::size_t, double> node_heat(const Process& process, const FlowGraph& graph,
                                                      const DiagramOptions& options);

/// Mermaid quoted text of label lines: entity codes for the characters that end or confuse a
/// label, a line break for each line (and each newline inside one), U+FFFD for other control
/// characters, which would end or corrupt the diagram text.
[[nodiscard]] std::string mermaid_text(const std::vector<std::string>& lines);

/// The display name of a role: its name when declared, else its id.
[[nodiscard]] std::string role_label(const Process& process, const std::string& role);

}  // namespace bpm::design
