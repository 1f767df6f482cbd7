// Report documents read back: bpm-sim summaries (through the sim area's reader) and bpm-kpi's own
// json/yaml reports (through yaml-cpp, which reads JSON too).
#include "bpm/kpi/report_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "bpm/kpi/report_format.hpp"
#include "bpm/sim/summary.hpp"
#include "io/yaml_limits.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double number_of(const YAML::Node& node) {
  if (!node || node.IsNull() || !node.IsScalar()) return kNaN;
  try {
    return node.as<double>();
  } catch (const YAML::Exception&) {
    return kNaN;
  }
}

std::string string_of(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return {};
  return node.Scalar();
}

Location where(const std::string& label, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return Location{label, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

std::optional<Target> target_of(const YAML::Node& node) {
  const std::string text = string_of(node);
  if (text.empty()) return std::nullopt;
  try {
    return parse_target(text);
  } catch (const Error&) {
    return std::nullopt;
  }
}

Status status_from(const std::string& name) {
  for (const Status s : {Status::Green, Status::Amber, Status::Red, Status::Unknown}) {
    if (name == status_name(s)) return s;
  }
  return Status::None;
}

Report read_own_report(std::string_view text, const std::string& label) {
  YAML::Node root;
  try {
    root = detail::load_yaml(text, label);
  } catch (const YAML::ParserException& e) {
    throw DataError(Location{label, e.mark.line + 1, e.mark.column + 1}, e.msg);
  }
  if (!root.IsMap()) throw DataError(Location{label, 1, 0}, "not a bpm-kpi report: expected a mapping");
  Report report;
  report.kind = "report";
  report.title = string_of(root["title"]);
  report.convention = string_of(root["convention"]);
  if (const YAML::Node sources = root["sources"]; sources && sources.IsSequence()) {
    for (const YAML::Node& s : sources) report.sources.push_back(string_of(s));
  }
  if (const YAML::Node r = root["replications"]; r && r.IsScalar()) {
    report.replications = static_cast<std::uint32_t>(std::max(1.0, number_of(r)));
  }
  const YAML::Node metrics = root["metrics"];
  if (!metrics || !metrics.IsMap()) throw DataError(where(label, root), "a bpm-kpi report needs a 'metrics' mapping");
  for (const auto& item : metrics) {
    Metric m;
    m.name = item.first.Scalar();
    const YAML::Node& node = item.second;
    if (!node.IsMap()) throw DataError(where(label, node), fmt::format("metric '{}' is not a mapping", m.name));
    m.value = number_of(node["value"]);
    m.unit = metric_unit_from_name(string_of(node["unit"]));
    if (node["n"]) {
      m.n = static_cast<std::uint64_t>(std::max(0.0, number_of(node["n"])));
      m.sd = number_of(node["sd"]);
      m.half_width = number_of(node["half_width"]);
    }
    report.metrics.push_back(std::move(m));
  }
  if (const YAML::Node kpis = root["kpis"]; kpis && kpis.IsSequence()) {
    for (const YAML::Node& node : kpis) {
      KpiResult k;
      k.id = string_of(node["id"]);
      k.formula = string_of(node["formula"]);
      k.unit = string_of(node["unit"]);
      k.value = number_of(node["value"]);
      k.value_unit = metric_unit_from_name(string_of(node["value_unit"]));
      k.target = target_of(node["target"]);
      k.status = status_from(string_of(node["status"]));
      k.depth = static_cast<int>(std::max(0.0, number_of(node["depth"])));
      if (node["half_width"]) k.half_width = number_of(node["half_width"]);
      if (const YAML::Node children = node["children"]; children && children.IsSequence()) {
        for (const YAML::Node& c : children) k.children.push_back(string_of(c));
      }
      k.error = string_of(node["error"]);
      report.kpis.push_back(std::move(k));
    }
  }
  if (const YAML::Node objectives = root["objectives"]; objectives && objectives.IsSequence()) {
    for (const YAML::Node& node : objectives) {
      ObjectiveResult o;
      o.kpi = string_of(node["kpi"]);
      o.value = number_of(node["value"]);
      o.unit = metric_unit_from_name(string_of(node["unit"]));
      o.target = target_of(node["target"]);
      o.status = status_from(string_of(node["status"]));
      o.found = std::isfinite(o.value);
      report.objectives.push_back(std::move(o));
    }
  }
  return report;
}

/// The activity and resource tables of a summary, rebuilt from its per-step and per-resource
/// means (a summary keeps no events): totals are mean x count.
void tables_from_metrics(Report& report) {
  auto value = [&report](const std::string& name) {
    const double v = report.value(name);
    return std::isfinite(v) ? v : 0.0;
  };
  for (const Metric& m : report.metrics) {
    constexpr std::string_view kSteps = "steps.";
    constexpr std::string_view kResources = "resources.";
    if (m.name.starts_with(kSteps) && m.name.ends_with(".count")) {
      const std::string id = m.name.substr(kSteps.size(), m.name.size() - kSteps.size() - 6);
      // A join's firings are no activity (tasks and timer waits have a rework rate, joins none).
      if (!std::isfinite(report.value("steps." + id + ".rework_rate"))) continue;
      ActivityRow row;
      row.name = id;
      row.count = static_cast<std::uint64_t>(std::llround(std::max(0.0, m.value)));
      const auto n = static_cast<double>(row.count);
      row.waiting_total = value("steps." + id + ".waiting.mean") * n;
      row.waiting_queue = value("steps." + id + ".waiting.queue.mean") * n;
      row.waiting_closed = value("steps." + id + ".waiting.closed.mean") * n;
      // Tasks split their wait for the pool; a timer wait has no pool and no processing.
      row.timer = !std::isfinite(report.value("steps." + id + ".processing.mean"));
      row.processing_total = value("steps." + id + ".processing.mean") * n;
      row.cost_total = value("steps." + id + ".cost");
      report.activities.push_back(std::move(row));
    } else if (m.name.starts_with(kResources) && m.name.ends_with(".utilisation")) {
      const std::string id = m.name.substr(kResources.size(), m.name.size() - kResources.size() - 12);
      ResourceRow row;
      row.name = id;
      row.busy = value("resources." + id + ".busy_hours") * 3600.0;
      row.capacity = m.value > 0.0 ? row.busy / m.value : 0.0;
      // As from a log: the waits of the pool's executions by measured cases.
      row.count = static_cast<std::uint64_t>(std::llround(value("resources." + id + ".executions")));
      const auto n = static_cast<double>(row.count);
      row.waiting_total = value("resources." + id + ".waiting.mean") * n;
      row.waiting_queue = value("resources." + id + ".waiting.queue.mean") * n;
      row.waiting_closed = value("resources." + id + ".waiting.closed.mean") * n;
      row.cost_total = value("resources." + id + ".cost");
      report.resources.push_back(std::move(row));
    }
  }
  auto by_waiting = [](const auto& a, const auto& b) { return a.waiting_total > b.waiting_total; };
  std::stable_sort(report.activities.begin(), report.activities.end(), by_waiting);
  std::stable_sort(report.resources.begin(), report.resources.end(), by_waiting);
}

}  // namespace

Report report_from_summary(const Summary& summary) {
  Report report;
  report.kind = "summary";
  report.title = summary.run.process;
  if (!summary.run.source.empty()) report.sources.push_back(summary.run.source);
  report.convention.clear();
  report.replications = std::max<std::uint32_t>(1, summary.run.replications);
  for (const SummaryMetric& s : summary.metrics) {
    Metric m;
    m.name = s.name;
    m.unit = s.unit;
    const double factor = summary.internal_factor(s.unit);
    m.value = s.estimate.mean * factor;
    m.n = s.estimate.n;
    m.sd = s.estimate.sd * factor;
    m.half_width = s.estimate.half_width * factor;
    report.metrics.push_back(std::move(m));
  }
  tables_from_metrics(report);
  if (!summary.run.scenario.empty()) report.notes.push_back("scenario: " + summary.run.scenario);
  for (const std::string& o : summary.run.overrides) report.notes.push_back("override: " + o);
  for (const std::string& w : summary.run.warnings) report.notes.push_back(w);
  // The histogram keeps every replication; per replication is what the dashboard shows.
  const LogHistogram& h = summary.cycle_time;
  if (!h.empty()) {
    const std::size_t bins = 24;
    double hi = h.quantile(0.99);
    if (!(hi > 0.0)) hi = h.max() > 0.0 ? h.max() : 1.0;
    const double width = hi / static_cast<double>(bins);
    report.cycle_histogram.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
      report.cycle_histogram[b].lower = width * static_cast<double>(b);
      report.cycle_histogram[b].upper = width * static_cast<double>(b + 1);
    }
    for (const LogHistogram::Range& r : h.ranges()) {
      const double value = std::clamp(0.5 * (r.lower + r.upper), h.min(), h.max());
      const auto b = value <= 0.0 ? 0 : std::min(bins - 1, static_cast<std::size_t>(value / width));
      report.cycle_histogram[b].count += static_cast<double>(r.count) / static_cast<double>(report.replications);
    }
  }
  return report;
}

Report read_report_text(std::string_view text, const std::string& label) {
  const std::string_view head = text.substr(0, 4096);
  if (head.find("bpm-sim-summary") != std::string_view::npos) return report_from_summary(read_summary(text, label));
  if (head.find(kReportFormatId.substr(0, 14)) != std::string_view::npos) return read_own_report(text, label);
  throw DataError(Location{label, 1, 0},
                  "not a report document: expected a bpm-sim summary (format: bpm-sim-summary/1) or a bpm-kpi report "
                  "(format: bpm-kpi-report/1)");
}

}  // namespace bpm::kpi
