#pragma once
// Sensitivity analysis (bpm-optimize sensitivity): one-at-a-time ±X% perturbations of the numeric
// parameters and a first-order metamodel over a two-level design, all simulated with common
// random numbers. A study is planned first (its list of evaluations), so that the evaluations can
// be run in shards on other machines and gathered into the same report (share/doc/scale-out.md).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/sim/result.hpp"
#include "bpm/sim/shard.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

/// What a parameter is, which decides how ±X% is applied (share/doc/bpm-optimize.md).
enum class ParameterKind : std::uint8_t {
  Duration,      // a task's duration or a wait: every sample scaled by 1 ± X
  Interarrival,  // arrivals.every: every inter-arrival time scaled by 1 ± X
  Attribute,     // a numeric case attribute: every sample scaled by 1 ± X
  Probability,   // a branch or rework probability: p(1 ± X) clipped to [0, 1]
  Count,         // a pool's servers: ±1 server, never below 1
  Cost,          // a step's fixed cost or a pool's cost per hour: (1 ± X)·value
};

[[nodiscard]] BPM_API std::string_view parameter_kind_name(ParameterKind kind) noexcept;

/// One perturbed parameter with its three levels. For the scaled kinds the values are factors of
/// the distribution (1 − X, 1, 1 + X); otherwise they are the parameter's own values.
struct BPM_API SensitivityParameter {
  std::string path;  // override path, e.g. "steps.qualify.duration"
  ParameterKind kind = ParameterKind::Duration;
  double base = 1.0;
  double low = 1.0;
  double high = 1.0;
  friend bool operator==(const SensitivityParameter&, const SensitivityParameter&) = default;

  /// The relative change of the parameter's own value at a level (−1 low, +1 high): −0.1 for a
  /// duration at *0.9, −0.5 for a pool of 2 at 1 server. NaN for a parameter whose base is 0.
  [[nodiscard]] double change(int level) const noexcept;
};

struct BPM_API SensitivityMetric {
  std::string name;
  MetricUnit unit = MetricUnit::Count;
  friend bool operator==(const SensitivityMetric&, const SensitivityMetric&) = default;
};

/// One simulation of the study: the baseline, one parameter at its low or high level, or one
/// run of the design. `overrides` are "PATH=VALUE" as `bpm-sim --set` takes them.
struct BPM_API SensitivityEvaluation {
  std::string label;
  std::vector<std::string> overrides;
  /// The pools this variant overloads (lint resource-overload, decided when planning): their
  /// queues grow until the horizon, so its metrics measure the horizon, not a steady state.
  std::vector<std::string> overloaded;
  friend bool operator==(const SensitivityEvaluation&, const SensitivityEvaluation&) = default;
};

struct BPM_API SensitivityOptions {
  double delta = 0.10;                  // X, 0 < X < 1
  std::vector<std::string> parameters;  // override paths; empty: every eligible parameter
  std::vector<std::string> metrics;     // empty: default_metrics() (bpm/optimize/compare.hpp)
  std::uint32_t replications = 0;       // 0: the file's simulation.replications (at least 2)
  std::optional<std::uint64_t> seed;    // default: the file's simulation.seed
  double confidence = 0.95;
  bool metamodel = true;  // false: one-at-a-time runs only
  std::string source;     // the file name, for the record
  std::string digest;     // model_digest() of the file's text, to check gathered parts
};

/// Everything that defines a study and its results: recorded in every partial result, and equal
/// in all the parts of one study. Evaluations are the baseline (index 0), then the low and high
/// runs of each parameter (1 + 2i and 2 + 2i), then the design runs.
struct BPM_API SensitivityStudy {
  std::string tool = "bpm-optimize sensitivity";
  std::string version;
  std::string process;
  std::string source;
  std::string digest;
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  double delta = 0.10;
  double confidence = 0.95;
  std::string time_unit = "minutes";
  double time_unit_seconds = 60.0;
  std::vector<SensitivityMetric> metrics;
  std::vector<SensitivityParameter> parameters;
  std::vector<std::vector<int>> design;  // design runs × parameters, each −1 or +1; empty: no metamodel
  std::vector<SensitivityEvaluation> evaluations;
  friend bool operator==(const SensitivityStudy&, const SensitivityStudy&) = default;
};

/// "10%", "0.1" or "10 %" → 0.1. Throws UsageError unless 0 < X < 1 (100% would remove a duration).
[[nodiscard]] BPM_API double parse_sensitivity_delta(std::string_view text);

/// The parameters of a process that sensitivity can perturb, in file order: task durations and
/// waits, fixed step costs, rework probabilities, xor branch probabilities (all the drawn branches
/// but the most likely, which absorbs the change), or branch probabilities, pool counts and costs
/// per hour, arrivals.every and numeric attributes. Parameters at 0 are left out: ±X% of 0 is 0.
[[nodiscard]] BPM_API std::vector<std::string> sensitivity_parameter_paths(const Process& process);

/// Plans the study of a validated process. Throws UsageError for an unknown or unsuitable
/// --param path (with a did-you-mean), an unknown metric, X out of range, fewer than 2
/// replications, or branch levels that cannot be renormalised.
[[nodiscard]] BPM_API SensitivityStudy plan_sensitivity(const Process& process, const SensitivityOptions& options);

/// The metric values of an evaluation: [metric][replication], NaN where undefined.
using EvaluationValues = std::vector<std::vector<double>>;

/// Simulates evaluations [first, first + count) of the study, up to `threads` at a time.
/// The values do not depend on `threads`. `progress` gets (evaluations done, count).
[[nodiscard]] BPM_API std::vector<EvaluationValues> run_sensitivity(
    const Process& process, const SensitivityStudy& study, std::size_t first, std::size_t count, unsigned threads,
    const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {});

/// One-at-a-time effect of a parameter on a metric.
struct BPM_API TornadoRow {
  std::size_t parameter = 0;  // index into study.parameters
  double baseline = 0.0;      // mean of the metric at the baseline
  double at_low = 0.0;        // mean at the parameter's low level
  double at_high = 0.0;
  Estimate swing;                            // at_high − at_low, paired over replications
  double p_value = 0.0;                      // two-sided paired t test of "no swing"
  double p_adjusted = 0.0;                   // Holm-adjusted over every swing of the report (all metrics)
  bool significant = false;                  // p_adjusted ≤ 1 − confidence
  std::vector<std::string> overloaded_low;   // pools the low level overloads
  std::vector<std::string> overloaded_high;  // pools the high level overloads
  [[nodiscard]] bool overloads() const noexcept { return !overloaded_low.empty() || !overloaded_high.empty(); }
};

/// A term of the fitted metamodel y = b0 + Σ bᵢ·xᵢ, xᵢ in coded units (−1 low, +1 high).
struct BPM_API MetamodelTerm {
  std::string term;  // "intercept" or the parameter path
  Estimate coefficient;
  double p_value = 0.0;      // t test of "bᵢ = 0" over replications; NaN for the intercept
  double p_adjusted = 0.0;   // Holm-adjusted over every coefficient tested in the report
  bool significant = false;  // p_adjusted ≤ 1 − confidence, and the linear model holds
  /// Why the term is not estimated (its level is the same in every run left once the runs that
  /// overload a pool are set aside); empty when it is. The coefficient is then NaN.
  std::string note;
};

/// The F test of lack of fit of the metamodel: do the design runs' means depart from the plane
/// more than the replication noise explains? Replications are blocks (common random numbers).
struct BPM_API LackOfFit {
  double f = 0.0;         // (SS_lof / df_fit) / (SS_pure / df_error); NaN when both are 0
  double df_fit = 0.0;    // runs − terms
  double df_error = 0.0;  // (replications − 1) · df_fit
  double p_value = 0.0;   // P(F ≥ f); NaN when not testable
};

struct BPM_API MetricSensitivity {
  SensitivityMetric metric;
  /// The ±X% parameters, then the counts (±1 server) apart: rows whose levels overload no pool
  /// by largest |swing| (ties: parameter order), then the rows with an overloaded level.
  std::vector<TornadoRow> tornado;
  std::vector<TornadoRow> servers;
  std::vector<MetamodelTerm> terms;       // empty without a metamodel or a fit
  double r_squared = 0.0;                 // of the fit to the design means (NaN when they do not vary)
  std::uint32_t fitted_replications = 0;  // replications where the metric was defined in every run
  std::uint32_t fitted_runs = 0;          // design runs in the fit: those that overload no pool
  LackOfFit lack_of_fit;
  /// False when the lack-of-fit test rejects the linear model at 1 − confidence: no coefficient
  /// is then called significant, and the one-at-a-time swings are the reading to trust.
  bool linear = true;
  std::string fit_note;  // why there is no fit or no test, or empty
};

struct BPM_API SensitivityReport {
  SensitivityStudy study;
  std::vector<MetricSensitivity> metrics;
};

/// The analysis of every evaluation's values (all of them, in plan order).
[[nodiscard]] BPM_API SensitivityReport analyse_sensitivity(const SensitivityStudy& study,
                                                            const std::vector<EvaluationValues>& values);

/// The report as a table, Markdown, JSON or YAML; durations in the study's time unit.
[[nodiscard]] BPM_API std::string format_sensitivity(const SensitivityReport& report, OptimizeFormat format);

/// A self-contained SVG tornado chart: per metric a panel of the ±X% parameters and one of the
/// counts (±1 server), a bar per parameter from the baseline to the mean at each level, largest
/// swing on top; levels that overload a pool are marked.
[[nodiscard]] BPM_API std::string tornado_svg(const SensitivityReport& report);

/// The evaluations of a study, one per line/record, with their index and overrides (--plan).
[[nodiscard]] BPM_API std::string format_sensitivity_plan(const SensitivityStudy& study, OptimizeFormat format);

// ----- scale-out ---------------------------------------------------------------------------------

/// The evaluations [first, first + count) of shard `index` of `count` (1-based): contiguous
/// ranges whose sizes differ by at most one, larger ones first. Throws UsageError for a shard
/// that does not exist or would be empty.
struct BPM_API EvaluationRange {
  std::size_t first = 0;
  std::size_t count = 0;
};
[[nodiscard]] BPM_API EvaluationRange sensitivity_shard_range(const ShardSpec& shard, std::size_t evaluations);

/// A partial result: the study, the shard and the per-replication values of its evaluations.
struct BPM_API SensitivityPart {
  std::string name;  // file name, or "<stdin>#2", for messages
  SensitivityStudy study;
  ShardSpec shard;
  std::size_t first = 0;
  std::vector<EvaluationValues> values;
};

/// The partial result as a JSON document (exact: values round-trip bit for bit).
[[nodiscard]] BPM_API std::string write_sensitivity_part(const SensitivityPart& part);

/// Reads the partial results of a stream (JSON documents, optionally separated by "---" lines).
/// Throws DataError naming the part for malformed input.
[[nodiscard]] BPM_API std::vector<SensitivityPart> read_sensitivity_parts(std::string_view text,
                                                                          const std::string& name);

/// Combines the parts of one study (in any order) into its study and every evaluation's values.
/// Throws Error naming the parts when they belong to different studies (process file, seed,
/// version, options), duplicate or overlap each other, or leave evaluations missing.
struct BPM_API GatheredSensitivity {
  SensitivityStudy study;
  std::vector<EvaluationValues> values;
};
[[nodiscard]] BPM_API GatheredSensitivity gather_sensitivity(std::vector<SensitivityPart> parts);

}  // namespace bpm
