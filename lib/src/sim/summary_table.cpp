// The human-readable form of a summary: sections of aligned "mean ± half-width" cells, durations
// in the largest fitting unit, fractions as percentages. Metric names are shown as they are, since
// they are what KPI formulas and objectives refer to.
#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>

#include "bpm/sim/summary.hpp"

namespace bpm {
namespace {

/// Columns on screen: UTF-8 continuation bytes take none ("±" is two bytes, one column).
std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad_right(std::string text, std::size_t columns) {
  const std::size_t w = width(text);
  if (w < columns) text.append(columns - w, ' ');
  return text;
}

std::string pad_left(const std::string& text, std::size_t columns) {
  const std::size_t w = width(text);
  return w < columns ? std::string(columns - w, ' ') + text : text;
}

std::string trim_right(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

struct Cell {
  std::string mean;
  std::string half_width;  // empty: nothing to show after "±"
};

/// "12,345" from 12345.4.
std::string grouped(double value) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 && digits != "0" ? "-" : "") + out;
}

std::string plain_number(double value) {
  if (std::fabs(value) >= 1000.0) return grouped(value);
  if (value == 0.0) return "0";
  return fmt::format("{:.3g}", value);
}

struct DurationUnit {
  double seconds;
  const char* symbol;
};

constexpr std::array<DurationUnit, 5> kDurationUnits{
    {{604800.0, "w"}, {86400.0, "d"}, {3600.0, "h"}, {60.0, "m"}, {1.0, "s"}}};

DurationUnit duration_unit(double seconds) {
  for (const auto& u : kDurationUnits) {
    if (std::fabs(seconds) >= u.seconds) return u;
  }
  return kDurationUnits.back();
}

std::string duration_in(double seconds, DurationUnit unit) {
  const double value = seconds / unit.seconds;
  if (value == 0.0) return fmt::format("0{}", unit.symbol);
  if (std::fabs(value) >= 1000.0) return grouped(value) + unit.symbol;
  return fmt::format("{:.3g}{}", value, unit.symbol);
}

std::string percent(double fraction) {
  const double p = fraction * 100.0;
  if (p != 0.0 && std::fabs(p) < 0.1) return fmt::format("{:.2g}%", p);
  return fmt::format("{:.1f}%", p);
}

/// The text of a metric's estimate; durations arrive in seconds.
Cell cell(MetricUnit unit, double mean, double half_width) {
  if (std::isnan(mean)) return {"n/a", ""};
  const bool has_half_width = !std::isnan(half_width);
  switch (unit) {
    case MetricUnit::Duration: {
      const DurationUnit u = duration_unit(mean);
      return {duration_in(mean, u), has_half_width ? duration_in(half_width, u) : ""};
    }
    case MetricUnit::Fraction: return {percent(mean), has_half_width ? percent(half_width) : ""};
    case MetricUnit::PerDay:
    case MetricUnit::MoneyPerDay:
      return {plain_number(mean) + "/d", has_half_width ? plain_number(half_width) + "/d" : ""};
    default: return {plain_number(mean), has_half_width ? plain_number(half_width) : ""};
  }
}

Cell metric_cell(const Summary& summary, const SummaryMetric& metric) {
  const double k = summary.internal_factor(metric.unit);
  return cell(metric.unit, metric.estimate.mean * k, metric.estimate.half_width * k);
}

/// A section: a title over the first column, column headers, rows of cells.
struct Section {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::string> rows;
  std::vector<std::vector<Cell>> cells;  // [row][column]; missing cells have an empty mean

  std::vector<Cell>& row(const std::string& name) {
    const auto it = std::find(rows.begin(), rows.end(), name);
    if (it != rows.end()) return cells[static_cast<std::size_t>(it - rows.begin())];
    rows.push_back(name);
    cells.emplace_back();
    return cells.back();
  }

  std::size_t column(const std::string& name) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    if (it != columns.end()) return static_cast<std::size_t>(it - columns.begin());
    columns.push_back(name);
    return columns.size() - 1;
  }

  void put(const std::string& row_name, const std::string& column_name, Cell value) {
    const std::size_t c = column(column_name);
    auto& r = row(row_name);
    if (r.size() <= c) r.resize(c + 1);
    r[c] = std::move(value);
  }

  [[nodiscard]] std::string render() const {
    if (rows.empty()) return {};
    std::size_t name_width = width(title);
    for (const auto& r : rows) name_width = std::max(name_width, width(r) + 2);
    std::vector<std::size_t> mean_width(columns.size(), 0);
    std::vector<std::size_t> half_width(columns.size(), 0);
    for (const auto& r : cells) {
      for (std::size_t c = 0; c < r.size(); ++c) {
        mean_width[c] = std::max(mean_width[c], width(r[c].mean));
        half_width[c] = std::max(half_width[c], width(r[c].half_width));
      }
    }
    std::vector<std::size_t> cell_width(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      cell_width[c] = std::max(mean_width[c] + (half_width[c] > 0 ? 3 + half_width[c] : 0), width(columns[c]));
    }
    std::string out = pad_right(title, name_width);
    for (std::size_t c = 0; c < columns.size(); ++c) out += "   " + pad_right(columns[c], cell_width[c]);
    out = trim_right(out) + '\n';
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string line = "  " + pad_right(rows[i], name_width - 2);
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const Cell value = c < cells[i].size() ? cells[i][c] : Cell{};
        std::string text = pad_left(value.mean, mean_width[c]);
        if (!value.half_width.empty()) text += " ± " + value.half_width;
        line += "   " + pad_right(text, cell_width[c]);
      }
      out += trim_right(line) + '\n';
    }
    return out;
  }
};

/// Splits "steps.<id>.<column>" into row and column, preferring the known column names (some
/// contain a dot, e.g. waiting.mean) and else cutting at the last dot.
std::pair<std::string, std::string> split_group(std::string_view rest, std::initializer_list<std::string_view> known) {
  for (const auto column : known) {
    if (rest.size() > column.size() + 1 && rest.ends_with(column) && rest[rest.size() - column.size() - 1] == '.') {
      return {std::string(rest.substr(0, rest.size() - column.size() - 1)), std::string(column)};
    }
  }
  const std::size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos) return {std::string(rest), "value"};
  return {std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
}

std::string header(const Summary& summary) {
  const SummaryRun& run = summary.run;
  std::string out = fmt::format("{}: {} replication{} (seed {}), mean ± {:g}% confidence half-width\n",
                                run.process.empty() ? run.source : run.process, run.replications,
                                run.replications == 1 ? "" : "s", run.seed, run.confidence * 100.0);
  if (run.first_replication != 0) {
    out += fmt::format("replications {} to {}\n", run.first_replication, run.first_replication + run.replications - 1);
  }
  if (!run.scenario.empty()) out += fmt::format("scenario: {}\n", run.scenario);
  for (const auto& o : run.overrides) out += fmt::format("override: {}\n", o);
  if (run.cases) out += fmt::format("cases: {} per replication\n", *run.cases);
  for (const auto& w : run.warnings) out += fmt::format("{}\n", w);
  return out;
}

Section quantile_section(const Summary& summary) {
  Section section;
  section.title = fmt::format("Case quantiles ({} cases)", grouped(static_cast<double>(summary.cycle_time.count())));
  for (const auto& [name, histogram] :
       {std::pair<std::string, const LogHistogram*>{"cycle_time", &summary.cycle_time},
        std::pair<std::string, const LogHistogram*>{"waiting_time", &summary.waiting_time}}) {
    if (histogram->empty()) continue;
    for (const double q : kSummaryQuantiles) {
      section.put(name, fmt::format("p{}", std::lround(q * 100)),
                  cell(MetricUnit::Duration, histogram->quantile(q), std::nan("")));
    }
    section.put(name, "max", cell(MetricUnit::Duration, histogram->max(), std::nan("")));
  }
  return section;
}

}  // namespace

std::string summary_table(const Summary& summary) {
  Section process{"Process", {"mean ± half-width"}, {}, {}};
  Section outcomes{"Outcomes", {}, {}, {}};
  Section slas{"SLAs", {"adherence"}, {}, {}};
  Section steps{"Steps", {}, {}, {}};
  Section resources{"Resources", {}, {}, {}};
  for (const auto& metric : summary.metrics) {
    const std::string_view name = metric.name;
    Cell value = metric_cell(summary, metric);
    if (name.starts_with("outcome.")) {
      const auto [row, column] = split_group(name.substr(8), {"rate", "count"});
      outcomes.put(row, column, std::move(value));
    } else if (name.starts_with("sla.")) {
      slas.put(std::string(name.substr(4)), "adherence", std::move(value));
    } else if (name.starts_with("steps.")) {
      const auto [row, column] =
          split_group(name.substr(6), {"count", "waiting.mean", "processing.mean", "cost", "rework_rate"});
      steps.put(row, column, std::move(value));
    } else if (name.starts_with("resources.")) {
      const auto [row, column] = split_group(name.substr(10), {"utilisation", "queue_length", "waiting.mean", "cost",
                                                               "busy_hours", "rostered_hours", "rostered_cost"});
      resources.put(row, column, std::move(value));
    } else {
      process.put(metric.name, "mean ± half-width", std::move(value));
    }
  }
  std::string out = header(summary);
  const Section quantiles = quantile_section(summary);
  for (const Section* section :
       std::initializer_list<const Section*>{&process, &quantiles, &outcomes, &slas, &steps, &resources}) {
    const std::string text = section->render();
    if (!text.empty()) out += '\n' + text;
  }
  return out;
}

}  // namespace bpm
