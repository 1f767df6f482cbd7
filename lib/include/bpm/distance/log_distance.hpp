#pragma once
// The log distance measures by which a simulation model is judged against reality (Simod 5,
// AgentSimulator): how far a simulated event log is from a real one, in control flow (n-gram,
// CFLD), in time (AED, CED, RED, CAR) and in cycle time (CTD). Lower is better; 0 is identical.
// Definitions: share/doc/log-distance.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/distance/log_profile.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm::distance {

enum class Measure : std::uint8_t {
  NGram,  // n-gram distance: Σ|count1 − count2| / (Σcount1 + Σcount2) over padded n-grams
  Cfld,   // control-flow log distance: mean normalised Damerau–Levenshtein of an optimal pairing
  Aed,    // absolute event distribution: W1 of the hour bins of every start and end
  Ced,    // circadian event distribution: mean over weekdays of W1 of hours of day
  Red,    // relative event distribution: W1 of hour bins from the case's first start
  Ctd,    // cycle time distribution: W1 of hour bins of cycle times (less the smallest)
  Car,    // case arrival rate: W1 of hour bins of the cases' first starts
};
inline constexpr std::size_t kMeasureCount = 7;

/// "ngram", "cfld", "aed", "ced", "red", "ctd", "car".
[[nodiscard]] BPM_API std::string_view measure_name(Measure measure) noexcept;
/// A one-line description for reports.
[[nodiscard]] BPM_API std::string_view measure_description(Measure measure) noexcept;
/// The unit of a measure's value: "" (a fraction in [0, 1]) or "h" (hours).
[[nodiscard]] BPM_API std::string_view measure_unit(Measure measure) noexcept;
/// Parses a name (case-insensitive; "n-gram", "n_gram" and "ngram" alike). Throws UsageError.
[[nodiscard]] BPM_API Measure parse_measure(std::string_view name);
/// Every measure, in report order: the five of the published comparisons first.
[[nodiscard]] BPM_API std::vector<Measure> all_measures();

struct BPM_API DistanceSettings {
  std::size_t ngram = 3;  // n of the n-gram distance (1 to 16)
  /// CFLD pairs traces exactly (a minimum-cost transportation between the distinct traces, which
  /// is the optimal one-to-one pairing of the cases) while (distinct traces of one log) ×
  /// (distinct traces of the other) is at most this; beyond, each log is first thinned to an even
  /// sample of its cases so that the product fits, and the result says so.
  std::uint64_t cfld_exact_pairs = std::uint64_t{1} << 20;
};

/// The value of one measure between two profiles, with a note when it was approximated.
struct BPM_API MeasureValue {
  double value = 0.0;
  std::string note;  // empty when exact
};

/// One measure between a real and a simulated profile. Both must be finished and non-empty
/// (throws DataError otherwise: a log without cases has no distance).
[[nodiscard]] BPM_API MeasureValue measure(Measure which, const LogProfile& real, const LogProfile& simulated,
                                           const DistanceSettings& settings = {});

/// Every requested measure of a real log against each replication of a simulated one.
struct BPM_API DistanceReport {
  std::string real_label;
  std::vector<std::string> simulated_labels;  // one per replication
  std::uint64_t real_cases = 0;
  std::uint64_t real_events = 0;
  std::vector<std::uint64_t> simulated_cases;  // per replication
  std::size_t ngram = 3;
  std::uint64_t data_issues = 0;  // rows the log readers counted as problems (bpm-kpi lint lists them)
  struct Row {
    Measure measure = Measure::NGram;
    std::vector<double> values;  // per replication
    Estimate estimate;           // mean ± 95% half-width over the replications (NaN half-width for one)
    std::vector<std::string> notes;
  };
  std::vector<Row> rows;
};

[[nodiscard]] BPM_API DistanceReport compare_profiles(const LogProfile& real, const std::vector<LogProfile>& simulated,
                                                      const std::vector<Measure>& measures,
                                                      const DistanceSettings& settings = {});

/// How `bpm-kpi distance` reads its logs.
struct BPM_API LogDistanceOptions {
  /// Column mapping and formats, for every log. The order defaults to LogOrder::Any: each log is
  /// read once, whatever its row order (LogOrder::ByCase streams a log grouped by case).
  kpi::LogOptions log = any_order();
  DistanceSettings settings;
  std::vector<Measure> measures = all_measures();

  [[nodiscard]] static kpi::LogOptions any_order() {
    kpi::LogOptions o;
    o.order = kpi::LogOrder::Any;
    return o;
  }
};

/// Reads the real log and each simulated log once, and measures the distance of every simulated
/// replication (every file, and every replication inside a file with a replication column) from
/// the real log. Throws like kpi::read_logs, and DataError for a log without cases.
[[nodiscard]] BPM_API DistanceReport compare_logs(const std::string& real, const std::vector<std::string>& simulated,
                                                  const LogDistanceOptions& options);

}  // namespace bpm::distance
