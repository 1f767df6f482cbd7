#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/sim/result.hpp"

namespace bpm {

class EventLogWriter;  // bpm/sim/event_log.hpp

struct BPM_API SimulationOptions {
  /// Replications [first_replication, first_replication + replications). 0 replications means the
  /// file's `simulation.replications`. A shard runs a sub-range; replication r always draws from
  /// the same random streams, whichever process runs it.
  std::uint32_t replications = 0;
  std::uint32_t first_replication = 0;
  std::optional<std::uint64_t> seed;   // default: the file's simulation.seed
  std::optional<std::uint64_t> cases;  // stop arrivals after N cases (then drain), instead of the horizon
  unsigned threads = 1;                // results are identical for any thread count
  EventLogWriter* log = nullptr;       // optional event-log sink
  /// Called from worker threads (serialised by the simulator) as replications finish.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// Runs the Monte Carlo simulation of a validated process (lint errors must have been ruled out:
/// see bpm/lint/lint.hpp `require_valid`). Throws SimulationError when a case exceeds
/// simulation.max_steps_per_case, UsageError for impossible options (0 replications).
[[nodiscard]] BPM_API SimulationResult simulate(const Process& process, const SimulationOptions& options);

}  // namespace bpm
