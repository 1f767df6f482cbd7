#include "core/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "bpm/core/error.hpp"

namespace bpm::detail {
namespace {

/// The length of the well-formed UTF-8 sequence at text[i], or 0 if there is none.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  const std::size_t length = c >= 0xf5 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  }
  const unsigned char second = byte(i + 1);
  if (c == 0xe0 && second < 0xa0) return 0;   // overlong
  if (c == 0xed && second >= 0xa0) return 0;  // UTF-16 surrogates
  if (c == 0xf0 && second < 0x90) return 0;   // overlong
  if (c == 0xf4 && second >= 0x90) return 0;  // above U+10FFFF
  return length;
}

}  // namespace

std::size_t utf8_error(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs, the common case, a word at a time would be faster; bytewise is fast enough here.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = sequence_length(text, i);
    if (length > 0) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(static_cast<char>(0xc0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    ++i;
  }
  return out;
}

TextPosition position_of(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto lines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = lines == 0 ? 0 : before.rfind('\n') + 1;
  const auto clamp = [](std::size_t v) { return static_cast<int>(std::min<std::size_t>(v, INT_MAX)); };
  return TextPosition{clamp(lines + 1), clamp(offset - line_start + 1)};
}

void require_text(std::string_view text, const std::string& file) {
  const std::size_t bad_utf8 = utf8_error(text);
  std::size_t control = std::string_view::npos;
  for (std::size_t i = 0; i < text.size() && i < bad_utf8; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      control = i;
      break;
    }
  }
  if (control == std::string_view::npos && bad_utf8 == std::string_view::npos) return;
  const std::size_t at = std::min(control, bad_utf8);
  const TextPosition where = position_of(text, at);
  throw DataError(Location{file, where.line, where.column},
                  control < bad_utf8
                      ? fmt::format("control character 0x{:02x}: not text", static_cast<unsigned char>(text[at]))
                      : std::string("not UTF-8 text (save the file as UTF-8)"));
}

bool xml_declares_utf8(std::string_view xml) {
  if (xml.starts_with("\xFE\xFF") || xml.starts_with("\xFF\xFE")) return false;  // UTF-16
  if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
  if (!xml.starts_with("<?xml")) return true;
  const std::string_view declaration = xml.substr(0, xml.find("?>"));
  const std::size_t key = declaration.find("encoding");
  if (key == std::string_view::npos) return true;
  const std::size_t quote = declaration.find_first_of("\"'", key);
  if (quote == std::string_view::npos) return true;
  const std::size_t end = declaration.find(declaration[quote], quote + 1);
  std::string name(declaration.substr(quote + 1, end == std::string_view::npos ? 0 : end - quote - 1));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return name == "utf-8" || name == "utf8";
}

}  // namespace bpm::detail
