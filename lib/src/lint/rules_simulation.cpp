// Rules about the simulation settings: a run must end within the times a timestamp can record.
#include <fmt/format.h>

#include "bpm/core/time.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_simulation(const Process& p, Findings& f) {
  const SimulationSettings& s = p.simulation;
  if (!s.horizon) return;  // a run of a number of cases stops when its clock reaches the limit
  // Also refuses a horizon so long that the run would never end in practice (1e300d).
  if (s.start + *s.horizon < kTimestampLimit) return;
  const Location where = s.where.file.empty() ? Location{p.source, 0, 0} : s.where;
  f.report("simulation-window", where,
           fmt::format("the simulation runs from {} for {}, past 9999-12-31T23:59:59, the last time a timestamp "
                       "can record",
                       format_datetime(s.start), format_duration(*s.horizon)));
}

}  // namespace bpm::lint_detail
