#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/sim/result.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

/// How variants of a process are simulated against each other. Every variant runs the same
/// replications with the same seed: random streams are per model element, so this gives common
/// random numbers and the differences can be paired replication by replication.
struct BPM_API CompareOptions {
  std::uint32_t replications = 0;     // 0: the baseline file's simulation.replications
  std::optional<std::uint64_t> seed;  // default: the baseline file's simulation.seed
  unsigned threads = 1;
  std::vector<std::string> metrics;  // empty: default_metrics()
  double confidence = 0.95;
  /// Called after each simulated variant (the baseline included) with (done, total).
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// One metric of a variant against the baseline. Values in the library's units (seconds).
struct BPM_API MetricDelta {
  std::string metric;
  MetricUnit unit = MetricUnit::Count;
  double baseline_mean = 0.0;
  double variant_mean = 0.0;
  Estimate difference;       // variant - baseline, paired over replications
  bool significant = false;  // the confidence interval of the difference excludes zero
};

struct BPM_API VariantComparison {
  std::string name;  // scenario id or a description of the change
  std::vector<MetricDelta> deltas;
};

struct BPM_API Comparison {
  std::string process;
  std::uint32_t replications = 0;
  std::uint64_t seed = 0;
  double confidence = 0.95;
  std::vector<VariantComparison> variants;
};

/// The objective KPIs of the file that the simulator measures, then cycle_time.mean, cycle_time.p90,
/// win_rate, revenue.per_case and cost.per_case (those the result has), without duplicates.
[[nodiscard]] BPM_API std::vector<std::string> default_metrics(const Process& process, const SimulationResult& result);

/// default_metrics(), with cost.rostered_per_case after cost.per_case when `staffing`: when a
/// variant or parameter changes a pool's servers. cost.per_case counts only the hours worked, so
/// an extra server, idle most of the time, would look free; the rostered cost pays its hours.
[[nodiscard]] BPM_API std::vector<std::string> default_metrics(const Process& process, const SimulationResult& result,
                                                               bool staffing);

/// Whether a variant's pools differ from the baseline's in servers (same pools, by position).
[[nodiscard]] BPM_API bool changes_staffing(const Process& baseline, const Process& variant);

/// The paired comparison of two results of the same replications. Replications where either side
/// is undefined (NaN) are left out. Throws UsageError for a metric neither result has.
[[nodiscard]] BPM_API std::vector<MetricDelta> compare_results(const SimulationResult& baseline,
                                                               const SimulationResult& variant,
                                                               const std::vector<std::string>& metrics,
                                                               double confidence = 0.95);

/// A named variant of the baseline process (already modified and validated by the caller).
struct BPM_API Variant {
  std::string name;
  Process process;
};

/// The variants a command line asks for: each named scenario of the file, every scenario with
/// `all`, and one variant made of all the `PATH=VALUE` overrides in `sets` (named after them).
/// Each is validated (require_valid). Throws UsageError for nothing to compare, an unknown
/// scenario or a bad override; ModelError for a scenario of the file that breaks the model.
[[nodiscard]] BPM_API std::vector<Variant> make_variants(const Process& baseline,
                                                         const std::vector<std::string>& scenarios, bool all,
                                                         const std::vector<std::string>& sets);

/// Simulates the baseline and every variant with common random numbers and compares them.
[[nodiscard]] BPM_API Comparison compare_variants(const Process& baseline, const std::vector<Variant>& variants,
                                                  const CompareOptions& options);

}  // namespace bpm
