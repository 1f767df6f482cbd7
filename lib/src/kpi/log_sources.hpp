#pragma once
// The readers behind read_logs, one per format; each feeds rows to a CaseAssembler.
#include <string>

#include "bpm/kpi/log_reader.hpp"
#include "kpi/case_assembler.hpp"

namespace bpm::kpi {

/// How diagnostics name an input ("<stdin>" for "-").
[[nodiscard]] std::string source_label(const std::string& path);

void read_csv_log(const std::string& path, const LogOptions& options, LogInfo& info, CaseAssembler& assembler);
void read_xes_log(const std::string& path, const LogOptions& options, LogInfo& info, CaseAssembler& assembler);

/// Keeps the first examples of an issue, counts the rest.
inline void note_issue(IssueLog& issues, IssueKind kind, const std::string& file, std::uint64_t line, int column,
                       const auto& make_message) {
  if (issues.wants_example(kind)) {
    issues.add(kind, Location{file, static_cast<int>(line), column}, make_message());
  } else {
    issues.count(kind);
  }
}

}  // namespace bpm::kpi
