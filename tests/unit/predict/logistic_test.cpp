// The IRLS fit against closed forms: one binary column without penalty gives the log odds ratio
// of the 2×2 table; the penalised fit zeroes the gradient of its objective; threads do not
// change a bit of the result.
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/core/error.hpp"
#include "predict/logistic.hpp"

namespace {

using bpm::predict_detail::Design;

/// A 2×2 table as rows: x = 1 for `exposed` cases, y = 1 for positives.
struct Table {
  Design x;
  std::vector<std::uint8_t> y;
  std::vector<std::uint32_t> rows;
};

Table two_by_two(int exposed_positive, int exposed_negative, int other_positive, int other_negative) {
  Table t;
  const int n = exposed_positive + exposed_negative + other_positive + other_negative;
  t.x.resize(n, 2);
  int row = 0;
  const auto add = [&](int count, double x, std::uint8_t y) {
    for (int k = 0; k < count; ++k, ++row) {
      t.x(row, 0) = x;
      t.x(row, 1) = 1.0;
      t.y.push_back(y);
      t.rows.push_back(static_cast<std::uint32_t>(row));
    }
  };
  add(exposed_positive, 1.0, 1);
  add(exposed_negative, 1.0, 0);
  add(other_positive, 0.0, 1);
  add(other_negative, 0.0, 0);
  return t;
}

}  // namespace

TEST_CASE("without a penalty, one binary column gives the log odds ratio of the 2x2 table", "[predict]") {
  const Table t = two_by_two(30, 20, 15, 35);
  const auto fit = bpm::predict_detail::fit_logistic(t.x, t.y, t.rows, 0.0, Eigen::VectorXd(), 1);
  REQUIRE(fit.converged);
  CHECK(fit.beta(0) == Approx(std::log((30.0 / 20.0) / (15.0 / 35.0))).epsilon(1e-10));
  CHECK(fit.beta(1) == Approx(std::log(15.0 / 35.0)).epsilon(1e-10));
  // Wald standard error of a log odds ratio: sqrt(1/a + 1/b + 1/c + 1/d).
  const Eigen::MatrixXd covariance = bpm::predict_detail::coefficient_covariance(fit);
  CHECK(std::sqrt(covariance(0, 0)) == Approx(std::sqrt(1 / 30.0 + 1 / 20.0 + 1 / 15.0 + 1 / 35.0)).epsilon(1e-8));
}

TEST_CASE("the penalised fit zeroes the gradient of the penalised objective", "[predict]") {
  Table t = two_by_two(30, 20, 15, 35);
  const double lambda = 0.05;
  const auto fit = bpm::predict_detail::fit_logistic(t.x, t.y, t.rows, lambda, Eigen::VectorXd(), 1);
  REQUIRE(fit.converged);
  double g0 = 0.0;
  double g1 = 0.0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double mu = 1.0 / (1.0 + std::exp(-(t.x(r, 0) * fit.beta(0) + fit.beta(1))));
    g0 += (mu - t.y[i]) * t.x(r, 0);
    g1 += mu - t.y[i];
  }
  const double n = static_cast<double>(t.rows.size());
  CHECK(g0 + lambda * n * fit.beta(0) == Approx(0.0).margin(1e-8));  // the column is penalised
  CHECK(g1 == Approx(0.0).margin(1e-8));                             // the intercept is not
  const auto unpenalised = bpm::predict_detail::fit_logistic(t.x, t.y, t.rows, 0.0, Eigen::VectorXd(), 1);
  CHECK(std::abs(fit.beta(0)) < std::abs(unpenalised.beta(0)));  // shrunk towards 0
}

TEST_CASE("a fit is the same for any number of threads", "[predict]") {
  // Enough rows for several chunks of the parallel sums.
  const int n = 50000;
  Design x(n, 3);
  std::vector<std::uint8_t> y(n);
  std::vector<std::uint32_t> rows(n);
  std::uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < n; ++i) {
    x(i, 0) = next() - 0.5;
    x(i, 1) = next() < 0.3 ? 1.0 : 0.0;
    x(i, 2) = 1.0;
    y[static_cast<std::size_t>(i)] = next() < 1.0 / (1.0 + std::exp(-(2 * x(i, 0) + x(i, 1) - 0.5))) ? 1 : 0;
    rows[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(i);
  }
  const auto one = bpm::predict_detail::fit_logistic(x, y, rows, 1e-4, Eigen::VectorXd(), 1);
  const auto two = bpm::predict_detail::fit_logistic(x, y, rows, 1e-4, Eigen::VectorXd(), 2);
  const auto three = bpm::predict_detail::fit_logistic(x, y, rows, 1e-4, Eigen::VectorXd(), 3);
  CHECK(one.beta == two.beta);
  CHECK(one.beta == three.beta);
  CHECK(one.beta(0) == Approx(2.0).margin(0.1));
  CHECK(one.beta(1) == Approx(1.0).margin(0.1));
}

TEST_CASE("a singular problem without a penalty is an error, never NaN", "[predict]") {
  Table t = two_by_two(10, 10, 10, 10);
  Design doubled(t.x.rows(), 3);
  doubled << t.x.col(0), t.x.col(0), t.x.col(1);  // the same column twice
  CHECK_THROWS_WITH(bpm::predict_detail::fit_logistic(doubled, t.y, t.rows, 0.0, Eigen::VectorXd(), 1),
                    Catch::Contains("collinear or outnumber the cases"));
  const auto penalised = bpm::predict_detail::fit_logistic(doubled, t.y, t.rows, 0.01, Eigen::VectorXd(), 1);
  CHECK(penalised.beta.allFinite());
  CHECK(penalised.beta(0) == Approx(penalised.beta(1)));  // the penalty splits the effect evenly
}
