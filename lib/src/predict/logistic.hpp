#pragma once
// L2-regularised logistic regression by iteratively reweighted least squares (Newton's method
// with step halving), over the rows of a row-major design whose last column is the intercept's
// ones. The penalty is lambda × (number of rows fitted) / 2 × |beta|² over every column but the
// intercept: the objective of glmnet with standardised columns, and of scikit-learn's
// LogisticRegression with C = 1 / (lambda × rows). Private to the predict area; Eigen stays here.
#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace bpm::predict_detail {

using Design = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct LogisticFit {
  Eigen::VectorXd beta;     // one per design column; the last is the intercept
  Eigen::MatrixXd hessian;  // of the penalised objective at beta (for standard errors)
  Eigen::MatrixXd fisher;   // of the unpenalised log-likelihood at beta (X'WX)
  std::uint32_t iterations = 0;
  bool converged = false;
  double objective = 0.0;  // penalised negative log-likelihood
};

/// Fits on the design rows `rows` with labels y (0/1, indexed like the design). `start` (optional,
/// may be empty) warm-starts the iterations, which stop when no coefficient moves by more than
/// `tolerance` × (1 + the largest). The result is the same for any `threads`. Throws Error when
/// the penalised Hessian is singular (lambda 0 with collinear or too many columns) or the fit does
/// not stay finite.
[[nodiscard]] LogisticFit fit_logistic(const Design& x, const std::vector<std::uint8_t>& y,
                                       const std::vector<std::uint32_t>& rows, double lambda,
                                       const Eigen::VectorXd& start, unsigned threads, double tolerance = 1e-9);

/// The linear predictor of every row in `rows`.
[[nodiscard]] std::vector<double> linear_predictors(const Design& x, const Eigen::VectorXd& beta,
                                                    const std::vector<std::uint32_t>& rows);

/// The sandwich covariance H⁻¹ F H⁻¹ of a penalised fit (H penalised Hessian, F Fisher
/// information): the variance of the ridge estimate; H⁻¹ itself when lambda is 0.
[[nodiscard]] Eigen::MatrixXd coefficient_covariance(const LogisticFit& fit);

}  // namespace bpm::predict_detail
