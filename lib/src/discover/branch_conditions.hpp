#pragma once
// Branch conditions on case attributes, where they explain an exclusive gateway's routing clearly
// better than probabilities. The criterion (share/doc/discover.md): among the cases whose branch
// is known (discover/gateway_routing.hpp), at least 30, a rule on one attribute — each category to
// one branch, or one threshold of a numeric attribute at a two-way gateway — picks the branch
// taken in at least 95% of them, makes at most half the errors of always picking the most
// frequent branch and routes at least 10 more cases right than that guess, and sends cases to
// every branch (categories seen in fewer than 5 cases take the most frequent branch). Otherwise the
// branches keep probabilities.
#include <optional>
#include <string>
#include <vector>

#include "discover/case_attributes.hpp"
#include "discover/gateway_routing.hpp"

namespace bpm::discover {

struct RoutingRule {
  const CaseAttribute* attribute = nullptr;
  std::vector<std::string> when;  // per branch: its condition; empty for the fallback (p: 1)
  std::size_t fallback = 0;
  std::size_t cases = 0;  // labelled cases the rule was judged on
  double accuracy = 0.0;  // share of them it routes as they went
  double majority = 0.0;  // share of the most frequent branch
};

struct RuleSettings {
  std::size_t min_cases = 30;
  double min_accuracy = 0.95;
  double max_error_ratio = 0.5;        // the rule's errors against the majority guess's
  std::size_t min_gain_cases = 10;     // cases it routes right that the majority guess does not
  std::size_t min_category_cases = 5;  // rarer categories take the fallback branch
};

/// The best rule for one gateway, or nullopt when none meets the criterion.
[[nodiscard]] std::optional<RoutingRule> explain_routing(const GatewayRouting& routing,
                                                         const std::vector<CaseAttribute>& attributes,
                                                         const RuleSettings& settings = {});

}  // namespace bpm::discover
