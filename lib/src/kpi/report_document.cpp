// A bpm-kpi report as one report document (bpm/report/document.hpp): the sections of
// report_sections.cpp for people, the `bpm-kpi-report/1` tree for programs (schema in
// share/doc/bpm-kpi.md; read back by report_reader.cpp), and for CSV one row per metric, KPI and
// objective.
#include <fmt/format.h>

#include <cmath>

#include "bpm/core/error.hpp"
#include "kpi/report_sections.hpp"

namespace bpm::kpi {
namespace {

using report::Node;
using report::Value;

Node number(double v) { return Node::number(v); }
Node count(std::uint64_t n) { return Node::integer(n); }
Node strings(const std::vector<std::string>& items) {
  Node list = Node::list(true);
  for (const std::string& s : items) list.push(Node::string(s));
  return list;
}
Node target_node(const std::optional<Target>& t) { return t ? Node::string(t->text) : Node::null(); }

report::Style style_of(Status status) {
  switch (status) {
    case Status::Green: return report::Style::Good;
    case Status::Amber: return report::Style::Warning;
    case Status::Red: return report::Style::Bad;
    case Status::Unknown: return report::Style::Muted;
    case Status::None: break;
  }
  return report::Style::Plain;
}

void add_people(report::Document& doc, const Report& r) {
  // source, window, replications and cases read as fields; notes as lines.
  for (const std::string& line : report_summary_lines(r)) {
    const std::size_t colon = line.find(": ");
    if (line.rfind("note: ", 0) == 0 || colon == std::string::npos) continue;
    doc.field(line.substr(0, colon), Value::text(line.substr(colon + 2)), report::kPeople);
  }
  std::vector<std::string> notes;
  for (const std::string& note : r.notes) notes.push_back("note: " + note);
  if (!notes.empty()) doc.text({}, std::move(notes));
  for (const Section& s : build_sections(r)) {
    std::vector<report::Column> columns(s.headers.begin(), s.headers.end());
    report::Table& table = doc.table(s.id, s.title, std::move(columns), report::kPeople);
    for (std::size_t row = 0; row < s.table.size(); ++row) {
      std::vector<Value> cells;
      for (std::size_t c = 0; c < s.table[row].size(); ++c) {
        const bool right = c > 0 && c < s.align.size() && s.align[c] == Section::Align::Right;
        // Cells arrive formatted; a label keeps a figure right-aligned.
        cells.push_back(right ? Value::label(s.table[row][c], std::nan("")) : Value::text(s.table[row][c]));
      }
      table.add(std::move(cells), style_of(row < s.status.size() ? s.status[row] : Status::None));
    }
    table.notes = s.lines;
  }
}

void add_programs(report::Document& doc, const Report& r) {
  doc.field("kind", Value::text(r.kind), report::kPrograms);
  doc.field("title", Value::text(r.title), report::kPrograms);
  doc.tree("sources") = strings(r.sources);
  doc.field("convention", Value::text(r.convention), report::kPrograms);
  Node& window = doc.tree("window");
  const bool has_window = r.window_end > r.window_start;
  window.set("start", has_window ? Node::string(format_datetime(r.window_start)) : Node::null());
  window.set("end", has_window ? Node::string(format_datetime(r.window_end)) : Node::null());
  doc.field("replications", Value::integer(r.replications), report::kPrograms);
  Node& metrics = doc.tree("metrics");
  for (const Metric& m : r.metrics) {
    Node node = Node::map(true);
    node.set("value", number(m.value));
    node.set("unit", Node::string(metric_unit_name(m.unit)));
    if (m.n > 1) {
      node.set("sd", number(m.sd));
      node.set("half_width", number(m.half_width));
      node.set("n", count(m.n));
    }
    metrics.set(m.name, std::move(node));
  }
  Node& kpis = doc.tree("kpis") = Node::list();
  for (const KpiResult& k : r.kpis) {
    Node node = Node::map();
    node.set("id", Node::string(k.id));
    node.set("formula", Node::string(k.formula));
    node.set("unit", Node::string(k.unit));
    node.set("value", number(k.value));
    node.set("value_unit", Node::string(metric_unit_name(k.value_unit)));
    node.set("target", target_node(k.target));
    node.set("status", Node::string(status_name(k.status)));
    node.set("depth", Node::integer(static_cast<std::int64_t>(k.depth)));
    node.set("children", strings(k.children));
    if (k.half_width > 0) node.set("half_width", number(k.half_width));
    if (!k.description.empty()) node.set("description", Node::string(k.description));
    if (!k.error.empty()) node.set("error", Node::string(k.error));
    kpis.push(std::move(node));
  }
  Node& objectives = doc.tree("objectives") = Node::list();
  for (const ObjectiveResult& o : r.objectives) {
    Node node = Node::map();
    node.set("kpi", Node::string(o.kpi));
    node.set("value", number(o.value));
    node.set("unit", Node::string(metric_unit_name(o.unit)));
    node.set("target", target_node(o.target));
    node.set("baseline", o.baseline ? number(*o.baseline) : Node::null());
    node.set("status", Node::string(status_name(o.status)));
    objectives.push(std::move(node));
  }
  Node& activities = doc.tree("activities") = Node::list();
  for (const ActivityRow& a : r.activities) {
    Node node = Node::map();
    node.set("name", Node::string(a.name));
    node.set("count", count(a.count));
    node.set("cases", count(a.cases));
    node.set("repeats", count(a.repeats));
    node.set("waiting_total", number(a.waiting_total));
    node.set("processing_total", number(a.processing_total));
    node.set("cost_total", number(a.cost_total));
    node.set("known", Node::boolean(a.known));
    activities.push(std::move(node));
  }
  Node& resources = doc.tree("resources") = Node::list();
  for (const ResourceRow& x : r.resources) {
    Node node = Node::map();
    node.set("name", Node::string(x.name));
    node.set("count", count(x.count));
    node.set("busy", number(x.busy));
    node.set("capacity", number(x.capacity));
    node.set("hours", Node::string(x.hours));
    node.set("waiting_total", number(x.waiting_total));
    node.set("cost_total", number(x.cost_total));
    resources.push(std::move(node));
  }
  Node& variants = doc.tree("variants");
  variants.set("count", count(r.variant_count));
  Node& top = variants.set("top", Node::list());
  for (const VariantRow& v : r.variants) {
    Node node = Node::map();
    node.set("count", count(v.count));
    node.set("cycle_mean", number(v.cycle_mean));
    node.set("activities", strings(v.activities));
    top.push(std::move(node));
  }
  Node& series = doc.tree("series") = Node::list();
  for (const DayPoint& p : r.series) {
    Node node = Node::map(true);
    node.set("day", Node::string(format_datetime(p.day).substr(0, 10)));
    node.set("arrivals", number(p.arrivals));
    node.set("completions", number(p.completions));
    node.set("wip", number(p.wip));
    series.push(std::move(node));
  }
  Node& bins = doc.tree("cycle_time_histogram") = Node::list();
  for (const HistogramBin& b : r.cycle_histogram) {
    Node node = Node::map(true);
    node.set("lower", number(b.lower));
    node.set("upper", number(b.upper));
    node.set("count", number(b.count));
    bins.push(std::move(node));
  }
  if (r.conformance.checked) {
    Node& conformance = doc.tree("conformance");
    conformance.set("cases_checked", count(r.conformance.cases_checked));
    conformance.set("cases_ending_nowhere", count(r.conformance.cases_ending_nowhere));
    conformance.set("ending_nowhere_examples", strings(r.conformance.ending_nowhere_examples));
    Node& unknown = conformance.set("unknown_activities", Node::map());
    for (const auto& [name, n] : r.conformance.unknown_activities) unknown.set(name, count(n));
  }
  Node& issues = doc.tree("issues");
  Node& counts = issues.set("counts", Node::map());
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    if (r.issues.count_of(kind) > 0) counts.set(issue_kind_name(kind), count(r.issues.count_of(kind)));
  }
  Node& examples = issues.set("examples", Node::list());
  for (const Issue& i : r.issues.examples()) {
    Node node = Node::map();
    node.set("kind", Node::string(issue_kind_name(i.kind)));
    node.set("where", Node::string(i.where.str()));
    node.set("message", Node::string(i.message));
    examples.push(std::move(node));
  }
  doc.tree("notes") = strings(r.notes);
}

void add_csv(report::Document& doc, const Report& r) {
  report::Table& table =
      doc.table("rows", "Metrics, KPIs and objectives",
                {"kind", "name", "value", "unit", "half_width", "n", "target", "status"}, report::kCsv);
  const auto unit_text = [](Unit u) { return Value::text(metric_unit_name(u)); };
  for (const Metric& m : r.metrics) {
    table.add({Value::text("metric"), Value::text(m.name), Value::measure(m.value, m.unit), unit_text(m.unit),
               m.n > 1 ? Value::measure(m.half_width, m.unit) : Value::null(),
               m.n > 1 ? Value::integer(static_cast<long long>(m.n)) : Value::null(), Value::null(), Value::null()});
  }
  for (const KpiResult& k : r.kpis) {
    table.add({Value::text("kpi"), Value::text(k.id), Value::measure(k.value, k.value_unit), Value::text(k.unit),
               k.half_width > 0 ? Value::measure(k.half_width, k.value_unit) : Value::null(), Value::null(),
               k.target ? Value::text(k.target->text) : Value::null(),
               k.target ? Value::text(status_name(k.status)) : Value::null()});
  }
  for (const ObjectiveResult& o : r.objectives) {
    table.add({Value::text("objective"), Value::text(o.kpi), Value::measure(o.value, o.unit), unit_text(o.unit),
               Value::null(), Value::null(), o.target ? Value::text(o.target->text) : Value::null(),
               o.target ? Value::text(status_name(o.status)) : Value::null()});
  }
}

}  // namespace

report::Document report_document(const Report& r) {
  report::Document doc(report_heading(r), std::string(kReportFormatId));
  doc.yaml_comment = "bpm-kpi report; durations in seconds, fractions as fractions (share/doc/bpm-kpi.md)";
  add_people(doc, r);
  add_programs(doc, r);
  add_csv(doc, r);
  return doc;
}

ReportFormat parse_report_format(std::string_view name) {
  if (name == "html") return ReportFormat::Html;
  static constexpr report::Format kFormats[] = {report::Format::Table, report::Format::Markdown, report::Format::Csv,
                                                report::Format::Json, report::Format::Yaml};
  try {
    switch (report::parse_format(name, kFormats)) {
      case report::Format::Table: return ReportFormat::Table;
      case report::Format::Markdown: return ReportFormat::Markdown;
      case report::Format::Csv: return ReportFormat::Csv;
      case report::Format::Json: return ReportFormat::Json;
      case report::Format::Yaml: return ReportFormat::Yaml;
    }
  } catch (const UsageError&) {
  }
  throw UsageError(fmt::format("unknown format '{}' (expected table, markdown, csv, json, yaml or html)", name));
}

std::optional<report::Format> layer_format(ReportFormat format) noexcept {
  switch (format) {
    case ReportFormat::Table: return report::Format::Table;
    case ReportFormat::Markdown: return report::Format::Markdown;
    case ReportFormat::Csv: return report::Format::Csv;
    case ReportFormat::Json: return report::Format::Json;
    case ReportFormat::Yaml: return report::Format::Yaml;
    case ReportFormat::Html: break;
  }
  return std::nullopt;
}

void write_report(std::ostream& out, const Report& report, ReportFormat format, const WriteOptions& options) {
  if (format == ReportFormat::Html) {
    write_html_report(out, report, options);
    return;
  }
  report::RenderOptions render;
  render.colour = options.colour;
  out << report::render(report_document(report), *layer_format(format), render);
}

}  // namespace bpm::kpi
