// Analysis of a sensitivity study: one-at-a-time swings (paired, common random numbers) and the
// least-squares fit of a first-order metamodel over the fold-over design.
#include "bpm/optimize/sensitivity.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "bpm/core/error.hpp"
#include "bpm/stats/running_stats.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm {
namespace {

bool excludes_zero(const Estimate& e) {
  return std::isfinite(e.half_width) && e.mean != 0.0 && std::abs(e.mean) > e.half_width;
}

TornadoRow tornado_row(std::size_t parameter, const std::vector<double>& baseline, const std::vector<double>& low,
                       const std::vector<double>& high, double confidence) {
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
                                 : paired_difference(paired_high, paired_low, confidence);
  row.significant = excludes_zero(row.swing);
  return row;
}

/// Fits y = b0 + Σ bᵢxᵢ once per replication (the design runs of replication r share its random
/// numbers, so replications are the independent units) and estimates each coefficient by its
/// mean over replications with a Student-t interval. R² is that of the fit to the run means.
void fit_metamodel(const SensitivityStudy& study, const std::vector<EvaluationValues>& values, std::size_t metric,
                   MetricSensitivity& out) {
  const std::size_t runs = study.design.size();
  const std::size_t p = study.parameters.size();
  const std::size_t first = 1 + 2 * p;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(runs), static_cast<Eigen::Index>(p + 1));
  for (std::size_t r = 0; r < runs; ++r) {
    x(static_cast<Eigen::Index>(r), 0) = 1.0;
    for (std::size_t j = 0; j < p; ++j)
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j + 1)) = study.design[r][j];
  }
  std::vector<std::size_t> used;
  for (std::size_t rep = 0; rep < study.replications; ++rep) {
    bool defined = true;
    for (std::size_t r = 0; r < runs && defined; ++r) defined = std::isfinite(values[first + r][metric][rep]);
    if (defined) used.push_back(rep);
  }
  out.fitted_replications = static_cast<std::uint32_t>(used.size());
  Eigen::MatrixXd y(static_cast<Eigen::Index>(runs), static_cast<Eigen::Index>(used.size()));
  for (std::size_t r = 0; r < runs; ++r) {
    for (std::size_t k = 0; k < used.size(); ++k) {
      y(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) = values[first + r][metric][used[k]];
    }
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  Eigen::MatrixXd b = used.empty() ? Eigen::MatrixXd() : Eigen::MatrixXd(qr.solve(y));
  // A parameter that changes nothing (a cost on a time metric) gives equal responses; rounding
  // in the solve then leaves ~1e-17 instead of 0, with an even smaller spread that would look
  // "significant". Effects below a billionth of the metric's size are taken as exactly 0.
  for (Eigen::Index k = 0; k < b.cols(); ++k) {
    const double floor = 1e-9 * y.col(k).cwiseAbs().maxCoeff();
    for (Eigen::Index j = 1; j < b.rows(); ++j) {
      if (std::abs(b(j, k)) <= floor) b(j, k) = 0.0;
    }
  }
  for (std::size_t j = 0; j <= p; ++j) {
    RunningStats stats;
    for (std::size_t k = 0; k < used.size(); ++k)
      stats.add(b(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k)));
    MetamodelTerm term;
    term.term = j == 0 ? "intercept" : study.parameters[j - 1].path;
    term.coefficient =
        used.empty() ? Estimate{std::nan(""), std::nan(""), std::nan(""), 0} : estimate(stats, study.confidence);
    term.significant = excludes_zero(term.coefficient);
    out.terms.push_back(std::move(term));
  }
  out.r_squared = std::nan("");
  if (used.empty()) return;
  const Eigen::VectorXd means = y.rowwise().mean();
  const Eigen::VectorXd fitted = x * qr.solve(means);
  const double total = (means.array() - means.mean()).square().sum();
  const double residual = (means - fitted).squaredNorm();
  if (total > 0.0) out.r_squared = 1.0 - residual / total;
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
  SensitivityReport report;
  report.study = study;
  for (std::size_t m = 0; m < study.metrics.size(); ++m) {
    MetricSensitivity metric;
    metric.metric = study.metrics[m];
    for (std::size_t i = 0; i < p; ++i) {
      metric.tornado.push_back(
          tornado_row(i, values[0][m], values[1 + 2 * i][m], values[2 + 2 * i][m], study.confidence));
    }
    // Largest swing first; undefined swings last; ties keep the file order.
    std::stable_sort(metric.tornado.begin(), metric.tornado.end(), [](const TornadoRow& a, const TornadoRow& b) {
      const double x = std::isfinite(a.swing.mean) ? std::abs(a.swing.mean) : -1.0;
      const double y = std::isfinite(b.swing.mean) ? std::abs(b.swing.mean) : -1.0;
      return x > y;
    });
    if (!study.design.empty()) fit_metamodel(study, values, m, metric);
    report.metrics.push_back(std::move(metric));
  }
  return report;
}

}  // namespace bpm
