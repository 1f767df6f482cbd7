#pragma once
// The metric vocabulary as a report (`bpm-kpi metrics`) and as the reference tables of
// share/doc/metrics.md, both built from the registry so that neither can drift from the tools.
#include <string>

#include "bpm/core/export.hpp"
#include "bpm/report/document.hpp"

namespace bpm {
struct Process;
}

namespace bpm::metrics {

/// The vocabulary: every pattern, or with a process every name it has, one table per group for
/// people, one table of every row (with its group) for programs. Columns: metric, unit, sources,
/// per replication, needs, definition; a terminal shows what a metric needs in its definition and
/// leaves out "per replication", so that the table fits 120 columns.
[[nodiscard]] BPM_API report::Document reference_document(const Process* process = nullptr);

/// The reference tables of share/doc/metrics.md (between its "generated" markers): the vocabulary
/// rendered as Markdown.
[[nodiscard]] BPM_API std::string reference_markdown();

}  // namespace bpm::metrics
