// The log-distance report as a report document (bpm/report/document.hpp): the measures as a table
// for people, full precision and every replication's value for programs.
#include "bpm/distance/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/report/document.hpp"

namespace bpm::distance {
namespace {

using report::Node;
using report::Value;

std::string measure_label(const DistanceReport& report, Measure m) {
  return m == Measure::NGram ? fmt::format("ngram (n={})", report.ngram) : std::string(measure_name(m));
}

/// Hours for the time-based measures; a plain number for the fractions in [0, 1].
MetricUnit unit_of(Measure m) { return measure_unit(m).empty() ? MetricUnit::Number : MetricUnit::Hours; }
std::string unit_name(Measure m) { return measure_unit(m).empty() ? "fraction" : "hours"; }

std::string simulated_summary(const DistanceReport& report) {
  const std::size_t k = report.simulated_labels.size();
  std::uint64_t low = UINT64_MAX;
  std::uint64_t high = 0;
  for (const std::uint64_t c : report.simulated_cases) {
    low = std::min(low, c);
    high = std::max(high, c);
  }
  const std::string cases = low == high ? fmt::format("{} cases", low) : fmt::format("{}-{} cases", low, high);
  if (k == 1) return fmt::format("{} ({})", report.simulated_labels.front(), cases);
  return fmt::format("{} replications ({} each)", k, cases);
}

Node measures_tree(const DistanceReport& report) {
  Node measures = Node::map();
  for (const DistanceReport::Row& row : report.rows) {
    Node& m = measures.set(measure_name(row.measure), Node::map());
    m.set("mean", Node::number(row.estimate.mean));
    m.set("half_width", Node::number(row.estimate.half_width));
    m.set("unit", Node::string(unit_name(row.measure)));
    Node& values = m.set("values", Node::list(true));
    for (const double v : row.values) values.push(Node::number(v));
    if (!row.notes.empty()) {
      Node& notes = m.set("notes", Node::list());
      for (const std::string& note : row.notes) notes.push(Node::string(note));
    }
  }
  return measures;
}

}  // namespace

DistanceFormat parse_distance_format(std::string_view name) {
  switch (report::parse_format(name)) {
    case report::Format::Table: return DistanceFormat::Table;
    case report::Format::Markdown: return DistanceFormat::Markdown;
    case report::Format::Csv: return DistanceFormat::Csv;
    case report::Format::Json: return DistanceFormat::Json;
    case report::Format::Yaml: return DistanceFormat::Yaml;
  }
  return DistanceFormat::Table;
}

report::Document distance_document(const DistanceReport& report) {
  report::Document doc("Log distance: the simulated logs against the real one", std::string(kDistanceFormatId));
  doc.field("real", Value::text(fmt::format("{} ({} cases)", report.real_label, report.real_cases)), report::kPeople);
  doc.field("simulated", Value::text(simulated_summary(report)), report::kPeople);

  Node& real = doc.tree("real") = Node::map();
  real.set("source", Node::string(report.real_label));
  real.set("cases", Node::integer(report.real_cases));
  real.set("events", Node::integer(report.real_events));
  Node& simulated = doc.tree("simulated") = Node::list();
  for (std::size_t k = 0; k < report.simulated_labels.size(); ++k) {
    Node& one = simulated.push(Node::map());
    one.set("source", Node::string(report.simulated_labels[k]));
    one.set("cases", Node::integer(k < report.simulated_cases.size() ? report.simulated_cases[k] : 0));
  }
  doc.field("ngram_n", Value::integer(static_cast<long long>(report.ngram)), report::kPrograms);
  doc.field("confidence", Value::measure(0.95, MetricUnit::Number), report::kPrograms);
  doc.tree("measures") = measures_tree(report);

  // For people: "mean ± half-width" (the mean alone for one simulated log), in hours or as a
  // plain number; notes under the table.
  report::Table& table = doc.table("measures", "Measures (mean ± 95% half-width over the simulated logs)",
                                   {{"measure"}, {"distance"}, {"what"}}, report::kPeople);
  for (const DistanceReport::Row& row : report.rows) {
    table.add({Value::text(measure_label(report, row.measure)),
               Value::estimate(row.estimate.mean, row.estimate.half_width, unit_of(row.measure)),
               Value::text(std::string(measure_description(row.measure)))});
    for (const std::string& note : row.notes)
      table.notes.push_back(fmt::format("{}: {}", measure_name(row.measure), note));
  }
  // CSV: one row per measure, full precision.
  report::Table& csv = doc.table("measures", "Measures",
                                 {{"measure"}, {"mean"}, {"half_width"}, {"replications"}, {"unit"}}, report::kCsv);
  for (const DistanceReport::Row& row : report.rows) {
    csv.add({Value::text(std::string(measure_name(row.measure))), Value::measure(row.estimate.mean, MetricUnit::Number),
             Value::measure(row.estimate.half_width, MetricUnit::Number),
             Value::integer(static_cast<long long>(row.values.size())), Value::text(unit_name(row.measure))});
  }
  return doc;
}

void write_distance_report(std::ostream& out, const DistanceReport& report, DistanceFormat format) {
  static constexpr report::Format kFormats[] = {report::Format::Table, report::Format::Markdown, report::Format::Csv,
                                                report::Format::Json, report::Format::Yaml};
  out << report::render(distance_document(report), kFormats[static_cast<std::size_t>(format)]);
}

}  // namespace bpm::distance
