// Rules about the Design-stage governance of a process: owner, objectives, KPI tree.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "lint/findings.hpp"
#include "lint/metric_names.hpp"

namespace bpm::lint_detail {
namespace {

constexpr std::string_view kNeedsWon = "needs an end step with the outcome 'won'";

/// The metric names of a process, with a hashed look-up: a file may define tens of thousands.
struct KnownNames {
  std::vector<std::string> names;
  std::unordered_set<std::string_view> lookup;

  explicit KnownNames(std::vector<std::string> all) : names(std::move(all)), lookup(names.begin(), names.end()) {}
  KnownNames(const KnownNames&) = delete;  // the look-up points into `names`
  KnownNames& operator=(const KnownNames&) = delete;
};

/// True when `name` is a metric; else `hint` says why not.
bool is_known(std::string_view name, const KnownNames& known, std::string& hint) {
  if (known.lookup.count(name) > 0) return true;
  hint = needs_won_outcome(name) ? std::string() : did_you_mean(name, known.names);
  return false;
}

void check_kpi_cycles(const Process& p, Findings& f) {
  const std::size_t n = p.kpis.size();
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(p.kpis[i].id, i);
  // The KPIs each KPI's formula refers to, in formula order.
  std::vector<std::vector<std::size_t>> dependencies(n);
  for (std::size_t k = 0; k < n; ++k) {
    for (const auto& name : p.kpis[k].formula.identifiers()) {
      if (const auto it = index.find(name); it != index.end()) dependencies[k].push_back(it->second);
    }
  }
  // Depth-first search with an explicit stack (a chain of KPIs may be as long as the file): the
  // stack is the path from the root, each entry with the next dependency to follow.
  enum class Mark : std::uint8_t { New, Active, Done };
  std::vector<Mark> mark(n, Mark::New);
  std::vector<std::pair<std::size_t, std::size_t>> path;
  for (std::size_t root = 0; root < n; ++root) {
    if (mark[root] != Mark::New) continue;
    mark[root] = Mark::Active;
    path.emplace_back(root, 0);
    while (!path.empty()) {
      auto& [k, next] = path.back();
      if (next == dependencies[k].size()) {
        mark[k] = Mark::Done;
        path.pop_back();
        continue;
      }
      const std::size_t dependency = dependencies[k][next++];
      if (mark[dependency] == Mark::Active) {
        const auto from =
            std::find_if(path.begin(), path.end(), [&](const auto& entry) { return entry.first == dependency; });
        std::vector<std::string> cycle;
        for (auto it = from; it != path.end(); ++it) cycle.push_back(p.kpis[it->first].id);
        cycle.push_back(p.kpis[dependency].id);
        f.report("kpi-cycle", p.kpis[dependency].where,
                 fmt::format("kpi '{}' depends on itself: {}", p.kpis[dependency].id, fmt::join(cycle, " -> ")));
      } else if (mark[dependency] == Mark::New) {
        mark[dependency] = Mark::Active;
        path.emplace_back(dependency, 0);
      }
    }
  }
}

}  // namespace

void check_governance(const Process& p, Findings& f) {
  if (p.owner.empty()) {
    const auto it = p.key_locations.find("process");
    f.report("process-owner", it == p.key_locations.end() ? Location{p.source, 1, 1} : it->second,
             "the process has no owner: add `owner:`, the role or person accountable for it");
  }
  const KnownNames known(known_metric_names(p));
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
               needs_won_outcome(name) ? fmt::format("kpi '{}' uses '{}', which {}", kpi.id, name, kNeedsWon)
                                       : fmt::format("kpi '{}' uses unknown metric or KPI '{}'{}", kpi.id, name, hint));
    }
  }
  check_kpi_cycles(p, f);
}

}  // namespace bpm::lint_detail
