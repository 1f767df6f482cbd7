#pragma once
// Which branch of an exclusive gateway each case of the log took. A branch is recognised by the
// activities only it can reach (before the paths meet again); a case that shows none of them took
// the branch that has none (a skip or an early exit) when it certainly reached the gateway. Cases
// that cannot be told apart — and every case at a gateway inside a loop, which a case may pass
// several times — are left unlabelled. Used to learn branch conditions and to re-estimate branch
// probabilities of an existing model.
#include <cstdint>
#include <vector>

#include "bpm/model/process.hpp"
#include "discover/log_store.hpp"

namespace bpm::discover {

struct GatewayRouting {
  std::vector<int> branch;          // per LogStore case: the branch index taken, -1 when unknown
  std::vector<std::size_t> counts;  // cases per branch
  std::size_t labelled = 0;
  bool in_loop = false;  // the gateway can be reached again from its own branches
};

/// `activity_of_step[s]`: the log activity task step s records (-1: none).
[[nodiscard]] GatewayRouting route_cases(const Process& process, std::size_t gateway,
                                         const std::vector<std::int64_t>& activity_of_step, const LogStore& log);

/// The log activity of every step of `process` (task steps named by id or display name).
[[nodiscard]] std::vector<std::int64_t> activities_of_steps(const Process& process, const LogStore& log);

}  // namespace bpm::discover
