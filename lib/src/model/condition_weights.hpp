#pragma once
// How likely each combination of a gateway's `when` conditions is, over the case attributes they
// read (drawn once per case at arrival, independently of each other). Private to the routing
// analysis.
#include <cstddef>
#include <optional>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm::detail {

/// One class of attribute values, its probability, and which branch conditions hold for it.
struct ConditionCase {
  double weight = 1.0;
  std::vector<bool> holds;  // per branch; false for branches without `when`
};

struct WeighedConditions {
  std::vector<ConditionCase> cases;
  /// True when the weights are an estimate from kConditionSamples draws of the attributes (a
  /// condition does arithmetic on a numeric attribute, or there are too many classes); false
  /// when they are exact.
  bool estimated = false;
};

/// Draws behind an estimate: the same fixed stream on every run, about ±1.5 percentage points.
inline constexpr std::size_t kConditionSamples = 4096;

/// Exact where it can be: categorical attributes by their categories; a numeric attribute that
/// the conditions only compare with constants (`deal_value > 20000`, `tier == 2`) by the classes
/// between those thresholds, each weighed with the distribution's CDF. nullopt when a condition
/// reads a name that is not an attribute.
[[nodiscard]] std::optional<WeighedConditions> weigh_conditions(const Process& process, const Step& step);

}  // namespace bpm::detail
