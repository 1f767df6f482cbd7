// Rules about resource pools: their size, their hours and the load the process puts on them.
#include <fmt/format.h>

#include <cmath>

#include "bpm/model/routing_analysis.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

bool never_open(const Process& p, const std::string& calendar) {
  const Calendar* found = calendar.empty() ? nullptr : p.find_calendar(calendar);
  return found && found->never_open();
}

}  // namespace

void check_overload(const Process& p, Findings& f) {
  if (!f.enabled("resource-overload")) return;
  const RoutingAnalysis routing = analyze_routing(p);
  if (!routing.finite) return;  // no-loop-exit or start-event-required explain why
  const LoadAnalysis load = analyze_load(p, routing);
  if (!std::isfinite(load.arrivals_per_week)) return;  // invalid-distribution
  for (std::size_t r = 0; r < p.resources.size(); ++r) {
    const Resource& resource = p.resources[r];
    const PoolLoad& pool = load.pools[r];
    // A pool that cannot work at all is reported by resource-count or calendar-never-open.
    if (resource.count < 1 || never_open(p, resource.calendar)) continue;
    if (pool.offered_servers <= 0.0 || pool.offered_servers < pool.capacity_servers) continue;
    // In Erlangs during the pool's open hours, as `bpm-design analyze` reports it: offered ÷
    // servers is the utilisation.
    const double work_hours = load.arrivals_per_week * pool.work_per_case / 3600.0;
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
