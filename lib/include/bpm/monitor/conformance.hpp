#pragma once
// Conformance of a log to its process file (`bpm-kpi conformance`): every case aligned with the
// process, fitness per case and for the log, precision, and the deviations in the analyst's words
// with their counts, example cases and effect on cycle time. See share/doc/bpm-kpi-monitor.md.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/model/process.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

struct BPM_API ConformanceOptions {
  std::size_t examples = 3;        // example case ids per deviation
  std::size_t example_cases = 10;  // deviating cases listed with all their deviations
  /// States one alignment may settle before the search gives up on that case (counted as not
  /// checked). A trace of a hundred events on a process of fifty steps needs well under this.
  std::uint64_t max_states = 1'000'000;
  /// Distinct traces whose alignment is remembered (most logs repeat a few variants); beyond it a
  /// trace is aligned anew for each case. Precision is measured on the remembered ones.
  std::size_t cache_limit = 200'000;
};

/// One kind of deviation over the log.
struct BPM_API DeviationSummary {
  std::string text;  // "skipped `proposal`", "`pay` before `register`"
  std::string
      kind;  // skipped, order, repeated, unexpected, after-end, unknown-activity, wrong-outcome, unknown-outcome
  std::uint64_t cases = 0;        // cases with it (at least once)
  std::uint64_t occurrences = 0;  // times it occurs
  std::vector<std::string> examples;
  /// Completed cases with it: their mean cycle time against the completed cases that fit.
  std::uint64_t completed = 0;
  double cycle_mean = 0.0;    // NaN without completed cases
  double cycle_effect = 0.0;  // cycle_mean - the fitting cases' mean; NaN when either is unknown
  double p_value = 0.0;       // Welch's test of that difference; NaN when not computable
};

/// A deviating case, in the analyst's words.
struct BPM_API CaseConformance {
  std::string id;
  std::uint32_t replication = 0;
  bool completed = false;
  std::uint64_t events = 0;
  double fitness = 1.0;
  std::vector<std::string> deviations;
};

struct BPM_API ConformanceResult {
  std::string title;
  std::uint64_t cases = 0;      // measured cases
  std::uint64_t completed = 0;  // aligned to an end of the process
  std::uint64_t in_flight = 0;  // aligned as prefixes: a running case has not deviated by not being done
  std::uint64_t fitting = 0;    // cases without any deviation
  std::uint64_t fitting_completed = 0;
  std::uint64_t not_checked = 0;             // alignments given up (max_states)
  double log_fitness = 1.0;                  // 1 - deviations / worst deviations, over all checked cases
  double mean_fitness = 1.0;                 // the mean of the cases' fitness
  double precision = 1.0;                    // escaping-edges precision; NaN when nothing fits the cache
  std::uint64_t precision_cases = 0;         // cases behind the precision (those of remembered traces)
  double fitting_cycle_mean = 0.0;           // completed fitting cases; NaN if none
  std::vector<DeviationSummary> deviations;  // most frequent (by cases) first
  std::vector<CaseConformance> example_cases;
  std::vector<std::string> notes;
};

/// Aligns every case the KPI pass measures with the process. Completed cases are aligned to an
/// end of the process (and to the case's outcome when the log records one); cases in flight as
/// prefixes, so that not being finished is no deviation. Throws ModelError at construction for a
/// process whose structure the replay does not support.
class BPM_API ConformanceChecker final : public kpi::CaseObserver {
 public:
  ConformanceChecker(const Process& process, ConformanceOptions options = {});
  ~ConformanceChecker() override;
  ConformanceChecker(const ConformanceChecker&) = delete;
  ConformanceChecker& operator=(const ConformanceChecker&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;

  [[nodiscard]] ConformanceResult result() const;
  /// One CSV row per case checked, in the order received (case_id, replication, status, events,
  /// fitness, deviations): the per-case listing, kept on disk while reading.
  void write_cases(std::ostream& out) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

enum class ConformanceFormat : std::uint8_t { Table, Markdown, Csv, Json };

/// "table", "markdown", "csv" or "json"; throws UsageError otherwise.
[[nodiscard]] BPM_API ConformanceFormat parse_conformance_format(std::string_view name);

BPM_API void write_conformance(std::ostream& out, const ConformanceResult& result, ConformanceFormat format);

}  // namespace bpm::monitor
