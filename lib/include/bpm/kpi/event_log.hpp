#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"

namespace bpm::kpi {

/// One execution of an activity in a case: what every KPI is computed from. Times are absolute
/// seconds; `enable` is when the work became possible (estimated when the log does not say,
/// see share/doc/metrics.md), so waiting = start - enable and processing = end - start.
struct BPM_API ActivityInstance {
  std::uint32_t activity = 0;  // index into LogDictionary::activities
  std::int32_t resource = -1;  // index into LogDictionary::resources, -1 when none
  Time enable = 0.0;
  Time start = 0.0;
  Time end = 0.0;
  double cost = 0.0;
  std::uint32_t sequence = 0;  // order of appearance within the case: breaks ties between equal times
  /// The batch execution that served it (the log's `batch` column): index into
  /// LogDictionary::batches, -1 when none. Rows of one activity with the same batch in a
  /// replication were one execution for all their cases (share/doc/metrics.md, "Batches").
  std::int32_t batch = -1;
  /// When that batch was released to its pool (`batch_ready`); NaN when the log does not say.
  Time batch_ready = std::numeric_limits<double>::quiet_NaN();
};

/// A finished piece of reading: one case with its activity instances in completion order (ties
/// in order of appearance), the trace order of PM4Py and the XES tools.
struct BPM_API CaseRecord {
  std::string id;
  std::uint32_t replication = 0;  // 0 when the log has no replication column
  std::vector<ActivityInstance> instances;
  std::string outcome;  // empty when the log records none
  /// Values of the attribute columns the analysis asked for (LogDictionary::attributes order);
  /// empty string when the case never had a value.
  std::vector<std::string> attributes;
  /// When each attribute's value was first recorded: the earliest time on the row that set it
  /// (a later row with another value moves it); NaN without a value. A value recorded only after
  /// a point in the case was not known there (bpm-optimize score refuses such features).
  std::vector<Time> attribute_times;
  /// False when the case is known to be unfinished: an activity was started but not completed.
  bool work_complete = true;
  /// Executions under way when a simulation stopped (bpm-sim logs of a run with a horizon): no
  /// start yet (start NaN, queued or in a timer wait) or no end yet (end NaN, being worked).
  /// They are not instances: they count towards time averages (WIP, queue length, busy time),
  /// not towards executions. A case with any is in flight.
  std::vector<ActivityInstance> pending;
  /// Executions a timer cut short (bpm-sim logs: status `withdraw` or `ate_abort`): ended, not
  /// done, so not instances. Their time counts where the simulator counts it (the case's cycle,
  /// waiting split, processing and cost; the pool's busy time and queue), not as executions.
  std::vector<ActivityInstance> interrupted;
  Location first_row;  // where the case was first seen

  [[nodiscard]] Time start() const noexcept;  // earliest enable time; NaN without instances
  [[nodiscard]] Time end() const noexcept;    // latest end time; NaN without instances
};

/// Interned names, so that activity and resource comparisons in the hot path are integer ones.
class BPM_API NameTable {
 public:
  std::uint32_t intern(std::string_view name);
  [[nodiscard]] const std::string& name(std::uint32_t id) const { return names_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  /// -1 when unknown.
  [[nodiscard]] std::int64_t find(std::string_view name) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

/// The names a log's cases refer to.
struct BPM_API LogDictionary {
  NameTable activities;
  NameTable resources;
  NameTable batches;                    // values of a `batch` column
  std::vector<std::string> attributes;  // attribute columns kept per case
};

/// Kinds of data problems found while reading; they are counted and reported, never dropped
/// silently (share/doc/bpm-kpi.md, "Data hygiene").
enum class IssueKind : std::uint8_t {
  RaggedRow,          // a row with more or fewer fields than the header
  MissingCase,        // empty case id
  MissingActivity,    // empty activity name
  MissingTimestamp,   // empty timestamp field
  BadTimestamp,       // a timestamp that does not parse
  BadNumber,          // a cost (or other numeric field) that does not parse
  EndBeforeStart,     // an instance that ends before it starts
  DuplicateEvent,     // the same (case, activity, times, resource) twice
  UnmatchedStart,     // lifecycle start without a complete
  UnmatchedComplete,  // lifecycle complete without a start (taken as completion-only)
  IgnoredLifecycle,   // suspend/resume/abort and other transitions that carry no instance
  UnknownActivity,    // an activity the process file does not have (with --process)
  CaseWithoutEnd,     // a case that ends nowhere (with --process, or no outcome)
  Encoding,           // not text: NUL bytes or invalid structure
};

[[nodiscard]] BPM_API const char* issue_kind_name(IssueKind kind) noexcept;
[[nodiscard]] BPM_API const char* issue_kind_description(IssueKind kind) noexcept;
inline constexpr std::size_t kIssueKinds = static_cast<std::size_t>(IssueKind::Encoding) + 1;

/// One reported problem (the first few of each kind keep their location).
struct BPM_API Issue {
  IssueKind kind = IssueKind::RaggedRow;
  Location where;
  std::string message;
};

/// Counts of every issue kind plus the first `kExamples` of each, with locations.
class BPM_API IssueLog {
 public:
  static constexpr std::size_t kExamples = 20;

  void add(IssueKind kind, Location where, std::string message);
  /// Keeps an example of an issue counted elsewhere (count() or a merged log) without counting it.
  void add_example(IssueKind kind, Location where, std::string message);
  /// Counts without keeping an example: for the hot path once the examples are full.
  [[nodiscard]] bool wants_example(IssueKind kind) const noexcept {
    return counts_[static_cast<std::size_t>(kind)] < kExamples;
  }
  void count(IssueKind kind, std::uint64_t n = 1) noexcept { counts_[static_cast<std::size_t>(kind)] += n; }
  void merge(const IssueLog& other);

  [[nodiscard]] std::uint64_t count_of(IssueKind kind) const noexcept {
    return counts_[static_cast<std::size_t>(kind)];
  }
  [[nodiscard]] std::uint64_t total() const noexcept;
  [[nodiscard]] const std::vector<Issue>& examples() const noexcept { return examples_; }

 private:
  std::uint64_t counts_[kIssueKinds] = {};
  std::vector<Issue> examples_;
};

}  // namespace bpm::kpi
