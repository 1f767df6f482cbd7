#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/kpi/report_format.hpp"

namespace bpm::kpi {

/// One metric (or KPI) compared between a baseline and another report.
struct BPM_API MetricDelta {
  std::string name;
  Unit unit = Unit::Number;
  double base = 0.0;
  double other = 0.0;
  double delta = 0.0;     // other - base
  double relative = 0.0;  // delta / |base|; NaN when base is 0
  /// Two-sided p-value of Welch's t-test when both sides carry a spread (n > 1: replications of a
  /// simulation, or cases for a mean over cases); NaN otherwise.
  double p_value = 0.0;
  bool significant = false;  // p_value < alpha
  bool is_kpi = false;
  Status base_status = Status::None;
  Status other_status = Status::None;
};

struct BPM_API ReportDiff {
  std::string base_label;
  std::string other_label;
  double alpha = 0.05;
  std::vector<MetricDelta> deltas;     // metrics present in both, then KPIs, in the base's order
  std::vector<std::string> only_base;  // metric names missing from the other report
  std::vector<std::string> only_other;
};

/// Compares every metric and KPI present in both reports.
[[nodiscard]] BPM_API ReportDiff diff_reports(const Report& base, const Report& other, double alpha = 0.05);

/// The comparison as a report document: for people metric, base, other, change (percentage
/// points for fractions), relative change, p and significance; for programs and CSV the raw
/// figures (format `bpm-kpi-diff/1`).
[[nodiscard]] BPM_API report::Document diff_document(const ReportDiff& diff);

/// Table, markdown, csv, json or yaml (html is written as the table).
BPM_API void write_diff(std::ostream& out, const ReportDiff& diff, ReportFormat format, bool colour = false);

}  // namespace bpm::kpi
