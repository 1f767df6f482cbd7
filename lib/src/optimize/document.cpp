#include "document.hpp"

namespace bpm::optimize_detail {

report::Format layer_format(OptimizeFormat format) noexcept {
  switch (format) {
    case OptimizeFormat::Table: return report::Format::Table;
    case OptimizeFormat::Markdown: return report::Format::Markdown;
    case OptimizeFormat::Csv: return report::Format::Csv;
    case OptimizeFormat::Json: return report::Format::Json;
    case OptimizeFormat::Yaml: return report::Format::Yaml;
  }
  return report::Format::Table;
}

std::string render(const Document& document, OptimizeFormat format) {
  report::Document out;
  for (const auto& [key, cell] : document.header) out.field(key, cell.value);
  for (const Section& section : document.sections) {
    std::vector<report::Column> columns(section.columns.begin(), section.columns.end());
    // Tables humanise values with their unit; the unit's name is for machines.
    for (report::Column& column : columns) {
      if (column.key == "unit") column.audience = report::kMachines;
    }
    report::Table& table = out.table(section.key, section.title, std::move(columns));
    for (const auto& row : section.rows) {
      std::vector<report::Value> values;
      values.reserve(row.size());
      for (const Cell& cell : row) values.push_back(cell.value);
      table.add(std::move(values));
    }
  }
  return report::render(out, layer_format(format));
}

Cell text(std::string value) { return Cell{report::Value::text(std::move(value))}; }

}  // namespace bpm::optimize_detail
