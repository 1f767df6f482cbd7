#pragma once
// The report layer's format of a monitor report's format: every monitor report is a
// report::Document rendered by the shared layer (bpm/report/document.hpp).
#include "bpm/monitor/funnel.hpp"
#include "bpm/report/document.hpp"

namespace bpm::monitor {

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
