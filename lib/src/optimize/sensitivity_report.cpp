// The sensitivity report (table, Markdown, JSON, YAML) and the listing of a study's plan.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "bpm/optimize/sensitivity.hpp"
#include "optimize/document.hpp"

namespace bpm {

using optimize_detail::Cell;
using optimize_detail::Document;
using optimize_detail::Section;
using optimize_detail::text;
using optimize_detail::Units;

namespace {

Cell whole(double value) { return Cell{fmt::format("{}", static_cast<long long>(value)), value}; }
Cell flag(bool value) { return Cell{value ? "yes" : "no", value ? 1.0 : 0.0, true}; }

/// Metric values in document units: durations in the study's time unit.

bool is_scaled(ParameterKind kind) {
  return kind == ParameterKind::Duration || kind == ParameterKind::Interarrival || kind == ParameterKind::Attribute;
}

Cell level(const SensitivityParameter& p, double value) {
  return Cell{is_scaled(p.kind) ? fmt::format("*{}", value) : fmt::format("{}", value), value};
}

std::string percent(double delta) { return fmt::format("{}%", std::round(delta * 1e8) / 1e6); }

void header(Document& document, const SensitivityStudy& study) {
  document.header.emplace_back("process", text(study.process));
  document.header.emplace_back("replications", whole(study.replications));
  document.header.emplace_back("seed", Cell{fmt::format("{}", study.seed), static_cast<double>(study.seed)});
  document.header.emplace_back("confidence", Cell{fmt::format("{:g}", study.confidence), study.confidence});
  document.header.emplace_back("delta", Cell{percent(study.delta), study.delta});
  document.header.emplace_back("time_unit", text(study.time_unit));
  document.header.emplace_back("evaluations", whole(static_cast<double>(study.evaluations.size())));
  document.header.emplace_back("design_runs", whole(static_cast<double>(study.design.size())));
}

}  // namespace

std::string format_sensitivity(const SensitivityReport& report, OptimizeFormat format) {
  const SensitivityStudy& study = report.study;
  const Units units{study.time_unit, study.time_unit_seconds, 2};
  const std::string ci = fmt::format("{:g}% CI", study.confidence * 100.0);
  const std::string x = percent(study.delta);
  Document document;
  header(document, study);

  Section parameters{"parameters",
                     fmt::format("Parameters at -{} and +{}", x, x),
                     {"parameter", "kind", "baseline", "low", "high"},
                     {}};
  for (const SensitivityParameter& p : study.parameters) {
    parameters.rows.push_back({text(p.path), text(std::string(parameter_kind_name(p.kind))), level(p, p.base),
                               level(p, p.low), level(p, p.high)});
  }
  document.sections.push_back(std::move(parameters));

  Section tornado{"tornado",
                  fmt::format("One at a time: swing = mean at +{} - mean at -{} (paired, {}), largest first", x, x, ci),
                  {"metric", "rank", "parameter", "unit", "baseline", "at_low", "at_high", "swing", "ci_low", "ci_high",
                   "significant"},
                  {}};
  for (const MetricSensitivity& m : report.metrics) {
    const MetricUnit unit = m.metric.unit;
    for (std::size_t k = 0; k < m.tornado.size(); ++k) {
      const TornadoRow& row = m.tornado[k];
      const Estimate& s = row.swing;
      tornado.rows.push_back(
          {text(m.metric.name), whole(static_cast<double>(k + 1)), text(study.parameters[row.parameter].path),
           text(units.unit_name(unit)), units.cell(row.baseline, unit), units.cell(row.at_low, unit),
           units.cell(row.at_high, unit), units.cell(s.mean, unit, true), units.cell(s.mean - s.half_width, unit, true),
           units.cell(s.mean + s.half_width, unit, true), flag(row.significant)});
    }
  }
  document.sections.push_back(std::move(tornado));

  if (!study.design.empty()) {
    Section terms{"metamodel",
                  fmt::format("Metamodel y = b0 + sum of b_i x_i, x_i = -1 at -{} and +1 at +{} ({} fold-over design "
                              "runs; coefficients over replications, {})",
                              x, x, study.design.size(), ci),
                  {"metric", "term", "unit", "coefficient", "std_error", "ci_low", "ci_high", "significant"},
                  {}};
    Section fit{"fit", "Metamodel fit to the design means", {"metric", "runs", "replications", "r_squared"}, {}};
    for (const MetricSensitivity& m : report.metrics) {
      const MetricUnit unit = m.metric.unit;
      for (const MetamodelTerm& t : m.terms) {
        const Estimate& e = t.coefficient;
        const double se = e.n > 0 ? e.sd / std::sqrt(static_cast<double>(e.n)) : std::nan("");
        const bool intercept = t.term == "intercept";
        terms.rows.push_back({text(m.metric.name), text(t.term), text(units.unit_name(unit)),
                              units.cell(e.mean, unit, !intercept), units.cell(se, unit),
                              units.cell(e.mean - e.half_width, unit, !intercept),
                              units.cell(e.mean + e.half_width, unit, !intercept), flag(t.significant)});
      }
      fit.rows.push_back({text(m.metric.name), whole(static_cast<double>(study.design.size())),
                          whole(m.fitted_replications),
                          std::isfinite(m.r_squared) ? Cell{fmt::format("{:.4f}", m.r_squared), m.r_squared}
                                                     : Cell{"-", m.r_squared}});
    }
    document.sections.push_back(std::move(terms));
    document.sections.push_back(std::move(fit));
  }
  return optimize_detail::render(document, format);
}

std::string format_sensitivity_plan(const SensitivityStudy& study, OptimizeFormat format) {
  if (format == OptimizeFormat::Table) {
    // One line per evaluation, left-aligned, so that `--plan | while read ...` and eyes both work.
    std::size_t width = std::string_view("evaluation").size();
    for (const SensitivityEvaluation& e : study.evaluations) width = std::max(width, e.label.size());
    std::string out = fmt::format("{:<5}  {:<{}}  {}\n", "index", "evaluation", width, "overrides");
    for (std::size_t i = 0; i < study.evaluations.size(); ++i) {
      const SensitivityEvaluation& e = study.evaluations[i];
      out += fmt::format("{:<5}  {:<{}}  {}\n", i, e.label, width,
                         e.overrides.empty() ? "-" : fmt::format("{}", fmt::join(e.overrides, " ")));
    }
    return out;
  }
  Document document;
  header(document, study);
  Section plan{"plan",
               "Evaluations (each simulates every replication with the same seed)",
               {"index", "evaluation", "overrides"},
               {}};
  for (std::size_t i = 0; i < study.evaluations.size(); ++i) {
    const SensitivityEvaluation& e = study.evaluations[i];
    plan.rows.push_back({whole(static_cast<double>(i)), text(e.label),
                         text(e.overrides.empty() ? "-" : fmt::format("{}", fmt::join(e.overrides, " ")))});
  }
  document.sections.push_back(std::move(plan));
  return optimize_detail::render(document, format);
}

}  // namespace bpm
