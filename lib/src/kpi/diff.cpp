#include "bpm/kpi/diff.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Welch's test from the summary of each side (mean, sd, n), which is all a report keeps.
double welch(double mean_a, double sd_a, std::uint64_t n_a, double mean_b, double sd_b, std::uint64_t n_b) {
  if (n_a < 2 || n_b < 2 || !std::isfinite(sd_a) || !std::isfinite(sd_b)) return kNaN;
  const auto restore = [](double mean, double sd, std::uint64_t n) {
    const double m2 = sd * sd * static_cast<double>(n - 1);
    return RunningStats::restore(n, mean, m2, mean, mean, mean * static_cast<double>(n));
  };
  return welch_p_value(restore(mean_a, sd_a, n_a), restore(mean_b, sd_b, n_b));
}

MetricDelta make_delta(const std::string& name, Unit unit, double base, double other) {
  MetricDelta d;
  d.name = name;
  d.unit = unit;
  d.base = base;
  d.other = other;
  d.delta = other - base;
  d.relative = base != 0.0 ? d.delta / std::fabs(base) : kNaN;
  d.p_value = kNaN;
  return d;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "";
  if (p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", p);
}

}  // namespace

ReportDiff diff_reports(const Report& base, const Report& other, double alpha) {
  ReportDiff diff;
  diff.alpha = alpha;
  std::unordered_map<std::string, const Metric*> others;
  for (const Metric& m : other.metrics) others.emplace(m.name, &m);
  for (const Metric& m : base.metrics) {
    const auto found = others.find(m.name);
    if (found == others.end()) {
      diff.only_base.push_back(m.name);
      continue;
    }
    const Metric& o = *found->second;
    MetricDelta d = make_delta(m.name, m.unit, m.value, o.value);
    d.p_value = welch(m.value, m.sd, m.n, o.value, o.sd, o.n);
    d.significant = std::isfinite(d.p_value) && d.p_value < alpha;
    diff.deltas.push_back(std::move(d));
    others.erase(found);
  }
  for (const Metric& m : other.metrics) {
    if (others.count(m.name) > 0) diff.only_other.push_back(m.name);
  }
  for (const KpiResult& k : base.kpis) {
    for (const KpiResult& o : other.kpis) {
      if (o.id != k.id) continue;
      MetricDelta d = make_delta(k.id, k.value_unit, k.value, o.value);
      d.is_kpi = true;
      d.base_status = k.status;
      d.other_status = o.status;
      diff.deltas.push_back(std::move(d));
    }
  }
  return diff;
}

report::Document diff_document(const ReportDiff& diff) {
  using report::Value;
  report::Document doc(fmt::format("KPI changes: {} -> {}", diff.base_label, diff.other_label), "bpm-kpi-diff/1");
  doc.field("base", Value::text(diff.base_label), report::kPrograms);
  doc.field("other", Value::text(diff.other_label), report::kPrograms);
  doc.field("alpha", Value::measure(diff.alpha, MetricUnit::Number), report::kPrograms);
  // People: a change in the metric's unit (percentage points for fractions) and its relative size.
  report::Table& people =
      doc.table("changes", "", {"metric", "base", "other", "change", "relative", "p", {"flag", ""}}, report::kPeople);
  for (const MetricDelta& d : diff.deltas) {
    std::string flag = d.significant ? "*" : "";
    if (d.is_kpi && d.base_status != d.other_status && d.other_status != Status::None) {
      flag = fmt::format("{} -> {}", status_name(d.base_status), status_name(d.other_status));
    }
    people.add({Value::text(d.is_kpi ? "kpi " + d.name : d.name), Value::measure(d.base, d.unit),
                Value::measure(d.other, d.unit), Value::difference(d.delta, d.unit),
                std::isfinite(d.relative) ? Value::label(fmt::format("{:+.1f}%", 100.0 * d.relative), d.relative)
                                          : Value::label("n/a", d.relative),
                Value::label(p_text(d.p_value), d.p_value), Value::text(flag)},
               d.significant ? report::Style::Strong : report::Style::Plain);
  }
  people.notes.push_back(fmt::format(
      "* significant at {:g}% (Welch's t-test; p shown where both sides carry replications or cases); change of a "
      "fraction in percentage points, relative = change / |base|",
      100.0 * diff.alpha));
  if (!diff.only_base.empty() || !diff.only_other.empty()) {
    people.notes.push_back(fmt::format("{} metrics only in the base, {} only in the other", diff.only_base.size(),
                                       diff.only_other.size()));
  }
  report::Table& rows = doc.table("deltas", "Changes",
                                  {"name", "kind", "unit", "base", "other", "delta", "relative", "p_value",
                                   "significant", "base_status", "other_status"},
                                  report::kPrograms | report::kCsv);
  for (const MetricDelta& d : diff.deltas) {
    rows.add({Value::text(d.name), Value::text(d.is_kpi ? "kpi" : "metric"), Value::text(metric_unit_name(d.unit)),
              Value::measure(d.base, d.unit), Value::measure(d.other, d.unit), Value::difference(d.delta, d.unit),
              Value::measure(d.relative, MetricUnit::Number), Value::measure(d.p_value, MetricUnit::Number),
              Value::boolean(d.significant), d.is_kpi ? Value::text(status_name(d.base_status)) : Value::null(),
              d.is_kpi ? Value::text(status_name(d.other_status)) : Value::null()});
  }
  report::Node& only_base = doc.tree("only_base") = report::Node::list(true);
  for (const std::string& name : diff.only_base) only_base.push(report::Node::string(name));
  report::Node& only_other = doc.tree("only_other") = report::Node::list(true);
  for (const std::string& name : diff.only_other) only_other.push(report::Node::string(name));
  return doc;
}

void write_diff(std::ostream& out, const ReportDiff& diff, ReportFormat format, bool colour) {
  const std::optional<report::Format> layer = layer_format(format);
  report::RenderOptions options;
  options.colour = colour;
  out << report::render(diff_document(diff), layer.value_or(report::Format::Table), options);
}

}  // namespace bpm::kpi
