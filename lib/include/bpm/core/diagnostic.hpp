#pragma once
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"

namespace bpm {

enum class Severity { Error, Warning, Info };

[[nodiscard]] BPM_API const char* severity_name(Severity s) noexcept;

/// One finding about an input: a schema error from the loader or a lint rule's verdict.
struct BPM_API Diagnostic {
  Location where;
  Severity severity = Severity::Error;
  std::string message;
  std::string rule;  // "schema", "syntax" or a lint rule id such as "no-disconnected"

  /// "file:line:col: severity: message [rule]", on one line (control characters escaped)
  [[nodiscard]] std::string str() const;
};

[[nodiscard]] BPM_API bool has_errors(const std::vector<Diagnostic>& diagnostics) noexcept;

}  // namespace bpm
