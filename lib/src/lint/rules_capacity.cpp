// Rules about resource pools: their size, their hours and the load the process puts on them.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "bpm/model/routing_analysis.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_overload(const Process& p, Findings& f) {
  if (!f.enabled("resource-overload")) return;
  // no-loop-exit, start-event-required and invalid-distribution explain a routing or arrival
  // rate that cannot be computed; resource-count and calendar-never-open the pools left out.
  const RoutingAnalysis routing = analyze_routing(p);
  const LoadAnalysis load = analyze_load(p, routing);
  for (const std::size_t r : overloaded_pools(p, routing, load)) {
    const Resource& resource = p.resources[r];
    const PoolLoad& pool = load.pools[r];
    // In Erlangs during the pool's open hours, as `bpm-design analyze` reports it: offered ÷
    // servers is the utilisation.
    const double work_hours = load.arrivals_per_week * pool.work_per_case / 3600.0;
    if (!(pool.capacity_servers > 0.0)) {
      // Open on exception dates only, or members whose hours never meet the pool's: no weekly
      // capacity at all, so the utilisation is infinite, not a number worth printing.
      const std::string why =
          resource.members.empty()
              ? fmt::format("its calendar '{}' has 0 weekly hours (exception dates aside)", resource.calendar)
              : std::string("its members' hours, within the pool's calendar, add up to 0 a week");
      f.report(
          "resource-overload", resource.where,
          fmt::format("resource '{}' is never open in a normal week: {}, so {:.3g} cases/week × {} of work each "
                      "= {:.3g}h of work a week cannot be done (utilisation infinite); the queue grows without "
                      "bound",
                      resource.id, why, load.arrivals_per_week, humanize_duration(pool.work_per_case), work_hours));
      continue;
    }
    if (!resource.members.empty()) {
      f.report("resource-overload", resource.where,
               fmt::format("resource '{}' is overloaded: {:.3g} cases/week × {} of work each = {:.3g}h of work a week "
                           "{} its members' {:.3g}h of capacity (speed × hours; utilisation {:.0f}%); the queue grows "
                           "without bound",
                           resource.id, load.arrivals_per_week, humanize_duration(pool.work_per_case), work_hours,
                           pool.offered_servers > pool.capacity_servers ? ">" : ">=", pool.capacity_servers * 168.0,
                           pool.utilisation() * 100.0));
      continue;
    }
    f.report("resource-overload", resource.where,
             fmt::format("resource '{}' is overloaded: {:.3g} cases/week × {} of work each = {:.3g}h of work in {:.3g} "
                         "open hours a week, an offered load of {:.3g} Erlangs {} {} server{} (utilisation {:.0f}%); "
                         "the queue grows without bound",
                         resource.id, load.arrivals_per_week, humanize_duration(pool.work_per_case), work_hours,
                         pool.open_hours_per_week, pool.offered_erlangs(),
                         pool.offered_servers > pool.capacity_servers ? ">" : ">=", resource.count,
                         resource.count == 1 ? "" : "s", pool.utilisation() * 100.0));
  }
}

void check_capacity(const Process& p, Findings& f) {
  for (const auto& resource : p.resources) {
    if (resource.count < 1) {
      f.report("resource-count", resource.where,
               fmt::format("resource '{}' has count {}: a pool needs at least 1 server", resource.id, resource.count));
    }
  }
  for (const auto& calendar : p.calendars) {
    if (!calendar.never_open()) continue;
    const auto it = p.calendar_locations.find(calendar.name);
    f.report("calendar-never-open", it == p.calendar_locations.end() ? Location{p.source, 0, 0} : it->second,
             fmt::format("calendar '{}' is never open: work and arrivals on it never happen", calendar.name));
  }
  check_overload(p, f);
}

}  // namespace bpm::lint_detail

namespace bpm {

std::vector<Diagnostic> overload_warnings(const Process& process) {
  LintConfig config = LintConfig::recommended();
  config.set("resource-overload", RuleLevel::Warn);
  std::vector<Diagnostic> out;
  lint_detail::Findings findings(config, out);
  lint_detail::check_overload(process, findings);
  return out;
}

}  // namespace bpm
