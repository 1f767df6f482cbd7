// A role's work instruction in Markdown: generated from the process so that it never drifts from
// the model that is simulated and measured.
#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/design/raci.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "design/flow_graph.hpp"
#include "design/labels.hpp"
#include "model/mean_estimate.hpp"

namespace bpm {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string role_name(const Process& process, const std::string& id) {
  const Role* role = process.find_role(id);
  return role && !role->name.empty() ? role->name : id;
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string role_list(const Process& process, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const auto& id : ids) names.push_back(role_name(process, id));
  return join(names);
}

/// Where an SLA endpoint sits, in words.
std::string endpoint_text(const SlaEndpoint& e) {
  switch (e.kind) {
    case SlaEndpoint::Kind::Arrival: return "arrival";
    case SlaEndpoint::Kind::CaseEnd: return "case end";
    case SlaEndpoint::Kind::StepStart: return fmt::format("start of `{}`", e.step);
    case SlaEndpoint::Kind::StepEnd: return fmt::format("end of `{}`", e.step);
  }
  return e.text;
}

}  // namespace

std::string playbook_markdown(const Process& process, std::string_view role_id) {
  const std::string role(role_id);
  const RaciMatrix matrix = raci_matrix(process);
  if (!contains(matrix.roles, role)) {
    throw UsageError(fmt::format("unknown role '{}' (roles: {})", role, join(matrix.roles)));
  }
  const design::FlowGraph graph = design::build_flow_graph(process);
  const design::FlowOrder order = design::flow_order(graph);
  const RoutingAnalysis routing = analyze_routing(process);

  // The role's duties per step, from the matrix (R from RACI or from the resource's role).
  const auto column =
      static_cast<std::size_t>(std::find(matrix.roles.begin(), matrix.roles.end(), role) - matrix.roles.begin());
  std::vector<std::string> does;
  std::vector<std::string> accountable;
  std::vector<std::string> consulted;
  std::vector<std::string> informed;
  for (const std::size_t node : order.order) {
    if (!graph.nodes[node].step) continue;
    const Step& step = process.steps[*graph.nodes[node].step];
    const auto row =
        std::find_if(matrix.rows.begin(), matrix.rows.end(), [&](const RaciRow& r) { return r.step == step.id; });
    if (row == matrix.rows.end()) continue;
    const std::string& cell = row->cells[column];
    if (cell.find('R') != std::string::npos) does.push_back(step.id);
    if (cell.find('A') != std::string::npos) accountable.push_back(step.id);
    if (cell.find('C') != std::string::npos) consulted.push_back(step.id);
    if (cell.find('I') != std::string::npos) informed.push_back(step.id);
  }
  std::set<std::string> pools;
  for (const Resource& r : process.resources) {
    if (r.role == role) pools.insert(r.id);
  }

  std::string out = fmt::format("# Playbook: {} (`{}`)\n\n", role_name(process, role), role);
  out += fmt::format("Process **{}**", process.name);
  if (!process.description.empty()) out += fmt::format(": {}", process.description);
  out += ".";
  if (!process.owner.empty()) out += fmt::format(" Process owner: {}.", process.owner);
  out += "\n\n";
  if (!pools.empty()) {
    std::vector<std::string> texts;
    for (const auto& id : pools) {
      const Resource* r = process.find_resource(id);
      texts.push_back(fmt::format("`{}` ({} {}{})", id, r->count, r->count == 1 ? "person" : "people",
                                  r->calendar.empty() ? std::string() : fmt::format(", calendar `{}`", r->calendar)));
    }
    out += fmt::format(
        "You work in the pool{} {}. Work waits in one queue per pool, higher priority first, then "
        "first come, first served.\n\n",
        pools.size() == 1 ? "" : "s", join(texts));
  }

  out += "## Your work, in the order a case meets it\n\n";
  if (does.empty()) out += "You do no step of this process yourself.\n";
  for (std::size_t k = 0; k < does.size(); ++k) {
    const auto index = *step_index(process, does[k]);
    const Step& step = process.steps[index];
    out += fmt::format("{}. **{}** (`{}`)", k + 1, design::step_label(step), step.id);
    if (!step.description.empty()) out += fmt::format(": {}", step.description);
    out += "\n";
    if (step.kind == StepKind::Task && step.duration) {
      out += fmt::format("   - Takes {} (`{}`)",
                         design::mean_duration(process, *step.duration, distribution_key(step.id, "duration")),
                         step.duration->to_string().empty() ? std::string("table") : step.duration->to_string());
      if (!step.resource.empty()) out += fmt::format(", from pool `{}`", step.resource);
      if (step.priority != 0) out += fmt::format(", priority {}", step.priority);
      out += ".\n";
    }
    if (routing.finite) {
      out += fmt::format("   - Done {:.2f} times per case on average.\n", routing.visits[index]);
    }
    std::vector<std::string> before;
    for (const std::size_t e : graph.in_edges(design::FlowGraph::node_of_step(index))) {
      const auto& from = graph.nodes[graph.edges[e].from];
      before.push_back(from.step ? fmt::format("`{}`", process.steps[*from.step].id)
                                 : std::string("the case's arrival"));
    }
    std::vector<std::string> after;
    for (const std::size_t e : graph.out_edges(design::FlowGraph::node_of_step(index))) {
      if (graph.edges[e].kind == design::EdgeKind::Rework) continue;
      after.push_back(fmt::format("`{}`", process.steps[*graph.nodes[graph.edges[e].to].step].id));
    }
    if (!before.empty())
      out += fmt::format("   - Comes from {}; goes on to {}.\n", join(before), after.empty() ? "nothing" : join(after));
    if (step.rework) {
      out += fmt::format("   - {} of the time the work is found faulty and {}.\n", design::percent(step.rework->p),
                         step.rework->to.empty() ? std::string("is done again")
                                                 : fmt::format("the case goes to `{}`", step.rework->to));
    }
    if (!step.raci.accountable.empty())
      out += fmt::format("   - Accountable: {}.\n", role_list(process, step.raci.accountable));
    if (!step.raci.consulted.empty())
      out += fmt::format("   - Consult: {}.\n", role_list(process, step.raci.consulted));
    if (!step.raci.informed.empty()) out += fmt::format("   - Inform: {}.\n", role_list(process, step.raci.informed));
  }

  auto duty_section = [&](const char* title, const std::vector<std::string>& steps, const char* none) {
    out += fmt::format("\n## {}\n\n", title);
    if (steps.empty()) {
      out += fmt::format("{}\n", none);
      return;
    }
    for (const auto& id : steps) {
      const Step& step = *process.find_step(id);
      const auto r = matrix.rows.begin() + (std::find_if(matrix.rows.begin(), matrix.rows.end(),
                                                         [&](const RaciRow& row) { return row.step == id; }) -
                                            matrix.rows.begin());
      std::vector<std::string> who;
      for (std::size_t c = 0; c < matrix.roles.size(); ++c) {
        if (r->cells[c].find('R') != std::string::npos) who.push_back(role_name(process, matrix.roles[c]));
      }
      out += fmt::format(
          "- **{}** (`{}`){}\n", design::step_label(step), id,
          who.empty() ? std::string(" — nobody is responsible for it") : fmt::format(", done by {}", join(who)));
    }
  };
  duty_section("Accountable for", accountable, "You are accountable for no step.");
  duty_section("Consulted on", consulted, "Nobody consults you in this process.");
  duty_section("Informed about", informed, "Nobody informs you in this process.");

  // SLAs: those that start or stop at a step the role does or answers for, and the whole-case ones.
  std::set<std::string> mine(does.begin(), does.end());
  mine.insert(accountable.begin(), accountable.end());
  out += "\n## Service levels your work affects\n\n";
  std::size_t slas = 0;
  for (const Sla& sla : process.slas) {
    const bool step_end =
        (!sla.from.step.empty() && mine.count(sla.from.step)) || (!sla.to.step.empty() && mine.count(sla.to.step));
    const bool whole_case =
        sla.from.kind == SlaEndpoint::Kind::Arrival && sla.to.kind == SlaEndpoint::Kind::CaseEnd && !does.empty();
    bool between = false;
    if (!step_end && !does.empty() && sla.from.kind == SlaEndpoint::Kind::Arrival &&
        sla.to.kind != SlaEndpoint::Kind::CaseEnd) {
      // Work done before the SLA's end step delays it: the role's steps that come earlier in the flow.
      const auto to = step_index(process, sla.to.step);
      for (const auto& id : does) {
        const auto i = step_index(process, id);
        if (to && i &&
            order.rank[design::FlowGraph::node_of_step(*i)] < order.rank[design::FlowGraph::node_of_step(*to)])
          between = true;
      }
    }
    if (!step_end && !whole_case && !between) continue;
    ++slas;
    out += fmt::format("- `{}`: from {} to {} within {}", sla.id, endpoint_text(sla.from), endpoint_text(sla.to),
                       format_duration(sla.within));
    if (!sla.description.empty()) out += fmt::format(" ({})", sla.description);
    out += step_end ? " — starts or stops at your step.\n" : " — your steps come before its end.\n";
  }
  if (slas == 0) out += "No SLA of this process depends on your steps.\n";

  // Targets: objectives and KPIs that name the role's steps or pools; the process-wide ones after.
  out += "\n## Targets\n\n";
  auto names_mine = [&](const std::string& text) {
    for (const auto& id : does) {
      if (text.find(fmt::format("steps.{}.", id)) != std::string::npos) return true;
    }
    for (const auto& id : pools) {
      if (text.find(fmt::format("resources.{}.", id)) != std::string::npos) return true;
    }
    return false;
  };
  std::vector<std::string> direct;
  std::vector<std::string> shared;
  for (const KpiDef& kpi : process.kpis) {
    if (!kpi.target || !names_mine(kpi.formula.text())) continue;
    direct.push_back(fmt::format("- KPI `{}` {} (= `{}`)", kpi.id, kpi.target->text, kpi.formula.text()));
  }
  for (const Objective& objective : process.objectives) {
    const KpiDef* kpi = nullptr;
    for (const KpiDef& k : process.kpis) {
      if (k.id == objective.kpi) kpi = &k;
    }
    const std::string text = objective.kpi + (kpi ? " " + kpi->formula.text() : std::string());
    const std::string line = fmt::format(
        "- Objective `{}` {}{}", objective.kpi, objective.target ? objective.target->text : std::string("(no target)"),
        objective.baseline_text.empty() ? std::string() : fmt::format(", baseline {}", objective.baseline_text));
    (names_mine(text) ? direct : shared).push_back(line);
  }
  out += "Yours directly:\n\n";
  out += direct.empty() ? std::string("- none\n") : join(direct, "\n") + "\n";
  out += "\nShared by everyone in the process:\n\n";
  out += shared.empty() ? std::string("- none\n") : join(shared, "\n") + "\n";
  return out;
}

}  // namespace bpm
