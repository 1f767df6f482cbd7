// IRLS for L2-regularised logistic regression. Rows are processed in fixed chunks whose partial
// sums are added in chunk order, so the result does not depend on the number of threads.
#include "logistic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"
#include "core/parallel_for.hpp"

namespace bpm::predict_detail {
namespace {

constexpr std::size_t kChunkRows = 8192;  // rows per partial sum: fixed, for thread-independent results
constexpr std::size_t kBlockRows = 256;   // rows per rank update: a block of them stays in cache
constexpr std::uint32_t kMaxIterations = 100;

/// log(1 + exp(z)) without overflow.
double log1p_exp(double z) noexcept { return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

struct Partial {
  Eigen::MatrixXd fisher;  // X'WX, lower triangle
  Eigen::VectorXd gradient;
  double loss = 0.0;
};

/// The loss of beta over the rows, and optionally X'WX and the gradient of the loss.
class Accumulator {
 public:
  Accumulator(const Design& x, const std::vector<std::uint8_t>& y, const std::vector<std::uint32_t>& rows,
              unsigned threads)
      : x_(x), y_(y), rows_(rows), threads_(threads), chunks_((rows.size() + kChunkRows - 1) / kChunkRows) {
    partials_.resize(chunks_);
  }

  Partial run(const Eigen::VectorXd& beta, bool derivatives) {
    const auto q = static_cast<Eigen::Index>(x_.cols());
    parallel_for(chunks_, threads_, [&](std::size_t chunk, unsigned) {
      Partial& p = partials_[chunk];
      const std::size_t first = chunk * kChunkRows;
      const std::size_t count = std::min(kChunkRows, rows_.size() - first);
      p.loss = 0.0;
      if (derivatives) {
        p.fisher.setZero(q, q);
        p.gradient.setZero(q);
      }
      // Rows go through small blocks that stay in cache: the weighted rows for X'WX (a
      // symmetric rank update) and the plain rows for the gradient X'(mu - y).
      Eigen::MatrixXd weighted(q, static_cast<Eigen::Index>(kBlockRows));
      Eigen::MatrixXd plain(q, static_cast<Eigen::Index>(kBlockRows));
      Eigen::VectorXd residual(static_cast<Eigen::Index>(kBlockRows));
      for (std::size_t from = 0; from < count; from += kBlockRows) {
        const std::size_t m = std::min(kBlockRows, count - from);
        for (std::size_t k = 0; k < m; ++k) {
          const std::uint32_t row = rows_[first + from + k];
          // A row of the row-major design is contiguous: read it as a vector.
          const Eigen::Map<const Eigen::VectorXd> xi(x_.data() + static_cast<std::ptrdiff_t>(row) * q, q);
          const double eta = xi.dot(beta);
          const double yi = y_[row];
          p.loss += log1p_exp(eta) - yi * eta;
          if (!derivatives) continue;
          const double mu = 1.0 / (1.0 + std::exp(-eta));
          const auto col = static_cast<Eigen::Index>(k);
          plain.col(col) = xi;
          weighted.col(col) = std::sqrt(mu * (1.0 - mu)) * xi;
          residual(col) = mu - yi;
        }
        if (!derivatives || m == 0) continue;
        const auto used = static_cast<Eigen::Index>(m);
        p.fisher.selfadjointView<Eigen::Lower>().rankUpdate(weighted.leftCols(used));
        p.gradient.noalias() += plain.leftCols(used) * residual.head(used);
      }
    });
    Partial total;
    total.loss = 0.0;
    if (derivatives) {
      total.fisher.setZero(q, q);
      total.gradient.setZero(q);
    }
    for (const Partial& p : partials_) {
      total.loss += p.loss;
      if (!derivatives) continue;
      total.fisher += p.fisher;
      total.gradient += p.gradient;
    }
    if (derivatives) total.fisher = total.fisher.selfadjointView<Eigen::Lower>();
    return total;
  }

 private:
  const Design& x_;
  const std::vector<std::uint8_t>& y_;
  const std::vector<std::uint32_t>& rows_;
  unsigned threads_;
  std::size_t chunks_;
  std::vector<Partial> partials_;
};

}  // namespace

LogisticFit fit_logistic(const Design& x, const std::vector<std::uint8_t>& y, const std::vector<std::uint32_t>& rows,
                         double lambda, const Eigen::VectorXd& start, unsigned threads, double tolerance) {
  const auto q = static_cast<Eigen::Index>(x.cols());
  const double n = static_cast<double>(rows.size());
  // The penalty's diagonal: every column but the intercept (the last).
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(q, lambda * n);
  penalty(q - 1) = 0.0;
  const auto penalised = [&](double loss, const Eigen::VectorXd& beta) {
    return loss + 0.5 * (penalty.array() * beta.array().square()).sum();
  };

  LogisticFit fit;
  fit.beta = start.size() == q ? start : Eigen::VectorXd::Zero(q);
  Accumulator accumulate(x, y, rows, threads);
  Partial at = accumulate.run(fit.beta, true);
  fit.objective = penalised(at.loss, fit.beta);
  for (fit.iterations = 1; fit.iterations <= kMaxIterations; ++fit.iterations) {
    Eigen::MatrixXd hessian = at.fisher;
    hessian.diagonal() += penalty;
    const Eigen::VectorXd gradient = at.gradient + (penalty.array() * fit.beta.array()).matrix();
    const Eigen::LDLT<Eigen::MatrixXd> solver(hessian);
    if (solver.info() != Eigen::Success || !solver.isPositive() ||
        solver.vectorD().minCoeff() <= 1e-12 * std::max(1.0, solver.vectorD().maxCoeff())) {
      throw Error(
          "the columns are collinear or outnumber the cases, so the fit has no unique "
          "solution: give a penalty (lambda above 0) or fewer features");
    }
    const Eigen::VectorXd step = solver.solve(gradient);
    // Step halving keeps every iteration downhill (Newton's full step can overshoot when the
    // classes are nearly separable). The trial point's derivatives are computed with its loss:
    // they are the next iteration's when the step is taken, which it nearly always is.
    double scale = 1.0;
    Eigen::VectorXd next;
    Partial trial;
    double next_objective = std::numeric_limits<double>::infinity();
    for (int halving = 0; halving < 30; ++halving) {
      next = fit.beta - scale * step;
      trial = accumulate.run(next, true);
      next_objective = penalised(trial.loss, next);
      if (next_objective <= fit.objective + 1e-12 * std::abs(fit.objective)) break;
      scale *= 0.5;
    }
    if (!std::isfinite(next_objective) || !next.allFinite()) {
      throw Error(
          "the fit diverged (perfectly separated classes without a penalty?): give a "
          "penalty (lambda above 0) or look for a feature that gives the outcome away");
    }
    const double change = (next - fit.beta).cwiseAbs().maxCoeff();
    const double improvement = fit.objective - next_objective;
    fit.beta = next;
    fit.objective = next_objective;
    at = std::move(trial);
    if (change <= tolerance * (1.0 + fit.beta.cwiseAbs().maxCoeff()) ||
        improvement <= 1e-13 * std::max(1.0, std::abs(fit.objective))) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, kMaxIterations);
  fit.fisher = at.fisher;
  fit.hessian = at.fisher;
  fit.hessian.diagonal() += penalty;
  return fit;
}

std::vector<double> linear_predictors(const Design& x, const Eigen::VectorXd& beta,
                                      const std::vector<std::uint32_t>& rows) {
  std::vector<double> out(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) out[k] = x.row(static_cast<Eigen::Index>(rows[k])).dot(beta);
  return out;
}

Eigen::MatrixXd coefficient_covariance(const LogisticFit& fit) {
  const Eigen::LDLT<Eigen::MatrixXd> solver(fit.hessian);
  const Eigen::MatrixXd inverse = solver.solve(Eigen::MatrixXd::Identity(fit.hessian.rows(), fit.hessian.cols()));
  return inverse * fit.fisher * inverse;
}

}  // namespace bpm::predict_detail
