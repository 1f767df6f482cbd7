#pragma once
// Trends with control charts (`bpm-kpi trend`): KPIs per day, week or month with Shewhart control
// limits — a p-chart for rates, an X-bar chart for means over cases, an individuals chart for
// counts — and the points outside them flagged. See share/doc/bpm-kpi-monitor.md, TRENDS.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/monitor/funnel.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

enum class Period : std::uint8_t { Auto, Day, Week, Month };

/// "auto", "day", "week" or "month"; throws UsageError otherwise.
[[nodiscard]] BPM_API Period parse_period(std::string_view name);
[[nodiscard]] BPM_API const char* period_name(Period period) noexcept;

enum class ChartKind : std::uint8_t { Individuals, XBar, P };
/// "individuals chart", "X-bar chart" or "p-chart".
[[nodiscard]] BPM_API const char* chart_name(ChartKind kind) noexcept;

struct BPM_API TrendOptions {
  Period period = Period::Auto;
  /// KPI names (see trend_metrics()); empty: throughput, cycle_time.mean, rework_rate and, with
  /// outcomes, win_rate.
  std::vector<std::string> metrics;
  /// Periods that set the limits: the first N. 0: every period but the latest (which is judged
  /// against them).
  std::size_t baseline = 0;
};

/// The KPIs a trend can chart, with their chart.
struct BPM_API TrendMetric {
  const char* name;
  kpi::Unit unit;
  ChartKind chart;
  const char* description;
};
[[nodiscard]] BPM_API const std::vector<TrendMetric>& trend_metrics();

struct BPM_API TrendPoint {
  Time start = 0.0;     // the period's first instant
  std::string label;    // "2026-03-02", "2026-W10", "2026-03"
  std::uint64_t n = 0;  // cases behind the point (completed; arrivals for `arrivals`)
  double value = 0.0;   // NaN: no case
  double centre = 0.0;
  double lower = 0.0;  // control limits (NaN when unknown)
  double upper = 0.0;
  bool partial = false;  // the log covers only part of the period (counts are not judged there)
  /// Completions in the log's first days: only cases faster than usual can have completed then,
  /// so the period starts before the first arrival plus the 90th percentile of the cycle time.
  /// Completion-based points there are neither judged nor used for the limits.
  bool ramp_up = false;
  bool baseline = false;  // one of the periods that set the limits
  int signal = 0;         // +1 above the upper limit, -1 below the lower one
};

struct BPM_API TrendChart {
  std::string metric;
  kpi::Unit unit = kpi::Unit::Number;
  ChartKind chart = ChartKind::XBar;
  std::vector<TrendPoint> points;
  /// The latest judged point is out of control (what --check tests).
  bool latest_out_of_control = false;
  std::string latest_label;
};

struct BPM_API TrendResult {
  Period period = Period::Day;
  std::vector<TrendChart> charts;
  std::uint32_t replications = 1;
  std::vector<std::string> notes;
  /// The charts whose latest judged point is out of control, as "metric label: value above/below
  /// the limit" lines.
  [[nodiscard]] std::vector<std::string> latest_signals() const;
};

class BPM_API TrendBuilder final : public kpi::CaseObserver {
 public:
  /// Throws UsageError for an unknown metric.
  explicit TrendBuilder(TrendOptions options);
  ~TrendBuilder() override;
  TrendBuilder(const TrendBuilder&) = delete;
  TrendBuilder& operator=(const TrendBuilder&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;
  /// Replaces what this builder observed by what `other` (same options) has: a live dashboard
  /// adds the cases in flight to a copy of the finished ones.
  void copy_state(const TrendBuilder& other);
  [[nodiscard]] TrendResult result(const kpi::LogInfo& info) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

BPM_API void write_trend(std::ostream& out, const TrendResult& result, MonitorFormat format);

}  // namespace bpm::monitor
