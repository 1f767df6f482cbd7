#pragma once
// Flow diagrams of a process (`bpm-design render`): Graphviz dot and Mermaid text, and SVG/PNG
// through Graphviz. Left to right, BPMN-like shapes: events as circles (timers as double circles,
// ends bold), tasks as rounded boxes with their resource and mean duration, gateways as diamonds
// with the conditions and probabilities on their edges, rework as dashed red edges, and a cluster
// per role when more than one role does work. See share/doc/bpm-design-views.md.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

struct Summary;  // bpm/sim/summary.hpp

enum class DiagramFormat : std::uint8_t { Dot, Mermaid, Svg, Png };

/// "dot", "mermaid", "svg" or "png"; throws UsageError otherwise.
[[nodiscard]] BPM_API DiagramFormat parse_diagram_format(std::string_view name);

struct BPM_API DiagramOptions {
  DiagramFormat format = DiagramFormat::Dot;
  /// A cluster (dot) or subgraph (Mermaid) per role, when at least two roles do work.
  bool swimlanes = true;
  /// Mean waiting time (seconds) per task step id: the heat map. Empty: no overlay.
  std::map<std::string, double> waiting;
};

/// Mean queue wait of every task from a simulation summary (`steps.<id>.waiting.mean`), for
/// DiagramOptions::waiting. Timer waits are left out: their delay is not a bottleneck. Throws
/// UsageError when the summary is of another process or has no step waiting times.
[[nodiscard]] BPM_API std::map<std::string, double> waiting_overlay(const Process& process, const Summary& summary);

[[nodiscard]] BPM_API std::string render_dot(const Process& process, const DiagramOptions& options);
[[nodiscard]] BPM_API std::string render_mermaid(const Process& process, const DiagramOptions& options);

/// The diagram in options.format: text for dot and mermaid, the bytes of the image for svg and
/// png. Throws Error "svg output needs Graphviz 'dot' (apt-get install graphviz)" when Graphviz is
/// not installed.
[[nodiscard]] BPM_API std::string render_diagram(const Process& process, const DiagramOptions& options);

/// Runs Graphviz `program` (found on PATH) on dot text and returns its output in `format` ("svg",
/// "png", "plain", "json"). Throws Error when the program is missing or fails.
[[nodiscard]] BPM_API std::string run_graphviz(std::string_view dot_text, std::string_view format,
                                               const std::string& program = "dot");

}  // namespace bpm
