// The funnel as a table, markdown, csv or json, through the report layer (bpm/report/document.hpp).
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/funnel.hpp"
#include "bpm/report/document.hpp"
#include "monitor/figures_table.hpp"
#include "monitor/layer_format.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }
std::string heading(const FunnelResult& r) {
  return fmt::format("Funnel{}: {} cases ({} completed, {} in flight), {} completed without reaching the last stage",
                     r.title.empty() ? "" : " of " + r.title, count_text(r.cases), count_text(r.completed),
                     count_text(r.in_flight), count_text(r.lost));
}

report::Value count(std::uint64_t n) { return report::Value::integer(static_cast<long long>(n)); }

/// A measure, or nothing when undefined (the first stage has no conversion).
report::Value measure(double v, MetricUnit unit) {
  return std::isfinite(v) ? report::Value::measure(v, unit) : report::Value::null();
}

/// The funnel as one report document: the stages (CSV: only they), where the lost cases last were.
report::Document funnel_document(const FunnelResult& r) {
  using report::Value;
  report::Document doc(heading(r), "bpm-kpi-funnel/1");
  doc.field("title", Value::text(r.title), report::kPrograms);
  doc.field("cases", count(r.cases), report::kPrograms);
  doc.field("completed", count(r.completed), report::kPrograms);
  doc.field("in_flight", count(r.in_flight), report::kPrograms);
  doc.field("lost", count(r.lost), report::kPrograms);
  doc.field("before_first_stage", count(r.before_first), report::kPrograms);
  report::Table& stages = doc.table("stages", "Stages",
                                    {{"stage"},
                                     {"reached"},
                                     {"of_all", "of all"},
                                     {"converted", "from previous"},
                                     {"conversion"},
                                     {"convert_median", "median to convert"},
                                     {"convert_mean", "mean"},
                                     {"convert_p90", "p90"},
                                     {"out_of_order", "out of order", report::kMachines},
                                     {"lost_here", "lost here"},
                                     {"in_flight_here", "in flight here"}});
  for (const FunnelStage& s : r.stages) {
    stages.add({Value::text(s.name), count(s.reached), measure(s.of_all, MetricUnit::Fraction), count(s.converted),
                measure(s.conversion, MetricUnit::Fraction), measure(s.convert_median, MetricUnit::Duration),
                measure(s.convert_mean, MetricUnit::Duration), measure(s.convert_p90, MetricUnit::Duration),
                count(s.out_of_order), count(s.lost_here), count(s.in_flight_here)});
  }
  stages.notes.push_back(
      "conversion: cases that reached the previous stage and then this one; time to convert: from the previous "
      "stage to this one");
  stages.notes.push_back(
      "as metrics (json): funnel.stages.<stage>.reached, .conversion, .time_to_convert.median, .lost; funnel.lost");
  // Programs get every figure under its registered name; people read them in the stages table.
  add_figures(doc, funnel_figures(r), report::kPrograms);
  report::Table& lost =
      doc.table("lost_last_activity", "Where the lost cases last were",
                {{"activity", "last activity"}, {"cases"}, {"share", "share of lost", report::kPeople}},
                report::kPeople | report::kPrograms);
  for (const auto& [activity, n] : r.lost_last_activity) {
    lost.add({Value::text(activity), count(n),
              measure(r.lost > 0 ? static_cast<double>(n) / static_cast<double>(r.lost) : NAN, MetricUnit::Fraction)});
  }
  doc.text("notes", r.notes);
  return doc;
}

}  // namespace

MonitorFormat parse_monitor_format(std::string_view name) {
  if (name == "table") return MonitorFormat::Table;
  if (name == "markdown" || name == "md") return MonitorFormat::Markdown;
  if (name == "csv") return MonitorFormat::Csv;
  if (name == "json") return MonitorFormat::Json;
  throw UsageError(fmt::format("unknown format '{}' (expected table, markdown, csv or json)", name));
}

void write_funnel(std::ostream& out, const FunnelResult& result, MonitorFormat format) {
  out << report::render(funnel_document(result), report_format(format));
}

}  // namespace bpm::monitor
