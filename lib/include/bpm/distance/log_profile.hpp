#pragma once
// What the log distance measures need of one event log, gathered in a single pass: the activity
// sequence of every case, its cycle time and first start, and counts of event times by hour bin.
// Memory follows the cases (one small record each) and the distinct bins, not the events.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/event_log.hpp"
#include "bpm/kpi/log_reader.hpp"

namespace bpm::distance {

/// Counts of integer bins (hour numbers), kept sorted by bin once `finish()`ed.
class BPM_API BinCounts {
 public:
  void add(std::int64_t bin, std::uint64_t n = 1);
  /// Sorts and merges the bins added so far; W1 reads them in order.
  void finish();
  [[nodiscard]] const std::vector<std::pair<std::int64_t, std::uint64_t>>& bins() const noexcept { return bins_; }
  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }

 private:
  std::vector<std::pair<std::int64_t, std::uint64_t>> bins_;
  std::uint64_t total_ = 0;
  bool sorted_ = true;
};

/// Activity names shared by the logs being compared, so that the same name is the same code in
/// every profile. Code 0 is reserved for the n-gram padding symbol.
class BPM_API ActivityCodes {
 public:
  std::uint32_t code(std::string_view name);
  [[nodiscard]] std::size_t size() const noexcept { return names_.size() + 1; }

 private:
  kpi::NameTable names_;
};

/// One event of a case, as the measures see it: its activity code and times.
struct BPM_API ProfileEvent {
  std::uint32_t activity = 0;
  Time start = 0.0;
  Time end = 0.0;
};

/// The profile of one log (or one replication of a simulated log).
struct BPM_API LogProfile {
  std::string label;  // the file (and replication) it came from, for reports
  /// The activity codes of every case, in the order of the measures: events sorted by (start,
  /// end), ties in the order of the file; trace k is activities[offsets[k], offsets[k+1]).
  std::vector<std::uint32_t> activities;
  std::vector<std::uint64_t> offsets{0};
  std::vector<double> cycle_times;  // per case: last end - first start (seconds)
  BinCounts absolute;               // hour bin of every start and every end (AED)
  BinCounts relative;               // hour bin of every start and end from its case's first start (RED)
  BinCounts arrivals;               // hour bin of every case's first start (CAR)
  std::array<std::array<std::uint64_t, 24>, 7> circadian{};  // [weekday Mon=0][hour] of starts and ends (CED)
  std::uint64_t events = 0;

  [[nodiscard]] std::size_t cases() const noexcept { return cycle_times.size(); }
  [[nodiscard]] std::span<const std::uint32_t> trace(std::size_t k) const {
    return {activities.data() + offsets[k], activities.data() + offsets[k + 1]};
  }

  /// Adds one case. `case_events` are sorted here (by start, end, then given order); they must not be
  /// empty. Bins are hours of `bin_seconds` counted from the epoch of the timestamps (UTC).
  void add_case(std::span<ProfileEvent> case_events, double bin_seconds = 3600.0);
  /// Sorts the bins; call once every case has been added.
  void finish();
};

/// A CaseSink that profiles the cases it receives, one profile per replication (a log without a
/// replication column gives one). Logs with completion times only take each event as an instant
/// (start = end), as the reference implementation reads a log whose start column is its end.
class BPM_API ProfileBuilder : public kpi::CaseSink {
 public:
  /// `by_replication` false pools the replications of a log into one profile.
  ProfileBuilder(ActivityCodes& codes, const kpi::LogInfo& info, std::string label, bool by_replication = true,
                 double bin_seconds = 3600.0);
  void on_case(kpi::CaseRecord& record) override;
  void reset() override;
  /// The profiles, by ascending replication number, finished.
  [[nodiscard]] std::vector<LogProfile> take();

 private:
  ActivityCodes* codes_;
  const kpi::LogInfo* info_;
  std::string label_;
  bool by_replication_;
  double bin_seconds_;
  std::vector<std::uint32_t> local_to_code_;                    // the log's activity index -> shared code
  std::vector<std::pair<std::uint32_t, LogProfile>> profiles_;  // by replication
  std::vector<ProfileEvent> scratch_;
};

/// Reads logs (as bpm-kpi does: CSV, XES, gzip, stitched by case id) into profiles, one per
/// replication (or one in all when `by_replication` is false). Throws like kpi::read_logs.
[[nodiscard]] BPM_API std::vector<LogProfile> read_profiles(const std::vector<std::string>& paths,
                                                            const kpi::LogOptions& options, ActivityCodes& codes,
                                                            kpi::LogInfo& info, bool by_replication = true);

}  // namespace bpm::distance
