#pragma once
// UTF-8 checks for input that must be text: every output format (JSON, XES, BPMN) needs valid
// UTF-8, so text is checked where it enters rather than failing, or producing malformed XML, on
// the way out.
#include <cstddef>
#include <string>
#include <string_view>

namespace bpm::detail {

/// The offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
/// surrogates and code points above U+10FFFF included), or npos when all of `text` is UTF-8.
[[nodiscard]] std::size_t utf8_error(std::string_view text) noexcept;

[[nodiscard]] inline bool is_utf8(std::string_view text) noexcept { return utf8_error(text) == std::string_view::npos; }

/// `text` with each byte that is not part of a well-formed UTF-8 sequence read as Latin-1 (the
/// usual encoding of logs that are not UTF-8) and written as UTF-8; well-formed sequences are kept.
[[nodiscard]] std::string repair_utf8(std::string_view text);

/// 1-based line and column (in bytes) of an offset, for locating an error in a whole text.
struct TextPosition {
  int line = 1;
  int column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset) noexcept;

/// Throws DataError at file:line:col of the first byte that is not UTF-8, or the first control
/// character other than tab, line feed and carriage return: what a document (a process file, a
/// summary, a BPMN diagram) must satisfy to be text.
void require_text(std::string_view text, const std::string& file);

/// Whether an XML text is UTF-8 by its own account: no byte-order mark of UTF-16, and no
/// declaration, or one with encoding="UTF-8". (Documents in other encodings pugixml converts.)
[[nodiscard]] bool xml_declares_utf8(std::string_view xml);

}  // namespace bpm::detail
