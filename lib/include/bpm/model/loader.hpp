#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// The result of reading a process file: the process when it is schema-clean, and every
/// schema/syntax diagnostic found (the loader goes on after an error to report them all).
struct BPM_API LoadResult {
  std::optional<Process> process;
  std::vector<Diagnostic> diagnostics;
};

/// Parses process-file text; `file_name` only labels diagnostics. Never throws for bad input.
[[nodiscard]] BPM_API LoadResult parse_process_text(std::string_view text, const std::string& file_name);

/// Reads and parses a file ("-" = stdin). Throws IoError when unreadable, ModelError (the first
/// error) when malformed.
[[nodiscard]] BPM_API Process load_process(const std::string& path);

/// Parses text, throwing ModelError for the first error.
[[nodiscard]] BPM_API Process parse_process(std::string_view text, const std::string& file_name);

}  // namespace bpm
