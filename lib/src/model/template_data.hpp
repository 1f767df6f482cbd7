#pragma once
// The template files embedded at build time (cmake/BpmEmbedTemplates.cmake generates the definition).
#include <span>
#include <string_view>

namespace bpm::detail {

struct EmbeddedTemplate {
  std::string_view name;
  std::string_view text;
};

/// The templates in the order the build lists them.
[[nodiscard]] std::span<const EmbeddedTemplate> embedded_templates() noexcept;

}  // namespace bpm::detail
