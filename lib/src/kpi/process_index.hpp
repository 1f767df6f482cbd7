#pragma once
// What the KPI computation needs to know about a process file, looked up by log names.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bpm/model/calendar.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {

/// Log names meet process ids through this form: lower case, with spaces, '-' and '_' the same
/// ("Credit Check" = "credit-check" = "credit_check").
[[nodiscard]] std::string normalize_name(std::string_view name);

class ProcessIndex {
 public:
  explicit ProcessIndex(const Process& process);

  [[nodiscard]] const Process& process() const noexcept { return *process_; }
  /// The task or wait step an activity name denotes; nullptr when the process has none.
  [[nodiscard]] const Step* step_for(std::string_view activity) const;
  /// True when a case whose last activity is `activity` has reached an end: the step leads to an
  /// end event through gateways only.
  [[nodiscard]] bool is_final(std::string_view activity) const;
  /// The resource pool a log resource name denotes ("ae", an individual "ae#2"/"ae-2" of it, or
  /// one of its named members, as bpm-sim writes them).
  [[nodiscard]] const Resource* resource_for(std::string_view resource) const;
  /// The named member of a pool a log resource name denotes; nullptr for a pool or an unknown name.
  [[nodiscard]] const Member* member_for(std::string_view resource) const;
  /// Open seconds of a pool's calendar in [a, b) (b - a without a calendar).
  [[nodiscard]] double open_seconds(const Resource& resource, Time a, Time b) const;
  /// Open seconds of a member's hours in [a, b): its own calendar where the pool's is open too.
  [[nodiscard]] double open_seconds(const Resource& resource, const Member& member, Time a, Time b) const;
  /// The pool's calendar; nullptr when it has none (always open).
  [[nodiscard]] const CalendarClock* clock_of(const Resource& resource) const;
  /// The hours whoever did the work kept: a member's own (within the pool's), else the pool's;
  /// nullptr when always open.
  [[nodiscard]] const CalendarClock* work_clock_of(const Resource& resource, const Member* member) const;
  /// Names of the final activities, for messages.
  [[nodiscard]] std::vector<std::string> final_steps() const;

 private:
  const Process* process_;
  std::unordered_map<std::string, const Step*> steps_;
  std::unordered_map<std::string, bool> final_;
  std::unordered_map<std::string, const Resource*> resources_;
  std::unordered_map<std::string, CalendarClock> clocks_;
  std::unordered_map<std::string, const Member*> members_;
  /// Members with a calendar of their own: it intersected with the pool's, by member id.
  std::unordered_map<std::string, CalendarClock> member_clocks_;
};

}  // namespace bpm::kpi
