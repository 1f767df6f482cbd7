#pragma once
// Front-end plumbing shared by the bpm-* tools: one diagnostic style and one exit-code table.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpm::app {

/// The documented exit codes (share/doc/exit-codes.md).
enum Exit : int {
  Success = 0,
  Failure = 1,  // input, model or data error, or a failed check (--check, findings)
  Usage = 2,    // bad command line, unknown scenario, malformed --set, unreadable file
  Budget = 3,   // a search's budget ran out before it found an answer (BudgetExhausted)
  Interrupted = 130,
};

/// Runs `body` with the tool's errors mapped to exit codes and printed as one line on stderr:
/// "file:line:col: error: message" for located errors, "TOOL: error: message" otherwise.
/// Also makes a closed stdout (`| head`) end the tool quietly.
/// A bpm::SettingError is "FLAG: message", with the flag of the setting it names (flag_of).
int run_tool(const std::string& tool, const std::function<int()>& body);

/// The flag that sets a library setting named by a SettingError: "--" and the name with '-' for
/// '_' ("stall_after" -> "--stall-after"), except where the tools chose another word
/// ("overrides" -> "--set", "parameters" -> "--param").
[[nodiscard]] std::string flag_of(std::string_view setting);

/// Parses argv with CLI11, printing help/version or a usage error (exit 2) in our style.
/// Returns -1 when the caller should go on, or the exit code to return.
int parse_args(CLI::App& app, int argc, char** argv);

/// Upper bounds of the tools' common options: seeds as in a process file (a signed 64-bit
/// number, as YAML reads it), counts of cases and the like, and worker threads.
inline constexpr long long kMaxSeed = 9223372036854775807LL;
inline constexpr long long kMaxCount = 9223372036854775807LL;
inline constexpr long long kMaxThreads = 1024;

/// A CLI11 check that an option is a whole number within [min, max], with our wording
/// ("--seed: must be a whole number from 0 to 9223372036854775807, not '-1'", exit 2). CLI11 on
/// its own would read "-1" into an unsigned option as 2^64 - 1.
[[nodiscard]] CLI::Validator whole_number(long long min, long long max);

/// The same for a real number within [min, max]; NaN is refused.
[[nodiscard]] CLI::Validator real_number(double min, double max);

/// Throws UsageError when two outputs (e.g. -o and --log) name the same file, which would leave
/// only one of them: the same path, or two paths to one existing file. "-" and "" are skipped.
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs);

/// The worker threads of -j/--threads: the value given (at least 1: UsageError otherwise), or one
/// per core for -1 (not given).
[[nodiscard]] unsigned thread_count(long long threads);

/// An environment variable, or nullptr (for bpm::requested_shard's batch-engine variables).
[[nodiscard]] const char* environment(const char* name);

/// Prints "TOOL: warning: message" on stderr.
void warn(const std::string& tool, const std::string& message);

}  // namespace bpm::app
