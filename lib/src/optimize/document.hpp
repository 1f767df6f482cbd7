#pragma once
// Transitional: the search and sensitivity reports still describe themselves as sections of cells
// here; render() hands them to the one report layer (bpm/report/document.hpp), which formats
// values, fits tables to the terminal and writes every format. New reports build a
// report::Document directly; these two move onto it with the sensitivity/search work.
#include <optional>
#include <string>
#include <vector>

#include "bpm/optimize/report.hpp"
#include "bpm/report/document.hpp"
#include "bpm/sim/result.hpp"

namespace bpm::optimize_detail {

/// A cell: a report value. Cell{"#33", 33.0} shows "#33" and writes 33; Cell{"yes", 1.0, true} is a
/// flag.
struct Cell {
  Cell(report::Value v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  Cell(std::string shown, std::optional<double> number = std::nullopt, bool boolean = false)
      : value(boolean  ? report::Value::boolean(number.value_or(0.0) != 0.0)
              : number ? report::Value::label(std::move(shown), *number)
                       : report::Value::text(std::move(shown))) {}

  [[nodiscard]] std::string text() const { return report::human_text(value); }

  report::Value value;
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

/// How the optimize reports show a metric's values: in tables humanised by unit, percentage points
/// for differences of fractions; in machine formats the library's units (seconds, fractions),
/// whatever the process file's `time_unit` (share/doc/metrics.md, "Units in output").
struct Units {
  Units(const std::string& /*process_time_unit*/, double /*seconds*/, int /*fraction_decimals*/ = 1) {}

  std::string time_unit = "seconds";

  /// A value, or with `signed_` a difference ("+1.5 pp", "+12m").
  [[nodiscard]] Cell cell(double value, MetricUnit unit, bool signed_ = false) const {
    return signed_ ? report::Value::difference(value, unit) : report::Value::measure(value, unit);
  }
  /// A confidence half-width: unsigned percentage points for fractions.
  [[nodiscard]] Cell width(double value, MetricUnit unit) const { return report::Value::half_width(value, unit); }
  [[nodiscard]] std::string unit_name(MetricUnit unit) const { return metric_unit_name(unit); }
};

/// The format of the report layer.
[[nodiscard]] report::Format layer_format(OptimizeFormat format) noexcept;

}  // namespace bpm::optimize_detail
