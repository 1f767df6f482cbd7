// The variants of a baseline that `compare` is asked for on the command line.
#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/compare.hpp"

namespace bpm {

std::vector<Variant> make_variants(const Process& baseline, const std::vector<std::string>& scenarios, bool all,
                                   const std::vector<std::string>& sets) {
  if (!all && scenarios.empty() && sets.empty()) {
    throw UsageError("compare: nothing to compare: name scenarios of the file, all of them, or overrides (PATH=VALUE)");
  }
  std::vector<std::string> names = scenarios;
  if (all) {
    for (const Scenario& scenario : baseline.scenarios) names.push_back(scenario.id);
    if (names.empty() && sets.empty()) throw SettingError("all", "the file defines no scenarios to compare");
  }
  std::vector<Variant> variants;
  for (const std::string& name : names) {
    Process variant = baseline;
    apply_scenario(variant, name);
    require_valid(variant);
    variants.push_back({name, std::move(variant)});
  }
  if (!sets.empty()) {
    Process variant = baseline;
    std::string label;
    for (const std::string& applied : apply_set_options(variant, sets)) label += (label.empty() ? "" : " ") + applied;
    require_valid_overrides(variant);  // the baseline is valid: an error now is the command line's
    variants.push_back({label, std::move(variant)});
  }
  return variants;
}

}  // namespace bpm
