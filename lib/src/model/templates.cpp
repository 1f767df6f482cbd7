#include "bpm/model/templates.hpp"

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "model/template_data.hpp"

namespace bpm {

std::vector<std::string> template_names() {
  std::vector<std::string> names;
  for (const auto& t : detail::embedded_templates()) names.emplace_back(t.name);
  return names;
}

std::string_view template_text(std::string_view name) {
  for (const auto& t : detail::embedded_templates()) {
    if (t.name == name) return t.text;
  }
  throw UsageError(fmt::format("unknown template '{}' (available: {})", name, fmt::join(template_names(), ", ")));
}

}  // namespace bpm
