#pragma once
// Stalled work (`bpm-kpi stalls`): cases in flight whose time since their last event exceeds what
// is usual after that activity — what a team lead checks every morning. See
// share/doc/bpm-kpi-monitor.md.
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/monitor/funnel.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API StallOptions {
  /// A case is stalled when its age exceeds this quantile of the time cases usually wait after its
  /// last activity (the time from that activity's end to the next activity's start in the log).
  double quantile = 0.9;
  /// Instead, one fixed threshold for every activity (seconds).
  std::optional<double> after;
  /// "Now": the end of the observation. Default: the latest event of the log.
  std::optional<Time> now;
  /// An activity needs this many observed hand-overs for its own threshold; with fewer, the
  /// quantile over every activity's hand-overs is used.
  std::uint64_t min_samples = 20;
};

struct BPM_API StalledCase {
  std::string id;
  std::uint32_t replication = 0;
  std::string last_activity;
  Time last_event = 0.0;  // end of the last activity
  double age = 0.0;       // now - last_event
  double threshold = 0.0;
  bool working = false;  // an activity was started and not completed: someone is on it
};

struct BPM_API ActivityThreshold {
  std::string activity;
  double threshold = 0.0;  // NaN when unknown
  std::uint64_t samples = 0;
  std::string basis;            // "p90 of 1,234 hand-overs", "p90 of all hand-overs", "--stall-after"
  std::uint64_t in_flight = 0;  // cases in flight whose last activity it is
  std::uint64_t stalled = 0;
};

struct BPM_API StallResult {
  Time now = 0.0;
  std::uint64_t in_flight = 0;
  std::uint64_t stalled = 0;
  std::vector<StalledCase> cases;             // most overdue first (age / threshold)
  std::vector<ActivityThreshold> activities;  // those with cases in flight, most stalled first
  std::vector<std::string> notes;
};

class BPM_API StallFinder final : public kpi::CaseObserver {
 public:
  explicit StallFinder(StallOptions options);
  ~StallFinder() override;
  StallFinder(const StallFinder&) = delete;
  StallFinder& operator=(const StallFinder&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;
  /// The stalled cases; `top` limits the list (0: all).
  [[nodiscard]] StallResult result(const kpi::LogInfo& info, std::size_t top = 0) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

BPM_API void write_stalls(std::ostream& out, const StallResult& result, MonitorFormat format);

}  // namespace bpm::monitor
