// The conformance report as a table, markdown, csv or json, through the report layer
// (bpm/report/document.hpp).
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/conformance.hpp"
#include "bpm/report/document.hpp"
#include "monitor/figures_table.hpp"
#include "monitor/layer_format.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }

std::string share_text(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? kpi::format_value(static_cast<double>(part) / static_cast<double>(whole), kpi::Unit::Fraction)
                   : "n/a";
}

std::string ratio_text(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : "n/a"; }

std::string p_text(double p) {
  if (!std::isfinite(p)) return "";
  return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string heading(const ConformanceResult& r) {
  return fmt::format("Conformance to {}: {} cases ({} completed, {} in flight{})",
                     r.title.empty() ? "the process" : r.title, count_text(r.cases), count_text(r.completed),
                     count_text(r.in_flight), r.not_checked > 0 ? fmt::format(", {} not checked", r.not_checked) : "");
}

std::vector<std::pair<std::string, std::string>> summary_rows(const ConformanceResult& r) {
  const std::uint64_t checked = r.cases - r.not_checked;
  return {
      {"cases that fit",
       fmt::format("{} of {} ({})", count_text(r.fitting), count_text(checked), share_text(r.fitting, checked))},
      {"completed cases that fit", fmt::format("{} of {} ({})", count_text(r.fitting_completed),
                                               count_text(r.completed), share_text(r.fitting_completed, r.completed))},
      {"log fitness", ratio_text(r.log_fitness)},
      {"mean case fitness", ratio_text(r.mean_fitness)},
      {"precision", std::isfinite(r.precision) ? fmt::format("{} (escaping edges, {} completed cases)",
                                                             ratio_text(r.precision), count_text(r.precision_cases))
                                               : "n/a (no completed case)"},
      {"cycle time of fitting cases",
       std::isfinite(r.fitting_cycle_mean) ? humanize_duration(r.fitting_cycle_mean) : "n/a"},
  };
}

report::Node number(double v) { return std::isfinite(v) ? report::Node::number(v) : report::Node::null(); }

report::Node strings(const std::vector<std::string>& items) {
  report::Node list = report::Node::list(true);
  for (const std::string& item : items) list.push(report::Node::string(item));
  return list;
}

/// The conformance report as one report document: the summary (a table for people, fields for
/// programs), the deviations (CSV: only they) and the first deviating cases.
report::Document conformance_document(const ConformanceResult& r) {
  using report::Value;
  report::Document doc(heading(r), "bpm-kpi-conformance/1");
  const auto count = [](std::uint64_t n) { return Value::integer(static_cast<long long>(n)); };
  const auto ratio = [](double v) { return std::isfinite(v) ? Value::measure(v, MetricUnit::Number) : Value::null(); };
  doc.field("process", Value::text(r.title), report::kPrograms);
  doc.field("cases", count(r.cases), report::kPrograms);
  doc.field("completed", count(r.completed), report::kPrograms);
  doc.field("in_flight", count(r.in_flight), report::kPrograms);
  doc.field("not_checked", count(r.not_checked), report::kPrograms);
  doc.field("fitting", count(r.fitting), report::kPrograms);
  doc.field("fitting_completed", count(r.fitting_completed), report::kPrograms);
  doc.field("log_fitness", ratio(r.log_fitness), report::kPrograms);
  doc.field("mean_fitness", ratio(r.mean_fitness), report::kPrograms);
  doc.field("precision", ratio(r.precision), report::kPrograms);
  doc.field("precision_cases", count(r.precision_cases), report::kPrograms);
  doc.field(
      "fitting_cycle_mean",
      std::isfinite(r.fitting_cycle_mean) ? Value::measure(r.fitting_cycle_mean, MetricUnit::Duration) : Value::null(),
      report::kPrograms);
  report::Table& summary = doc.table("summary", "", {{"measure"}, {"value"}}, report::kPeople);
  for (const auto& [name, value] : summary_rows(r)) summary.add({Value::text(name), Value::text(value)});
  add_figures(doc, conformance_figures(r), report::kPeople | report::kPrograms);

  report::Table& deviations = doc.table(
      "deviations",
      r.deviations.empty() ? "" : "Deviations, most frequent first (cycle time: mean of the completed cases with it)",
      {{"deviation"},
       {"kind", "kind", report::kMachines},
       {"cases"},
       {"share", "share", report::kPeople},
       {"occurrences", "times"},
       {"completed", "completed", report::kMachines},
       {"cycle_mean", "cycle time"},
       {"cycle_effect", "vs fitting"},
       {"p_value", "p"},
       {"examples"}},
      report::kPeople | report::kCsv);
  report::Node& deviation_tree = doc.tree("deviations");
  deviation_tree = report::Node::list();  // the tree starts as a mapping
  const std::uint64_t checked = r.cases - r.not_checked;
  for (const DeviationSummary& d : r.deviations) {
    deviations.add(
        {Value::text(d.text), Value::text(d.kind), count(d.cases),
         checked > 0 ? Value::measure(static_cast<double>(d.cases) / static_cast<double>(checked), MetricUnit::Fraction)
                     : Value::null(),
         count(d.occurrences), count(d.completed),
         std::isfinite(d.cycle_mean) ? Value::measure(d.cycle_mean, MetricUnit::Duration) : Value::null(),
         std::isfinite(d.cycle_effect) ? Value::difference(d.cycle_effect, MetricUnit::Duration) : Value::null(),
         std::isfinite(d.p_value) ? Value::label(p_text(d.p_value), d.p_value) : Value::null(),
         Value::text(join(d.examples, ", "))});
    report::Node node = report::Node::map();
    node.set("deviation", report::Node::string(d.text));
    node.set("kind", report::Node::string(d.kind));
    node.set("cases", report::Node::integer(d.cases));
    node.set("occurrences", report::Node::integer(d.occurrences));
    node.set("examples", strings(d.examples));
    node.set("completed", report::Node::integer(d.completed));
    node.set("cycle_mean", number(d.cycle_mean));
    node.set("cycle_effect", number(d.cycle_effect));
    node.set("p_value", number(d.p_value));
    deviation_tree.push(std::move(node));
  }
  if (r.deviations.empty()) doc.text("", {"no deviations: every case fits the process"});

  report::Table& cases = doc.table("example_cases", fmt::format("First {} deviating cases", r.example_cases.size()),
                                   {{"case"}, {"status"}, {"events"}, {"fitness"}, {"deviations"}}, report::kPeople);
  report::Node& case_tree = doc.tree("example_cases");
  case_tree = report::Node::list();
  for (const CaseConformance& c : r.example_cases) {
    const char* status = c.completed ? "completed" : "in flight";
    cases.add({Value::text(c.id), Value::text(status), count(c.events), Value::text(ratio_text(c.fitness)),
               Value::text(join(c.deviations, "; "))});
    report::Node node = report::Node::map();
    node.set("case", report::Node::string(c.id));
    node.set("replication", report::Node::integer(static_cast<std::uint64_t>(c.replication)));
    node.set("status", report::Node::string(status));
    node.set("events", report::Node::integer(c.events));
    node.set("fitness", number(c.fitness));
    node.set("deviations", strings(c.deviations));
    case_tree.push(std::move(node));
  }
  doc.text("notes", r.notes);
  return doc;
}

}  // namespace

ConformanceFormat parse_conformance_format(std::string_view name) {
  if (name == "table") return ConformanceFormat::Table;
  if (name == "markdown" || name == "md") return ConformanceFormat::Markdown;
  if (name == "csv") return ConformanceFormat::Csv;
  if (name == "json") return ConformanceFormat::Json;
  throw UsageError(fmt::format("unknown conformance format '{}' (expected table, markdown, csv or json)", name));
}

void write_conformance(std::ostream& out, const ConformanceResult& result, ConformanceFormat format) {
  report::Format layer = report::Format::Json;
  switch (format) {
    case ConformanceFormat::Table: layer = report::Format::Table; break;
    case ConformanceFormat::Markdown: layer = report::Format::Markdown; break;
    case ConformanceFormat::Csv: layer = report::Format::Csv; break;
    case ConformanceFormat::Json: break;
  }
  out << report::render(conformance_document(result), layer);
}

}  // namespace bpm::monitor
