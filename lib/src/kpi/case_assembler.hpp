#pragma once
// Turns a stream of log rows into finished cases (CaseRecord): lifecycle pairing, estimated
// enable/start times, duplicate and order checks. Private to the kpi area.
#include <cstdint>
#include <functional>
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
  /// one case); otherwise every case stays open until finish().
  CaseAssembler(bool grouped, LogDictionary& dictionary, IssueLog& issues, CaseSink& sink);
  ~CaseAssembler();
  CaseAssembler(const CaseAssembler&) = delete;
  CaseAssembler& operator=(const CaseAssembler&) = delete;

  /// Names the input the next rows come from, for locations (stitched logs change it).
  void set_file(const std::string& label);
  void add(const RawEvent& event);
  /// Finishes every open case, in order of first appearance.
  void finish();

  [[nodiscard]] std::uint64_t events() const noexcept { return events_; }
  [[nodiscard]] std::uint64_t cases() const noexcept { return cases_; }
  [[nodiscard]] bool saw_lifecycle() const noexcept { return saw_lifecycle_; }

 private:
  struct OpenCase;
  struct CaseIndex;
  OpenCase& open_case(const RawEvent& event);
  void finish_case(OpenCase& open);

  bool grouped_;
  LogDictionary& dictionary_;
  IssueLog& issues_;
  CaseSink& sink_;
  // Rows are located by (file index << 48 | line), so that a case stitched from several files
  // still names the right file for each of its rows.
  std::vector<std::string> files_;
  std::uint64_t file_bits_ = 0;
  [[nodiscard]] Location locate(std::uint64_t located) const;
  std::unique_ptr<CaseIndex> index_;
  std::uint64_t events_ = 0;
  std::uint64_t cases_ = 0;
  bool saw_lifecycle_ = false;
};

}  // namespace bpm::kpi
