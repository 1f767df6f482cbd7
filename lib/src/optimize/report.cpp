// The reports of bpm-optimize compare, bottlenecks and abtest as report documents
// (bpm/report/document.hpp): one renderer for every format of every tool.
#include "bpm/optimize/report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/report/document.hpp"
#include "document.hpp"

namespace bpm {

using V = report::Value;

OptimizeFormat parse_optimize_format(std::string_view name) {
  static constexpr report::Format kFormats[] = {report::Format::Table, report::Format::Markdown, report::Format::Csv,
                                                report::Format::Json, report::Format::Yaml};
  switch (report::parse_format(name, kFormats)) {
    case report::Format::Table: return OptimizeFormat::Table;
    case report::Format::Markdown: return OptimizeFormat::Markdown;
    case report::Format::Csv: return OptimizeFormat::Csv;
    case report::Format::Json: return OptimizeFormat::Json;
    case report::Format::Yaml: return OptimizeFormat::Yaml;
  }
  return OptimizeFormat::Table;
}

namespace {

std::vector<report::Column> delta_columns(const char* first) {
  return {first,
          "metric",
          {"unit", "", report::kMachines},
          "baseline",
          {"variant_mean", "variant"},
          "difference",
          "ci_low",
          "ci_high",
          "significant"};
}

std::vector<V> delta_row(const std::string& variant, const MetricDelta& d) {
  const Estimate& e = d.difference;
  return {V::text(variant),
          V::text(d.metric),
          V::text(metric_unit_name(d.unit)),
          V::measure(d.baseline_mean, d.unit),
          V::measure(d.variant_mean, d.unit),
          V::difference(e.mean, d.unit),
          V::difference(e.mean - e.half_width, d.unit),
          V::difference(e.mean + e.half_width, d.unit),
          V::boolean(d.significant)};
}

void run_fields(report::Document& document, const Comparison& run) {
  document.field("process", V::text(run.process));
  document.field("replications", V::integer(run.replications));
  document.field("seed", V::integer(static_cast<long long>(run.seed)));
  document.field("confidence", V::measure(run.confidence, MetricUnit::Number));
  document.field("time_unit", V::text("seconds"), report::kPrograms);
}

/// "<0.001", "0.042": a p-value as people read it; the number for programs.
V p_value(double p) {
  if (!std::isfinite(p)) return V::label("n/a", p);
  return V::label(p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p), p);
}

}  // namespace

report::Document comparison_document(const Comparison& comparison) {
  report::Document document;
  run_fields(document, comparison);
  report::Table& table =
      document.table("comparisons",
                     fmt::format("Paired differences (variant - baseline, common random numbers, {:g}% CI)",
                                 comparison.confidence * 100.0),
                     delta_columns("variant"));
  for (const VariantComparison& variant : comparison.variants) {
    for (const MetricDelta& delta : variant.deltas) table.add(delta_row(variant.name, delta));
  }
  return document;
}

report::Document bottleneck_document(const BottleneckReport& report) {
  report::Document document;
  run_fields(document, report.run);
  // Only queueing for an open pool is what another server shortens: closed hours and timers are
  // shown apart so that a night-time wait is not read as a staffing problem.
  report::Table& causes =
      document.table("waiting", "Where cases wait (per completed case)", {"cause", "waiting_share", "waiting_mean"});
  for (const WaitCause& cause : report.causes) {
    causes.add({V::text(cause.cause), V::measure(cause.share, MetricUnit::Fraction),
                V::measure(cause.mean, MetricUnit::Duration)});
  }
  report::Table& pools = document.table("resources", "Resources by share of queueing (waiting for an open pool)",
                                        {"resource", "queue_share", "utilisation", "queue_total", "closed_total"});
  for (const WaitShare& item : report.resources) {
    pools.add({V::text(item.id), V::measure(item.share, MetricUnit::Fraction),
               V::measure(item.utilisation, MetricUnit::Fraction), V::measure(item.queue_total, MetricUnit::Duration),
               V::measure(item.closed_total, MetricUnit::Duration)});
  }
  report::Table& steps = document.table("steps", "Steps by share of waiting time",
                                        {"step", "waiting_share", "waiting_total", "queue", "closed", "timer"});
  for (const WaitShare& item : report.steps) {
    steps.add({V::text(item.id), V::measure(item.share, MetricUnit::Fraction),
               V::measure(item.waiting_total, MetricUnit::Duration), V::measure(item.queue_total, MetricUnit::Duration),
               V::measure(item.closed_total, MetricUnit::Duration),
               V::measure(item.timer_total, MetricUnit::Duration)});
  }
  report::Table& effects = document.table(
      "interventions", fmt::format("Effect of one change at a time (paired, {:g}% CI)", report.run.confidence * 100.0),
      delta_columns("change"));
  for (const Intervention& intervention : report.interventions) {
    for (const MetricDelta& delta : intervention.deltas) effects.add(delta_row(intervention.change, delta));
  }
  return document;
}

report::Document abtest_document(const AbReport& ab) {
  report::Document document;
  document.field("test", V::text(ab.proportions ? "two-proportion z" : "Welch t"));
  document.field("confidence", V::measure(ab.confidence, MetricUnit::Number));
  // Rates of proportions are fractions: percentages, differences in percentage points.
  const MetricUnit unit = ab.proportions ? MetricUnit::Fraction : MetricUnit::Number;
  if (ab.result) {
    const AbResult& r = *ab.result;
    report::Table& table = document.table("result", "A/B comparison (B - A)", {"measure", "value"});
    const auto add = [&table](const char* name, V value) { table.add({V::text(name), std::move(value)}); };
    add("a", V::measure(r.a, unit));
    add("b", V::measure(r.b, unit));
    add("difference", V::difference(r.difference, unit));
    add("relative_lift",
        V::label(std::isfinite(r.relative_lift) ? fmt::format("{:+.1f}%", r.relative_lift * 100.0) : "n/a",
                 r.relative_lift));
    add("ci_low", V::difference(r.lower, unit));
    add("ci_high", V::difference(r.upper, unit));
    add(ab.proportions ? "z" : "t", V::measure(r.statistic, MetricUnit::Number));
    if (!ab.proportions) add("dof", V::measure(r.dof, MetricUnit::Number));
    add("p_value", p_value(r.p_value));
    add("significant", V::boolean(r.p_value < 1.0 - ab.confidence));
  }
  if (ab.sample_size) {
    report::Table& table = document.table("sample_size", "Sample size per arm", {"measure", "value"});
    table.add({V::text(ab.proportions ? "base_rate" : "sd"), V::measure(ab.base, unit)});
    table.add({V::text("lift"), V::difference(ab.lift, unit)});
    table.add({V::text("alpha"), V::measure(ab.alpha, MetricUnit::Number)});
    table.add({V::text("power"), V::measure(ab.power, MetricUnit::Number)});
    table.add({V::text("per_arm"), V::integer(static_cast<long long>(*ab.sample_size))});
  }
  return document;
}

std::string format_comparison(const Comparison& comparison, OptimizeFormat format) {
  return report::render(comparison_document(comparison), optimize_detail::layer_format(format));
}

std::string format_bottlenecks(const BottleneckReport& report, OptimizeFormat format) {
  return report::render(bottleneck_document(report), optimize_detail::layer_format(format));
}

std::string format_abtest(const AbReport& report, OptimizeFormat format) {
  return report::render(abtest_document(report), optimize_detail::layer_format(format));
}

}  // namespace bpm
