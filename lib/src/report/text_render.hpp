#pragma once
// The renderers for people: aligned text tables that fit a terminal, and Markdown.
#include <string>

#include "bpm/report/document.hpp"

namespace bpm::report::detail {

[[nodiscard]] std::string render_text(const Document& document, const RenderOptions& options);
[[nodiscard]] std::string render_markdown(const Document& document);

/// Columns a terminal gives the text: UTF-8 continuation bytes take none.
[[nodiscard]] std::size_t display_width(std::string_view text) noexcept;

}  // namespace bpm::report::detail
