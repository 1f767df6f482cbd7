// The reference tables of share/doc/metrics.md, generated from the registry so that the document
// cannot drift from the tools.
#include <fmt/format.h>

#include <algorithm>
#include <array>

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

}  // namespace

std::string reference_markdown() {
  std::string out;
  std::string_view group;
  for (const MetricDef& def : definitions()) {
    if (def.group != group) {
      group = def.group;
      if (!out.empty()) out += '\n';
      out += fmt::format("### {}\n\n", group);
      out += "| metric | unit | sources | per replication | needs | definition |\n";
      out += "|---|---|---|---|---|---|\n";
    }
    out +=
        fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", def.pattern, metric_unit_name(def.unit),
                    source_text(def.sources), aggregation_name(def.aggregation), needs_text(def.needs), def.definition);
  }
  return out;
}

std::string reference_table(const Process* process) {
  std::vector<std::array<std::string, 4>> rows;
  rows.push_back({"metric", "unit", "sources", "definition"});
  const auto add = [&rows](std::string name, const MetricDef& def) {
    rows.push_back(
        {std::move(name), metric_unit_name(def.unit), source_text(def.sources), std::string(def.definition)});
  };
  if (process == nullptr) {
    for (const MetricDef& def : definitions()) add(std::string(def.pattern), def);
  } else {
    for (const ProcessMetric& m : process_metrics(*process, Source::Both)) add(m.name, *m.def);
  }
  std::array<std::size_t, 3> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", row[0], widths[0], row[1], widths[1], row[2], widths[2], row[3]);
  }
  return out;
}

}  // namespace bpm::metrics
