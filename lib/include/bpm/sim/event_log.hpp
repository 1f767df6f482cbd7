#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

class OutputFile;  // bpm/io/output_file.hpp

/// The event log of a simulation as CSV, one row per task or timer-wait execution:
///
///     case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,<attributes...>
///
/// - case_id: the case's arrival number within its replication (1, 2, ...); combine it with
///   `replication` for a key that is unique across replications;
/// - activity: the step id; resource: the pool id (empty for automatic tasks and timer waits);
///   in a model whose pools name members, a `role` column follows `resource`: resource is then
///   the member who did the work and role its pool (for pools without members both are the pool);
/// - enable_time: when the case reached the step; start_time: when work started (a timer wait
///   starts and ends when it fires, so its whole delay shows as waiting); end_time: when it was
///   done. ISO 8601 local time from `simulation.start`, millisecond resolution. A task paused by
///   its pool's calendar ends after the pause: end_time − start_time includes closed hours;
/// - cost: fixed cost plus the pool's hourly rate × net work hours, two decimals;
/// - outcome: the end the case reached; empty for cases still in flight when the run stopped;
/// - status (only in models with a timeout or abandonment): empty for a completed execution,
///   `withdraw` when a timer ended it before its work started (start_time empty), `ate_abort`
///   when a timeout cut its work short (end_time: when it stopped; cost: of the work done);
/// - batch, batch_ready (only in models with a `batch:` task): the number of the batch execution
///   that served the row (1, 2, ... in order of release within the replication; rows of one
///   activity with the same number were one execution for all their cases), and when that batch
///   was released to its pool (full, or its timeout); both empty on other rows and on a case
///   still being collected when the run stopped;
/// - one column per case attribute, in the order of the process file.
///
/// Mapping to PM4Py / XES names: case_id → case:concept:name, activity → concept:name, resource →
/// org:resource, start_time → start_timestamp, end_time → time:timestamp (lifecycle "complete");
/// pm4py.format_dataframe(df, case_id="case_id", activity_key="activity",
/// timestamp_key="end_time", start_timestamp_key="start_time").
///
/// The same log as XES: bpm/sim/xes_log.hpp.
///
/// Rows are grouped by case (a case's rows are written when it ends, because the outcome is known
/// only then) and by replication in ascending order, whatever the number of threads. Pass the
/// writer in SimulationOptions::log; the header is written by the first simulation that uses it.
class BPM_API EventLogWriter {
 public:
  /// Writes to `out`, which must outlive the writer. Write failures throw IoError.
  explicit EventLogWriter(std::ostream& out);
  /// Writes to `out` with its fast raw write; `out` must outlive the writer (commit it after).
  explicit EventLogWriter(OutputFile& out);
  /// Writes through `write(data, size)`, called with large blocks (about 1 MiB). It may throw.
  explicit EventLogWriter(std::function<void(const char*, std::size_t)> write);
  ~EventLogWriter();
  EventLogWriter(const EventLogWriter&) = delete;
  EventLogWriter& operator=(const EventLogWriter&) = delete;

  /// Rows written so far.
  [[nodiscard]] std::uint64_t rows() const noexcept;

  /// The columns that precede the attribute columns.
  static constexpr std::string_view kColumns =
      "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome";

  class State;  // shared with the simulator (lib/src/sim/event_log_state.hpp)
  [[nodiscard]] State& state() noexcept { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

}  // namespace bpm
