// The sensitivity report (table, Markdown, JSON, YAML) and the listing of a study's plan.
#include <fmt/format.h>
#include <fmt/ranges.h>

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

/// The relative change of a parameter at a level, "+10%", "-50%"; "0%" for a level that is the
/// baseline (a pool of one has no server to remove).
Cell change(const SensitivityParameter& p, int at) {
  const double c = p.change(at);
  if (!std::isfinite(c)) return Cell{"-", c};
  return Cell{fmt::format("{:+}%", std::round(c * 1e8) / 1e6), c};
}

/// The pools a level overloads, "ae, finance", or "-".
Cell pools(const std::vector<std::string>& ids) {
  return Cell{ids.empty() ? "-" : fmt::format("{}", fmt::join(ids, ", ")), std::nullopt};
}

/// Which levels overload which pools: "low: ae; high: ae", or "-".
Cell overloads(const std::vector<std::string>& low, const std::vector<std::string>& high) {
  std::string out;
  if (!low.empty()) out += fmt::format("low: {}", fmt::join(low, ", "));
  if (!high.empty()) out += fmt::format("{}high: {}", out.empty() ? "" : "; ", fmt::join(high, ", "));
  return text(out.empty() ? "-" : out);
}

Cell probability(double p) {
  if (!std::isfinite(p)) return Cell{"-", p};
  return Cell{p < 1e-4 ? fmt::format("{:.1e}", p) : fmt::format("{:.4f}", p), p};
}

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

std::vector<std::string> swing_columns() {
  return {"metric",  "rank",  "parameter", "low_change", "high_change", "unit",        "baseline", "at_low",
          "at_high", "swing", "ci_low",    "ci_high",    "p_holm",      "significant", "overloads"};
}

void add_swing_rows(Section& section, const SensitivityStudy& study, const MetricSensitivity& m,
                    const std::vector<TornadoRow>& rows, const Units& units) {
  const MetricUnit unit = m.metric.unit;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const TornadoRow& row = rows[k];
    const SensitivityParameter& p = study.parameters[row.parameter];
    const Estimate& s = row.swing;
    section.rows.push_back({text(m.metric.name), whole(static_cast<double>(k + 1)), text(p.path), change(p, -1),
                            change(p, 1), text(units.unit_name(unit)), units.cell(row.baseline, unit),
                            units.cell(row.at_low, unit), units.cell(row.at_high, unit), units.cell(s.mean, unit, true),
                            units.cell(s.mean - s.half_width, unit, true),
                            units.cell(s.mean + s.half_width, unit, true), probability(row.p_adjusted),
                            flag(row.significant), overloads(row.overloaded_low, row.overloaded_high)});
  }
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
                     fmt::format("Parameters at -{} and +{}; counts at one server less and more", x, x),
                     {"parameter", "kind", "baseline", "low", "high", "low_change", "high_change", "overloads"},
                     {}};
  for (std::size_t i = 0; i < study.parameters.size(); ++i) {
    const SensitivityParameter& p = study.parameters[i];
    parameters.rows.push_back(
        {text(p.path), text(std::string(parameter_kind_name(p.kind))), level(p, p.base), level(p, p.low),
         level(p, p.high), change(p, -1), change(p, 1),
         overloads(study.evaluations[1 + 2 * i].overloaded, study.evaluations[2 + 2 * i].overloaded)});
  }
  document.sections.push_back(std::move(parameters));

  const std::string holm = "p Holm-adjusted over every swing";
  Section tornado{"tornado",
                  fmt::format("One at a time: swing = mean at +{} - mean at -{} (paired, {}, {}), largest first; rows "
                              "whose levels overload a pool last",
                              x, x, ci, holm),
                  swing_columns(),
                  {}};
  Section servers{"servers",
                  fmt::format("One server less and more (counts): swing = mean at +1 - mean at -1 (paired, {}, {}), "
                              "largest first; rows whose levels overload a pool last",
                              ci, holm),
                  swing_columns(),
                  {}};
  for (const MetricSensitivity& m : report.metrics) {
    add_swing_rows(tornado, study, m, m.tornado, units);
    add_swing_rows(servers, study, m, m.servers, units);
  }
  document.sections.push_back(std::move(tornado));
  if (!servers.rows.empty()) document.sections.push_back(std::move(servers));

  if (!study.design.empty()) {
    Section terms{
        "metamodel",
        fmt::format("Metamodel y = b0 + sum of b_i x_i, x_i = -1 at the low and +1 at the high level, fitted "
                    "to the design runs that overload no pool ({}; p Holm-adjusted over every coefficient; "
                    "none is significant where the linear model does not hold)",
                    ci),
        {"metric", "term", "unit", "coefficient", "std_error", "ci_low", "ci_high", "p_holm", "significant", "note"},
        {}};
    Section fit{
        "fit",
        "Metamodel fit: R² to the design means, F test of lack of fit (replications as blocks)",
        {"metric", "runs", "excluded", "replications", "r_squared", "lack_of_fit_f", "lack_of_fit_p", "linear", "note"},
        {}};
    for (const MetricSensitivity& m : report.metrics) {
      const MetricUnit unit = m.metric.unit;
      for (const MetamodelTerm& t : m.terms) {
        const Estimate& e = t.coefficient;
        const double se = e.n > 0 ? e.sd / std::sqrt(static_cast<double>(e.n)) : std::nan("");
        const bool intercept = t.term == "intercept";
        terms.rows.push_back({text(m.metric.name), text(t.term), text(units.unit_name(unit)),
                              units.cell(e.mean, unit, !intercept), units.cell(se, unit),
                              units.cell(e.mean - e.half_width, unit, !intercept),
                              units.cell(e.mean + e.half_width, unit, !intercept), probability(t.p_adjusted),
                              flag(t.significant), text(t.note.empty() ? "-" : t.note)});
      }
      const LackOfFit& lof = m.lack_of_fit;
      std::string note = m.fit_note;
      if (!m.linear) {
        note = "the linear model does not hold: read the one-at-a-time swings";
      }
      fit.rows.push_back(
          {text(m.metric.name), whole(m.fitted_runs), whole(static_cast<double>(study.design.size() - m.fitted_runs)),
           whole(m.fitted_replications),
           std::isfinite(m.r_squared) ? Cell{fmt::format("{:.4f}", m.r_squared), m.r_squared} : Cell{"-", m.r_squared},
           std::isfinite(lof.f) ? Cell{fmt::format("{:.4g}", lof.f), lof.f}
           : std::isinf(lof.f)  ? Cell{"inf", lof.f}
                                : Cell{"-", lof.f},
           probability(lof.p_value), m.terms.empty() ? Cell{"-", std::nullopt} : flag(m.linear),
           text(note.empty() ? "-" : note)});
    }
    document.sections.push_back(std::move(terms));
    document.sections.push_back(std::move(fit));
  }

  Section overloaded{"overloaded",
                     "Evaluations that overload a pool (lint resource-overload): their queues grow until the horizon, "
                     "so their metrics measure the horizon, not a steady state",
                     {"index", "evaluation", "pools"},
                     {}};
  for (std::size_t i = 0; i < study.evaluations.size(); ++i) {
    const SensitivityEvaluation& e = study.evaluations[i];
    if (!e.overloaded.empty()) {
      overloaded.rows.push_back({whole(static_cast<double>(i)), text(e.label), pools(e.overloaded)});
    }
  }
  if (!overloaded.rows.empty()) document.sections.push_back(std::move(overloaded));
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
