#pragma once
// Turns a stream of log rows into finished cases (CaseRecord): lifecycle pairing, estimated
// enable/start times, duplicate and order checks. Private to the kpi area.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/kpi/event_log.hpp"
#include "bpm/kpi/log_reader.hpp"

namespace bpm::kpi {

/// What a lifecycle column said about an event.
enum class Transition : std::uint8_t {
  None,      // the row is a whole activity instance (interval or completion-only log)
  Schedule,  // schedule/assign: the work became available (an enable time)
  Start,
  Complete,
  Abort,  // withdraw, ate_abort: bpm-sim's work cut short by a timer (simulation logs only)
  Other,  // suspend, resume, abort, ... : counted, otherwise ignored
};

/// Maps lifecycle:transition values (case-insensitive) to a Transition.
[[nodiscard]] Transition parse_transition(std::string_view text) noexcept;

/// One row of a log in the reader's terms. String views are valid only during CaseAssembler::add.
/// Absent times are NaN.
struct RawEvent {
  std::string_view case_id;
  std::uint32_t replication = 0;
  std::uint32_t activity = 0;
  std::int32_t resource = -1;
  Transition transition = Transition::None;
  Time enable = 0.0;
  Time start = 0.0;
  Time end = 0.0;  // the timestamp for single-timestamp rows
  double cost = 0.0;
  std::string_view outcome;
  const std::string_view* attributes = nullptr;  // LogDictionary::attributes.size() values
  std::uint64_t line = 0;
  /// Work under way when a simulation stopped (CaseRecord::pending): end, maybe start, missing.
  bool pending = false;
  /// Work a timer cut short (CaseRecord::interrupted): an end, maybe no start.
  bool interrupted = false;
  /// ActivityInstance::batch and batch_ready.
  std::int32_t batch = -1;
  Time batch_ready = std::numeric_limits<double>::quiet_NaN();
};

/// Thrown when a log read as grouped by case turns out not to be (a case reappears after other
/// cases): the caller either re-reads it in memory or reports it (--order case).
class OrderViolation : public DataError {
 public:
  using DataError::DataError;
};

class CaseAssembler {
 public:
  /// `grouped`: a case is finished when the next row belongs to another case (streaming, memory of
  /// one case); otherwise every case stays open until finish(). Open cases estimated to take more
  /// than `memory_limit` bytes move to temporary files (see finish()).
  CaseAssembler(bool grouped, LogDictionary& dictionary, IssueLog& issues, CaseSink& sink,
                std::uint64_t memory_limit = UINT64_MAX);
  ~CaseAssembler();
  CaseAssembler(const CaseAssembler&) = delete;
  CaseAssembler& operator=(const CaseAssembler&) = delete;

  /// Names the input the next rows come from, for locations (stitched logs change it).
  void set_file(const std::string& label);
  /// A simulation's log: a schedule or start without a complete is work under way when the run
  /// stopped (CaseRecord::pending), not a data issue.
  void keep_unfinished_as_pending() noexcept { unfinished_pending_ = true; }
  void add(const RawEvent& event);
  /// Finishes every open case, in order of first appearance.
  ///
  /// Bounded memory: when the open cases outgrow the memory limit, they are written to
  /// temporary files hash-partitioned by case, and so is every later row. finish() then
  /// assembles one partition at a time in memory, writes its finished cases to another file in
  /// order of first appearance, and merges those files: the sink receives the same cases in the
  /// same order, and the issue log the same examples, as without a limit.
  void finish();

  [[nodiscard]] std::uint64_t events() const noexcept { return events_; }
  [[nodiscard]] std::uint64_t cases() const noexcept { return cases_; }
  [[nodiscard]] bool saw_lifecycle() const noexcept { return saw_lifecycle_; }
  /// Whether the open cases outgrew the memory limit and went to temporary files.
  [[nodiscard]] bool spilled() const noexcept { return spill_ != nullptr; }

 private:
  struct OpenCase;
  struct CaseIndex;
  struct Spill;
  class PartitionSink;
  OpenCase& open_case(const RawEvent& event);
  void finish_case(OpenCase& open);
  // The end-before-start check of a whole-instance row: notes the issue, makes it instantaneous.
  void check_times(const RawEvent& event, Time& end);
  void start_spilling();
  void spill_row(const RawEvent& event);
  void finish_spilled();

  bool grouped_;
  LogDictionary& dictionary_;
  IssueLog* issues_;
  CaseSink* sink_;
  std::uint64_t memory_limit_;
  std::uint64_t held_bytes_ = 0;  // estimated memory of the open cases (in-memory path)
  std::unique_ptr<Spill> spill_;
  bool replaying_ = false;            // finish() is re-assembling a partition
  std::uint64_t replay_ordinal_ = 0;  // the ordinal of the row being replayed
  // Rows are located by (file index << 48 | line), so that a case stitched from several files
  // still names the right file for each of its rows.
  std::vector<std::string> files_;
  std::uint64_t file_bits_ = 0;
  [[nodiscard]] Location locate(std::uint64_t located) const;
  std::unique_ptr<CaseIndex> index_;
  std::uint64_t events_ = 0;
  std::uint64_t cases_ = 0;
  bool saw_lifecycle_ = false;
  bool unfinished_pending_ = false;
};

}  // namespace bpm::kpi
