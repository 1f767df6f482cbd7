#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/event_log.hpp"

namespace bpm::kpi {

/// Which CSV column holds what. An empty name means "detect": the conventions of bpm-sim
/// (case_id, activity, resource, enable_time, start_time, end_time, cost, outcome, replication),
/// PM4Py/XES (case:concept:name, concept:name, time:timestamp, start_timestamp, org:resource,
/// lifecycle:transition) and Simod (case_id, activity, resource, start_time, end_time) are
/// recognised (share/doc/bpm-kpi.md lists every alias).
struct BPM_API ColumnMapping {
  std::string case_id;
  std::string activity;
  std::string resource;
  std::string enable;
  std::string start;
  std::string end;
  std::string timestamp;  // single-timestamp logs: the event time (with `lifecycle`, or completion-only)
  std::string lifecycle;
  std::string cost;
  std::string outcome;
  std::string replication;
};

/// How rows are grouped in the input, which decides the memory the reading needs.
enum class LogOrder : std::uint8_t {
  Auto,    // stream as grouped by case; a file that turns out not to be is re-read in memory
  ByCase,  // promise: all rows of a case are contiguous (a violation is a located error)
  Any,     // keep every case in memory until the end of the input
};

struct BPM_API LogOptions {
  ColumnMapping columns;
  std::string time_format;  // empty: ISO 8601 (see TimestampParser)
  char delimiter = 0;       // 0: detect from the header line (',', ';', tab or '|')
  LogOrder order = LogOrder::Auto;
  /// Attribute columns to keep per case (case attributes for revenue formulas, --revenue).
  std::vector<std::string> keep_attributes;
  /// Instead: keep every column that has none of the roles above (CSV; pm4py's "case:" prefix is
  /// dropped from the name), or every trace attribute (XES). The first log decides the list.
  bool all_attributes = false;
  /// Logs read in memory (not grouped by case) whose open cases are estimated to need more than
  /// this many bytes continue through temporary files (share/doc/bpm-kpi.md, MEMORY AND ORDER);
  /// the KPIs are the same.
  std::uint64_t memory_limit = kDefaultMemoryLimit;
  static constexpr std::uint64_t kDefaultMemoryLimit = std::uint64_t{1} << 30;
};

/// Parses --order: "auto", "case" or "any". Throws UsageError.
[[nodiscard]] BPM_API LogOrder parse_log_order(std::string_view text);

/// Parses --delimiter: one character, or "tab" / "\t"; empty means detect (0). Throws UsageError.
[[nodiscard]] BPM_API char parse_delimiter(std::string_view text);

/// Parses a memory size: a whole number of bytes with an optional K, M, G or T suffix (powers
/// of 1024; "KiB", "MB" and lower case are read alike), e.g. "512M", "2G". Throws UsageError.
[[nodiscard]] BPM_API std::uint64_t parse_memory_size(std::string_view text);

/// Receives each finished case exactly once.
class BPM_API CaseSink {
 public:
  virtual ~CaseSink() = default;
  virtual void on_case(CaseRecord& record) = 0;
  /// Forgets every case received so far: read_logs starts over when a log it streamed as grouped
  /// by case turns out not to be (LogOrder::Auto).
  virtual void reset() = 0;
};

/// What was read, besides the cases themselves.
/// The measured period of the simulation that wrote a log: bpm-sim logs state it in their first
/// line (`#bpm-sim-log start=... warmup_seconds=... warmup_cases=... horizon_seconds=...`) or, as
/// XES, in the log attribute `bpm:run`, so that bpm-kpi applies the run's own warm-up and horizon
/// (share/doc/metrics.md, "Measured period").
struct BPM_API SimulationRun {
  Time start = 0.0;
  double warmup_seconds = 0.0;
  std::uint64_t warmup_cases = 0;
  std::optional<double> horizon_seconds;  // none: the run drained after its last arrival
};

/// Reads the `key=value ...` text of a SimulationRun; nullopt when it is not one.
[[nodiscard]] BPM_API std::optional<SimulationRun> parse_simulation_run(std::string_view text);
/// Reads "replication=R window_start=TIME" into `info.window_starts`; false when it is not that.
BPM_API bool read_window_start(std::string_view text, struct LogInfo& info);

struct BPM_API LogInfo {
  std::vector<std::string> sources;
  std::optional<SimulationRun> simulation;  // when the log says which run wrote it
  /// Per replication, when the simulation began to measure: bpm-sim logs say so in a line
  /// "#bpm-sim-log replication=R window_start=TIME" (XES: the trace attribute bpm:window_start)
  /// before the rows of any case that ends after it.
  std::map<std::uint32_t, Time> window_starts;
  std::string convention;    // "bpm-sim", "pm4py", "simod", "xes", "custom"
  std::uint64_t rows = 0;    // data rows / XES events seen
  std::uint64_t events = 0;  // rows that became part of a case
  std::uint64_t cases = 0;
  bool has_enable = false;  // enable times recorded (not estimated)
  bool has_start = false;   // start times recorded (interval or lifecycle log)
  bool completion_only = false;
  bool has_lifecycle = false;
  bool has_resource = false;
  bool has_cost = false;
  bool has_outcome = false;
  bool has_replication = false;
  bool in_memory = false;  // read with every case held in memory (stitched, unsorted or LogOrder::Any)
  bool spilled = false;    // the in-memory cases outgrew LogOptions::memory_limit: temporary files
  LogDictionary dictionary;
  IssueLog issues;
};

/// Reads one or more logs (CSV, CSV.gz, XES, XES.gz; "-" = stdin) and hands every case to
/// `sink`. Several logs are stitched into one by case id. `info` is filled as reading goes (its
/// dictionary names the activities of the cases the sink receives). Throws IoError when a file
/// cannot be read, DataError (located) when a log cannot be interpreted at all (missing columns,
/// empty, binary). Row-level problems are counted in LogInfo::issues and the row skipped.
BPM_API void read_logs(const std::vector<std::string>& paths, const LogOptions& options, LogInfo& info, CaseSink& sink);

/// For each column of a CSV header, the role the reader gives it under `columns` and the detected
/// conventions, as the ColumnMapping setting that names it ("case", "outcome", "replication_column"),
/// or empty: the data columns (case and event attributes). Throws DataError like the reader when
/// a column named in `columns` is not in the header.
[[nodiscard]] BPM_API std::vector<std::string> role_columns(const std::vector<std::string_view>& header,
                                                            const ColumnMapping& columns, const std::string& file);
/// Where a CSV log keeps its case ids: the column read_logs takes (its --case name, else the
/// conventions) and the separator it splits on.
struct BPM_API CsvCaseColumn {
  std::size_t column = 0;
  char separator = ',';
};
/// The case-id column of a CSV log from its header line, as read_logs finds it. Throws DataError
/// (located in `file`) when the header names none.
[[nodiscard]] BPM_API CsvCaseColumn csv_case_column(std::string_view header_line, const LogOptions& options,
                                                    const std::string& file);

/// True when `path` names an XES log (by extension: .xes, .xes.gz).
[[nodiscard]] BPM_API bool is_xes_path(const std::string& path);

}  // namespace bpm::kpi
