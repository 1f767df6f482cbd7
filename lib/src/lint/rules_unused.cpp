// Rules about definitions nothing refers to: usually a typo elsewhere, or dead weight.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

void add_expression_names(const Expression& expression, std::set<std::string, std::less<>>& used) {
  for (const auto& name : expression.identifiers()) used.insert(name);
}

void add_expression_names(const std::optional<Expression>& expression, std::set<std::string, std::less<>>& used) {
  if (expression) add_expression_names(*expression, used);
}

}  // namespace

void check_unused(const Process& p, Findings& f) {
  std::set<std::string, std::less<>> resources;
  std::set<std::string, std::less<>> roles;
  std::set<std::string, std::less<>> calendars;
  std::set<std::string, std::less<>> attributes;
  for (const auto& step : p.steps) {
    for (const std::string& pool : step.pools()) resources.insert(pool);
    for (const auto* list :
         {&step.raci.responsible, &step.raci.accountable, &step.raci.consulted, &step.raci.informed}) {
      roles.insert(list->begin(), list->end());
    }
    for (const auto& branch : step.branches) add_expression_names(branch.when, attributes);
    add_expression_names(step.revenue, attributes);
    if (step.instances) add_expression_names(step.instances->count_of, attributes);
    // Durations, waits and costs computed from attributes, and values a step sets, use them too.
    add_expression_names(step.cost_formula, attributes);
    for (const Assignment& a : step.set) add_expression_names(a.value, attributes);
    for (const auto* d : {&step.duration, &step.wait}) {
      if (!*d) continue;
      for (const ParamExpression& e : (*d)->expressions) add_expression_names(e.expression, attributes);
    }
    add_expression_names(step.priority_expression, attributes);
  }
  for (const auto& attribute : p.arrivals.attributes) add_expression_names(attribute.formula, attributes);
  for (const auto& resource : p.resources) {
    if (!resource.role.empty()) roles.insert(resource.role);
    if (!resource.calendar.empty()) calendars.insert(resource.calendar);
    for (const Member& member : resource.members) {
      if (!member.calendar.empty()) calendars.insert(member.calendar);
    }
  }
  if (!p.arrivals.calendar.empty()) calendars.insert(p.arrivals.calendar);
  for (const ArrivalStream& stream : p.arrivals.streams) {
    if (!stream.calendar.empty()) calendars.insert(stream.calendar);
  }
  // A calendar kept for a what-if (`resources.ae.calendar: extended`) is in use.
  for (const auto& scenario : p.scenarios) {
    for (const auto& change : scenario.overrides) {
      if (change.path.ends_with(".calendar")) calendars.insert(change.value);
      // So is an attribute that a what-if ranks a queue or routes by (`steps.demo.priority: score`).
      if (change.path.ends_with(".priority") || change.path.ends_with(".when")) {
        StringTable scratch;
        try {
          add_expression_names(Expression::parse(change.value, scratch), attributes);
        } catch (const SyntaxError&) {
          // a malformed value is reported when the scenario is applied
        }
      }
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
  for (const ArrivalStream& stream : p.arrivals.streams) {
    for (const auto& attribute : stream.attributes) {
      if (attributes.count(attribute.name)) continue;
      f.report("unused-attribute", attribute.where,
               fmt::format("attribute '{}' of arrival stream '{}' is not used by any condition or revenue",
                           attribute.name, stream.id));
    }
  }
  // Fragments: called from the steps as written or from another fragment that is itself called.
  std::set<std::string, std::less<>> called;
  for (const Step& step : p.written_steps) called.insert(step.call);
  for (const Fragment& fragment : p.fragments) {
    for (const Step& step : fragment.steps) {
      if (step.call != fragment.id) called.insert(step.call);
    }
  }
  for (const Fragment& fragment : p.fragments) {
    if (called.count(fragment.id)) continue;
    f.report("unused-fragment", fragment.where, fmt::format("fragment '{}' is not called by any step", fragment.id));
  }
}

}  // namespace bpm::lint_detail
