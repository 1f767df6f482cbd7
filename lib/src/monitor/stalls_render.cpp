// Stalled work as a table, markdown, csv or json, through the report layer (bpm/report/document.hpp).
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/time.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/stalls.hpp"
#include "bpm/report/document.hpp"
#include "monitor/figures_table.hpp"
#include "monitor/layer_format.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }

std::string heading(const StallResult& r) {
  return fmt::format(
      "Stalled work at {}: {} of {} cases in flight have waited longer than usual since their last "
      "activity",
      std::isfinite(r.now) ? format_datetime(r.now) : "n/a", count_text(r.stalled), count_text(r.in_flight));
}

/// The stalls as one report document: the stalled cases (CSV: only they), then the cases in
/// flight by last activity with each activity's threshold.
report::Document stalls_document(const StallResult& r) {
  using report::Value;
  report::Document doc(heading(r), "bpm-kpi-stalls/1");
  doc.field("now", std::isfinite(r.now) ? Value::text(format_datetime(r.now)) : Value::null(), report::kPrograms);
  doc.field("in_flight", Value::integer(static_cast<long long>(r.in_flight)), report::kPrograms);
  doc.field("stalled", Value::integer(static_cast<long long>(r.stalled)), report::kPrograms);
  add_figures(doc, stall_figures(r), report::kPeople | report::kPrograms);
  report::Table& cases = doc.table("cases", r.cases.empty() ? "" : "Stalled cases, most overdue first",
                                   {{"case"},
                                    {"replication", "replication", report::kMachines},
                                    {"last_activity", "last activity"},
                                    {"working", "work started since", report::kEveryone},
                                    {"last_event", "since"},
                                    {"age"},
                                    {"threshold", "usual at most"},
                                    {"overdue", "overdue", report::kPeople}});
  for (const StalledCase& c : r.cases) {
    const double overdue = c.age / std::max(c.threshold, 1e-9);
    cases.add({Value::text(c.id), Value::integer(c.replication), Value::text(c.last_activity),
               Value::boolean(c.working), Value::text(format_datetime(c.last_event)),
               Value::measure(c.age, MetricUnit::Duration), Value::measure(c.threshold, MetricUnit::Duration),
               Value::label(fmt::format("{:.1f}×", overdue), overdue)});
  }
  report::Table& activities = doc.table("activities", "Cases in flight by last activity",
                                        {{"activity", "last activity"},
                                         {"in_flight", "in flight"},
                                         {"stalled"},
                                         {"threshold", "usual at most"},
                                         {"samples", "samples", report::kPrograms},
                                         {"basis", "from"}},
                                        report::kPeople | report::kPrograms);
  for (const ActivityThreshold& t : r.activities) {
    activities.add({Value::text(t.activity), Value::integer(static_cast<long long>(t.in_flight)),
                    Value::integer(static_cast<long long>(t.stalled)),
                    Value::measure(t.threshold, MetricUnit::Duration),
                    Value::integer(static_cast<long long>(t.samples)), Value::text(t.basis)});
  }
  activities.notes.push_back(
      "usual at most: the time cases waited after that activity until the next one started, at the quantile shown");
  doc.text("notes", r.notes);
  return doc;
}

}  // namespace

void write_stalls(std::ostream& out, const StallResult& result, MonitorFormat format) {
  out << report::render(stalls_document(result), report_format(format));
}

}  // namespace bpm::monitor
