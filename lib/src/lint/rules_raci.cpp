// RACI: every task has exactly one accountable role.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_raci(const Process& p, Findings& f) {
  for (const auto& step : p.steps) {
    if (step.kind != StepKind::Task) continue;
    const auto& accountable = step.raci.accountable;
    if (accountable.empty()) {
      const bool has_raci = step.key_locations.count("raci") > 0;
      f.report("raci-accountable", has_raci ? step.raci.where : step.id_where,
               fmt::format("task '{}' has no accountable role: add raci: {{ accountable: <role> }}", step.id));
    } else if (accountable.size() > 1) {
      f.report("raci-single-accountable", step.raci.where,
               fmt::format("task '{}' has {} accountable roles ({}): exactly one role is accountable", step.id,
                           accountable.size(), fmt::join(accountable, ", ")));
    }
  }
}

}  // namespace bpm::lint_detail
