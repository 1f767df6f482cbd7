#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"
#include "bpm/kpi/analysis.hpp"

namespace bpm::kpi {

/// How serious a data issue is for `bpm-kpi lint`: errors are rows or events whose data is wrong
/// or lost; warnings are things a log may legitimately contain (open cases, ignored lifecycle).
[[nodiscard]] BPM_API Severity issue_severity(IssueKind kind) noexcept;

/// The data hygiene report of one or more logs: every issue counted, the first ones located.
struct BPM_API LogLintResult {
  std::vector<std::string> sources;
  std::uint64_t rows = 0;
  std::uint64_t events = 0;
  std::uint64_t cases = 0;
  IssueLog issues;  // including case-without-end (in-flight cases) and unknown activities
  std::uint64_t errors = 0;
  std::uint64_t warnings = 0;
};

/// Reads the logs as analyze_logs does and gathers the issues. Throws like read_logs.
[[nodiscard]] BPM_API LogLintResult lint_log(const std::vector<std::string>& paths, const AnalysisOptions& options);

/// "text" (file:line: severity: message [kind], then counts) or "json".
BPM_API void write_log_lint(std::ostream& out, const LogLintResult& result, bool json);

}  // namespace bpm::kpi
