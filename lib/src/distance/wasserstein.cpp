#include "distance/wasserstein.hpp"

#include <cmath>

namespace bpm::distance {

double wasserstein(const BinCounts& a, const BinCounts& b) {
  const auto& x = a.bins();
  const auto& y = b.bins();
  if (x.empty() || y.empty()) return 0.0;
  const auto na = static_cast<double>(a.total());
  const auto nb = static_cast<double>(b.total());
  // Walk the union of the bins in order; between two consecutive values the distribution
  // functions are constant, so the integral is |F1 − F2| times the gap.
  std::size_t i = 0;
  std::size_t j = 0;
  std::uint64_t cum_a = 0;
  std::uint64_t cum_b = 0;
  double total = 0.0;
  bool have_previous = false;
  std::int64_t previous = 0;
  while (i < x.size() || j < y.size()) {
    const std::int64_t value = j >= y.size() || (i < x.size() && x[i].first <= y[j].first) ? x[i].first : y[j].first;
    if (have_previous) {
      const double gap = static_cast<double>(value - previous);
      total += std::fabs(static_cast<double>(cum_a) / na - static_cast<double>(cum_b) / nb) * gap;
    }
    if (i < x.size() && x[i].first == value) cum_a += x[i++].second;
    if (j < y.size() && y[j].first == value) cum_b += y[j++].second;
    previous = value;
    have_previous = true;
  }
  return total;
}

}  // namespace bpm::distance
