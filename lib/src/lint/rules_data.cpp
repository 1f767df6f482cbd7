// Rules about durations, waits and costs computed from case attributes: values of the attributes
// for which they are invalid, which would stop a simulation at the first such case.
#include <fmt/format.h>

#include "lint/findings.hpp"
#include "model/data_checks.hpp"

namespace bpm::lint_detail {

void check_data(const Process& p, Findings& f) {
  if (!f.enabled("data-parameters")) return;
  for (const Step& step : p.steps) {
    for (const auto& [key, d] : {std::pair{"duration", &step.duration}, std::pair{"wait", &step.wait}}) {
      if (!*d || !(*d)->data_dependent()) continue;
      const auto example = detail::invalid_parameters_example(p, **d, fmt::format("steps.{}.{}", step.id, key));
      if (!example) continue;
      f.report("data-parameters", key_location(step, key),
               fmt::format("the {} of '{}' ({}) has invalid parameters for some cases, e.g. with {}: a simulation "
                           "stops at the first such case",
                           key, step.id, (*d)->to_string(), *example));
    }
    if (step.cost_formula) {
      const auto example = detail::negative_value_example(p, *step.cost_formula, "steps." + step.id + ".cost");
      if (!example) continue;
      f.report("data-parameters", key_location(step, "cost"),
               fmt::format("the cost of '{}' ({}) is negative or undefined for some cases, e.g. with {}: a simulation "
                           "stops at the first such case",
                           step.id, step.cost_formula->text(), *example));
    }
  }
}

}  // namespace bpm::lint_detail
