#pragma once
#include <cstdint>
#include <ostream>
#include <string_view>

#include "bpm/core/export.hpp"
#include "bpm/distance/log_distance.hpp"
#include "bpm/report/document.hpp"

namespace bpm::distance {

enum class DistanceFormat : std::uint8_t { Table, Markdown, Csv, Json, Yaml };

/// "table", "markdown" (or "md"), "csv", "json", "yaml"; throws UsageError otherwise.
[[nodiscard]] BPM_API DistanceFormat parse_distance_format(std::string_view name);

/// The report as a document: per measure the mean over the simulated replications with its 95%
/// half-width. Tables and markdown show them as people read them (3 significant digits, hours
/// as "2.87h"); csv, json and yaml keep full precision, and json/yaml list every replication's
/// value (the schema `bpm-kpi-distance/1`, share/doc/bpm-kpi.md).
[[nodiscard]] BPM_API report::Document distance_document(const DistanceReport& report);

/// distance_document rendered in `format`. Deterministic bytes.
BPM_API void write_distance_report(std::ostream& out, const DistanceReport& report, DistanceFormat format);

/// The identifier of the json/yaml document ("bpm-kpi-distance/1").
inline constexpr std::string_view kDistanceFormatId = "bpm-kpi-distance/1";

}  // namespace bpm::distance
