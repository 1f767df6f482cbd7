#include "bpm/core/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

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
  std::string out = where.str();
  if (!out.empty()) out += ": ";
  out += fmt::format("{}: {}", severity_name(severity), message);
  if (!rule.empty()) out += fmt::format(" [{}]", rule);
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) noexcept {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace bpm
