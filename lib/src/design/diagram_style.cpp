#include "design/diagram_style.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "design/dist_text.hpp"
#include "design/labels.hpp"
#include "model/mean_estimate.hpp"

namespace bpm::design {
namespace {

struct Rgb {
  double r, g, b;
};

Rgb mix(Rgb a, Rgb b, double t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

}  // namespace

std::string heat_colour(double heat) {
  constexpr Rgb kCold{255, 255, 255};
  constexpr Rgb kWarm{254, 224, 139};
  constexpr Rgb kHot{215, 48, 39};
  const double t = std::clamp(std::isfinite(heat) ? heat : 0.0, 0.0, 1.0);
  const Rgb c = t < 0.5 ? mix(kCold, kWarm, t * 2.0) : mix(kWarm, kHot, (t - 0.5) * 2.0);
  return fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(std::lround(c.r)), static_cast<int>(std::lround(c.g)),
                     static_cast<int>(std::lround(c.b)));
}

std::vector<std::string> node_lines(const Process& process, const FlowNode& node, const DiagramOptions& options) {
  if (!node.step) {
    // How often cases come: "every ~30m", "~420 a week" for a rate profile, "× ~3" for batches.
    const auto when = [&](const ArrivalStream& s) {
      std::string text = s.rate ? fmt::format("~{:.3g} a week", s.rate->weekly_arrivals())
                                : "every " + mean_duration(process, s.every, "arrivals.every");
      if (s.size) text += fmt::format(" × ~{:.3g}", s.size->mean());
      return text;
    };
    if (process.arrivals.streams.empty()) return {"start", when(process.arrivals.all_streams().front())};
    std::vector<std::string> lines{"start"};
    for (const ArrivalStream& s : process.arrivals.streams) lines.push_back(s.id + ": " + when(s));
    return lines;
  }
  const Step& step = process.steps[*node.step];
  switch (step.kind) {
    case StepKind::Task: {
      std::vector<std::string> lines{step_label(step)};
      std::string detail = step.resource.empty() ? std::string("automatic") : step.resource;
      for (const std::string& other : step.other_resources) detail += " | " + other;
      if (step.duration) {
        detail += " · " + mean_duration(process, *step.duration, distribution_key(step.id, "duration"));
      }
      lines.push_back(detail);
      if (step.instances) {
        const std::string count =
            step.instances->count ? distribution_text(*step.instances->count) : step.instances->count_of->text();
        lines.push_back(fmt::format("× {} {}", count, step.instances->parallel ? "in parallel" : "in sequence"));
      }
      if (step.batch) {
        lines.push_back(fmt::format("batch of {}{}", step.batch->size,
                                    step.batch->timeout ? " or " + mean_duration(process, *step.batch->timeout,
                                                                                 distribution_key(step.id, "batch"))
                                                        : std::string()));
      }
      if (const auto it = options.waiting.find(step.id); it != options.waiting.end()) {
        lines.push_back("wait " + (std::isfinite(it->second) ? humanize_duration(it->second) : std::string("n/a")));
      }
      return lines;
    }
    case StepKind::Wait:
      return {step_label(step),
              step.wait ? mean_duration(process, *step.wait, distribution_key(step.id, "wait")) : std::string()};
    case StepKind::Xor:
    case StepKind::Or:
    case StepKind::And:
    case StepKind::Join: return {step_label(step)};
    case StepKind::End: return {step.name.empty() ? humanize_id(step.outcome) : step.name};
  }
  return {};
}

std::string edge_label(const Process& process, const FlowGraph& graph, const FlowEdge& edge) {
  switch (edge.kind) {
    case EdgeKind::Branch: return branch_label(process.steps[*graph.nodes[edge.from].step], edge.branch);
    case EdgeKind::Rework: return "rework " + percent(edge.rework_p);
    case EdgeKind::Timer: {
      const Step& step = process.steps[*graph.nodes[edge.from].step];
      switch (edge.timer) {
        case TimerKind::Timeout: return "timeout " + distribution_text(step.timeout->after);
        case TimerKind::Escalate: return "escalate " + distribution_text(step.escalate->after);
        case TimerKind::Abandon: return "abandon " + distribution_text(step.abandon->after);
      }
      return {};
    }
    case EdgeKind::Next:
    case EdgeKind::Target: return {};
  }
  return {};
}

std::vector<std::string> diagram_lanes(const Process& process, const FlowGraph& graph, const DiagramOptions& options) {
  std::vector<std::string> lanes;
  if (!options.swimlanes) return lanes;
  for (const Role& role : process.roles) {
    const bool used =
        std::any_of(graph.nodes.begin(), graph.nodes.end(), [&](const FlowNode& node) { return node.role == role.id; });
    if (used) lanes.push_back(role.id);
  }
  for (const FlowNode& node : graph.nodes) {
    if (!node.role.empty() && std::find(lanes.begin(), lanes.end(), node.role) == lanes.end()) {
      lanes.push_back(node.role);
    }
  }
  if (lanes.size() < 2) lanes.clear();
  return lanes;
}

std::map<std::size_t, double> node_heat(const Process& process, const FlowGraph& graph, const DiagramOptions& options) {
  std::map<std::size_t, double> heat;
  if (options.waiting.empty()) return heat;
  double longest = 0.0;
  for (const auto& [id, wait] : options.waiting) {
    if (std::isfinite(wait)) longest = std::max(longest, wait);
  }
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!graph.nodes[n].step) continue;
    const Step& step = process.steps[*graph.nodes[n].step];
    if (step.kind != StepKind::Task) continue;
    const auto it = options.waiting.find(step.id);
    if (it == options.waiting.end() || !std::isfinite(it->second)) continue;
    heat[n] = longest > 0.0 ? it->second / longest : 0.0;
  }
  return heat;
}

std::string role_label(const Process& process, const std::string& role) {
  const Role* found = process.find_role(role);
  return found && !found->name.empty() ? found->name : role;
}

std::string mermaid_text(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br/>";
    for (const char c : lines[i]) {
      switch (c) {
        case '"': out += "#quot;"; break;
        case '<': out += "#lt;"; break;
        case '>': out += "#gt;"; break;
        case '#': out += "#35;"; break;
        case '\n': out += "<br/>"; break;
        default:
          // Control characters would end or corrupt the diagram text.
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += "\xEF\xBF\xBD";
          } else {
            out += c;
          }
      }
    }
  }
  return out + "\"";
}

}  // namespace bpm::design
