// The process map as Graphviz dot, Mermaid, SVG (Graphviz), tables or JSON. Nodes are n0, n1, ...
// so that no activity name can clash with the syntax; start, end and in-flight are terminals.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/design/render.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/process_map.hpp"
#include "bpm/report/document.hpp"
#include "design/diagram_style.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }

std::string duration_text(double seconds) { return std::isfinite(seconds) ? humanize_duration(seconds) : "n/a"; }

std::vector<std::string> node_lines(const MapNode& node, MapOverlay overlay) {
  std::vector<std::string> lines{node.name};
  if (overlay != MapOverlay::Performance) {
    lines.push_back(fmt::format("{}× in {} cases", count_text(node.events), count_text(node.cases)));
  }
  if (overlay != MapOverlay::Frequency) {
    lines.push_back(
        fmt::format("wait ⌀ {} · work ⌀ {}", duration_text(node.waiting_mean), duration_text(node.processing_mean)));
  }
  if (!node.known) lines.push_back("(not in the process)");
  return lines;
}

std::string edge_text(const MapEdge& edge, MapOverlay overlay) {
  std::string text;
  if (overlay != MapOverlay::Performance) text = count_text(edge.count);
  if (overlay != MapOverlay::Frequency && std::isfinite(edge.mean)) {
    if (!text.empty()) text += "\n";
    text += fmt::format("⌀ {} · med {}", duration_text(edge.mean), duration_text(edge.median));
  }
  return text;
}

struct Scale {
  std::uint64_t max_events = 1;
  std::uint64_t max_count = 1;
  double max_wait = 0.0;
  double max_gap = 0.0;
};

Scale scale_of(const ProcessMap& map) {
  Scale s;
  for (const MapNode& n : map.nodes) {
    s.max_events = std::max(s.max_events, n.events);
    if (std::isfinite(n.waiting_mean)) s.max_wait = std::max(s.max_wait, n.waiting_mean);
  }
  for (const MapEdge& e : map.edges) {
    s.max_count = std::max(s.max_count, e.count);
    if (std::isfinite(e.mean)) s.max_gap = std::max(s.max_gap, e.mean);
  }
  return s;
}

/// Blue by frequency (light to dark), or the heat colour of the diagrams by waiting time.
std::string node_fill(const MapNode& node, const Scale& s, MapOverlay overlay) {
  if (overlay == MapOverlay::Frequency) {
    const double t = static_cast<double>(node.events) / static_cast<double>(s.max_events);
    const auto mix = [t](int light, int dark) { return static_cast<int>(std::lround(light + (dark - light) * t)); };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(0xee, 0x9e), mix(0xf3, 0xc2), mix(0xfa, 0xe6));
  }
  return design::heat_colour(s.max_wait > 0.0 && std::isfinite(node.waiting_mean) ? node.waiting_mean / s.max_wait
                                                                                  : 0.0);
}

double pen_width(const MapEdge& e, const Scale& s) {
  return 1.0 + 5.0 * static_cast<double>(e.count) / static_cast<double>(s.max_count);
}

/// A dot double-quoted string.
std::string dot_quoted(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    for (const char c : lines[i]) {
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

std::string dot_name(const MapEdge& e, bool from) {
  const Terminal t = from ? e.from_terminal : e.to_terminal;
  switch (t) {
    case Terminal::Start: return "start";
    case Terminal::End: return "end";
    case Terminal::InFlight: return "in_flight";
    case Terminal::None: break;
  }
  return fmt::format("n{}", from ? e.from : e.to);
}

std::string title_line(const ProcessMap& map) {
  std::string title = map.title.empty() ? "Process map" : "Process map of " + map.title;
  return fmt::format("{}: {} cases ({} completed, {} in flight)", title, count_text(map.cases),
                     count_text(map.completed), count_text(map.in_flight));
}

}  // namespace

MapFormat parse_map_format(std::string_view name) {
  if (name == "dot") return MapFormat::Dot;
  if (name == "mermaid") return MapFormat::Mermaid;
  if (name == "svg") return MapFormat::Svg;
  if (name == "table") return MapFormat::Table;
  if (name == "markdown" || name == "md") return MapFormat::Markdown;
  if (name == "csv") return MapFormat::Csv;
  if (name == "json") return MapFormat::Json;
  throw UsageError(
      fmt::format("unknown map format '{}' (expected dot, mermaid, svg, table, markdown, csv or json)", name));
}

MapOverlay parse_map_overlay(std::string_view name) {
  if (name == "frequency") return MapOverlay::Frequency;
  if (name == "performance") return MapOverlay::Performance;
  if (name == "both") return MapOverlay::Both;
  throw UsageError(fmt::format("unknown overlay '{}' (expected frequency, performance or both)", name));
}

std::string map_dot(const ProcessMap& map, MapOverlay overlay) {
  const Scale s = scale_of(map);
  std::string out = "digraph process_map {\n";
  out += fmt::format(
      "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, nodesep=0.4, ranksep=0.45, "
      "labelloc=t, label={}];\n",
      dot_quoted({title_line(map)}));
  out +=
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"#4f5b66\", "
      "penwidth=1];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#4f5b66\", fontcolor=\"#333333\", arrowsize=0.7];\n";
  out +=
      "  start [shape=circle, label=\"\", xlabel=\"start\", width=0.25, height=0.25, fixedsize=true, "
      "style=filled, fillcolor=\"#2e7d32\", color=\"#2e7d32\"];\n";
  bool any_end = false;
  bool any_in_flight = false;
  for (const MapEdge& e : map.edges) {
    any_end = any_end || e.to_terminal == Terminal::End;
    any_in_flight = any_in_flight || e.to_terminal == Terminal::InFlight;
  }
  if (any_end) {
    out +=
        "  end [shape=doublecircle, label=\"\", xlabel=\"end\", width=0.2, height=0.2, fixedsize=true, "
        "style=filled, fillcolor=\"#c62828\", color=\"#c62828\"];\n";
  }
  if (any_in_flight) {
    out += fmt::format(
        "  in_flight [shape=box, style=\"rounded,dashed\", label={}, color=\"#888888\", "
        "fontcolor=\"#555555\"];\n",
        dot_quoted({"in flight", fmt::format("{} cases", count_text(map.in_flight))}));
  }
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    const MapNode& node = map.nodes[k];
    out += fmt::format("  n{} [label={}, fillcolor=\"{}\"{}];\n", k, dot_quoted(node_lines(node, overlay)),
                       node_fill(node, s, overlay), node.known ? "" : ", style=\"rounded,filled,dashed\"");
  }
  for (const MapEdge& e : map.edges) {
    std::string colour;
    if (overlay == MapOverlay::Performance && std::isfinite(e.mean) && s.max_gap > 0.0) {
      colour = fmt::format(", color=\"{}\"", design::heat_colour(0.25 + 0.75 * e.mean / s.max_gap));
    }
    const bool dashed = e.to_terminal == Terminal::InFlight;
    out += fmt::format("  {} -> {} [label={}, penwidth={:.2f}{}{}];\n", dot_name(e, true), dot_name(e, false),
                       dot_quoted({fmt::format(" {}", edge_text(e, overlay))}), pen_width(e, s), colour,
                       dashed ? ", style=dashed" : "");
  }
  out += "}\n";
  return out;
}

namespace {

std::string mermaid_name(const MapEdge& e, bool from) {
  // "end" is a Mermaid keyword: terminals are S, E and F.
  const Terminal t = from ? e.from_terminal : e.to_terminal;
  switch (t) {
    case Terminal::Start: return "S";
    case Terminal::End: return "E";
    case Terminal::InFlight: return "F";
    case Terminal::None: break;
  }
  return fmt::format("n{}", from ? e.from : e.to);
}

}  // namespace

std::string map_mermaid(const ProcessMap& map, MapOverlay overlay) {
  const Scale s = scale_of(map);
  std::string out = "flowchart TD\n";
  out += "  S((\"start\"))\n";
  bool any_end = false;
  bool any_in_flight = false;
  for (const MapEdge& e : map.edges) {
    any_end = any_end || e.to_terminal == Terminal::End;
    any_in_flight = any_in_flight || e.to_terminal == Terminal::InFlight;
  }
  if (any_end) out += "  E(((\"end\")))\n";
  if (any_in_flight) out += fmt::format("  F[/{}/]\n", design::mermaid_text({"in flight"}));
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    out += fmt::format("  n{}({})\n", k, design::mermaid_text(node_lines(map.nodes[k], overlay)));
  }
  for (const MapEdge& e : map.edges) {
    const std::string arrow = e.to_terminal == Terminal::InFlight ? "-.->" : "-->";
    out += fmt::format("  {} {}|{}| {}\n", mermaid_name(e, true), arrow, design::mermaid_text({edge_text(e, overlay)}),
                       mermaid_name(e, false));
  }
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    out += fmt::format("  style n{} fill:{}\n", k, node_fill(map.nodes[k], s, overlay));
  }
  return out;
}

namespace {

std::string end_name(const ProcessMap& map, const MapEdge& e, bool from) {
  const Terminal t = from ? e.from_terminal : e.to_terminal;
  switch (t) {
    case Terminal::Start: return "(start)";
    case Terminal::End: return "(end)";
    case Terminal::InFlight: return "(in flight)";
    case Terminal::None: break;
  }
  return map.nodes[from ? e.from : e.to].name;
}

report::Value duration(double v) {
  return std::isfinite(v) ? report::Value::measure(v, MetricUnit::Duration) : report::Value::null();
}

/// The map as one report document of two tables, its activities and its paths (CSV: both, told
/// apart by the `table` column), with the case counts and the coverage for programs.
report::Document map_document(const ProcessMap& map) {
  using report::Value;
  const auto count = [](std::uint64_t n) { return Value::integer(static_cast<long long>(n)); };
  report::Document doc(title_line(map), "bpm-kpi-map/1");
  doc.field("title", Value::text(map.title), report::kPrograms);
  doc.field("cases", count(map.cases), report::kPrograms);
  doc.field("completed", count(map.completed), report::kPrograms);
  doc.field("in_flight", count(map.in_flight), report::kPrograms);
  doc.field("replications", count(map.replications), report::kPrograms);
  report::Node& coverage = doc.tree("coverage");
  coverage.set("requested", report::Node::number(map.coverage));
  coverage.set("cases_covered", report::Node::number(map.covered_cases));
  coverage.set("activities", report::Node::integer(static_cast<std::uint64_t>(map.nodes.size())));
  coverage.set("activities_in_log", report::Node::integer(static_cast<std::uint64_t>(map.all_nodes)));
  coverage.set("paths", report::Node::integer(static_cast<std::uint64_t>(map.edges.size())));
  coverage.set("paths_in_log", report::Node::integer(static_cast<std::uint64_t>(map.all_edges)));
  report::Table& nodes = doc.table("activities", "Activities",
                                   {{"activity"},
                                    {"events"},
                                    {"cases"},
                                    {"waiting_mean", "waiting mean"},
                                    {"processing_mean", "processing mean"},
                                    {"known", "in the process"}});
  for (const MapNode& n : map.nodes) {
    nodes.add({Value::text(n.name), count(n.events), count(n.cases), duration(n.waiting_mean),
               duration(n.processing_mean), Value::boolean(n.known)});
  }
  report::Table& edges =
      doc.table("paths", "Paths", {{"from"}, {"to"}, {"count"}, {"cases"}, {"mean"}, {"median"}, {"p90"}});
  for (const MapEdge& e : map.edges) {
    edges.add({Value::text(end_name(map, e, true)), Value::text(end_name(map, e, false)), count(e.count),
               count(e.cases), duration(e.mean), duration(e.median), duration(e.p90)});
  }
  edges.notes.push_back("time between: the next activity's start minus this one's end");
  doc.text("notes", map.notes);
  return doc;
}

}  // namespace

std::string write_map(const ProcessMap& map, MapFormat format, MapOverlay overlay) {
  switch (format) {
    case MapFormat::Dot: return map_dot(map, overlay);
    case MapFormat::Mermaid: return map_mermaid(map, overlay);
    case MapFormat::Svg: return run_graphviz(map_dot(map, overlay), "svg");
    case MapFormat::Table: return report::render(map_document(map), report::Format::Table);
    case MapFormat::Markdown: return report::render(map_document(map), report::Format::Markdown);
    case MapFormat::Csv: return report::render(map_document(map), report::Format::Csv);
    case MapFormat::Json: return report::render(map_document(map), report::Format::Json);
  }
  return {};
}

}  // namespace bpm::monitor
