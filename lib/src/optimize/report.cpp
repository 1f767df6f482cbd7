#include "bpm/optimize/report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "bpm/core/error.hpp"
#include "document.hpp"

namespace bpm {

using optimize_detail::Cell;
using optimize_detail::Document;
using optimize_detail::Section;
using optimize_detail::text;
using optimize_detail::Units;

OptimizeFormat parse_optimize_format(std::string_view name) {
  if (name == "table") return OptimizeFormat::Table;
  if (name == "markdown") return OptimizeFormat::Markdown;
  if (name == "json") return OptimizeFormat::Json;
  if (name == "yaml") return OptimizeFormat::Yaml;
  throw UsageError(fmt::format("unknown format '{}' (expected table, markdown, json or yaml)", name));
}

namespace {

/// Converts a metric value to document units: durations in the process's time unit.

Cell number(double value, std::string shown) { return Cell{std::move(shown), value}; }
Cell flag(bool value) { return Cell{value ? "yes" : "no", value ? 1.0 : 0.0, true}; }

std::vector<std::string> delta_columns(bool with_variant) {
  std::vector<std::string> columns;
  if (with_variant) columns.emplace_back("variant");
  for (const char* c :
       {"metric", "unit", "baseline", "variant_mean", "difference", "ci_low", "ci_high", "significant"}) {
    columns.emplace_back(c);
  }
  if (!with_variant) columns.front() = "metric";
  return columns;
}

std::vector<Cell> delta_row(const std::string& variant, const MetricDelta& d, const Units& units) {
  const Estimate& e = d.difference;
  return {text(variant),
          text(d.metric),
          text(units.unit_name(d.unit)),
          units.cell(d.baseline_mean, d.unit),
          units.cell(d.variant_mean, d.unit),
          units.cell(e.mean, d.unit, true),
          units.cell(e.mean - e.half_width, d.unit, true),
          units.cell(e.mean + e.half_width, d.unit, true),
          flag(d.significant)};
}

void run_header(Document& document, const Comparison& run, const Units& units) {
  document.header.emplace_back("process", text(run.process));
  document.header.emplace_back("replications", number(run.replications, fmt::format("{}", run.replications)));
  document.header.emplace_back("seed", number(static_cast<double>(run.seed), fmt::format("{}", run.seed)));
  document.header.emplace_back("confidence", number(run.confidence, fmt::format("{:g}", run.confidence)));
  document.header.emplace_back("time_unit", text(units.time_unit));
}

}  // namespace

std::string format_comparison(const Comparison& comparison, OptimizeFormat format, const std::string& time_unit,
                              double time_unit_seconds) {
  const Units units{time_unit, time_unit_seconds};
  Document document;
  run_header(document, comparison, units);
  Section section{"comparisons",
                  fmt::format("Paired differences (variant - baseline, common random numbers, {:g}% CI)",
                              comparison.confidence * 100.0),
                  delta_columns(true),
                  {}};
  for (const VariantComparison& variant : comparison.variants) {
    for (const MetricDelta& delta : variant.deltas) section.rows.push_back(delta_row(variant.name, delta, units));
  }
  document.sections.push_back(std::move(section));
  return optimize_detail::render(document, format);
}

std::string format_bottlenecks(const BottleneckReport& report, OptimizeFormat format, const std::string& time_unit,
                               double time_unit_seconds) {
  const Units units{time_unit, time_unit_seconds};
  Document document;
  run_header(document, report.run, units);
  Section pools{"resources",
                "Resources by share of waiting time",
                {"resource", "waiting_share", "utilisation", "waiting_total"},
                {}};
  for (const WaitShare& item : report.resources) {
    pools.rows.push_back({text(item.id), units.cell(item.share, MetricUnit::Fraction),
                          units.cell(item.utilisation, MetricUnit::Fraction),
                          units.cell(item.waiting_total, MetricUnit::Duration)});
  }
  Section steps{"steps", "Steps by share of waiting time", {"step", "waiting_share", "waiting_total"}, {}};
  for (const WaitShare& item : report.steps) {
    steps.rows.push_back({text(item.id), units.cell(item.share, MetricUnit::Fraction),
                          units.cell(item.waiting_total, MetricUnit::Duration)});
  }
  Section effects{"interventions",
                  fmt::format("Effect of one change at a time (paired, {:g}% CI)", report.run.confidence * 100.0),
                  delta_columns(true),
                  {}};
  effects.columns.front() = "change";
  for (const Intervention& intervention : report.interventions) {
    for (const MetricDelta& delta : intervention.deltas) {
      effects.rows.push_back(delta_row(intervention.change, delta, units));
    }
  }
  document.sections.push_back(std::move(pools));
  document.sections.push_back(std::move(steps));
  document.sections.push_back(std::move(effects));
  return optimize_detail::render(document, format);
}

std::string format_abtest(const AbReport& report, OptimizeFormat format) {
  Document document;
  document.header.emplace_back("test", text(report.proportions ? "two-proportion z" : "Welch t"));
  document.header.emplace_back("confidence", number(report.confidence, fmt::format("{:g}", report.confidence)));
  const auto figure = [](double v) { return number(v, fmt::format("{:.6g}", v)); };
  if (report.result) {
    const AbResult& r = *report.result;
    Section section{"result", "A/B comparison (B - A)", {"measure", "value"}, {}};
    const auto add = [&](const char* name, double value) { section.rows.push_back({text(name), figure(value)}); };
    add("a", r.a);
    add("b", r.b);
    add("difference", r.difference);
    add("relative_lift", r.relative_lift);
    add("ci_low", r.lower);
    add("ci_high", r.upper);
    add(report.proportions ? "z" : "t", r.statistic);
    if (!report.proportions) add("dof", r.dof);
    add("p_value", r.p_value);
    section.rows.push_back({text("significant"), flag(r.p_value < 1.0 - report.confidence)});
    document.sections.push_back(std::move(section));
  }
  if (report.sample_size) {
    Section section{"sample_size", "Sample size per arm", {"measure", "value"}, {}};
    section.rows.push_back({text(report.proportions ? "base_rate" : "sd"), figure(report.base)});
    section.rows.push_back({text("lift"), figure(report.lift)});
    section.rows.push_back({text("alpha"), figure(report.alpha)});
    section.rows.push_back({text("power"), figure(report.power)});
    section.rows.push_back(
        {text("per_arm"), number(static_cast<double>(*report.sample_size), fmt::format("{}", *report.sample_size))});
    document.sections.push_back(std::move(section));
  }
  return optimize_detail::render(document, format);
}

}  // namespace bpm
