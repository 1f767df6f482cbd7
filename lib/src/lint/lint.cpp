#include "bpm/lint/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "bpm/model/loader.hpp"
#include "lint/findings.hpp"
#include "model/yaml_reader.hpp"

namespace bpm {

const std::vector<RuleInfo>& lint_rules() {
  using L = RuleLevel;
  static const std::vector<RuleInfo> rules = {
      // References
      {"start-event-required", L::Error, "the start step is missing or not defined"},
      {"undefined-step", L::Error, "next, branch, and, join or rework target names no step"},
      {"undefined-resource", L::Error, "a task names a resource that is not defined"},
      {"undefined-role", L::Error, "a resource or RACI assignment names a role that is not defined"},
      {"undefined-calendar", L::Error, "a resource or the arrivals name a calendar that is not defined"},
      {"sla-endpoint", L::Error, "an SLA endpoint names a step that is not defined"},
      {"scenario-override", L::Error, "a scenario override names an unknown path or sets a value the model refuses"},
      {"optimize-reference", L::Error,
       "the optimize section varies an unknown path or an impossible range, or names a metric no simulation produces"},
      // Flow
      {"end-event-required", L::Error, "the process has no end step"},
      {"no-disconnected", L::Error, "a step cannot be reached from the start step"},
      {"no-implicit-end", L::Error, "a task, wait or join has no next step and is not an end"},
      {"no-loop-exit", L::Error, "a loop has no way out: a case entering it never ends"},
      // Gateways
      {"superfluous-gateway", L::Warn, "an xor or or gateway has a single branch"},
      {"conditional-flows", L::Error, "a gateway branch has both or neither of when and p"},
      {"gateway-probabilities", L::Error, "the p branches of an xor gateway do not sum to 1"},
      {"gateway-fallback", L::Warn, "every branch of a gateway has a when condition and none has p"},
      {"fake-join", L::Error, "parallel branches meet at a step that is not a join"},
      {"split-without-join", L::Warn, "a parallel split has no matching join"},
      {"join-input", L::Error,
       "a join waits for a step that does not continue to it, or is reached from a step it does not list"},
      {"join-without-split", L::Error, "no parallel split separates a join's inputs: it would wait forever"},
      // Distributions and capacity
      {"negative-duration", L::Warn, "a duration or wait distribution can draw negative values"},
      {"invalid-distribution", L::Error,
       "the inter-arrival time has mean 0 or below the time resolution (1ms): cases would arrive infinitely fast"},
      {"resource-count", L::Error, "a resource pool has fewer than 1 server"},
      {"calendar-never-open", L::Error, "a calendar has no opening hours"},
      {"resource-overload", L::Error, "the offered load on a resource pool reaches its capacity"},
      // Constructs: members, several pools, timeouts, fragments, batches, abandonment
      {"member-calendar", L::Warn, "a member's calendar opens outside its pool's hours, which it never works"},
      {"member-never-available", L::Error, "a member's hours and its pool's never overlap: it never works"},
      {"timer-never-fires", L::Warn,
       "a timeout or escalation comes after its step always ends: its target is never reached that way"},
      {"timer-always-fires", L::Warn,
       "a timeout always comes before its step can end: the step's next is never reached"},
      {"batch-size", L::Error, "a batch task's size is less than 1"},
      {"batch-without-timeout", L::Info, "a batch task without a timeout waits for a full batch however long it takes"},
      {"data-parameters", L::Warn,
       "a duration, wait or cost computed from case attributes is invalid for some of their values"},
      // Governance
      {"process-owner", L::Warn, "the process has no owner"},
      {"objective-target", L::Warn, "an objective has no target"},
      {"unknown-kpi", L::Error, "an objective or KPI formula names an unknown metric or KPI"},
      {"kpi-cycle", L::Error, "KPI formulas depend on each other in a cycle"},
      {"raci-accountable", L::Warn, "a task has no accountable role"},
      {"raci-single-accountable", L::Error, "a task has more than one accountable role"},
      // Unused definitions
      {"unused-resource", L::Warn, "a resource is not used by any task"},
      {"unused-role", L::Warn, "a role is not used by any resource or RACI assignment"},
      {"unused-calendar", L::Warn, "a calendar is not used by any resource, the arrivals or a scenario"},
      {"unused-attribute", L::Info, "a case attribute is not used by any condition or revenue"},
      {"unused-fragment", L::Warn, "a fragment is not called by any step"},
      // Simulation settings
      {"simulation-window", L::Error,
       "the simulation horizon runs past 9999-12-31, the last time a timestamp can record"},
  };
  return rules;
}

namespace lint_detail {

void Findings::report(std::string_view rule, const Location& where, std::string message) {
  Severity severity = Severity::Error;
  switch (config_.level(rule)) {
    case RuleLevel::Off: return;
    case RuleLevel::Info: severity = Severity::Info; break;
    case RuleLevel::Warn: severity = Severity::Warning; break;
    case RuleLevel::Error: severity = Severity::Error; break;
  }
  out_.push_back(Diagnostic{where, severity, std::move(message), std::string(rule)});
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string hint = detail::closest_match(word, candidates);
  // A hint that shares nothing with the word ('c' for 'a') is noise.
  if (hint.empty() || hint == word || detail::edit_distance(word, hint) >= word.size()) return {};
  return " (did you mean '" + hint + "'?)";
}

const Location& key_location(const Step& step, const std::string& key) {
  const auto it = step.key_locations.find(key);
  return it == step.key_locations.end() ? step.id_where : it->second;
}

namespace {
template <class T, class Id>
std::vector<std::string> ids_of(const std::vector<T>& items, Id id) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(id(item));
  return out;
}
}  // namespace

std::vector<std::string> step_ids(const Process& p) {
  return ids_of(p.steps, [](const Step& s) { return s.id; });
}
std::vector<std::string> resource_ids(const Process& p) {
  return ids_of(p.resources, [](const Resource& r) { return r.id; });
}
std::vector<std::string> role_ids(const Process& p) {
  return ids_of(p.roles, [](const Role& r) { return r.id; });
}
std::vector<std::string> calendar_ids(const Process& p) {
  return ids_of(p.calendars, [](const Calendar& c) { return c.name; });
}

}  // namespace lint_detail

namespace {

void sort_by_position(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

}  // namespace

std::vector<Diagnostic> lint(const Process& process, const LintConfig& config) {
  std::vector<Diagnostic> out;
  lint_detail::Findings findings(config, out);
  lint_detail::check_references(process, findings);
  lint_detail::check_flow(process, findings);
  lint_detail::check_gateways(process, findings);
  lint_detail::check_joins(process, findings);
  lint_detail::check_distributions(process, findings);
  lint_detail::check_capacity(process, findings);
  lint_detail::check_raci(process, findings);
  lint_detail::check_governance(process, findings);
  lint_detail::check_unused(process, findings);
  lint_detail::check_members(process, findings);
  lint_detail::check_timers(process, findings);
  lint_detail::check_batches(process, findings);
  lint_detail::check_data(process, findings);
  lint_detail::check_simulation(process, findings);
  sort_by_position(out);
  return out;
}

std::vector<Diagnostic> validate_text(std::string_view text, const std::string& file_name, const LintConfig& config) {
  LoadResult loaded = parse_process_text(text, file_name);
  std::vector<Diagnostic> out = std::move(loaded.diagnostics);
  if (loaded.process) {
    auto findings = lint(*loaded.process, config);
    out.insert(out.end(), std::make_move_iterator(findings.begin()), std::make_move_iterator(findings.end()));
  }
  sort_by_position(out);
  return out;
}

namespace {

/// The first error of the recommended rule set as require_valid checks it, if any.
std::optional<Diagnostic> first_error(const Process& process) {
  LintConfig config = LintConfig::recommended();
  // An overloaded model is well defined (its queues grow until the horizon) and what-if tools
  // must be able to evaluate it; a broken scenario is reported when that scenario is applied, and
  // a broken optimize section when bpm-optimize search reads it.
  config.set("resource-overload", RuleLevel::Off);
  config.set("scenario-override", RuleLevel::Off);
  config.set("optimize-reference", RuleLevel::Off);
  for (auto& d : lint(process, config)) {
    if (d.severity == Severity::Error) return std::move(d);
  }
  return std::nullopt;
}

}  // namespace

void require_valid(const Process& process) {
  if (const auto d = first_error(process)) throw ModelError(d->where, d->message + " [" + d->rule + "]");
}

void require_valid_overrides(const Process& process) {
  if (const auto d = first_error(process)) {
    throw SettingError("overrides", fmt::format("{}: {} [{}]", d->where.str(), d->message, d->rule));
  }
}

}  // namespace bpm
