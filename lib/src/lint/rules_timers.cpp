// Rules about the timers of tasks and waits (timeout, escalate, abandon): a timer that can never
// fire, or a timeout that always fires, leaves a path of the diagram that no case ever takes.
#include <fmt/format.h>

#include "bpm/core/time.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

/// The time a visit to the step takes when nothing but its own distribution decides it (a wait,
/// or an automatic task); nullptr when a queue makes it open-ended.
const Distribution* own_time(const Step& step) {
  if (step.kind == StepKind::Wait && step.wait) return &*step.wait;
  if (step.kind == StepKind::Task && step.resource.empty() && step.duration) return &*step.duration;
  return nullptr;
}

}  // namespace

void check_timers(const Process& p, Findings& f) {
  for (const Step& step : p.steps) {
    const Distribution* own = own_time(step);
    // Times computed from the case's attributes have no bounds to compare before a run.
    if (own == nullptr || own->data_dependent()) continue;
    // On a tie the step completes first (the engine arms timers after scheduling the step's end).
    const double longest = own->support_max();
    const double shortest = own->support_min();
    for (const auto& [timer, what] : {std::pair{&step.timeout, "timeout"}, std::pair{&step.escalate, "escalation"}}) {
      if (!*timer || (*timer)->after.data_dependent()) continue;
      const StepTimer& t = **timer;
      if (t.after.support_min() >= longest) {
        f.report("timer-never-fires", t.where,
                 fmt::format("the {} of '{}' never fires: it comes after {} at the earliest, and the step always "
                             "ends by {}, so '{}' is never reached this way",
                             what, step.id, format_duration(t.after.support_min()), format_duration(longest), t.to));
      }
    }
    if (step.timeout && !step.timeout->after.data_dependent() && !step.next.empty() &&
        step.timeout->after.support_max() < shortest) {
      f.report("timer-always-fires", step.timeout->where,
               fmt::format("the timeout of '{}' always fires: it comes by {} at the latest, and the step takes at "
                           "least {}, so '{}' is never reached",
                           step.id, format_duration(step.timeout->after.support_max()), format_duration(shortest),
                           step.next));
    }
  }
}

}  // namespace bpm::lint_detail
