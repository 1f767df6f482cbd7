#pragma once
// A report as titled tables of cells, rendered as an aligned text table, Markdown, JSON or YAML.
// Each cell has its display text and, for JSON/YAML, its raw value (a number or the text).
#include <optional>
#include <string>
#include <vector>

#include "bpm/optimize/report.hpp"
#include "bpm/sim/result.hpp"

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

/// A cell of text only.
[[nodiscard]] Cell text(std::string value);

/// How the optimize reports show a metric's values: durations in the process's time unit,
/// fractions as percentages (percentage points for differences), four significant digits
/// otherwise, without an exponent for large figures (waiting totals, money).
struct Units {
  std::string time_unit;
  double seconds = 60.0;
  int fraction_decimals = 1;

  [[nodiscard]] double convert(double value, MetricUnit unit) const {
    return unit == MetricUnit::Duration ? value / seconds : value;
  }
  /// A value, or with `signed_` a difference ("+1.5 pp", "+12.3").
  [[nodiscard]] Cell cell(double value, MetricUnit unit, bool signed_ = false) const;
  /// A confidence half-width: unsigned percentage points for fractions.
  [[nodiscard]] Cell width(double value, MetricUnit unit) const;
  [[nodiscard]] std::string unit_name(MetricUnit unit) const {
    return unit == MetricUnit::Duration ? time_unit : metric_unit_name(unit);
  }
};

}  // namespace bpm::optimize_detail
