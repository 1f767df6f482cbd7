// The summary for people: sections of "mean ± half-width" cells, grouped like the metric
// vocabulary (process, outcomes, SLAs, steps, resources). Metric names are shown as they are,
// since they are what KPI formulas and objectives refer to.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bpm/metrics/registry.hpp"
#include "sim/summary_doc.hpp"

namespace bpm::detail {
namespace {

using report::Value;

/// Rows and columns of one section, filled metric by metric.
struct Grid {
  std::string key;
  std::string title;
  std::string first;  // heading of the name column
  std::vector<std::string> columns;
  std::vector<std::string> rows;
  std::vector<std::vector<Value>> cells;  // [row][column]

  void put(const std::string& row_name, const std::string& column_name, Value value) {
    auto column = std::find(columns.begin(), columns.end(), column_name);
    if (column == columns.end()) column = columns.insert(columns.end(), column_name);
    const auto c = static_cast<std::size_t>(column - columns.begin());
    auto row = std::find(rows.begin(), rows.end(), row_name);
    if (row == rows.end()) {
      row = rows.insert(rows.end(), row_name);
      cells.emplace_back();
    }
    auto& cells_of_row = cells[static_cast<std::size_t>(row - rows.begin())];
    if (cells_of_row.size() <= c) cells_of_row.resize(c + 1, Value::null());
    cells_of_row[c] = std::move(value);
  }

  void add_to(report::Document& document) const {
    if (rows.empty()) return;
    std::vector<report::Column> heads{{first}};
    for (const std::string& c : columns) heads.push_back({c});
    report::Table& table = document.table(key, title, std::move(heads), report::kPeople);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<Value> row{Value::text(rows[r])};
      row.insert(row.end(), cells[r].begin(), cells[r].end());
      table.add(std::move(row));
    }
  }
};

/// The element and the metric of a name with a placeholder: "steps.qualify.waiting.mean" →
/// {"qualify", "waiting.mean"}; from the registry, so that ids with dots split right. `def` is
/// find_definition(name), which the caller has already looked up.
std::pair<std::string, std::string> split_name(std::string_view name, const metrics::MetricDef* def) {
  if (def != nullptr) {
    const std::string_view pattern = def->pattern;
    const std::size_t open = pattern.find('<');
    const std::size_t close = pattern.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos) {
      const std::size_t suffix = pattern.size() - close - 1;
      std::string column(pattern.substr(close + 1));
      if (!column.empty() && column.front() == '.') column.erase(0, 1);
      return {std::string(name.substr(open, name.size() - open - suffix)), column.empty() ? "value" : column};
    }
  }
  const std::size_t dot = name.rfind('.');
  return {std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))};
}

}  // namespace

std::string summary_title(const Summary& summary) {
  const SummaryRun& run = summary.run;
  return fmt::format("{}: {} replication{} (seed {}), mean ± {:g}% confidence half-width",
                     run.process.empty() ? run.source : run.process, run.replications, run.replications == 1 ? "" : "s",
                     run.seed, run.confidence * 100.0);
}

void add_summary_tables(report::Document& document, const Summary& summary) {
  const SummaryRun& run = summary.run;
  if (run.first_replication != 0) {
    document.field(
        "replications",
        Value::text(fmt::format("{} to {}", run.first_replication, run.first_replication + run.replications - 1)),
        report::kPeople);
  }
  if (!run.scenario.empty()) document.field("scenario", Value::text(run.scenario), report::kPeople);
  for (const auto& o : run.overrides) document.field("override", Value::text(o), report::kPeople);
  if (run.cases) {
    document.field("cases", Value::text(fmt::format("{} per replication", *run.cases)), report::kPeople);
  }
  // What the run warned about (an overloaded pool, ...), as the summary records it.
  for (const auto& w : run.warnings) document.field("warning", Value::text(w), report::kPeople);

  Grid process{"process", "Process", "metric", {}, {}, {}};
  Grid outcomes{"outcomes", "Outcomes", "outcome", {}, {}, {}};
  Grid slas{"slas", "SLAs", "sla", {}, {}, {}};
  Grid steps{"steps", "Steps", "step", {}, {}, {}};
  Grid resources{"resources", "Resources", "resource", {}, {}, {}};
  for (const SummaryMetric& metric : summary.metrics) {
    const double k = summary.internal_factor(metric.unit);
    Value value = Value::estimate(metric.estimate.mean * k, metric.estimate.half_width * k, metric.unit);
    const std::string_view name = metric.name;
    const metrics::MetricDef* def = metrics::find_definition(name);
    const metrics::Scope scope = def != nullptr ? def->scope : metrics::Scope::Run;
    switch (scope) {
      case metrics::Scope::Run:
      case metrics::Scope::Stream: process.put(metric.name, "mean ± half-width", std::move(value)); break;
      case metrics::Scope::Outcome: {
        auto [row, column] = split_name(name, def);
        outcomes.put(row, column, std::move(value));
        break;
      }
      case metrics::Scope::Sla: slas.put(split_name(name, def).first, "adherence", std::move(value)); break;
      case metrics::Scope::Resource:
      case metrics::Scope::Member: {
        auto [row, column] = split_name(name, def);
        resources.put(row, column, std::move(value));
        break;
      }
      default: {
        auto [row, column] = split_name(name, def);
        steps.put(row, column, std::move(value));
      }
    }
  }
  process.add_to(document);

  Grid quantiles{"case_quantiles",
                 fmt::format("Case quantiles ({} cases)",
                             report::human(static_cast<double>(summary.cycle_time.count()), MetricUnit::Count)),
                 "",
                 {},
                 {},
                 {}};
  for (const auto& [name, histogram] :
       {std::pair<std::string, const LogHistogram*>{"cycle_time", &summary.cycle_time},
        std::pair<std::string, const LogHistogram*>{"waiting_time", &summary.waiting_time}}) {
    if (histogram->empty()) continue;
    for (const double q : kSummaryQuantiles) {
      quantiles.put(name, fmt::format("p{}", std::lround(q * 100)),
                    Value::measure(histogram->interpolated_quantile(q), MetricUnit::Duration));
    }
    quantiles.put(name, "max", Value::measure(histogram->max(), MetricUnit::Duration));
  }
  quantiles.add_to(document);
  outcomes.add_to(document);
  slas.add_to(document);
  steps.add_to(document);
  resources.add_to(document);
}

}  // namespace bpm::detail
