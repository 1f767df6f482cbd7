#include "kpi/report_sections.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/kpi/report_format.hpp"

namespace bpm::kpi {
namespace {

using Align = Section::Align;

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::string percent(double part, double whole) {
  return whole > 0.0 ? format_value(part / whole, Unit::Fraction) : "n/a";
}

std::string join_path(const std::vector<std::string>& activities) {
  std::string out;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (i > 0) out += " → ";
    out += activities[i];
  }
  return out;
}

std::string status_cell(Status s) { return s == Status::None ? "" : status_name(s); }

Section kpi_section(const Report& report) {
  Section s;
  s.id = "kpis";
  s.title = "KPI TREE";
  s.headers = {"status", "kpi", "value", "target", "formula"};
  s.align = {Align::Left, Align::Left, Align::Right, Align::Left, Align::Left};
  std::unordered_map<std::string, const KpiResult*> by_id;
  for (const KpiResult& k : report.kpis) by_id.emplace(k.id, &k);
  // Depth-first from the roots, children indented under every parent that uses them, 17 levels
  // at most, with an explicit stack. A KPI shared by several parents is shown under each, so a
  // lattice of shared KPIs would double the rows at every level: the tree stops growing at a
  // budget of rows well above what a tree of this many KPIs shows without sharing.
  const std::size_t budget = 16 * report.kpis.size() + 64;
  std::vector<std::pair<const KpiResult*, int>> stack;
  for (auto root = report.kpis.rbegin(); root != report.kpis.rend(); ++root) {
    if (root->depth == 0) stack.emplace_back(&*root, 0);
  }
  while (!stack.empty() && s.table.size() < budget) {
    const auto [k, depth] = stack.back();
    stack.pop_back();
    std::string name = std::string(static_cast<std::size_t>(depth) * 2, ' ') + k->id;
    std::string value = kpi_value_text(*k);
    if (!k->error.empty() && std::isnan(k->value)) value = "n/a (" + k->error + ")";
    s.table.push_back({status_cell(k->status), name, value, target_text(k->target), k->formula});
    s.status.push_back(k->status);
    if (depth > 16) continue;
    for (auto child = k->children.rbegin(); child != k->children.rend(); ++child) {
      if (const auto found = by_id.find(*child); found != by_id.end()) stack.emplace_back(found->second, depth + 1);
    }
  }
  return s;
}

Section objective_section(const Report& report) {
  Section s;
  s.id = "objectives";
  s.title = "OBJECTIVES";
  s.headers = {"status", "kpi", "value", "target", "baseline"};
  s.align = {Align::Left, Align::Left, Align::Right, Align::Left, Align::Left};
  for (const ObjectiveResult& o : report.objectives) {
    std::string value =
        o.found ? format_estimate(o.value, o.half_width, o.half_width > 0 ? 2 : 0, o.unit) : "n/a (unknown kpi)";
    for (const KpiResult& k : report.kpis) {
      if (k.id == o.kpi) value = kpi_value_text(k);
    }
    std::string baseline = o.baseline_text;
    if (baseline.empty() && o.baseline) baseline = format_value(*o.baseline, o.unit);
    s.table.push_back({status_cell(o.status), o.kpi, value, target_text(o.target), baseline});
    s.status.push_back(o.status);
  }
  return s;
}

Section metric_section(const Report& report) {
  Section s;
  s.id = "metrics";
  s.title = "METRICS";
  s.headers = {"metric", "value"};
  s.align = {Align::Left, Align::Right};
  for (const Metric& m : report.metrics) {
    // Per-step and per-resource metrics have their own tables.
    if (starts_with(m.name, "steps.") || starts_with(m.name, "resources.")) continue;
    s.table.push_back({m.name, format_estimate(m.value, m.half_width, m.n, m.unit)});
  }
  return s;
}

Section activity_section(const Report& report) {
  Section s;
  s.id = "activities";
  s.title = "ACTIVITIES (bottlenecks first: by total waiting time)";
  // The wait split: queue (the pool open), closed (outside its calendar hours); a timer's is its own.
  s.headers = {"activity",    "count",           "cases",         "waiting.mean", "queue.mean",
               "closed.mean", "processing.mean", "waiting.share", "rework"};
  s.align = {Align::Left,  Align::Right, Align::Right, Align::Right, Align::Right,
             Align::Right, Align::Right, Align::Right, Align::Right};
  double total_waiting = 0.0;
  for (const ActivityRow& a : report.activities) total_waiting += a.waiting_total;
  for (const ActivityRow& a : report.activities) {
    const double n = a.count > 0 ? static_cast<double>(a.count) : std::nan("");
    std::string name = a.name;
    if (!a.known) name += " (not in the process)";
    // A summary keeps per-step means only: no case counts, no rework by repetition.
    const double cases = a.cases > 0 ? static_cast<double>(a.cases) : std::nan("");
    s.table.push_back({name, format_value(n, Unit::Count), format_value(cases, Unit::Count),
                       format_value(a.waiting_total / n, Unit::Duration),
                       a.timer ? "timer" : format_value(a.waiting_queue / n, Unit::Duration),
                       a.timer ? "timer" : format_value(a.waiting_closed / n, Unit::Duration),
                       format_value(a.processing_total / n, Unit::Duration), percent(a.waiting_total, total_waiting),
                       a.cases > 0 ? percent(static_cast<double>(a.repeats), n) : "n/a"});
  }
  return s;
}

Section resource_section(const Report& report) {
  Section s;
  s.id = "resources";
  s.title = "RESOURCES (bottlenecks first: by total waiting time)";
  // `executions`, not `count`: a pool's count is its servers (process file, --set).
  s.headers = {"resource",     "executions", "busy_hours",  "utilisation",
               "waiting.mean", "queue.mean", "closed.mean", "waiting.share"};
  s.align = {Align::Left,  Align::Right, Align::Right, Align::Right,
             Align::Right, Align::Right, Align::Right, Align::Right};
  // Working hours (what utilisation is measured against) when some resource is not around the clock.
  const bool hours = std::any_of(report.resources.begin(), report.resources.end(),
                                 [](const ResourceRow& r) { return !r.hours.empty() && !r.hours.starts_with("24x7"); });
  if (hours) {
    s.headers.emplace_back("hours");
    s.align.push_back(Align::Left);
  }
  double total_waiting = 0.0;
  for (const ResourceRow& r : report.resources) total_waiting += r.waiting_total;
  for (const ResourceRow& r : report.resources) {
    const double n = r.count > 0 ? static_cast<double>(r.count) : std::nan("");
    s.table.push_back({r.name, format_value(n, Unit::Count), format_value(r.busy / 3600.0, Unit::Number),
                       r.capacity > 0.0 ? format_value(r.busy / r.capacity, Unit::Fraction) : "n/a",
                       format_value(r.waiting_total / n, Unit::Duration),
                       format_value(r.waiting_queue / n, Unit::Duration),
                       format_value(r.waiting_closed / n, Unit::Duration), percent(r.waiting_total, total_waiting)});
    if (hours) s.table.back().push_back(r.hours);
  }
  return s;
}

Section variant_section(const Report& report) {
  Section s;
  s.id = "variants";
  s.title = fmt::format("VARIANTS (top {} of {})", report.variants.size(), report.variant_count);
  s.headers = {"#", "cases", "share", "cycle.mean", "path"};
  s.align = {Align::Right, Align::Right, Align::Right, Align::Right, Align::Left};
  const double cases = report.value("cases.arrived") * report.replications;
  for (std::size_t i = 0; i < report.variants.size(); ++i) {
    const VariantRow& v = report.variants[i];
    s.table.push_back({std::to_string(i + 1), format_value(static_cast<double>(v.count), Unit::Count),
                       percent(static_cast<double>(v.count), cases), format_value(v.cycle_mean, Unit::Duration),
                       join_path(v.activities)});
  }
  return s;
}

Section conformance_section(const Report& report) {
  Section s;
  s.id = "conformance";
  s.title = "CONFORMANCE (against the process file)";
  s.headers = {"finding", "count", "examples"};
  s.align = {Align::Left, Align::Right, Align::Left};
  const Conformance& c = report.conformance;
  std::uint64_t unknown_events = 0;
  std::string names;
  for (const auto& [name, count] : c.unknown_activities) {
    unknown_events += count;
    if (!names.empty()) names += ", ";
    names += name;
  }
  s.table.push_back({"events of activities not in the process",
                     format_value(static_cast<double>(unknown_events), Unit::Count), names});
  std::string examples;
  for (const std::string& e : c.ending_nowhere_examples) {
    if (!examples.empty()) examples += ", ";
    examples += e;
  }
  s.table.push_back({"cases that end nowhere (last activity leads to no end)",
                     format_value(static_cast<double>(c.cases_ending_nowhere), Unit::Count), examples});
  s.lines.push_back(fmt::format("{} of {} cases conform (known activities aside)",
                                c.cases_checked - c.cases_ending_nowhere, c.cases_checked));
  return s;
}

Section issue_section(const Report& report) {
  Section s;
  s.id = "issues";
  s.title = "DATA ISSUES";
  s.headers = {"issue", "count", "meaning"};
  s.align = {Align::Left, Align::Right, Align::Left};
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    const std::uint64_t n = report.issues.count_of(kind);
    if (n == 0) continue;
    s.table.push_back(
        {issue_kind_name(kind), format_value(static_cast<double>(n), Unit::Count), issue_kind_description(kind)});
  }
  std::unordered_map<int, int> shown;
  for (const Issue& issue : report.issues.examples()) {
    if (shown[static_cast<int>(issue.kind)]++ >= 5) continue;
    s.lines.push_back(fmt::format("{}: {} [{}]", issue.where.str(), issue.message, issue_kind_name(issue.kind)));
  }
  return s;
}

}  // namespace

std::string target_text(const std::optional<Target>& target) {
  if (!target) return "";
  return target->text;
}

std::string kpi_value_text(const KpiResult& kpi) {
  if (std::isnan(kpi.value)) return "n/a";
  if (kpi.value_unit != Unit::Number) {
    return format_estimate(kpi.value, kpi.half_width, kpi.half_width > 0 ? 2 : 0, kpi.value_unit);
  }
  std::string text = format_value(kpi.value, std::fabs(kpi.value) >= 1000.0 ? Unit::Money : Unit::Number);
  if (!kpi.unit.empty()) text += " " + kpi.unit;
  return text;
}

std::string report_heading(const Report& report) {
  const std::string what = report.kind == "summary"  ? "simulation summary"
                           : report.kind == "report" ? "report"
                                                     : "event log";
  if (report.title.empty()) return fmt::format("KPIs of the {}", what);
  return fmt::format("KPIs of {} ({})", report.title, what);
}

std::vector<std::string> report_summary_lines(const Report& report) {
  std::vector<std::string> lines;
  std::string sources;
  for (const std::string& s : report.sources) {
    if (!sources.empty()) sources += ", ";
    sources += s == "-" ? "<stdin>" : s;
  }
  if (!sources.empty()) {
    lines.push_back(report.convention.empty() ? "source: " + sources
                                              : fmt::format("source: {} ({} columns)", sources, report.convention));
  }
  if (report.window_end > report.window_start) {
    lines.push_back(fmt::format("window: {} to {} ({})", format_datetime(report.window_start),
                                format_datetime(report.window_end),
                                humanize_duration(report.window_end - report.window_start)));
  }
  if (report.replications > 1) lines.push_back(fmt::format("replications: {}", report.replications));
  if (const Metric* arrived = report.find("cases.arrived")) {
    const Metric* completed = report.find("cases.completed");
    const Metric* open = report.find("cases.in_flight");
    lines.push_back(fmt::format("cases: {} arrived, {} completed, {} in flight",
                                format_value(arrived->value, Unit::Count),
                                completed ? format_value(completed->value, Unit::Count) : "n/a",
                                open ? format_value(open->value, Unit::Count) : "n/a"));
  }
  for (const std::string& note : report.notes) lines.push_back("note: " + note);
  return lines;
}

std::vector<Section> build_sections(const Report& report) {
  std::vector<Section> sections;
  if (!report.kpis.empty()) sections.push_back(kpi_section(report));
  if (!report.objectives.empty()) sections.push_back(objective_section(report));
  sections.push_back(metric_section(report));
  if (!report.activities.empty()) sections.push_back(activity_section(report));
  if (!report.resources.empty()) sections.push_back(resource_section(report));
  if (!report.variants.empty()) sections.push_back(variant_section(report));
  if (report.conformance.checked) sections.push_back(conformance_section(report));
  if (report.issues.total() > 0) sections.push_back(issue_section(report));
  return sections;
}

}  // namespace bpm::kpi
