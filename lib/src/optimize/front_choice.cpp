#include "optimize/front_choice.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "bpm/stats/student_t.hpp"
#include "optimize/finite_mean.hpp"

namespace bpm::optimize_detail {
namespace {

/// Whether the knee is significantly better than the member on objective k: the paired interval
/// of member − knee (oriented so that positive is worse) lies above 0.
bool knee_better(const FrontMember& member, const FrontMember& knee, const SearchObjective& objective, std::size_t k,
                 double confidence) {
  std::vector<double> mine;
  std::vector<double> theirs;
  const auto& a = member.objectives[k];
  const auto& b = knee.objectives[k];
  for (std::size_t r = 0; r < a.size() && r < b.size(); ++r) {
    if (std::isfinite(a[r]) && std::isfinite(b[r])) {
      mine.push_back(a[r]);
      theirs.push_back(b[r]);
    }
  }
  if (mine.size() < 2) return false;
  const Estimate d = paired_difference(mine, theirs, confidence);
  const double worse = objective.maximize ? -d.mean : d.mean;
  return std::isfinite(d.half_width) && d.mean != 0.0 && worse - d.half_width > 0.0;
}

}  // namespace

FrontChoice choose_on_front(const std::vector<FrontMember>& members, std::size_t knee,
                            const std::vector<SearchObjective>& objectives, double confidence) {
  std::vector<std::size_t> candidates{knee};
  for (std::size_t m = 0; m < members.size(); ++m) {
    if (m == knee) continue;
    bool beaten = false;
    for (std::size_t k = 0; k < objectives.size() && !beaten; ++k) {
      beaten = knee_better(members[m], members[knee], objectives[k], k, confidence);
    }
    if (!beaten) candidates.push_back(m);
  }
  std::optional<std::size_t> money;
  for (std::size_t k = 0; k < objectives.size(); ++k) {
    if (!objectives[k].maximize && objectives[k].unit == MetricUnit::Money) {
      money = k;
      break;
    }
  }
  const auto cost = [&](std::size_t m) {
    const double mean = mean_of_finite(members[m].objectives[*money]);
    return std::isfinite(mean) ? mean : INFINITY;
  };
  const auto size = [&](std::size_t m) {
    return std::accumulate(members[m].values.begin(), members[m].values.end(), 0LL);
  };
  // The knee comes first in `candidates`, then the others in member order: a strict comparison
  // keeps ties with the earliest.
  std::size_t best = candidates.front();
  for (const std::size_t m : candidates) {
    const bool better = money ? cost(m) < cost(best) : size(m) < size(best);
    if (better) best = m;
  }
  FrontChoice choice;
  choice.chosen = best;
  for (std::size_t m = 0; m < members.size(); ++m) {
    if (m != best && std::find(candidates.begin(), candidates.end(), m) != candidates.end()) {
      choice.equivalent.push_back(m);
    }
  }
  return choice;
}

}  // namespace bpm::optimize_detail
