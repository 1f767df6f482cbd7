// Trends as tables, markdown, csv or json.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/kpi/report_format.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/monitor/trend.hpp"
#include "monitor/table_text.hpp"

namespace bpm::monitor {
namespace {

const char* chart_name(ChartKind kind) {
  switch (kind) {
    case ChartKind::Individuals: return "individuals chart";
    case ChartKind::XBar: return "X-bar chart";
    case ChartKind::P: return "p-chart";
  }
  return "";
}

std::string value_text(double v, kpi::Unit unit) { return std::isfinite(v) ? kpi::format_value(v, unit) : ""; }
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string description(const TrendChart& c) {
  for (const TrendMetric& m : trend_metrics()) {
    if (c.metric == m.name) return m.description;
  }
  return {};
}

std::string flag(const TrendPoint& p) {
  if (p.signal > 0) return "▲ above";
  if (p.signal < 0) return "▼ below";
  if (p.ramp_up) return "(ramp-up)";
  return p.partial ? "(partial period)" : "";
}

void write_text(std::ostream& out, const TrendResult& r, bool markdown) {
  const std::string heading = fmt::format("Trend by {}", period_name(r.period));
  if (markdown)
    out << "# " << heading << "\n\n";
  else
    out << heading << "\n";
  for (const TrendChart& c : r.charts) {
    kpi::TextTable table({period_name(r.period), "n", c.metric, "centre", "lower limit", "upper limit", ""},
                         alignment("lrrrrrl"));
    for (const TrendPoint& p : c.points) {
      table.add({p.label + (p.baseline ? "" : " *"), kpi::format_value(static_cast<double>(p.n), kpi::Unit::Count),
                 value_text(p.value, c.unit), value_text(p.centre, c.unit), value_text(p.lower, c.unit),
                 value_text(p.upper, c.unit), flag(p)});
    }
    const std::string title = fmt::format("{} ({}: {})", c.metric, chart_name(c.chart), description(c));
    if (markdown) {
      out << "## " << title << "\n\n";
      table.write_markdown(out);
      out << '\n';
    } else {
      out << '\n' << upper(title) << '\n';
      table.write_text(out);
    }
  }
  const std::vector<std::string> signals = r.latest_signals();
  const std::string verdict =
      signals.empty() ? "latest period in control on every chart" : "out of control in the latest period:";
  out << (markdown ? "" : "\n") << verdict << '\n';
  for (const std::string& line : signals) out << (markdown ? "- " : "  ") << line << '\n';
  if (!markdown) out << "* not a baseline period (not used for the limits)\n";
  for (const std::string& note : r.notes) out << (markdown ? "- " : "note: ") << note << '\n';
}

void write_csv(std::ostream& out, const TrendResult& r) {
  out << "metric,chart,period,n,value,centre,lower,upper,signal,partial,ramp_up,baseline\n";
  for (const TrendChart& c : r.charts) {
    for (const TrendPoint& p : c.points) {
      out << c.metric << ',' << chart_name(c.chart) << ',' << p.label << ',' << p.n << ',' << csv_number(p.value) << ','
          << csv_number(p.centre) << ',' << csv_number(p.lower) << ',' << csv_number(p.upper) << ',' << p.signal << ','
          << (p.partial ? 1 : 0) << ',' << (p.ramp_up ? 1 : 0) << ',' << (p.baseline ? 1 : 0) << '\n';
    }
  }
}

void write_json(std::ostream& out, const TrendResult& r) {
  nlohmann::ordered_json doc;
  doc["format"] = "bpm-kpi-trend/1";
  doc["period"] = period_name(r.period);
  doc["replications"] = r.replications;
  nlohmann::ordered_json charts = nlohmann::ordered_json::array();
  for (const TrendChart& c : r.charts) {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const TrendPoint& p : c.points) {
      points.push_back({{"period", p.label},
                        {"n", p.n},
                        {"value", number(p.value)},
                        {"centre", number(p.centre)},
                        {"lower", number(p.lower)},
                        {"upper", number(p.upper)},
                        {"signal", p.signal},
                        {"partial", p.partial},
                        {"ramp_up", p.ramp_up},
                        {"baseline", p.baseline}});
    }
    charts.push_back({{"metric", c.metric},
                      {"unit", metric_unit_name(c.unit)},
                      {"chart", chart_name(c.chart)},
                      {"latest", c.latest_label},
                      {"latest_out_of_control", c.latest_out_of_control},
                      {"points", std::move(points)}});
  }
  doc["charts"] = std::move(charts);
  doc["notes"] = r.notes;
  out << doc.dump(2) << '\n';
}

}  // namespace

void write_trend(std::ostream& out, const TrendResult& result, MonitorFormat format) {
  switch (format) {
    case MonitorFormat::Table: write_text(out, result, false); return;
    case MonitorFormat::Markdown: write_text(out, result, true); return;
    case MonitorFormat::Csv: write_csv(out, result); return;
    case MonitorFormat::Json: write_json(out, result); return;
  }
}

}  // namespace bpm::monitor
