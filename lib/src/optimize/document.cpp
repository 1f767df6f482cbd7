#include "document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace bpm::optimize_detail {

namespace {

nlohmann::ordered_json value_of(const Cell& cell) {
  if (!cell.number) return cell.text;
  if (cell.boolean) return *cell.number != 0.0;
  if (!std::isfinite(*cell.number)) return nullptr;
  return *cell.number;
}

nlohmann::ordered_json to_json(const Document& document) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  for (const auto& [key, cell] : document.header) root[key] = value_of(cell);
  for (const Section& section : document.sections) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : section.rows) {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (std::size_t c = 0; c < section.columns.size() && c < row.size(); ++c) {
        object[section.columns[c]] = value_of(row[c]);
      }
      rows.push_back(std::move(object));
    }
    root[section.key] = std::move(rows);
  }
  return root;
}

std::string yaml_scalar(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return fmt::format("{}", value.get<double>());
  // JSON string quoting is valid YAML and keeps "*0.9" or "a: b" from being misread.
  return value.dump();
}

std::string to_yaml(const nlohmann::ordered_json& root) {
  std::string out;
  for (const auto& [key, value] : root.items()) {
    if (!value.is_array()) {
      out += fmt::format("{}: {}\n", key, yaml_scalar(value));
      continue;
    }
    if (value.empty()) {
      out += fmt::format("{}: []\n", key);
      continue;
    }
    out += key + ":\n";
    for (const auto& row : value) {
      bool first = true;
      for (const auto& [column, cell] : row.items()) {
        out += fmt::format("  {} {}: {}\n", first ? "-" : " ", column, yaml_scalar(cell));
        first = false;
      }
    }
  }
  return out;
}

std::string to_table(const Document& document, bool markdown) {
  std::string out;
  for (const auto& [key, cell] : document.header) {
    out += markdown ? fmt::format("- **{}**: {}\n", key, cell.text) : fmt::format("{}: {}\n", key, cell.text);
  }
  for (const Section& section : document.sections) {
    out += "\n";
    if (markdown) {
      out += fmt::format("## {}\n\n", section.title);
      out += "|";
      for (const auto& column : section.columns) out += " " + column + " |";
      out += "\n|";
      for (std::size_t c = 0; c < section.columns.size(); ++c) out += c == 0 ? "---|" : "---:|";
      out += "\n";
      for (const auto& row : section.rows) {
        out += "|";
        for (const Cell& cell : row) out += " " + cell.text + " |";
        out += "\n";
      }
      continue;
    }
    out += section.title + "\n";
    std::vector<std::size_t> widths;
    for (const auto& column : section.columns) widths.push_back(column.size());
    for (const auto& row : section.rows) {
      for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
        widths[c] = std::max(widths[c], row[c].text.size());
    }
    const auto line = [&](const auto& cells, auto text_of) {
      std::string text = " ";
      for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
        // First column (names) left-aligned, figures right-aligned.
        text += c == 0 ? fmt::format(" {:<{}}", text_of(cells[c]), widths[c])
                       : fmt::format("   {:>{}}", text_of(cells[c]), widths[c]);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return text + "\n";
    };
    out += line(section.columns, [](const std::string& s) { return s; });
    for (const auto& row : section.rows) out += line(row, [](const Cell& cell) { return cell.text; });
  }
  return out;
}

}  // namespace

std::string render(const Document& document, OptimizeFormat format) {
  switch (format) {
    case OptimizeFormat::Json: return to_json(document).dump(2) + "\n";
    case OptimizeFormat::Yaml: return to_yaml(to_json(document));
    case OptimizeFormat::Markdown: return to_table(document, true);
    case OptimizeFormat::Table: break;
  }
  return to_table(document, false);
}

Cell text(std::string value) { return Cell{std::move(value), std::nullopt}; }

Cell Units::cell(double value, MetricUnit unit, bool signed_) const {
  const double v = convert(value, unit);
  if (!std::isfinite(v)) return Cell{"-", v};
  if (unit == MetricUnit::Fraction) {
    return Cell{signed_ ? fmt::format("{:+.{}f} pp", v * 100.0, fraction_decimals)
                        : fmt::format("{:.{}f}%", v * 100.0, fraction_decimals),
                v};
  }
  if (std::abs(v) >= 1e4) return Cell{signed_ ? fmt::format("{:+.0f}", v) : fmt::format("{:.0f}", v), v};
  return Cell{signed_ ? fmt::format("{:+.4g}", v) : fmt::format("{:.4g}", v), v};
}

Cell Units::width(double value, MetricUnit unit) const {
  if (unit != MetricUnit::Fraction) return cell(value, unit);
  if (!std::isfinite(value)) return Cell{"-", value};
  return Cell{fmt::format("{:.{}f} pp", value * 100.0, fraction_decimals), value};
}

}  // namespace bpm::optimize_detail
