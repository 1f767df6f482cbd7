#pragma once
// Private plumbing shared by the lint rule families: one sink that applies the configured levels,
// and the rule families themselves, each a function over the process.
#include <string>
#include <string_view>
#include <vector>

#include "bpm/lint/lint.hpp"

namespace bpm::lint_detail {

/// Collects findings at the level the config gives each rule; rules that are off are dropped.
class Findings {
 public:
  Findings(const LintConfig& config, std::vector<Diagnostic>& out) : config_(config), out_(out) {}

  [[nodiscard]] bool enabled(std::string_view rule) const { return config_.level(rule) != RuleLevel::Off; }
  void report(std::string_view rule, const Location& where, std::string message);

 private:
  const LintConfig& config_;
  std::vector<Diagnostic>& out_;
};

/// " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// Where `key` of a step was written, falling back to the step's id.
[[nodiscard]] const Location& key_location(const Step& step, const std::string& key);

/// Ids of all steps, resources, roles and calendars, for did-you-mean hints.
[[nodiscard]] std::vector<std::string> step_ids(const Process& process);
[[nodiscard]] std::vector<std::string> resource_ids(const Process& process);
[[nodiscard]] std::vector<std::string> role_ids(const Process& process);
[[nodiscard]] std::vector<std::string> calendar_ids(const Process& process);

// The rule families (see lint_rules() for the ids each reports).
void check_references(const Process& process, Findings& findings);
void check_flow(const Process& process, Findings& findings);
void check_gateways(const Process& process, Findings& findings);
void check_joins(const Process& process, Findings& findings);
void check_distributions(const Process& process, Findings& findings);
void check_capacity(const Process& process, Findings& findings);
/// resource-overload alone (check_capacity includes it), for overload_warnings().
void check_overload(const Process& process, Findings& findings);
void check_raci(const Process& process, Findings& findings);
void check_governance(const Process& process, Findings& findings);
void check_unused(const Process& process, Findings& findings);
void check_members(const Process& process, Findings& findings);
void check_timers(const Process& process, Findings& findings);
void check_batches(const Process& process, Findings& findings);
void check_data(const Process& process, Findings& findings);
void check_simulation(const Process& process, Findings& findings);

}  // namespace bpm::lint_detail
