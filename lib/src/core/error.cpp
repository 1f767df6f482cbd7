#include "bpm/core/error.hpp"

#include <fmt/format.h>

namespace bpm {

std::string escape_control(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = byte(i);
    if (c < 0x20 || c == 0x7f) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += fmt::format("\\x{:02x}", c);
      }
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // A UTF-8 sequence: copied when well-formed, except the C1 controls U+0080..U+009F.
    const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    bool valid = length > 0 && c < 0xf5 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (byte(i + k) & 0xc0) == 0x80;
    if (valid && length == 3) {
      const unsigned second = byte(i + 1);
      valid = !(c == 0xe0 && second < 0xa0) && !(c == 0xed && second >= 0xa0);  // overlong, surrogates
    }
    if (valid && length == 4) {
      const unsigned second = byte(i + 1);
      valid = !(c == 0xf0 && second < 0x90) && !(c == 0xf4 && second >= 0x90);  // overlong, > U+10FFFF
    }
    if (!valid) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (c == 0xc2 && byte(i + 1) < 0xa0) {
      out += fmt::format("\\u{:04x}", byte(i + 1));
      i += 2;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string Location::str() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string LocatedError::diagnostic() const {
  const std::string at = escape_control(where_.str());
  if (at.empty()) return fmt::format("error: {}", escape_control(what()));
  return fmt::format("{}: error: {}", at, escape_control(what()));
}

}  // namespace bpm
