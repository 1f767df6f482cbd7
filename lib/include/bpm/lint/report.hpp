#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"

namespace bpm {

/// Output formats of `bpm-design validate`.
enum class ReportFormat : std::uint8_t {
  Text,    // file:line:col: severity: message [rule], one per line
  Json,    // an array of {file, line, column, severity, message, rule}
  Github,  // GitHub Actions workflow commands: ::error file=F,line=L,col=C,title=RULE::message
};

/// Parses "text", "json" or "github". Throws UsageError.
[[nodiscard]] BPM_API ReportFormat parse_report_format(std::string_view name);

/// The whole report of a run (all files) in one format; ends with a newline unless empty.
[[nodiscard]] BPM_API std::string format_report(const std::vector<Diagnostic>& diagnostics, ReportFormat format);

/// `bpm-design rules`: a line per rule — its id, its level in the recommended set and what it
/// checks.
[[nodiscard]] BPM_API std::string format_rule_list();

struct BPM_API ReportCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
};

[[nodiscard]] BPM_API ReportCounts count_findings(const std::vector<Diagnostic>& diagnostics) noexcept;

/// "3 problems (2 errors, 1 warning) in 2 files" or "no problems in 1 file".
[[nodiscard]] BPM_API std::string summary_line(const ReportCounts& counts, std::size_t files);

}  // namespace bpm
