#pragma once
// Front-end plumbing shared by the bpm-* tools: one diagnostic style and one exit-code table.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

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
int run_tool(const std::string& tool, const std::function<int()>& body);

/// Parses argv with CLI11, printing help/version or a usage error (exit 2) in our style.
/// Returns -1 when the caller should go on, or the exit code to return.
int parse_args(CLI::App& app, int argc, char** argv);

/// The worker threads of -j/--threads: the value given (at least 1: UsageError otherwise), or one
/// per core for -1 (not given).
[[nodiscard]] unsigned thread_count(long long threads);

/// An environment variable, or nullptr (for bpm::requested_shard's batch-engine variables).
[[nodiscard]] const char* environment(const char* name);

/// Prints "TOOL: warning: message" on stderr.
void warn(const std::string& tool, const std::string& message);

}  // namespace bpm::app
