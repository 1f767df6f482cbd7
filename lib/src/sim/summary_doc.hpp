#pragma once
// Pieces shared by the summary writer (summary_write.cpp), its tables (summary_table.cpp) and the
// reader (summary_read.cpp).
#include <string>
#include <string_view>

#include "bpm/metrics/unit.hpp"
#include "bpm/report/document.hpp"
#include "bpm/sim/summary.hpp"

namespace bpm::detail {

/// A metric's `unit:` in a summary document: durations carry the document's time unit
/// ("seconds"; documents of earlier versions: "minutes", ...), the others metric_unit_name.
[[nodiscard]] std::string document_unit_name(MetricUnit unit, std::string_view time_unit);

/// "claims: 30 replications (seed 42), mean ± 95% confidence half-width".
[[nodiscard]] std::string summary_title(const Summary& summary);

/// The summary for people: run lines, then process metrics, case quantiles, outcomes, SLAs, steps
/// and resources as tables of "mean ± half-width" cells.
void add_summary_tables(report::Document& document, const Summary& summary);

}  // namespace bpm::detail
