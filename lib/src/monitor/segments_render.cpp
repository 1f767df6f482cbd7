// Segments as a table, markdown, csv or json, through the report layer (bpm/report/document.hpp).
#include <cmath>

#include <fmt/format.h>

#include "bpm/kpi/report_format.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/monitor/segments.hpp"
#include "bpm/report/document.hpp"
#include "monitor/layer_format.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }
report::Node number(double v) { return std::isfinite(v) ? report::Node::number(v) : report::Node::null(); }

report::Value measure(double v, MetricUnit unit) {
  return std::isfinite(v) ? report::Value::measure(v, unit) : report::Value::null();
}

}  // namespace

std::string segment_cell(const SegmentMetric& m, const SegmentValue& v) {
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

namespace {

/// The segments as one report document: for people one row per segment with each KPI's interval
/// and direction, for CSV one row per segment and KPI, for JSON the segments as a tree.
report::Document segments_document(const SegmentResult& r) {
  using report::Value;
  report::Document doc(fmt::format("Segments by {}: {} segment(s) of {} cases ({} completed)", r.by, r.segments.size(),
                                   count_text(r.overall.cases), count_text(r.overall.completed)),
                       "bpm-kpi-segments/1");
  doc.field("by", Value::text(r.by), report::kPrograms);
  doc.field("alpha", Value::measure(r.alpha, MetricUnit::Number), report::kPrograms);
  doc.field("overlapping", Value::boolean(r.overlapping), report::kPrograms);
  std::vector<report::Column> columns{{"segment", r.by}, {"cases"}, {"completed"}};
  for (const SegmentMetric& m : r.metrics) columns.emplace_back(m.name);
  report::Table& people = doc.table("segments", "", columns, report::kPeople);
  report::Table& csv = doc.table("values", "",
                                 {{"segment"},
                                  {"cases"},
                                  {"completed"},
                                  {"metric"},
                                  {"value"},
                                  {"low"},
                                  {"high"},
                                  {"n"},
                                  {"p_value"},
                                  {"significant"},
                                  {"direction"}},
                                 report::kCsv);
  report::Node& tree = doc.tree("segments");
  tree = report::Node::list();  // the tree starts as a mapping
  report::Node overall_node = report::Node::null();
  auto add = [&](const Segment& seg, bool overall) {
    std::vector<Value> row{Value::text(seg.value), Value::integer(static_cast<long long>(seg.cases)),
                           Value::integer(static_cast<long long>(seg.completed))};
    report::Node node = report::Node::map();
    node.set("segment", report::Node::string(seg.value));
    node.set("cases", report::Node::integer(seg.cases));
    node.set("completed", report::Node::integer(seg.completed));
    report::Node metrics = report::Node::map();
    for (std::size_t k = 0; k < r.metrics.size(); ++k) {
      const SegmentMetric& m = r.metrics[k];
      const SegmentValue& v = seg.values[k];
      row.push_back(Value::text(segment_cell(m, v)));
      csv.add({Value::text(seg.value), Value::integer(static_cast<long long>(seg.cases)),
               Value::integer(static_cast<long long>(seg.completed)), Value::text(m.name), measure(v.value, m.unit),
               measure(v.low, m.unit), measure(v.high, m.unit), Value::integer(static_cast<long long>(v.n)),
               measure(v.p_value, MetricUnit::Number), Value::boolean(v.significant), Value::integer(v.direction)});
      report::Node value = report::Node::map();
      value.set("value", number(v.value));
      value.set("unit", report::Node::string(metric_unit_name(m.unit)));
      value.set("low", number(v.low));
      value.set("high", number(v.high));
      value.set("n", report::Node::integer(v.n));
      value.set("p_value", number(v.p_value));
      value.set("significant", report::Node::boolean(v.significant));
      value.set("direction", report::Node::integer(static_cast<std::int64_t>(v.direction)));
      metrics.set(m.name, std::move(value));
    }
    node.set("metrics", std::move(metrics));
    people.add(std::move(row), overall ? report::Style::Strong : report::Style::Plain);
    if (overall) {
      overall_node = std::move(node);
    } else {
      tree.push(std::move(node));
    }
  };
  for (const Segment& seg : r.segments) add(seg, false);
  add(r.overall, true);
  doc.tree("overall") = std::move(overall_node);
  doc.text("notes", r.notes);
  return doc;
}

}  // namespace

void write_segments(std::ostream& out, const SegmentResult& result, MonitorFormat format) {
  out << report::render(segments_document(result), report_format(format));
}

}  // namespace bpm::monitor
