#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

/// Names of the starting templates of `bpm-design init` (lead-to-cash, client-onboarding,
/// service-fulfillment, customer-success).
[[nodiscard]] BPM_API std::vector<std::string> template_names();

/// The commented YAML text of a template (embedded from share/templates/ at build time). Throws
/// UsageError naming the available templates for an unknown name.
[[nodiscard]] BPM_API std::string_view template_text(std::string_view name);

}  // namespace bpm
