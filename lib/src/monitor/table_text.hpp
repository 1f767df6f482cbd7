#pragma once
// Small text helpers of the monitor reports, until they move to the shared report layer.
#include <string>
#include <string_view>
#include <vector>

#include "bpm/monitor/funnel.hpp"
#include "bpm/report/document.hpp"
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

/// The report layer's format of a monitor report's format.
inline report::Format report_format(MonitorFormat format) {
  switch (format) {
    case MonitorFormat::Table: return report::Format::Table;
    case MonitorFormat::Markdown: return report::Format::Markdown;
    case MonitorFormat::Csv: return report::Format::Csv;
    case MonitorFormat::Json: break;
  }
  return report::Format::Json;
}

}  // namespace bpm::monitor
