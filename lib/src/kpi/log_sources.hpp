#pragma once
// The readers behind read_logs, one per format; each feeds rows to a CaseAssembler. Inputs are
// recognised by their first line, not their name, so that standard input (read once) can be
// a CSV log, an XES log or a report document alike.
#include <memory>
#include <string>

#include "bpm/io/input.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "kpi/case_assembler.hpp"

namespace bpm::kpi {

/// How diagnostics name an input ("<stdin>" for "-").
[[nodiscard]] std::string source_label(const std::string& path);

enum class InputKind : unsigned char {
  Csv,       // anything else: a CSV log (its first line the header)
  Xes,       // the first line starts with '<'
  Document,  // a bpm-sim summary or a bpm-kpi report (YAML or JSON)
};

/// An input opened and sniffed: its first non-blank line is already read.
struct OpenedInput {
  std::string path;
  std::string label;
  std::unique_ptr<LineReader> lines;
  std::string first_line;
  std::string run;  // bpm-sim's "#bpm-sim-log ..." line before the header, without its marker
  InputKind kind = InputKind::Csv;
};

/// Opens `path` ("-" = stdin; gzip decompressed) and reads its first non-blank line. Throws
/// IoError when unreadable and DataError "empty" when there is no such line.
[[nodiscard]] OpenedInput open_input(const std::string& path);

/// The rest of an opened input as text, its first line included.
[[nodiscard]] std::string read_rest(OpenedInput& input);

void read_csv_log(OpenedInput& input, const LogOptions& options, LogInfo& info, CaseAssembler& assembler);
void read_xes_log(OpenedInput& input, const LogOptions& options, LogInfo& info, CaseAssembler& assembler);

/// read_logs with the first input already opened (by a caller that sniffed it).
void read_logs_opened(OpenedInput first, const std::vector<std::string>& paths, const LogOptions& options,
                      LogInfo& info, CaseSink& sink);

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
