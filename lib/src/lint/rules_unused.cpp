// Rules about definitions nothing refers to: usually a typo elsewhere, or dead weight.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

void add_expression_names(const std::optional<Expression>& expression, std::set<std::string, std::less<>>& used) {
  if (!expression) return;
  for (const auto& name : expression->identifiers()) used.insert(name);
}

}  // namespace

void check_unused(const Process& p, Findings& f) {
  std::set<std::string, std::less<>> resources;
  std::set<std::string, std::less<>> roles;
  std::set<std::string, std::less<>> calendars;
  std::set<std::string, std::less<>> attributes;
  for (const auto& step : p.steps) {
    if (!step.resource.empty()) resources.insert(step.resource);
    for (const auto* list : {&step.raci.responsible, &step.raci.accountable, &step.raci.consulted, &step.raci.informed}) {
      roles.insert(list->begin(), list->end());
    }
    for (const auto& branch : step.branches) add_expression_names(branch.when, attributes);
    add_expression_names(step.revenue, attributes);
    if (step.instances) add_expression_names(step.instances->count_of, attributes);
  }
  for (const auto& resource : p.resources) {
    if (!resource.role.empty()) roles.insert(resource.role);
    if (!resource.calendar.empty()) calendars.insert(resource.calendar);
    for (const Member& member : resource.members) {
      if (!member.calendar.empty()) calendars.insert(member.calendar);
    }
  }
  if (!p.arrivals.calendar.empty()) calendars.insert(p.arrivals.calendar);
  // A calendar kept for a what-if (`resources.ae.calendar: extended`) is in use.
  for (const auto& scenario : p.scenarios) {
    for (const auto& change : scenario.overrides) {
      if (change.path.ends_with(".calendar")) calendars.insert(change.value);
    }
  }

  for (const auto& resource : p.resources) {
    if (resources.count(resource.id)) continue;
    f.report("unused-resource", resource.where, fmt::format("resource '{}' is not used by any task", resource.id));
  }
  for (const auto& role : p.roles) {
    if (roles.count(role.id)) continue;
    f.report("unused-role", role.where,
             fmt::format("role '{}' is not used by any resource or RACI assignment", role.id));
  }
  for (const auto& calendar : p.calendars) {
    if (calendars.count(calendar.name)) continue;
    const auto it = p.calendar_locations.find(calendar.name);
    f.report("unused-calendar", it == p.calendar_locations.end() ? Location{p.source, 0, 0} : it->second,
             fmt::format("calendar '{}' is not used by any resource, the arrivals or a scenario", calendar.name));
  }
  for (const auto& attribute : p.arrivals.attributes) {
    if (attributes.count(attribute.name)) continue;
    f.report("unused-attribute", attribute.where,
             fmt::format("attribute '{}' is not used by any condition or revenue", attribute.name));
  }
}

}  // namespace bpm::lint_detail
