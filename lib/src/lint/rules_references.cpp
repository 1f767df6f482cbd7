// Rules about names that must refer to something defined elsewhere in the file.
#include <fmt/format.h>

#include <algorithm>

#include "bpm/model/override.hpp"
#include "lint/findings.hpp"
#include "lint/metric_names.hpp"

namespace bpm::lint_detail {
namespace {

void check_step_references(const Process& p, const Step& step, const std::vector<std::string>& steps, Findings& f) {
  auto undefined = [&](const std::string& target, const Location& where, const std::string& phrase) {
    if (target.empty() || p.find_step(target)) return;
    f.report("undefined-step", where,
             fmt::format("{} undefined step '{}'{}", phrase, target, did_you_mean(target, steps)));
  };
  undefined(step.next, key_location(step, "next"), fmt::format("step '{}' continues to", step.id));
  for (const auto& branch : step.branches) {
    undefined(branch.to, branch.where, fmt::format("gateway '{}' has a branch to", step.id));
  }
  for (const auto& target : step.targets) {
    undefined(target, key_location(step, "and"), fmt::format("parallel split '{}' starts", step.id));
  }
  for (const auto& input : step.join_of) {
    undefined(input, key_location(step, "join"), fmt::format("join '{}' waits for", step.id));
  }
  if (step.rework) undefined(step.rework->to, step.rework->where, fmt::format("rework of '{}' goes to", step.id));
  for (const auto& [timer, what] : {std::pair{&step.timeout, "timeout"}, std::pair{&step.escalate, "escalation"},
                                    std::pair{&step.abandon, "abandonment"}}) {
    if (*timer) undefined((*timer)->to, (*timer)->where, fmt::format("the {} of '{}' goes to", what, step.id));
  }
}

void check_role_list(const Process& p, const Step& step, const char* kind, const std::vector<std::string>& roles,
                     const std::vector<std::string>& all_roles, Findings& f) {
  for (const auto& role : roles) {
    if (p.find_role(role)) continue;
    f.report(
        "undefined-role", step.raci.where,
        fmt::format("step '{}': {} '{}' is not a defined role{}", step.id, kind, role, did_you_mean(role, all_roles)));
  }
}

void check_endpoint(const Process& p, const Sla& sla, const SlaEndpoint& endpoint,
                    const std::vector<std::string>& steps, Findings& f) {
  if (endpoint.kind != SlaEndpoint::Kind::StepStart && endpoint.kind != SlaEndpoint::Kind::StepEnd) return;
  if (p.find_step(endpoint.step)) return;
  f.report("sla-endpoint", sla.where,
           fmt::format("sla '{}': '{}' names undefined step '{}'{}", sla.id, endpoint.text, endpoint.step,
                       did_you_mean(endpoint.step, steps)));
}

/// Applies each scenario to a copy of the process, as `bpm-sim --scenario` would, so that a typo
/// in a what-if is found before anyone runs it.
void check_scenarios(const Process& p, Findings& f) {
  if (!f.enabled("scenario-override")) return;
  for (const auto& scenario : p.scenarios) {
    Process copy = p;
    for (const auto& change : scenario.overrides) {
      try {
        apply_override(copy, change);
      } catch (const ModelError& e) {
        f.report("scenario-override", e.where(), fmt::format("scenario '{}': {}", scenario.id, e.what()));
      } catch (const Error& e) {
        f.report("scenario-override", change.where, fmt::format("scenario '{}': {}", scenario.id, e.what()));
      }
    }
  }
}

/// The `optimize:` section, as `bpm-optimize search` will use it: each variable's bounds are
/// applied to a copy of the process, and objectives and constraints must name simulator metrics
/// (KPI formulas are not measured per replication, so they cannot be searched on).
void check_optimize(const Process& p, Findings& f) {
  if (!p.optimize || !f.enabled("optimize-reference")) return;
  const OptimizeSettings& o = *p.optimize;
  for (const auto& v : o.vary) {
    if (v.path.starts_with("simulation.")) {
      f.report("optimize-reference", v.where,
               fmt::format("optimize vary: '{}' is a run setting, not a decision about the process", v.path));
      continue;
    }
    for (const long long value : {v.low, v.high}) {
      Process copy = p;
      try {
        apply_override(copy, Override{v.path, std::to_string(value), v.where});
      } catch (const Error& e) {
        f.report("optimize-reference", v.where, fmt::format("optimize vary: {}", e.what()));
        break;
      }
    }
  }
  // The process's KPI names are columns of every evaluation too (optimize/kpi_columns.hpp). A
  // metric only an event log measures (the registry's sources) is a name bpm-kpi knows, but no
  // evaluation of bpm-optimize can produce it, nor a KPI that needs it.
  const std::vector<std::string> known = known_metric_names(p);
  const std::vector<std::string> simulated = simulated_metric_names(p);
  const auto check_metric = [&](const std::string& metric, const Location& where, const std::string& what) {
    const bool in_simulation = std::find(simulated.begin(), simulated.end(), metric) != simulated.end();
    const bool in_vocabulary = in_simulation || std::find(known.begin(), known.end(), metric) != known.end();
    if (in_vocabulary) {
      const std::string log_only = log_only_metric(p, metric);
      if (log_only == metric) {
        f.report("optimize-reference", where,
                 fmt::format("{} '{}' is measured only from event logs (bpm-kpi): a simulation cannot produce it", what,
                             metric));
      } else if (!log_only.empty()) {
        f.report("optimize-reference", where,
                 fmt::format("{} '{}' uses '{}', which is measured only from event logs (bpm-kpi): a simulation "
                             "cannot produce it",
                             what, metric, log_only));
      }
      if (!log_only.empty() || in_simulation) return;
    }
    const std::string hint =
        needs_won_outcome(metric) ? std::string(" (it needs an outcome 'won')") : did_you_mean(metric, simulated);
    f.report("optimize-reference", where, fmt::format("{} '{}' is not a metric of this process{}", what, metric, hint));
  };
  for (const auto& metric : o.minimize) check_metric(metric, o.metric_locations.at(metric), "optimize objective");
  for (const auto& metric : o.maximize) check_metric(metric, o.metric_locations.at(metric), "optimize objective");
  for (const auto& c : o.subject_to) {
    const std::size_t star = c.metric.find('*');
    if (star == std::string::npos) {
      check_metric(c.metric, c.where, "optimize constraint metric");
    } else if (!c.metric.starts_with("resources.*.") || c.metric.find('*', star + 1) != std::string::npos) {
      f.report("optimize-reference", c.where,
               fmt::format("optimize constraint '{}': a wildcard stands for the pool id only, as in "
                           "resources.*.utilisation",
                           c.text));
    } else if (p.resources.empty()) {
      f.report("optimize-reference", c.where,
               fmt::format("optimize constraint '{}': the process has no resource pools", c.text));
    } else {
      check_metric("resources." + p.resources.front().id + c.metric.substr(star + 1), c.where,
                   "optimize constraint metric");
    }
  }
}

}  // namespace

void check_references(const Process& p, Findings& f) {
  const auto steps = step_ids(p);
  const auto roles = role_ids(p);
  const auto calendars = calendar_ids(p);

  if (p.start.empty()) {
    f.report("start-event-required", p.start_where, "'start' must name the first step of the process");
  } else if (!p.find_step(p.start)) {
    f.report("start-event-required", p.start_where,
             fmt::format("start step '{}' is not defined{}", p.start, did_you_mean(p.start, steps)));
  }

  const auto resources = resource_ids(p);
  for (const auto& step : p.steps) {
    check_step_references(p, step, steps, f);
    for (const std::string& pool : step.pools()) {
      if (p.find_resource(pool)) continue;
      f.report("undefined-resource", key_location(step, "resource"),
               fmt::format("step '{}' uses undefined resource '{}'{}", step.id, pool, did_you_mean(pool, resources)));
    }
    check_role_list(p, step, "responsible", step.raci.responsible, roles, f);
    check_role_list(p, step, "accountable", step.raci.accountable, roles, f);
    check_role_list(p, step, "consulted", step.raci.consulted, roles, f);
    check_role_list(p, step, "informed", step.raci.informed, roles, f);
  }

  for (const auto& resource : p.resources) {
    if (!resource.role.empty() && !p.find_role(resource.role)) {
      f.report("undefined-role", resource.where,
               fmt::format("resource '{}' has undefined role '{}'{}", resource.id, resource.role,
                           did_you_mean(resource.role, roles)));
    }
    if (!resource.calendar.empty() && !p.find_calendar(resource.calendar)) {
      f.report("undefined-calendar", resource.where,
               fmt::format("resource '{}' uses undefined calendar '{}'{}", resource.id, resource.calendar,
                           did_you_mean(resource.calendar, calendars)));
    }
    for (const Member& member : resource.members) {
      if (!member.calendar.empty() && !p.find_calendar(member.calendar)) {
        f.report("undefined-calendar", member.where,
                 fmt::format("member '{}' of resource '{}' uses undefined calendar '{}'{}", member.id, resource.id,
                             member.calendar, did_you_mean(member.calendar, calendars)));
      }
    }
  }
  if (!p.arrivals.calendar.empty() && !p.find_calendar(p.arrivals.calendar)) {
    f.report("undefined-calendar", p.arrivals.where,
             fmt::format("arrivals use undefined calendar '{}'{}", p.arrivals.calendar,
                         did_you_mean(p.arrivals.calendar, calendars)));
  }
  for (const ArrivalStream& stream : p.arrivals.streams) {
    if (!stream.calendar.empty() && !p.find_calendar(stream.calendar)) {
      f.report("undefined-calendar", stream.where,
               fmt::format("arrival stream '{}' uses undefined calendar '{}'{}", stream.id, stream.calendar,
                           did_you_mean(stream.calendar, calendars)));
    }
    if (!stream.start.empty() && !p.find_step(stream.start)) {
      f.report("undefined-step", stream.where,
               fmt::format("arrival stream '{}' starts at undefined step '{}'{}", stream.id, stream.start,
                           did_you_mean(stream.start, steps)));
    }
  }

  for (const auto& sla : p.slas) {
    check_endpoint(p, sla, sla.from, steps, f);
    check_endpoint(p, sla, sla.to, steps, f);
  }
  check_scenarios(p, f);
  check_optimize(p, f);
}

}  // namespace bpm::lint_detail
