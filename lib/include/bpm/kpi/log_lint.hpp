#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/report/document.hpp"

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

/// The report as a document: for people the located findings as compiler-style lines
/// (file:line:col: severity: message [kind]), a table of counts per kind and a summary line; for
/// programs (`bpm-kpi-lint/1`) the sources, counts and every located finding; CSV the findings.
[[nodiscard]] BPM_API report::Document log_lint_document(const LogLintResult& result);

/// log_lint_document rendered in `format` (bpm-kpi lint: table, the default, or any other).
BPM_API void write_log_lint(std::ostream& out, const LogLintResult& result, report::Format format);

}  // namespace bpm::kpi
