// Stalled work as a table, markdown, csv or json.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/core/time.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/stalls.hpp"
#include "monitor/table_text.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }
std::string time_text(double v) { return std::isfinite(v) ? humanize_duration(v) : "n/a"; }
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string heading(const StallResult& r) {
  return fmt::format(
      "Stalled work at {}: {} of {} cases in flight have waited longer than usual since their last "
      "activity",
      std::isfinite(r.now) ? format_datetime(r.now) : "n/a", count_text(r.stalled), count_text(r.in_flight));
}

void write_text(std::ostream& out, const StallResult& r, bool markdown) {
  using kpi::TextTable;
  TextTable cases({"case", "last activity", "since", "age", "usual at most", "overdue"}, alignment("llrrrr"));
  for (const StalledCase& c : r.cases) {
    cases.add({c.id, c.working ? c.last_activity + " (work started since)" : c.last_activity,
               format_datetime(c.last_event), time_text(c.age), time_text(c.threshold),
               fmt::format("{:.1f}×", c.age / std::max(c.threshold, 1e-9))});
  }
  TextTable activities({"last activity", "in flight", "stalled", "usual at most", "from"}, alignment("lrrrl"));
  for (const ActivityThreshold& t : r.activities) {
    activities.add({t.activity, count_text(t.in_flight), count_text(t.stalled), time_text(t.threshold), t.basis});
  }
  const char* by_activity = "Cases in flight by last activity";
  if (markdown) {
    out << "# " << heading(r) << "\n\n";
    if (!cases.empty()) cases.write_markdown(out);
    out << "\n## " << by_activity << "\n\n";
    activities.write_markdown(out);
    if (!r.notes.empty()) out << '\n';
    for (const std::string& note : r.notes) out << "- " << note << '\n';
    return;
  }
  out << heading(r) << "\n\n";
  if (!cases.empty()) {
    cases.write_text(out);
    out << '\n';
  }
  out << upper(by_activity) << '\n';
  activities.write_text(out);
  out << "\nusual at most: the time cases waited after that activity until the next one started, at the quantile "
         "shown\n";
  for (const std::string& note : r.notes) out << "note: " << note << '\n';
}

void write_csv(std::ostream& out, const StallResult& r) {
  out << "case_id,replication,last_activity,last_event,age,threshold,working\n";
  for (const StalledCase& c : r.cases) {
    out << csv_escape(c.id) << ',' << c.replication << ',' << csv_escape(c.last_activity) << ','
        << format_datetime(c.last_event) << ',' << c.age << ',' << c.threshold << ',' << (c.working ? 1 : 0) << '\n';
  }
}

void write_json(std::ostream& out, const StallResult& r) {
  nlohmann::ordered_json doc;
  doc["format"] = "bpm-kpi-stalls/1";
  doc["now"] = std::isfinite(r.now) ? nlohmann::json(format_datetime(r.now)) : nlohmann::json(nullptr);
  doc["in_flight"] = r.in_flight;
  doc["stalled"] = r.stalled;
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const StalledCase& c : r.cases) {
    cases.push_back({{"case", c.id},
                     {"replication", c.replication},
                     {"last_activity", c.last_activity},
                     {"last_event", format_datetime(c.last_event)},
                     {"age", number(c.age)},
                     {"threshold", number(c.threshold)},
                     {"working", c.working}});
  }
  doc["cases"] = std::move(cases);
  nlohmann::ordered_json activities = nlohmann::ordered_json::array();
  for (const ActivityThreshold& t : r.activities) {
    activities.push_back({{"activity", t.activity},
                          {"in_flight", t.in_flight},
                          {"stalled", t.stalled},
                          {"threshold", number(t.threshold)},
                          {"samples", t.samples},
                          {"basis", t.basis}});
  }
  doc["activities"] = std::move(activities);
  doc["notes"] = r.notes;
  out << doc.dump(2) << '\n';
}

}  // namespace

void write_stalls(std::ostream& out, const StallResult& result, MonitorFormat format) {
  switch (format) {
    case MonitorFormat::Table: write_text(out, result, false); return;
    case MonitorFormat::Markdown: write_text(out, result, true); return;
    case MonitorFormat::Csv: write_csv(out, result); return;
    case MonitorFormat::Json: write_json(out, result); return;
  }
}

}  // namespace bpm::monitor
