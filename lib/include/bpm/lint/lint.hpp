#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// Info reports a finding that never fails a check (Severity::Info); it was added after Error, so
/// the numeric order is not the order of severity.
enum class RuleLevel : std::uint8_t { Off, Warn, Error, Info };

/// A lint rule's identity. Ids follow bpmnlint's where the meaning is the same
/// (no-disconnected, no-implicit-end, start-event-required, end-event-required, superfluous-gateway,
/// fake-join, ...).
struct BPM_API RuleInfo {
  std::string_view id;
  RuleLevel recommended;  // level in `extends: recommended`
  std::string_view description;
};

/// Every rule, in a stable order.
[[nodiscard]] BPM_API const std::vector<RuleInfo>& lint_rules();

/// Rule levels, the bpmnlint way: a base (`recommended` or `all`) plus per-rule overrides.
struct BPM_API LintConfig {
  std::map<std::string, RuleLevel, std::less<>> levels;
  int max_warnings = -1;  // -1: no limit

  /// `extends: recommended`.
  [[nodiscard]] static LintConfig recommended();
  /// Reads a YAML config file (`extends: recommended|all`, `rules: { id: off|warn|error }`). Unknown
  /// rule ids and levels are ModelErrors located in the config file; unreadable files IoErrors.
  [[nodiscard]] static LintConfig load(const std::string& path);
  /// Sets one rule's level; throws UsageError for an unknown rule id.
  void set(std::string_view rule, RuleLevel level);
  [[nodiscard]] RuleLevel level(std::string_view rule) const;
};

/// Parses "off", "info", "warn", "error" (also "warning", and 0, 1, 2 as bpmnlint does). Throws
/// UsageError.
[[nodiscard]] BPM_API RuleLevel parse_rule_level(std::string_view text);

/// Runs every enabled rule over a schema-clean process. Diagnostics are in file order.
[[nodiscard]] BPM_API std::vector<Diagnostic> lint(const Process& process, const LintConfig& config);

/// Schema diagnostics of the loader plus, when the file is schema-clean, the lint findings: what
/// `bpm-design validate` reports for one file. `file_name` labels the diagnostics. Never throws
/// for bad input; sorted by line and column.
[[nodiscard]] BPM_API std::vector<Diagnostic> validate_text(std::string_view text, const std::string& file_name,
                                                            const LintConfig& config);

/// Throws ModelError for the first error of the recommended rule set: what every tool calls
/// before simulating or analysing a process. Two rules are left out: resource-overload (an
/// overloaded model is well defined, and what-if tools must be able to evaluate one) and
/// scenario-override (a broken scenario fails when it is applied). `bpm-design validate` reports both.
BPM_API void require_valid(const Process& process);

/// require_valid for a process that was valid before command-line overrides (--set) changed it:
/// an error now is the command line's, thrown as UsageError "--set: file:line:col: message".
BPM_API void require_valid_overrides(const Process& process);

/// The resource-overload findings of a process, as warnings: pools offered at least as much work
/// in their open hours as their servers can do, whose queues grow until the horizon. What bpm-sim
/// warns about (and records in its summary) before simulating such a model; empty when every pool
/// keeps up.
[[nodiscard]] BPM_API std::vector<Diagnostic> overload_warnings(const Process& process);

}  // namespace bpm
