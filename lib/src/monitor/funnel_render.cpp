// The funnel as a table, markdown, csv or json.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/funnel.hpp"
#include "monitor/table_text.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }
std::string share_text(double v) { return std::isfinite(v) ? kpi::format_value(v, kpi::Unit::Fraction) : ""; }
std::string time_text(double v) { return std::isfinite(v) ? humanize_duration(v) : ""; }
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string heading(const FunnelResult& r) {
  return fmt::format("Funnel{}: {} cases ({} completed, {} in flight), {} completed without reaching the last stage",
                     r.title.empty() ? "" : " of " + r.title, count_text(r.cases), count_text(r.completed),
                     count_text(r.in_flight), count_text(r.lost));
}

void write_text(std::ostream& out, const FunnelResult& r, bool markdown) {
  using kpi::TextTable;
  TextTable stages({"stage", "reached", "of all", "from previous", "conversion", "median to convert", "mean", "p90",
                    "lost here", "in flight here"},
                   alignment("lrrrrrrrrr"));
  for (const FunnelStage& s : r.stages) {
    stages.add({s.name, count_text(s.reached), share_text(s.of_all), count_text(s.converted), share_text(s.conversion),
                time_text(s.convert_median), time_text(s.convert_mean), time_text(s.convert_p90),
                count_text(s.lost_here), count_text(s.in_flight_here)});
  }
  TextTable lost({"last activity", "cases", "share of lost"}, alignment("lrr"));
  for (const auto& [activity, count] : r.lost_last_activity) {
    lost.add({activity, count_text(count),
              share_text(r.lost > 0 ? static_cast<double>(count) / static_cast<double>(r.lost) : NAN)});
  }
  const char* lost_title = "Where the lost cases last were";
  if (markdown) {
    out << "# " << heading(r) << "\n\n";
    stages.write_markdown(out);
    if (!lost.empty()) {
      out << "\n## " << lost_title << "\n\n";
      lost.write_markdown(out);
    }
    if (!r.notes.empty()) out << '\n';
    for (const std::string& note : r.notes) out << "- " << note << '\n';
    return;
  }
  out << heading(r) << "\n\n";
  stages.write_text(out);
  if (!lost.empty()) {
    out << '\n' << upper(lost_title) << '\n';
    lost.write_text(out);
  }
  out << "\nconversion: cases that reached the previous stage and then this one; time to convert: from the "
         "previous stage to this one\n";
  for (const std::string& note : r.notes) out << "note: " << note << '\n';
}

void write_csv(std::ostream& out, const FunnelResult& r) {
  out << "stage,reached,of_all,converted,conversion,convert_median,convert_mean,convert_p90,lost_here,"
         "in_flight_here\n";
  for (const FunnelStage& s : r.stages) {
    out << csv_escape(s.name) << ',' << s.reached << ',' << csv_number(s.of_all) << ',' << s.converted << ','
        << csv_number(s.conversion) << ',' << csv_number(s.convert_median) << ',' << csv_number(s.convert_mean) << ','
        << csv_number(s.convert_p90) << ',' << s.lost_here << ',' << s.in_flight_here << '\n';
  }
}

void write_json(std::ostream& out, const FunnelResult& r) {
  nlohmann::ordered_json doc;
  doc["format"] = "bpm-kpi-funnel/1";
  doc["title"] = r.title;
  doc["cases"] = r.cases;
  doc["completed"] = r.completed;
  doc["in_flight"] = r.in_flight;
  doc["lost"] = r.lost;
  doc["before_first_stage"] = r.before_first;
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const FunnelStage& s : r.stages) {
    stages.push_back({{"stage", s.name},
                      {"reached", s.reached},
                      {"of_all", number(s.of_all)},
                      {"converted", s.converted},
                      {"conversion", number(s.conversion)},
                      {"convert_median", number(s.convert_median)},
                      {"convert_mean", number(s.convert_mean)},
                      {"convert_p90", number(s.convert_p90)},
                      {"out_of_order", s.out_of_order},
                      {"lost_here", s.lost_here},
                      {"in_flight_here", s.in_flight_here}});
  }
  doc["stages"] = std::move(stages);
  nlohmann::ordered_json lost = nlohmann::ordered_json::array();
  for (const auto& [activity, count] : r.lost_last_activity) lost.push_back({{"activity", activity}, {"cases", count}});
  doc["lost_last_activity"] = std::move(lost);
  doc["notes"] = r.notes;
  out << doc.dump(2) << '\n';
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
  switch (format) {
    case MonitorFormat::Table: write_text(out, result, false); return;
    case MonitorFormat::Markdown: write_text(out, result, true); return;
    case MonitorFormat::Csv: write_csv(out, result); return;
    case MonitorFormat::Json: write_json(out, result); return;
  }
}

}  // namespace bpm::monitor
