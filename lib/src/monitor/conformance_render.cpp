// The conformance report as a table, markdown, csv or json.
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/conformance.hpp"
#include "kpi/text_table.hpp"
#include "monitor/table_text.hpp"

namespace bpm::monitor {
namespace {

std::string count_text(std::uint64_t n) { return kpi::format_value(static_cast<double>(n), kpi::Unit::Count); }

std::string share_text(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? kpi::format_value(static_cast<double>(part) / static_cast<double>(whole), kpi::Unit::Fraction)
                   : "n/a";
}

std::string ratio_text(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : "n/a"; }

std::string signed_duration(double seconds) {
  if (!std::isfinite(seconds)) return "";
  return fmt::format("{}{}", seconds < 0 ? "-" : "+", humanize_duration(std::fabs(seconds)));
}

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

void write_text(std::ostream& out, const ConformanceResult& r, bool markdown) {
  using kpi::TextTable;
  TextTable summary({"measure", "value"}, alignment("ll"));
  for (const auto& [name, value] : summary_rows(r)) summary.add({name, value});
  TextTable deviations({"deviation", "cases", "share", "times", "cycle time", "vs fitting", "p", "examples"},
                       alignment("lrrrrrrl"));
  for (const DeviationSummary& d : r.deviations) {
    deviations.add({d.text, count_text(d.cases), share_text(d.cases, r.cases - r.not_checked),
                    count_text(d.occurrences), std::isfinite(d.cycle_mean) ? humanize_duration(d.cycle_mean) : "",
                    signed_duration(d.cycle_effect), p_text(d.p_value), join(d.examples, ", ")});
  }
  TextTable cases({"case", "status", "events", "fitness", "deviations"}, alignment("llrrl"));
  for (const CaseConformance& c : r.example_cases) {
    cases.add({c.id, c.completed ? "completed" : "in flight", count_text(c.events), ratio_text(c.fitness),
               join(c.deviations, "; ")});
  }
  const std::string dev_title = "Deviations, most frequent first (cycle time: mean of the completed cases with it)";
  const std::string case_title = fmt::format("First {} deviating cases", r.example_cases.size());
  if (markdown) {
    out << "# " << heading(r) << "\n\n";
    summary.write_markdown(out);
    if (!deviations.empty()) {
      out << "\n## " << dev_title << "\n\n";
      deviations.write_markdown(out);
      out << "\n## " << case_title << "\n\n";
      cases.write_markdown(out);
    }
    if (!r.notes.empty()) out << '\n';
    for (const std::string& note : r.notes) out << "- " << note << '\n';
    return;
  }
  out << heading(r) << "\n\n";
  summary.write_text(out);
  if (!deviations.empty()) {
    out << '\n' << upper(dev_title) << '\n';
    deviations.write_text(out);
    out << '\n' << upper(case_title) << '\n';
    cases.write_text(out);
  } else {
    out << "\nno deviations: every case fits the process\n";
  }
  if (!r.notes.empty()) out << '\n';
  for (const std::string& note : r.notes) out << "note: " << note << '\n';
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

void write_json(std::ostream& out, const ConformanceResult& r) {
  nlohmann::ordered_json doc;
  doc["format"] = "bpm-kpi-conformance/1";
  doc["process"] = r.title;
  doc["cases"] = r.cases;
  doc["completed"] = r.completed;
  doc["in_flight"] = r.in_flight;
  doc["not_checked"] = r.not_checked;
  doc["fitting"] = r.fitting;
  doc["fitting_completed"] = r.fitting_completed;
  doc["log_fitness"] = number(r.log_fitness);
  doc["mean_fitness"] = number(r.mean_fitness);
  doc["precision"] = number(r.precision);
  doc["precision_cases"] = r.precision_cases;
  doc["fitting_cycle_mean"] = number(r.fitting_cycle_mean);
  nlohmann::ordered_json deviations = nlohmann::ordered_json::array();
  for (const DeviationSummary& d : r.deviations) {
    deviations.push_back({{"deviation", d.text},
                          {"kind", d.kind},
                          {"cases", d.cases},
                          {"occurrences", d.occurrences},
                          {"examples", d.examples},
                          {"completed", d.completed},
                          {"cycle_mean", number(d.cycle_mean)},
                          {"cycle_effect", number(d.cycle_effect)},
                          {"p_value", number(d.p_value)}});
  }
  doc["deviations"] = std::move(deviations);
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const CaseConformance& c : r.example_cases) {
    cases.push_back({{"case", c.id},
                     {"replication", c.replication},
                     {"status", c.completed ? "completed" : "in flight"},
                     {"events", c.events},
                     {"fitness", number(c.fitness)},
                     {"deviations", c.deviations}});
  }
  doc["example_cases"] = std::move(cases);
  doc["notes"] = r.notes;
  out << doc.dump(2) << '\n';
}

void write_csv(std::ostream& out, const ConformanceResult& r) {
  out << "deviation,kind,cases,occurrences,completed,cycle_mean,cycle_effect,p_value,examples\n";
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  for (const DeviationSummary& d : r.deviations) {
    out << csv_escape(d.text) << ',' << d.kind << ',' << d.cases << ',' << d.occurrences << ',' << d.completed << ','
        << num(d.cycle_mean) << ',' << num(d.cycle_effect) << ',' << num(d.p_value) << ','
        << csv_escape(join(d.examples, " ")) << '\n';
  }
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
  switch (format) {
    case ConformanceFormat::Table: write_text(out, result, false); return;
    case ConformanceFormat::Markdown: write_text(out, result, true); return;
    case ConformanceFormat::Csv: write_csv(out, result); return;
    case ConformanceFormat::Json: write_json(out, result); return;
  }
}

}  // namespace bpm::monitor
