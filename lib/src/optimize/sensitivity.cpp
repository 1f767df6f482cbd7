// Analysis of a sensitivity study: one-at-a-time swings (paired, common random numbers) and the
// least-squares fit of a first-order metamodel over the fold-over design, with the guards that
// keep a parameter without effect from coming out significant: design points that overload a pool
// stay out of the fit (their metrics measure the horizon, not a steady state), a lack-of-fit test
// says when the linear model does not hold, and Holm's correction controls the family-wise error
// over all swings and over all coefficients.
#include "bpm/optimize/sensitivity.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "bpm/core/error.hpp"
#include "bpm/stats/hypothesis.hpp"
#include "bpm/stats/running_stats.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm {

double SensitivityParameter::change(int level) const noexcept {
  const double value = level < 0 ? low : level > 0 ? high : base;
  if (!(base != 0.0)) return std::nan("");
  return value / base - 1.0;
}

namespace {

using Index = Eigen::Index;

Index idx(std::size_t i) { return static_cast<Index>(i); }

TornadoRow tornado_row(const SensitivityStudy& study, std::size_t parameter, const std::vector<double>& baseline,
                       const std::vector<double>& low, const std::vector<double>& high) {
  TornadoRow row;
  row.parameter = parameter;
  row.baseline = mean_of_finite(baseline);
  row.at_low = mean_of_finite(low);
  row.at_high = mean_of_finite(high);
  std::vector<double> paired_low;
  std::vector<double> paired_high;
  for (std::size_t r = 0; r < low.size(); ++r) {
    // A replication where either level is undefined has no swing to pair.
    if (std::isfinite(low[r]) && std::isfinite(high[r])) {
      paired_low.push_back(low[r]);
      paired_high.push_back(high[r]);
    }
  }
  row.swing = paired_low.empty() ? Estimate{std::nan(""), std::nan(""), std::nan(""), 0}
                                 : paired_difference(paired_high, paired_low, study.confidence);
  row.p_value = t_test_p_value(row.swing);
  row.overloaded_low = study.evaluations[1 + 2 * parameter].overloaded;
  row.overloaded_high = study.evaluations[2 + 2 * parameter].overloaded;
  return row;
}

/// Rows whose levels overload no pool first, by largest |swing|; then those that do, the same
/// way. Undefined swings last in each group; ties keep the parameter order.
void rank(std::vector<TornadoRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
    if (a.overloads() != b.overloads()) return !a.overloads();
    const double x = std::isfinite(a.swing.mean) ? std::abs(a.swing.mean) : -1.0;
    const double y = std::isfinite(b.swing.mean) ? std::abs(b.swing.mean) : -1.0;
    return x > y;
  });
}

/// Residuals or effects below a billionth of the metric's size are rounding noise of exact
/// zeros (a parameter with no effect gives equal responses), not an effect.
void floor_to_zero(Eigen::MatrixXd& m, const Eigen::MatrixXd& y, Index first_row) {
  for (Index k = 0; k < m.cols(); ++k) {
    const double floor = 1e-9 * y.col(k).cwiseAbs().maxCoeff();
    for (Index j = first_row; j < m.rows(); ++j) {
      if (std::abs(m(j, k)) <= floor) m(j, k) = 0.0;
    }
  }
}

/// Fits y = b0 + Σ bᵢxᵢ once per replication over the design runs that overload no pool (the runs
/// of replication r share its random numbers, so replications are the independent units) and
/// estimates each coefficient by its mean over replications with a Student-t interval. R² is that
/// of the fit to the run means; the lack-of-fit F test compares the runs' mean residuals with
/// their spread over replications.
void fit_metamodel(const SensitivityStudy& study, const std::vector<EvaluationValues>& values, std::size_t metric,
                   MetricSensitivity& out) {
  const std::size_t p = study.parameters.size();
  const std::size_t first = 1 + 2 * p;
  std::vector<std::size_t> runs;
  for (std::size_t r = 0; r < study.design.size(); ++r) {
    if (study.evaluations[first + r].overloaded.empty()) runs.push_back(r);
  }
  out.fitted_runs = static_cast<std::uint32_t>(runs.size());
  const std::size_t excluded = study.design.size() - runs.size();
  if (runs.empty()) {
    out.fit_note = fmt::format("no fit: all {} design runs overload a pool", study.design.size());
    return;
  }
  // A parameter at one level in every run left (a count whose low level overloads a pool) has no
  // estimable effect without the overloaded runs: it leaves the fit, which holds it at that level.
  std::vector<std::size_t> fitted;
  std::vector<std::string> held(p);
  std::vector<bool> no_effect(p, false);
  for (std::size_t j = 0; j < p; ++j) {
    // Under common random numbers a parameter that changes nothing for this metric (a cost for a
    // time) gives the very same value at both of its one-at-a-time levels in every replication.
    // Known to be 0, its coefficient is not fitted: in a design thinned by overloaded runs it
    // could otherwise absorb an interaction of the others and look significant.
    const std::vector<double>& low = values[1 + 2 * j][metric];
    const std::vector<double>& high = values[2 + 2 * j][metric];
    no_effect[j] = std::equal(low.begin(), low.end(), high.begin(), high.end(),
                              [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); });
    if (no_effect[j]) {
      held[j] = "no effect: the same value at both levels in every replication";
      continue;
    }
    const bool constant = std::all_of(
        runs.begin(), runs.end(), [&](std::size_t r) { return study.design[r][j] == study.design[runs.front()][j]; });
    if (!constant) {
      fitted.push_back(j);
    } else {
      held[j] = fmt::format("not estimated: every design run that overloads no pool has it at its {} level",
                            study.design[runs.front()][j] < 0 ? "low" : "high");
    }
  }
  const std::size_t columns = fitted.size() + 1;
  if (runs.size() < columns) {
    out.fit_note = fmt::format(
        "no fit: {} of the {} design runs overload a pool, and the {} left cannot estimate {} "
        "coefficients",
        excluded, study.design.size(), runs.size(), columns);
    return;
  }
  Eigen::MatrixXd x(idx(runs.size()), idx(columns));
  for (std::size_t r = 0; r < runs.size(); ++r) {
    x(idx(r), 0) = 1.0;
    for (std::size_t c = 0; c < fitted.size(); ++c) x(idx(r), idx(c + 1)) = study.design[runs[r]][fitted[c]];
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < idx(columns)) {
    out.fit_note = fmt::format(
        "no fit: without the {} design runs that overload a pool, the {} left cannot separate "
        "the parameters",
        excluded, runs.size());
    return;
  }
  std::vector<std::size_t> used;
  for (std::size_t rep = 0; rep < study.replications; ++rep) {
    bool defined = true;
    for (std::size_t r = 0; r < runs.size() && defined; ++r)
      defined = std::isfinite(values[first + runs[r]][metric][rep]);
    if (defined) used.push_back(rep);
  }
  out.fitted_replications = static_cast<std::uint32_t>(used.size());
  if (used.empty()) {
    out.fit_note = "no fit: the metric is undefined in some design run of every replication";
    return;
  }
  Eigen::MatrixXd y(idx(runs.size()), idx(used.size()));
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t k = 0; k < used.size(); ++k) y(idx(r), idx(k)) = values[first + runs[r]][metric][used[k]];
  }
  Eigen::MatrixXd b = qr.solve(y);
  floor_to_zero(b, y, 1);
  const auto add_term = [&](std::string name, std::optional<Index> row, std::string note) {
    MetamodelTerm term;
    term.term = std::move(name);
    term.note = std::move(note);
    term.coefficient = Estimate{std::nan(""), std::nan(""), std::nan(""), 0};
    term.p_value = std::nan("");
    term.p_adjusted = std::nan("");
    if (row) {
      RunningStats stats;
      for (std::size_t k = 0; k < used.size(); ++k) stats.add(b(*row, idx(k)));
      term.coefficient = estimate(stats, study.confidence);
      if (*row > 0) term.p_value = t_test_p_value(term.coefficient);
    }
    out.terms.push_back(std::move(term));
  };
  add_term("intercept", Index{0}, {});
  for (std::size_t j = 0, c = 0; j < p; ++j) {
    const bool in_fit = c < fitted.size() && fitted[c] == j;
    add_term(study.parameters[j].path, in_fit ? std::optional<Index>(idx(++c)) : std::nullopt, held[j]);
    if (no_effect[j]) out.terms.back().coefficient = Estimate{0.0, 0.0, 0.0, used.size()};
  }
  const Eigen::VectorXd means = y.rowwise().mean();
  const Eigen::VectorXd plane = x * qr.solve(means);
  const double total = (means.array() - means.mean()).square().sum();
  const double residual = (means - plane).squaredNorm();
  out.r_squared = total > 0.0 ? 1.0 - residual / total : std::nan("");

  // Lack of fit, replications as blocks: SS_lof = K ‖ē‖² on runs − terms degrees of freedom
  // against the pure error Σ_r ‖e_r − ē‖² on (K − 1) times as many.
  LackOfFit& lof = out.lack_of_fit;
  lof.df_fit = static_cast<double>(runs.size() - columns);
  lof.df_error = static_cast<double>(used.size() - 1) * lof.df_fit;
  lof.f = std::nan("");
  lof.p_value = std::nan("");
  if (lof.df_fit <= 0.0) {
    out.fit_note = fmt::format("the {} design runs leave no degree of freedom to test the linear model", runs.size());
    return;
  }
  if (lof.df_error <= 0.0) {
    out.fit_note = "one replication: no pure error to test the linear model against";
    return;
  }
  Eigen::MatrixXd e = y - x * b;
  floor_to_zero(e, y, 0);
  const Eigen::VectorXd e_mean = e.rowwise().mean();
  const double ss_lof = static_cast<double>(used.size()) * e_mean.squaredNorm();
  const double ss_pure = (e.colwise() - e_mean).squaredNorm();
  if (ss_lof == 0.0 && ss_pure == 0.0) return;  // an exact plane: nothing departs from it
  lof.f = ss_pure > 0.0 ? (ss_lof / lof.df_fit) / (ss_pure / lof.df_error) : std::numeric_limits<double>::infinity();
  lof.p_value = f_upper_tail(lof.f, lof.df_fit, lof.df_error);
  out.linear = !(lof.p_value <= 1.0 - study.confidence);
}

}  // namespace

SensitivityReport analyse_sensitivity(const SensitivityStudy& study, const std::vector<EvaluationValues>& values) {
  const std::size_t p = study.parameters.size();
  if (values.size() != study.evaluations.size() || study.evaluations.size() != 1 + 2 * p + study.design.size()) {
    throw Error(
        fmt::format("sensitivity: {} evaluations of values for a plan of {}", values.size(), study.evaluations.size()));
  }
  for (const EvaluationValues& evaluation : values) {
    if (evaluation.size() != study.metrics.size()) throw Error("sensitivity: values for the wrong number of metrics");
    for (const auto& column : evaluation) {
      if (column.size() != study.replications) throw Error("sensitivity: values for the wrong number of replications");
    }
  }
  const double alpha = 1.0 - study.confidence;
  SensitivityReport report;
  report.study = study;
  for (std::size_t m = 0; m < study.metrics.size(); ++m) {
    MetricSensitivity metric;
    metric.metric = study.metrics[m];
    for (std::size_t i = 0; i < p; ++i) {
      TornadoRow row = tornado_row(study, i, values[0][m], values[1 + 2 * i][m], values[2 + 2 * i][m]);
      (study.parameters[i].kind == ParameterKind::Count ? metric.servers : metric.tornado).push_back(std::move(row));
    }
    metric.r_squared = std::nan("");
    metric.lack_of_fit = LackOfFit{std::nan(""), 0.0, 0.0, std::nan("")};
    if (!study.design.empty()) fit_metamodel(study, values, m, metric);
    report.metrics.push_back(std::move(metric));
  }

  // Holm over every swing of the report, and over every coefficient that is tested (those of
  // metrics whose linear model holds): a parameter without effect is called significant for
  // some metric with probability at most 1 − confidence.
  std::vector<TornadoRow*> swings;
  std::vector<MetamodelTerm*> coefficients;
  for (MetricSensitivity& metric : report.metrics) {
    for (auto* rows : {&metric.tornado, &metric.servers}) {
      for (TornadoRow& row : *rows) swings.push_back(&row);
    }
    if (!metric.linear) continue;
    for (MetamodelTerm& term : metric.terms) {
      if (!std::isnan(term.p_value)) coefficients.push_back(&term);
    }
  }
  const auto adjust = [alpha](auto& items) {
    std::vector<double> p_values;
    for (const auto* item : items) p_values.push_back(item->p_value);
    const std::vector<double> adjusted = holm_adjusted(p_values);
    for (std::size_t i = 0; i < items.size(); ++i) {
      items[i]->p_adjusted = adjusted[i];
      items[i]->significant = adjusted[i] <= alpha;
    }
  };
  adjust(swings);
  adjust(coefficients);
  for (MetricSensitivity& metric : report.metrics) {
    rank(metric.tornado);
    rank(metric.servers);
  }
  return report;
}

}  // namespace bpm
