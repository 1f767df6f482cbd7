#pragma once
// The funnel of a log (`bpm-kpi funnel`): cases reaching each stage, conversion between stages,
// where the lost cases last were and how long conversion takes — "where do prospects stall or
// drop off?". See share/doc/bpm-kpi-monitor.md.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API FunnelOptions {
  /// Stages in order: activity names (process step ids match them as in the KPI report) and
  /// `outcome:NAME` for an outcome. Empty: the process's tasks and timer waits in flow order (or,
  /// without a process, the activities in order of first appearance in the log), then the winning
  /// outcome when the log records outcomes.
  std::vector<std::string> stages;
  const Process* process = nullptr;
  std::string won_outcome = "won";
};

struct BPM_API FunnelStage {
  std::string name;           // the activity, or "outcome: won"
  std::uint64_t reached = 0;  // cases that reached it (at any point)
  /// Cases that reached the previous stage and then this one; and that share of the previous
  /// stage's cases (NaN for the first stage).
  std::uint64_t converted = 0;
  double conversion = 0.0;
  double of_all = 0.0;  // reached / all cases
  /// Completed cases that did not reach the last stage and got no further than this one; cases in
  /// flight whose furthest stage is this one.
  std::uint64_t lost_here = 0;
  std::uint64_t in_flight_here = 0;
  /// From reaching the previous stage to reaching this one (the first completions), over the cases
  /// that converted in that order: mean, median, p90. NaN for the first stage.
  double convert_mean = 0.0;
  double convert_median = 0.0;
  double convert_p90 = 0.0;
  std::uint64_t out_of_order = 0;  // converted, but reached this stage before the previous one
};

struct BPM_API FunnelResult {
  std::string title;
  std::uint64_t cases = 0;
  std::uint64_t completed = 0;
  std::uint64_t in_flight = 0;
  std::uint64_t lost = 0;          // completed without reaching the last stage
  std::uint64_t before_first = 0;  // cases that reached no stage
  std::vector<FunnelStage> stages;
  /// Where the lost cases last were: their last activity, most frequent first.
  std::vector<std::pair<std::string, std::uint64_t>> lost_last_activity;
  std::vector<std::string> notes;
};

class BPM_API FunnelBuilder final : public kpi::CaseObserver {
 public:
  explicit FunnelBuilder(FunnelOptions options);
  ~FunnelBuilder() override;
  FunnelBuilder(const FunnelBuilder&) = delete;
  FunnelBuilder& operator=(const FunnelBuilder&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;
  /// Replaces what this builder observed by what `other` (same options) has: a live dashboard
  /// adds the cases in flight to a copy of the finished ones.
  void copy_state(const FunnelBuilder& other);
  /// Throws UsageError when a stage named in the options matches no activity of the log.
  [[nodiscard]] FunnelResult result(const kpi::LogInfo& info) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

/// "table", "markdown", "csv" or "json" (the formats of the monitor reports).
enum class MonitorFormat : std::uint8_t { Table, Markdown, Csv, Json };
[[nodiscard]] BPM_API MonitorFormat parse_monitor_format(std::string_view name);

BPM_API void write_funnel(std::ostream& out, const FunnelResult& result, MonitorFormat format);

}  // namespace bpm::monitor
