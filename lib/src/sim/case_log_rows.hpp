#pragma once
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

#include "bpm/core/time.hpp"
#include "io/temp_file.hpp"
#include "sim/compiled_model.hpp"

namespace bpm::sim {

/// Complete: the work was done. Withdrawn: a timeout or abandonment ended it before its work
/// started (queued, or in a timer wait). Aborted: a timeout ended its work under way.
/// Four bytes, beside LogRow::batch: a row's two zeros are written as one.
enum class LogStatus : std::uint32_t { Complete, Withdrawn, Aborted };

/// One task or wait execution, kept until the case ends and its outcome is known.
struct LogRow {
  std::uint32_t step = 0;
  std::uint32_t server = kNone;  // the member that did the work, if any
  std::uint32_t pool = kNone;    // the pool that did it, if any
  Time enabled = 0.0;
  Time started = 0.0;
  Time ended = 0.0;
  double cost = 0.0;
  /// How the execution ended (the log's `status` column): done, or cut short by a timer.
  LogStatus status = LogStatus::Complete;
  /// The batch execution that served it (Ride::number, the log's `batch` column); 0 for none.
  std::uint32_t batch = 0;
};
static_assert(sizeof(LogRow) == 56, "a row's status and batch share what was the padding of its doubles");

/// The event-log rows of the cases in flight, by case slot, kept until each case ends: every row
/// of a case carries its outcome. A case's newest rows stay in memory, at most kRowsInMemory of
/// them; older ones go to an anonymous temporary file in $TMPDIR in chunks of that size, so that a case of
/// ten million steps takes a megabyte of memory rather than gigabytes.
class CaseLogRows {
 public:
  static constexpr std::size_t kRowsInMemory = std::size_t{1} << 15;

  /// Case slots [0, cases) exist; new ones start empty.
  void resize(std::size_t cases);
  /// Forgets every row (a new replication); the temporary file is reused from its start.
  void reset();
  /// Forgets the rows of a case slot (a new case in it).
  void clear(std::uint32_t c) {
    rows_[c].clear();
    spilled_[c].clear();
  }
  void add(std::uint32_t c, const LogRow& row) {
    std::vector<LogRow>& rows = rows_[c];
    rows.push_back(row);
    if (rows.size() >= kRowsInMemory) [[unlikely]]
      spill(c);
  }
  [[nodiscard]] std::uint64_t count(std::uint32_t c) const noexcept {
    return spilled_[c].size() * kRowsInMemory + rows_[c].size();
  }
  /// Calls batch(std::span<const LogRow>) on the rows of case slot c in order, at most
  /// kRowsInMemory at a time, then forgets them. Throws SimulationError if the file fails.
  template <typename Batch>
  void drain(std::uint32_t c, Batch&& batch) {
    for (const std::uint64_t offset : spilled_[c]) batch(std::span<const LogRow>(read_chunk(offset)));
    batch(std::span<const LogRow>(rows_[c]));
    clear(c);
  }

 private:
  void spill(std::uint32_t c);
  const std::vector<LogRow>& read_chunk(std::uint64_t offset);

  std::vector<std::vector<LogRow>> rows_;
  std::vector<std::vector<std::uint64_t>> spilled_;  // case slot → offsets of its chunks in file_
  detail::UniqueFile file_;
  std::uint64_t file_end_ = 0;
  std::vector<LogRow> chunk_;
};

}  // namespace bpm::sim
