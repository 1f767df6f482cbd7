// Rules about xor/or gateways: how their branches are chosen.
#include <fmt/format.h>

#include <cmath>

#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_gateways(const Process& p, Findings& f) {
  constexpr double kTolerance = 1e-6;
  for (const auto& step : p.steps) {
    if (step.kind != StepKind::Xor && step.kind != StepKind::Or) continue;
    const std::string kind(step_kind_name(step.kind));
    const Location& gateway_at = key_location(step, kind);

    if (step.branches.size() == 1) {
      f.report("superfluous-gateway", step.id_where,
               fmt::format("gateway '{}' has a single branch: continue with `next: {}` instead", step.id,
                           step.branches.front().to));
    }

    bool any_p = false;
    bool all_when = !step.branches.empty();
    double p_sum = 0.0;
    for (const auto& branch : step.branches) {
      if (branch.when && branch.p) {
        f.report("conditional-flows", branch.where,
                 fmt::format("the branch of '{}' to '{}' has both 'when' and 'p': a branch is chosen by one of them",
                             step.id, branch.to));
      } else if (!branch.when && !branch.p) {
        f.report("conditional-flows", branch.where,
                 fmt::format("the branch of '{}' to '{}' has neither 'when' nor 'p'", step.id, branch.to));
      }
      // A branch with a condition is tested, not drawn: only pure p branches form the draw.
      if (branch.p && !branch.when) {
        any_p = true;
        p_sum += *branch.p;
      }
      // An xor draws only among pure p branches; an or can fall back to any branch with p.
      const bool fallback = step.kind == StepKind::Xor ? branch.p && !branch.when : branch.p.has_value();
      if (!branch.when || fallback) all_when = false;
    }

    // Or branches are independent draws, so only xor probabilities form a distribution.
    if (step.kind == StepKind::Xor && any_p && std::abs(p_sum - 1.0) > kTolerance) {
      f.report("gateway-probabilities", gateway_at,
               fmt::format("the p branches of xor gateway '{}' sum to {:.6g}, not 1", step.id, p_sum));
    }
    if (all_when) {
      f.report("gateway-fallback", gateway_at,
               fmt::format("every branch of gateway '{}' has a 'when' condition and none has 'p': "
                           "a case that meets no condition has no branch to take",
                           step.id));
    }
  }
}

}  // namespace bpm::lint_detail
