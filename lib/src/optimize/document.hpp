#pragma once
// A report as titled tables of cells, rendered as an aligned text table, Markdown, JSON or YAML.
// Each cell has its display text and, for JSON/YAML, its raw value (a number or the text).
#include <optional>
#include <string>
#include <vector>

#include "bpm/optimize/report.hpp"

namespace bpm::optimize_detail {

struct Cell {
  std::string text;
  std::optional<double> number;  // raw value for JSON/YAML; the text otherwise
  bool boolean = false;          // number 0/1 written as false/true
};

struct Section {
  std::string key;    // JSON/YAML key
  std::string title;  // heading of the text table
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

struct Document {
  std::vector<std::pair<std::string, Cell>> header;  // run metadata
  std::vector<Section> sections;
};

[[nodiscard]] std::string render(const Document& document, OptimizeFormat format);

}  // namespace bpm::optimize_detail
