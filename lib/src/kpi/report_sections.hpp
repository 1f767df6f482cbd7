#pragma once
// The human-readable content of a report as titled tables, built once and rendered as text and
// markdown (through the report layer, bpm/report/document.hpp) or as the HTML dashboard.
#include <ostream>
#include <string>
#include <vector>

#include "bpm/kpi/report.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/report/document.hpp"

namespace bpm::kpi {

struct Section {
  enum class Align : unsigned char { Left, Right };

  std::string id;  // "kpis", "objectives", "metrics", "activities", ...
  std::string title;
  std::vector<std::string> headers;
  std::vector<Align> align;
  std::vector<std::vector<std::string>> table;
  std::vector<Status> status;      // per row, for colouring (may be shorter than table)
  std::vector<std::string> lines;  // free text after the table
};

[[nodiscard]] std::string report_heading(const Report& report);
/// "sources: ...", "window: ...", "cases: ..." lines.
[[nodiscard]] std::vector<std::string> report_summary_lines(const Report& report);
[[nodiscard]] std::vector<Section> build_sections(const Report& report);
/// A KPI's value with its unit label ("312,000 EUR/week", "87.5%").
[[nodiscard]] std::string kpi_value_text(const KpiResult& kpi);
/// A target as written, with a duration target humanised ("<= 21d").
[[nodiscard]] std::string target_text(const std::optional<Target>& target);

/// options.refresh_seconds > 0: the page reloads itself that often (a live dashboard);
/// options.panels follow the KPI charts.
void write_html_report(std::ostream& out, const Report& report, const WriteOptions& options);

}  // namespace bpm::kpi
