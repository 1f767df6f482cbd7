#pragma once
// The choice among the members of a Pareto front that simulation cannot tell apart. The knee is
// picked on means, and means are noisy: when the knee is not significantly better than another
// member on any objective, the data do not support paying for it. Private to the search.
#include <cstddef>
#include <vector>

#include "bpm/optimize/search.hpp"

namespace bpm::optimize_detail {

/// One member of the front: per objective the value of every replication (common random numbers:
/// replication r of every member saw the same random streams, so they pair), and its decision values.
struct FrontMember {
  std::vector<std::vector<double>> objectives;  // [objective][replication]
  std::vector<long long> values;
};

struct FrontChoice {
  std::size_t chosen = 0;
  /// The members the knee does not beat significantly on any objective, the knee itself among
  /// them when another is chosen; in member order, the chosen one left out.
  std::vector<std::size_t> equivalent;
};

/// Among the knee and every member that the knee does not beat on any objective (each paired
/// Student-t interval of member − knee at `confidence` either contains 0 or favours the member),
/// chooses by one rule: (1) the lowest mean of the first minimised objective measured in money
/// (the cheaper), else (2) the smallest sum of decision values (the simpler: fewer servers);
/// (3) ties go to the knee, then to the earlier member.
[[nodiscard]] FrontChoice choose_on_front(const std::vector<FrontMember>& members, std::size_t knee,
                                          const std::vector<SearchObjective>& objectives, double confidence);

}  // namespace bpm::optimize_detail
