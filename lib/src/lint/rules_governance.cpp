// Rules about the Design-stage governance of a process: owner, objectives, KPI tree.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>

#include "lint/findings.hpp"
#include "lint/metric_names.hpp"

namespace bpm::lint_detail {
namespace {

constexpr std::string_view kNeedsWon = "needs an end step with the outcome 'won'";

/// True when `name` is a metric; else `hint` says why not.
bool is_known(std::string_view name, const std::vector<std::string>& known, std::string& hint) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return true;
  hint = needs_won_outcome(name) ? std::string() : did_you_mean(name, known);
  return false;
}

void check_kpi_cycles(const Process& p, Findings& f) {
  const std::size_t n = p.kpis.size();
  auto index_of = [&](std::string_view id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < n; ++i) {
      if (p.kpis[i].id == id) return i;
    }
    return std::nullopt;
  };
  enum class Mark { New, Active, Done };
  std::vector<Mark> mark(n, Mark::New);
  std::vector<std::size_t> path;
  std::function<void(std::size_t)> visit = [&](std::size_t k) {
    mark[k] = Mark::Active;
    path.push_back(k);
    for (const auto& name : p.kpis[k].formula.identifiers()) {
      const auto dependency = index_of(name);
      if (!dependency) continue;
      if (mark[*dependency] == Mark::Active) {
        const auto from = std::find(path.begin(), path.end(), *dependency);
        std::vector<std::string> cycle;
        for (auto it = from; it != path.end(); ++it) cycle.push_back(p.kpis[*it].id);
        cycle.push_back(p.kpis[*dependency].id);
        f.report("kpi-cycle", p.kpis[*dependency].where,
                 fmt::format("kpi '{}' depends on itself: {}", p.kpis[*dependency].id, fmt::join(cycle, " -> ")));
      } else if (mark[*dependency] == Mark::New) {
        visit(*dependency);
      }
    }
    path.pop_back();
    mark[k] = Mark::Done;
  };
  for (std::size_t k = 0; k < n; ++k) {
    if (mark[k] == Mark::New) visit(k);
  }
}

}  // namespace

void check_governance(const Process& p, Findings& f) {
  if (p.owner.empty()) {
    const auto it = p.key_locations.find("process");
    f.report("process-owner", it == p.key_locations.end() ? Location{p.source, 1, 1} : it->second,
             "the process has no owner: add `owner:`, the role or person accountable for it");
  }
  const auto known = known_metric_names(p);
  for (const auto& objective : p.objectives) {
    if (!objective.target) {
      f.report("objective-target", objective.where,
               fmt::format("objective '{}' has no target such as \"<= 21d\" or \">= 95%\"", objective.kpi));
    }
    if (objective.kpi.empty()) continue;
    std::string hint;
    if (is_known(objective.kpi, known, hint)) continue;
    f.report("unknown-kpi", objective.where,
             needs_won_outcome(objective.kpi)
                 ? fmt::format("objective '{}' {}", objective.kpi, kNeedsWon)
                 : fmt::format("objective '{}' names an unknown metric or KPI{}", objective.kpi, hint));
  }
  for (const auto& kpi : p.kpis) {
    for (const auto& name : kpi.formula.identifiers()) {
      std::string hint;
      if (is_known(name, known, hint)) continue;
      f.report("unknown-kpi", kpi.where,
               needs_won_outcome(name)
                   ? fmt::format("kpi '{}' uses '{}', which {}", kpi.id, name, kNeedsWon)
                   : fmt::format("kpi '{}' uses unknown metric or KPI '{}'{}", kpi.id, name, hint));
    }
  }
  check_kpi_cycles(p, f);
}

}  // namespace bpm::lint_detail
