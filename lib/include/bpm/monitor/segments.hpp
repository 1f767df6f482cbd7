#pragma once
// Segments (`bpm-kpi LOG --by ATTRIBUTE`): the KPI set per value of a case attribute (or per
// resource, outcome, ...), each with its 95% confidence interval and whether it differs
// significantly from the other cases. See share/doc/bpm-kpi-monitor.md, SEGMENTS.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/monitor/funnel.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API SegmentOptions {
  /// A case attribute (a log column), or `outcome`, `resource` (a case belongs to every resource
  /// that worked on it), `activity` (to every activity it has), `variant` (its activity sequence).
  std::string by;
  double alpha = 0.05;            // significance level, Holm-corrected over the segments of each KPI
  std::size_t max_segments = 30;  // the largest ones; the others are pooled as "(other)"
  std::string won_outcome = "won";
};

/// One KPI of one segment: a mean over its completed cases (or a share of them) with its 95%
/// confidence half-width, and the test of "no different from the other cases".
struct BPM_API SegmentValue {
  double value = 0.0;  // NaN when not measurable
  /// The 95% interval: mean ± Student-t half-width, or Wilson's score interval for a share; NaN
  /// when unknown (fewer than two cases, or a quantile).
  double low = 0.0;
  double high = 0.0;
  std::uint64_t n = 0;       // completed cases behind it
  double p_value = 0.0;      // vs the other cases; NaN when not computable
  bool significant = false;  // after Holm's correction over the segments
  int direction = 0;         // +1 higher, -1 lower than the other cases (when significant)
};

struct BPM_API SegmentMetric {
  std::string name;  // the KPI name of share/doc/kpi-definitions.md
  kpi::Unit unit = kpi::Unit::Number;
  bool rate = false;  // a share of completed cases (Wilson interval, two-proportion z-test)
};

struct BPM_API Segment {
  std::string value;  // the attribute value; "(none)" for cases without one
  std::uint64_t cases = 0;
  std::uint64_t completed = 0;
  std::vector<SegmentValue> values;  // one per SegmentResult::metrics
};

struct BPM_API SegmentResult {
  std::string by;
  std::vector<SegmentMetric> metrics;
  std::vector<Segment> segments;  // most cases first; "(other)" last
  Segment overall;
  double alpha = 0.05;
  bool overlapping = false;  // a case can belong to several segments (resource, activity)
  std::vector<std::string> notes;
};

class BPM_API SegmentBuilder final : public kpi::CaseObserver {
 public:
  explicit SegmentBuilder(SegmentOptions options);
  ~SegmentBuilder() override;
  SegmentBuilder(const SegmentBuilder&) = delete;
  SegmentBuilder& operator=(const SegmentBuilder&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;
  /// Throws UsageError when the attribute has no value in any case (a misspelt column).
  [[nodiscard]] SegmentResult result(const kpi::LogInfo& info) const;
  /// The case attribute to keep while reading (empty for built-in fields).
  [[nodiscard]] std::string attribute() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

BPM_API void write_segments(std::ostream& out, const SegmentResult& result, MonitorFormat format);

}  // namespace bpm::monitor
