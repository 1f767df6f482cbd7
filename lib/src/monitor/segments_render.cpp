// Segments as a table, markdown, csv or json.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/io/csv.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/monitor/segments.hpp"
#include "monitor/table_text.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string cell(const SegmentMetric& m, const SegmentValue& v) {
  if (!std::isfinite(v.value)) return "n/a";
  std::string text = kpi::format_value(v.value, m.unit);
  if (std::isfinite(v.low) && std::isfinite(v.high)) {
    if (m.rate) {
      text += fmt::format(" ({}–{})", kpi::format_value(v.low, m.unit), kpi::format_value(v.high, m.unit));
    } else {
      text += " ± " + kpi::format_value((v.high - v.low) / 2.0, m.unit);
    }
  }
  if (v.significant) text += v.direction > 0 ? " ↑" : " ↓";
  return text;
}

void write_text(std::ostream& out, const SegmentResult& r, bool markdown) {
  std::vector<std::string> headers{r.by, "cases", "completed"};
  std::string pattern = "lrr";
  for (const SegmentMetric& m : r.metrics) {
    headers.push_back(m.name);
    pattern += 'r';
  }
  kpi::TextTable table(headers, alignment(pattern));
  auto row = [&](const Segment& seg) {
    std::vector<std::string> cells{seg.value, count_text(seg.cases), count_text(seg.completed)};
    for (std::size_t k = 0; k < r.metrics.size(); ++k) cells.push_back(cell(r.metrics[k], seg.values[k]));
    table.add(std::move(cells));
  };
  for (const Segment& seg : r.segments) row(seg);
  row(r.overall);
  const std::string heading =
      fmt::format("Segments by {}: {} segment(s) of {} cases ({} completed)", r.by, r.segments.size(),
                  count_text(r.overall.cases), count_text(r.overall.completed));
  if (markdown) {
    out << "# " << heading << "\n\n";
    table.write_markdown(out);
    out << '\n';
    for (const std::string& note : r.notes) out << "- " << note << '\n';
    return;
  }
  out << heading << "\n\n";
  table.write_text(out);
  out << '\n';
  for (const std::string& note : r.notes) out << "note: " << note << '\n';
}

void write_csv(std::ostream& out, const SegmentResult& r) {
  out << "segment,cases,completed,metric,value,low,high,n,p_value,significant,direction\n";
  auto rows = [&](const Segment& seg) {
    for (std::size_t k = 0; k < r.metrics.size(); ++k) {
      const SegmentValue& v = seg.values[k];
      out << csv_escape(seg.value) << ',' << seg.cases << ',' << seg.completed << ',' << r.metrics[k].name << ','
          << csv_number(v.value) << ',' << csv_number(v.low) << ',' << csv_number(v.high) << ',' << v.n << ','
          << csv_number(v.p_value) << ',' << (v.significant ? 1 : 0) << ',' << v.direction << '\n';
    }
  };
  for (const Segment& seg : r.segments) rows(seg);
  rows(r.overall);
}

void write_json(std::ostream& out, const SegmentResult& r) {
  nlohmann::ordered_json doc;
  doc["format"] = "bpm-kpi-segments/1";
  doc["by"] = r.by;
  doc["alpha"] = r.alpha;
  doc["overlapping"] = r.overlapping;
  auto segment = [&](const Segment& seg) {
    nlohmann::ordered_json s;
    s["segment"] = seg.value;
    s["cases"] = seg.cases;
    s["completed"] = seg.completed;
    nlohmann::ordered_json metrics;
    for (std::size_t k = 0; k < r.metrics.size(); ++k) {
      const SegmentValue& v = seg.values[k];
      metrics[r.metrics[k].name] = {{"value", number(v.value)},
                                    {"unit", metric_unit_name(r.metrics[k].unit)},
                                    {"low", number(v.low)},
                                    {"high", number(v.high)},
                                    {"n", v.n},
                                    {"p_value", number(v.p_value)},
                                    {"significant", v.significant},
                                    {"direction", v.direction}};
    }
    s["metrics"] = std::move(metrics);
    return s;
  };
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const Segment& seg : r.segments) segments.push_back(segment(seg));
  doc["segments"] = std::move(segments);
  doc["overall"] = segment(r.overall);
  doc["notes"] = r.notes;
  out << doc.dump(2) << '\n';
}

}  // namespace

void write_segments(std::ostream& out, const SegmentResult& result, MonitorFormat format) {
  switch (format) {
    case MonitorFormat::Table: write_text(out, result, false); return;
    case MonitorFormat::Markdown: write_text(out, result, true); return;
    case MonitorFormat::Csv: write_csv(out, result); return;
    case MonitorFormat::Json: write_json(out, result); return;
  }
}

}  // namespace bpm::monitor
