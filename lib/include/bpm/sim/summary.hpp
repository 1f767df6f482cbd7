#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/report/document.hpp"
#include "bpm/sim/result.hpp"
#include "bpm/stats/histogram.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

/// What a summary was computed from: enough to reproduce the run, to refuse merging parts of
/// different runs, and to read durations (share/doc/summary-format.md).
/// Which part of a sharded run a document is (`bpm-sim --shard K/N`); absent in whole runs.
struct BPM_API SummaryShard {
  std::uint32_t index = 1;               // K, 1-based
  std::uint32_t count = 1;               // N
  std::uint32_t total_replications = 0;  // replications of the whole run, all shards together
};

struct BPM_API SummaryRun {
  std::string tool = "bpm-sim";
  std::string version;                 // bpm::version() of the tool that wrote it
  std::string process;                 // the process's name
  std::string source;                  // the file it was read from ("<stdin>" for -)
  std::string digest;                  // model_digest() of the file's text
  std::string scenario;                // empty: none
  std::vector<std::string> overrides;  // "--set" overrides as "PATH=VALUE", in order
  std::uint64_t seed = 0;
  std::uint32_t first_replication = 0;  // replications [first, first + replications)
  std::uint32_t replications = 0;
  std::optional<std::uint64_t> cases;  // --cases, when given
  /// Unit of every duration in the document: seconds, the machine convention of every tool
  /// (share/doc/summary-format.md). Documents of earlier versions may name another unit.
  std::string time_unit = "seconds";
  double time_unit_seconds = 1.0;
  double confidence = 0.95;
  std::optional<SummaryShard> shard;  // set in the partial summaries of a sharded run
  /// What the tool warned about the run, e.g. an overloaded pool ("file:line:col: warning: ...
  /// [resource-overload]"); written only when there is one.
  std::vector<std::string> warnings;
};

/// One metric across replications. Values are in document units: durations in the run's
/// time_unit, fractions as fractions. NaN marks a replication where the metric is undefined
/// (e.g. the waiting time of a step no case reached); the estimate leaves those out.
struct BPM_API SummaryMetric {
  std::string name;
  MetricUnit unit = MetricUnit::Count;
  Estimate estimate;
  std::vector<double> values;  // one per replication, in replication order
};

/// The result of a simulation as bpm-sim reports it and bpm-kpi / bpm-optimize read it back.
struct BPM_API Summary {
  SummaryRun run;
  std::vector<SummaryMetric> metrics;  // the simulator's order
  /// Case-level cycle and waiting times (seconds) pooled over every replication: mergeable.
  LogHistogram cycle_time;
  LogHistogram waiting_time;

  /// nullptr when there is no such metric.
  [[nodiscard]] const SummaryMetric* find(std::string_view name) const noexcept;
  /// Seconds per document unit of a metric: time_unit_seconds for durations, 1 otherwise.
  /// Multiply by it to get the library's internal units (seconds) back.
  [[nodiscard]] double internal_factor(MetricUnit unit) const noexcept;
};

/// The case-level quantiles a summary reports, from the pooled histograms.
inline constexpr double kSummaryQuantiles[] = {0.5, 0.9, 0.95, 0.99};

/// Builds the summary of a simulation: converts durations to run.time_unit, computes the
/// Student-t estimate of every metric at run.confidence and pools the case histograms.
/// run.first_replication and run.replications are taken from the result.
[[nodiscard]] BPM_API Summary summarize(const SimulationResult& result, SummaryRun run);

/// Recomputes every metric's estimate from its values (what summarize does; a merge reuses it).
BPM_API void compute_estimates(Summary& summary);

/// "yaml" (the default of bpm-sim), "json", "table", "markdown" or "csv"; throws UsageError otherwise.
[[nodiscard]] BPM_API report::Format parse_summary_format(std::string_view name);

/// The summary as a report document (bpm/report/document.hpp): JSON/YAML carry the schema of
/// share/doc/summary-format.md; tables and Markdown the estimates in sections, durations
/// humanised and "mean ± half-width"; CSV one row per metric. Deterministic: the same summary
/// gives the same bytes.
[[nodiscard]] BPM_API report::Document summary_document(const Summary& summary);
[[nodiscard]] BPM_API std::string format_summary(const Summary& summary, report::Format format);
/// Shorthands of format_summary.
[[nodiscard]] BPM_API std::string summary_yaml(const Summary& summary);
[[nodiscard]] BPM_API std::string summary_json(const Summary& summary);
[[nodiscard]] BPM_API std::string summary_table(const Summary& summary);

/// Reads a YAML or JSON summary document; `file_name` labels errors. Throws DataError at
/// file:line:col for malformed input. write → read → write gives the same bytes.
[[nodiscard]] BPM_API Summary read_summary(std::string_view text, const std::string& file_name);

/// The replications [first, first + count) of shard `index` (1-based) of `count` shards of a
/// run of `total` replications: contiguous ranges whose sizes differ by at most one, larger
/// ones first. Throws UsageError unless 1 <= index <= count <= total.
struct BPM_API ReplicationRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};
[[nodiscard]] BPM_API ReplicationRange shard_range(std::uint32_t index, std::uint32_t count, std::uint32_t total);

/// One partial summary to merge and the name that messages give it (its file, "<stdin>#2").
struct BPM_API SummaryPart {
  std::string name;
  Summary summary;
};

/// Combines the partial summaries of one run into the summary of the whole run, equal (and
/// written byte for byte equal) to what a single process would have produced. Parts may come in
/// any order. Throws Error naming the parts when they are of different runs (digest, seed,
/// version, scenario, overrides, cases, time unit, confidence, metrics), overlap or duplicate each
/// other, or leave replications missing (checked against the shard metadata when present).
[[nodiscard]] BPM_API Summary merge_summaries(std::vector<SummaryPart> parts);

/// Splits a stream of summary documents concatenated YAML-style (a line `---` between them;
/// leading/trailing `---` and blank documents are ignored). JSON documents may be separated
/// the same way.
[[nodiscard]] BPM_API std::vector<std::string_view> split_summary_documents(std::string_view text);

/// Reads every summary document of a stream (see split_summary_documents) as parts named
/// `name`, or `name#1`, `name#2`, ... when the stream holds several.
[[nodiscard]] BPM_API std::vector<SummaryPart> read_summary_parts(std::string_view text, const std::string& name);

/// A short fingerprint of a process file's text (64-bit FNV-1a, 16 hex digits), so that parts of
/// a run can be checked to come from the same model.
[[nodiscard]] BPM_API std::string model_digest(std::string_view text);

}  // namespace bpm
