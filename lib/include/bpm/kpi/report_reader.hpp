#pragma once
#include <string>
#include <string_view>

#include "bpm/core/export.hpp"
#include "bpm/kpi/report.hpp"

namespace bpm {
struct Summary;
}

namespace bpm::kpi {

/// The metrics of a bpm-sim summary as a report: durations back in seconds, each metric with
/// its across-replication sd, half-width and n, and the pooled cycle-time histogram.
[[nodiscard]] BPM_API Report report_from_summary(const Summary& summary);

/// Reads a bpm-sim summary ("format: bpm-sim-summary/1") or a bpm-kpi report ("format:
/// bpm-kpi-report/1"), YAML or JSON. Throws DataError (located in `label`) for anything else.
[[nodiscard]] BPM_API Report read_report_text(std::string_view text, const std::string& label);

}  // namespace bpm::kpi
