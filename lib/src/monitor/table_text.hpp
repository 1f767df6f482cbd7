#pragma once
// Small text helpers of the monitor reports, until they move to the shared report layer.
#include <string>
#include <string_view>
#include <vector>

#include "kpi/text_table.hpp"

namespace bpm::monitor {

/// Column alignments from a pattern: 'l' left, 'r' right.
inline std::vector<kpi::TextTable::Align> alignment(std::string_view pattern) {
  std::vector<kpi::TextTable::Align> out;
  for (const char c : pattern) out.push_back(c == 'r' ? kpi::TextTable::Align::Right : kpi::TextTable::Align::Left);
  return out;
}

/// A section title as the text reports print it: upper case.
inline std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

}  // namespace bpm::monitor
