// Rules about batch tasks: a batch must hold a case, and one that only fills up may never go.
#include <fmt/format.h>

#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_batches(const Process& p, Findings& f) {
  for (const Step& step : p.steps) {
    if (!step.batch) continue;
    if (step.batch->size < 1) {
      f.report("batch-size", step.batch->where,
               fmt::format("the batch of '{}' has size {}: a batch serves at least 1 case", step.id, step.batch->size));
    } else if (!step.batch->timeout && step.batch->size > 1) {
      f.report("batch-without-timeout", step.batch->where,
               fmt::format("the batch of '{}' has no timeout: cases wait until {} are there, and the last ones of a "
                           "run may never be served",
                           step.id, step.batch->size));
    }
  }
}

}  // namespace bpm::lint_detail
