#pragma once
// The live dashboard (`bpm-kpi LOG --watch`): a KPI report kept up to date from a CSV log that
// grows. Each pass reads only the rows appended since the previous one. Finished cases are folded
// into the KPI accumulators and forgotten; the rows of cases still in flight are held (as text)
// until they finish, so memory follows the cases in flight, not the length of the log.
// See share/doc/bpm-kpi-monitor.md, "Live dashboard".
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/report.hpp"
#include "bpm/monitor/dashboard.hpp"

namespace bpm::monitor {

struct BPM_API LiveOptions {
  /// A case with no new row for this long (in the log's time, against its latest event) counts as
  /// finished even when nothing says so: a log without outcomes or end activities tells no more,
  /// and cases abandoned in flight must not be held forever.
  double settle = 7 * 86400.0;
  /// Also keep the dashboard's process map, funnel and trends up to date (panels()): the finished
  /// cases are folded into their builders as into the KPIs', whose state grows with the
  /// activities (a directly-follows pair each), the stages and the days, not with the rows. No
  /// segments panel (`segment_by` must be empty).
  std::optional<DashboardOptions> dashboard;
};

class BPM_API LiveLog {
 public:
  /// `options` (and the process it points to) must outlive the object.
  LiveLog(std::string path, const kpi::AnalysisOptions& options, LiveOptions live = {});
  ~LiveLog();
  LiveLog(const LiveLog&) = delete;
  LiveLog& operator=(const LiveLog&) = delete;

  /// Reads the complete rows appended since the last pass (the whole file the first time; a last
  /// line without its line break waits for the next pass) and brings the report up to date. A
  /// file that got shorter was replaced: it is read again from its start. Returns the number of
  /// new rows. Throws IoError when the file cannot be read, DataError like analyze_logs.
  std::uint64_t poll();

  /// Every case read so far, finished or in flight, as analyze_logs would report the log read
  /// up to the last pass; the data issues are those of the rows read in the last pass.
  [[nodiscard]] const kpi::Report& report() const;

  /// With LiveOptions::dashboard, the panels of every case read so far (empty otherwise), and the
  /// map and funnel behind them: those of analyze_logs with a Dashboard on the log read up to the
  /// last pass. Throws std::logic_error without LiveOptions::dashboard.
  [[nodiscard]] std::vector<kpi::HtmlPanel> panels() const;
  [[nodiscard]] ProcessMap map() const;
  [[nodiscard]] FunnelResult funnel() const;

  /// Cases held in flight, and the bytes of their rows: what the object holds besides the
  /// accumulated statistics.
  [[nodiscard]] std::size_t open_cases() const;
  [[nodiscard]] std::size_t held_bytes() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bpm::monitor
