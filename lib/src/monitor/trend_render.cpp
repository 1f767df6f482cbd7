// Trends as tables, markdown, csv or json, through the report layer (bpm/report/document.hpp).
#include <cmath>

#include <fmt/format.h>

#include "bpm/kpi/report_format.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/monitor/trend.hpp"
#include "bpm/report/document.hpp"
#include "monitor/layer_format.hpp"

namespace bpm::monitor {
namespace {

report::Value measure(double v, MetricUnit unit) {
  return std::isfinite(v) ? report::Value::measure(v, unit) : report::Value::null();
}

report::Node number(double v) { return std::isfinite(v) ? report::Node::number(v) : report::Node::null(); }

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

/// The trends as one report document: for people a table per chart, for programs the charts as a
/// tree (JSON) or one row per point (CSV).
report::Document trend_document(const TrendResult& r) {
  using report::Value;
  report::Document doc(fmt::format("Trend by {}", period_name(r.period)), "bpm-kpi-trend/1");
  doc.field("period", Value::text(period_name(r.period)), report::kPrograms);
  doc.field("replications", Value::integer(r.replications), report::kPrograms);
  report::Node& charts = doc.tree("charts");
  charts = report::Node::list();  // the tree starts as a mapping
  report::Table& csv = doc.table("points", "",
                                 {{"metric"},
                                  {"chart"},
                                  {"period"},
                                  {"n"},
                                  {"value"},
                                  {"centre"},
                                  {"lower"},
                                  {"upper"},
                                  {"signal"},
                                  {"partial"},
                                  {"ramp_up"},
                                  {"baseline"}},
                                 report::kCsv);
  for (const TrendChart& c : r.charts) {
    report::Table& table =
        doc.table(c.metric, fmt::format("{} ({}: {})", c.metric, chart_name(c.chart), description(c)),
                  {{"period", period_name(r.period)},
                   {"n"},
                   {"value", c.metric},
                   {"centre"},
                   {"lower", "lower limit"},
                   {"upper", "upper limit"},
                   {"flag", ""}},
                  report::kPeople);
    report::Node points = report::Node::list();
    for (const TrendPoint& p : c.points) {
      table.add({Value::text(p.label + (p.baseline ? "" : " *")), Value::integer(static_cast<long long>(p.n)),
                 measure(p.value, c.unit), measure(p.centre, c.unit), measure(p.lower, c.unit),
                 measure(p.upper, c.unit), Value::text(flag(p))},
                p.signal != 0 ? report::Style::Bad : report::Style::Plain);
      csv.add({Value::text(c.metric), Value::text(chart_name(c.chart)), Value::text(p.label),
               Value::integer(static_cast<long long>(p.n)), measure(p.value, c.unit), measure(p.centre, c.unit),
               measure(p.lower, c.unit), measure(p.upper, c.unit), Value::integer(p.signal), Value::boolean(p.partial),
               Value::boolean(p.ramp_up), Value::boolean(p.baseline)});
      report::Node point = report::Node::map();
      point.set("period", report::Node::string(p.label));
      point.set("n", report::Node::integer(p.n));
      point.set("value", number(p.value));
      point.set("centre", number(p.centre));
      point.set("lower", number(p.lower));
      point.set("upper", number(p.upper));
      point.set("signal", report::Node::integer(static_cast<std::int64_t>(p.signal)));
      point.set("partial", report::Node::boolean(p.partial));
      point.set("ramp_up", report::Node::boolean(p.ramp_up));
      point.set("baseline", report::Node::boolean(p.baseline));
      points.push(std::move(point));
    }
    report::Node chart = report::Node::map();
    chart.set("metric", report::Node::string(c.metric));
    chart.set("unit", report::Node::string(metric_unit_name(c.unit)));
    chart.set("chart", report::Node::string(chart_name(c.chart)));
    chart.set("latest", report::Node::string(c.latest_label));
    chart.set("latest_out_of_control", report::Node::boolean(c.latest_out_of_control));
    chart.set("points", std::move(points));
    charts.push(std::move(chart));
  }
  const std::vector<std::string> signals = r.latest_signals();
  std::vector<std::string> verdict = {signals.empty() ? "latest period in control on every chart"
                                                      : "out of control in the latest period:"};
  for (const std::string& line : signals) verdict.push_back("  " + line);
  verdict.emplace_back("* not a baseline period (not used for the limits)");
  doc.text("", verdict);
  doc.text("notes", r.notes);
  return doc;
}

}  // namespace

void write_trend(std::ostream& out, const TrendResult& result, MonitorFormat format) {
  out << report::render(trend_document(result), report_format(format));
}

}  // namespace bpm::monitor
