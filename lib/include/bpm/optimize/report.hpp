#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/optimize/abtest.hpp"
#include "bpm/optimize/bottlenecks.hpp"
#include "bpm/optimize/compare.hpp"
#include "bpm/report/document.hpp"

namespace bpm {

enum class OptimizeFormat : std::uint8_t { Table, Markdown, Json, Yaml, Csv };

/// "table", "markdown", "csv", "json" or "yaml"; throws UsageError otherwise.
[[nodiscard]] BPM_API OptimizeFormat parse_optimize_format(std::string_view name);

/// Reports of bpm-optimize as report documents (bpm/report/document.hpp): humanised values in
/// tables and Markdown, the library's units (seconds, fractions) in CSV, JSON and YAML.
/// Deterministic bytes for the same input.
[[nodiscard]] BPM_API report::Document comparison_document(const Comparison& comparison);
[[nodiscard]] BPM_API report::Document bottleneck_document(const BottleneckReport& report);
[[nodiscard]] BPM_API std::string format_comparison(const Comparison& comparison, OptimizeFormat format);
[[nodiscard]] BPM_API std::string format_bottlenecks(const BottleneckReport& report, OptimizeFormat format);

/// An A/B test report: the test when both arms were given, and the sample size per arm when a
/// lift was asked for (with the base rate or sd, lift, alpha and power it is for).
struct BPM_API AbReport {
  bool proportions = true;
  double confidence = 0.95;
  std::optional<AbResult> result;
  std::optional<std::uint64_t> sample_size;
  double base = 0.0;  // base rate (proportions) or sd (means) of the sample size
  double lift = 0.0;
  double alpha = 0.05;
  double power = 0.8;
};
[[nodiscard]] BPM_API report::Document abtest_document(const AbReport& report);
[[nodiscard]] BPM_API std::string format_abtest(const AbReport& report, OptimizeFormat format);

}  // namespace bpm
