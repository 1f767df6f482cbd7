#include "bpm/stats/hypothesis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/special_functions.hpp"

namespace bpm {

double t_test_p_value(const Estimate& estimate) noexcept {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (estimate.n < 2 || std::isnan(estimate.mean) || std::isnan(estimate.sd)) return kNaN;
  if (!(estimate.sd > 0.0)) return estimate.mean == 0.0 ? 1.0 : 0.0;
  const double n = static_cast<double>(estimate.n);
  const double t = std::abs(estimate.mean) / (estimate.sd / std::sqrt(n));
  return std::min(1.0, 2.0 * student_t_cdf(-t, n - 1.0));
}

double f_upper_tail(double f, double d1, double d2) noexcept {
  if (!(d1 > 0.0) || !(d2 > 0.0) || std::isnan(f)) return std::numeric_limits<double>::quiet_NaN();
  if (f <= 0.0) return 1.0;
  if (std::isinf(f)) return 0.0;
  // P(F ≥ f) = I_x(d2/2, d1/2) with x = d2 / (d2 + d1 f).
  const double x = d2 / (d2 + d1 * f);
  const double y = d1 * f / (d2 + d1 * f);
  return detail::incomplete_beta(d2 / 2.0, d1 / 2.0, x, y);
}

std::vector<double> holm_adjusted(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  // Ties keep their input order, so the adjustment is deterministic.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.size(), std::numeric_limits<double>::quiet_NaN());
  const double m = static_cast<double>(order.size());
  double running = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const double scaled = std::min(1.0, (m - static_cast<double>(k)) * p_values[order[k]]);
    running = std::max(running, scaled);
    adjusted[order[k]] = running;
  }
  return adjusted;
}

}  // namespace bpm
