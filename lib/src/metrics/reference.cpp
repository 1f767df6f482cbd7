// The metric vocabulary as a report of the one report layer: `bpm-kpi metrics` in every format,
// and the reference tables of share/doc/metrics.md, generated from the registry.
#include "bpm/metrics/reference.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include "bpm/metrics/registry.hpp"

namespace bpm::metrics {
namespace {

const char* source_text(Source source) noexcept {
  switch (source) {
    case Source::Simulation: return "simulation";
    case Source::Log: return "log";
    case Source::Both: return "both";
    case Source::LogAnalysis: return "log analysis";
  }
  return "";
}

std::string needs_text(std::uint8_t needs) {
  std::string out;
  const auto add = [&out](const char* what) {
    if (!out.empty()) out += ", ";
    out += what;
  };
  if ((needs & kNeedsWon) != 0) add("won outcome");
  if ((needs & kNeedsRevenue) != 0) add("revenue");
  if ((needs & kNeedsCost) != 0) add("costs");
  if ((needs & kNeedsProcess) != 0) add("process file");
  return out;
}

std::vector<report::Column> columns(bool with_group) {
  using report::Column;
  std::vector<Column> out;
  if (with_group) out.emplace_back("group");
  out.emplace_back("metric");
  out.emplace_back("unit");
  out.emplace_back("sources");
  // A terminal leaves these two out to fit 120 columns; it shows the needs in the definition.
  out.emplace_back("aggregation", "per replication", report::kMarkdown | report::kMachines);
  out.emplace_back("needs", "needs", report::kMarkdown | report::kMachines);
  out.emplace_back("definition", "definition", report::kMarkdown | report::kMachines);
  out.emplace_back("definition", "definition", report::kTerminal);
  return out;
}

std::vector<report::Value> row(const std::string& name, const MetricDef& def, bool with_group) {
  using report::Value;
  const std::string needs = needs_text(def.needs);
  std::vector<Value> out;
  if (with_group) out.push_back(Value::text(std::string(def.group)));
  out.push_back(Value::text(name));
  out.push_back(Value::text(metric_unit_name(def.unit)));
  out.push_back(Value::text(source_text(def.sources)));
  out.push_back(Value::text(aggregation_name(def.aggregation)));
  out.push_back(needs.empty() ? Value::null() : Value::text(needs));
  out.push_back(Value::text(std::string(def.definition)));
  out.push_back(Value::text(needs.empty() ? std::string(def.definition)
                                          : std::string(def.definition) + " Needs: " + needs + "."));
  return out;
}

}  // namespace

report::Document reference_document(const Process* process) {
  std::vector<std::pair<std::string, const MetricDef*>> entries;
  if (process == nullptr) {
    for (const MetricDef& def : definitions()) entries.emplace_back(std::string(def.pattern), &def);
  } else {
    for (ProcessMetric& m : process_metrics(*process, Source::Both)) entries.emplace_back(std::move(m.name), m.def);
  }
  report::Document document({}, "bpm-kpi-metrics/1");
  // People read one table per group; programs one list of every metric, its group a field.
  report::Table* group_table = nullptr;
  std::string_view group;
  for (const auto& [name, def] : entries) {
    if (group_table == nullptr || def->group != group) {
      group = def->group;
      group_table = &document.table(std::string(group), std::string(group), columns(false), report::kPeople);
    }
    group_table->add(row(name, *def, false));
  }
  report::Table& all = document.table("metrics", "", columns(true), report::kMachines);
  for (const auto& [name, def] : entries) all.add(row(name, *def, true));
  return document;
}

std::string reference_markdown() { return report::render(reference_document(), report::Format::Markdown); }

}  // namespace bpm::metrics
