#pragma once
#include <charconv>
#include <cstddef>
#include <string_view>

namespace bpm {

/// An unsigned decimal number found by scan_number.
struct ScannedNumber {
  bool ok = false;
  double value = 0.0;
  std::size_t end = 0;  // offset just past the number
};

/// Scans an unsigned decimal number at `pos`: digits with an optional fraction ("12", "1.5", ".5")
/// and an exponent only when digits follow it ("1e6", but "2e" leaves "e" as a unit). Signs are the
/// caller's business, because durations refuse them and distribution parameters accept them.
/// std::from_chars does the conversion: locale-independent and correctly rounded.
inline ScannedNumber scan_number(std::string_view text, std::size_t pos) noexcept {
  auto is_digit = [&text](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  std::size_t end = pos;
  bool digits = false;
  while (is_digit(end)) {
    ++end;
    digits = true;
  }
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (is_digit(end)) {
      ++end;
      digits = true;
    }
  }
  if (!digits) return {};
  if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
    if (is_digit(exponent)) {
      end = exponent;
      while (is_digit(end)) ++end;
    }
  }
  ScannedNumber number;
  const auto result = std::from_chars(text.data() + pos, text.data() + end, number.value);
  // Out of double range ("1e400") counts as not a number.
  if (result.ec != std::errc{}) return {};
  number.ok = true;
  number.end = static_cast<std::size_t>(result.ptr - text.data());
  return number;
}

/// Letters that may form a unit name after a number.
inline bool is_unit_char(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace bpm
