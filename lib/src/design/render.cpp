#include "bpm/design/render.hpp"

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/sim/summary.hpp"

namespace bpm {

DiagramFormat parse_diagram_format(std::string_view name) {
  if (name == "dot") return DiagramFormat::Dot;
  if (name == "mermaid") return DiagramFormat::Mermaid;
  if (name == "svg") return DiagramFormat::Svg;
  if (name == "png") return DiagramFormat::Png;
  throw UsageError(fmt::format("unknown diagram format '{}' (dot, mermaid, svg or png)", name));
}

std::map<std::string, double> waiting_overlay(const Process& process, const Summary& summary) {
  if (!summary.run.process.empty() && summary.run.process != process.name) {
    throw UsageError(fmt::format("the summary is of process '{}', not '{}'", summary.run.process, process.name));
  }
  std::map<std::string, double> waiting;
  for (const Step& step : process.steps) {
    if (step.kind != StepKind::Task) continue;
    const SummaryMetric* metric = summary.find(fmt::format("steps.{}.waiting.mean", step.id));
    if (metric == nullptr) continue;
    waiting[step.id] = metric->estimate.mean * summary.internal_factor(metric->unit);
  }
  if (waiting.empty()) {
    throw UsageError(fmt::format("the summary has no waiting times of the steps of '{}'", process.name));
  }
  return waiting;
}

std::string render_diagram(const Process& process, const DiagramOptions& options) {
  switch (options.format) {
    case DiagramFormat::Dot: return render_dot(process, options);
    case DiagramFormat::Mermaid: return render_mermaid(process, options);
    case DiagramFormat::Svg: return run_graphviz(render_dot(process, options), "svg");
    case DiagramFormat::Png: return run_graphviz(render_dot(process, options), "png");
  }
  return {};
}

}  // namespace bpm
