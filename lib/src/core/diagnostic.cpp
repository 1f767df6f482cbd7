#include "bpm/core/diagnostic.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace bpm {

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

std::string Diagnostic::str() const {
  std::string out = escape_control(where.str());
  if (!out.empty()) out += ": ";
  out += fmt::format("{}: {}", severity_name(severity), escape_control(message));
  if (!rule.empty()) out += fmt::format(" [{}]", rule);
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) noexcept {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace bpm
