#pragma once
// A hook into the KPI pass: what the KPI rules made of each case, for analyses that need the same
// cases with the same verdicts (process map, conformance, funnel, segments, trends) without
// reading the log twice or restating the rules.
#include <cstdint>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/event_log.hpp"

namespace bpm::kpi {

struct LogInfo;

/// One measured case as the KPIs count it (share/doc/kpi-definitions.md, "Cases"). Durations are
/// seconds; money is in the log's or the process's currency.
struct BPM_API CaseFacts {
  Time start = 0.0;  // earliest enable time
  Time end = 0.0;    // latest end time
  bool completed = false;
  /// Not known to be finished: an activity started but not completed, or an empty outcome in a log
  /// with outcomes. Such cases are in flight, never "ending nowhere".
  bool maybe_running = false;
  /// With a process: the last activity leads to no end and the case is not known to be running.
  bool ends_nowhere = false;
  bool rework = false;              // some activity occurs more than once
  bool won = false;                 // the outcome is the winning one
  std::uint32_t last_activity = 0;  // the activity that finished last
  double waiting = 0.0;             // sum of start - enable over the instances
  double processing = 0.0;          // sum of processing times (open calendar hours where known)
  double cost = 0.0;
  double revenue = 0.0;  // completed cases only, else 0

  [[nodiscard]] double cycle() const noexcept { return end - start; }
};

/// Receives every measured case after the KPIs counted it (cases before the measured period and
/// cases a CaseFilter rejects are not passed on).
class BPM_API CaseObserver {
 public:
  virtual ~CaseObserver() = default;
  virtual void observe(const CaseRecord& record, const CaseFacts& facts, const LogInfo& info) = 0;
  /// Forgets everything received: the reader starts over (see CaseSink::reset).
  virtual void reset() = 0;
};

/// Decides which cases an analysis looks at (`--where`); the rest are left out of every figure.
class BPM_API CaseFilter {
 public:
  virtual ~CaseFilter() = default;
  [[nodiscard]] virtual bool keep(const CaseRecord& record, const LogInfo& info) const = 0;
};

}  // namespace bpm::kpi
