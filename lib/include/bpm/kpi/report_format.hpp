#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/report/document.hpp"

namespace bpm::kpi {

enum class ReportFormat : std::uint8_t { Table, Markdown, Csv, Json, Yaml, Html };

/// "table", "markdown" (or "md"), "csv", "json", "yaml", "html"; throws UsageError otherwise.
[[nodiscard]] BPM_API ReportFormat parse_report_format(std::string_view name);

/// A further panel of the html dashboard (the process map, funnel and trends of
/// bpm/monitor/dashboard.hpp): its title and its body, inline SVG and tables.
struct BPM_API HtmlPanel {
  std::string title;
  std::string html;
};

struct BPM_API WriteOptions {
  bool colour = false;            // ANSI colours for RAG statuses (table format only)
  int refresh_seconds = 0;        // html: the page reloads itself this often (a live dashboard); 0: never
  std::vector<HtmlPanel> panels;  // html: shown after the KPI charts, before the tables
};

/// The report as one report document (bpm/report/document.hpp): tables for people, the
/// `bpm-kpi-report/1` tree for JSON/YAML (read back by read_report), one CSV row per metric, KPI
/// and objective.
[[nodiscard]] BPM_API report::Document report_document(const Report& report);
/// The report layer's format of `format`; nullopt for html.
[[nodiscard]] BPM_API std::optional<report::Format> layer_format(ReportFormat format) noexcept;

/// Writes the report. Table and markdown are for people (humanised values); csv, json and yaml
/// keep library units (seconds, fractions) for machines, and json/yaml can be read back
/// (read_report) for `bpm-kpi diff`. html is one self-contained dashboard page.
BPM_API void write_report(std::ostream& out, const Report& report, ReportFormat format,
                          const WriteOptions& options = {});

/// A value as people read it (report::human): durations "3.25d", fractions "87.5%", counts
/// "1,234", money "12,345"; "n/a" for NaN.
[[nodiscard]] BPM_API std::string format_value(double value, Unit unit);

/// "value ± half-width" when a half-width is known (n > 1), else just the value.
[[nodiscard]] BPM_API std::string format_estimate(double value, double half_width, std::uint64_t n, Unit unit);

/// The identifier of the report document format written by json/yaml ("bpm-kpi-report/1").
inline constexpr std::string_view kReportFormatId = "bpm-kpi-report/1";

}  // namespace bpm::kpi
