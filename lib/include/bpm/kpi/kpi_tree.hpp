#pragma once
#include "bpm/core/export.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {

/// Evaluates the `kpis:` tree of a process over the report's metrics (formulas may refer to base
/// metrics and to other KPIs, nested to any depth; cycles are reported, not followed), then the
/// `objectives:`, filling Report::kpis and Report::objectives with values and RAG statuses.
/// Identifiers match metric names exactly, or after normalising blanks, '-' and '_' (so
/// `steps.register_request.count` finds the activity "register request"). Never throws for
/// unknown names: the KPI gets an error text and an unknown status.
BPM_API void evaluate_kpi_tree(Report& report, const Process& process);

}  // namespace bpm::kpi
