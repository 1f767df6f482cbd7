#pragma once
// The commands of bpm-kpi, one file each: define_X adds the subcommand and its options, run_X
// calls the library and returns the exit code. The contract is share/doc/bpm-kpi.md.
#include <CLI/CLI.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <memory>

#include "bpm/kpi/analysis.hpp"
#include "bpm/model/process.hpp"
#include "bpm/monitor/case_filter.hpp"
#include "tool.hpp"

namespace bpm::kpi_app {

inline constexpr const char* kTool = "bpm-kpi";

/// The commands and examples printed under the top-level --help.
extern const char* const kExamples;

/// Options every command shares: the logs and how to read them, the process, the output.
struct Options {
  std::vector<std::string> inputs;
  std::vector<std::string> logs;  // --log, the same as positional inputs
  std::string process;
  kpi::ColumnMapping columns;
  std::string time_format;
  std::string delimiter;
  std::string order = "auto";
  std::string memory_limit;  // empty: LogOptions' default
  std::vector<std::string> end_activities;
  std::string revenue;
  std::string won = "won";
  std::string from;
  std::size_t top = 10;
  std::string format;  // default depends on the command
  std::string output = "-";
  bool check = false;
  double alpha = 0.05;
  std::vector<std::string> where;      // case filter conditions
  std::vector<std::string> calendars;  // --calendar [RESOURCE=]HOURS
  std::string by;                      // the report's segments
  bool watch = false;                  // --watch: a live dashboard
  double interval = 10.0;              // seconds between passes
  std::string settle = "7d";
  std::size_t passes = 0;  // 0: until interrupted
};

/// Adds the options about reading logs and the process, shared by every command.
void define_input(CLI::App& command, Options& o);
/// Adds --format (with the command's list of formats) and -o.
void define_output(CLI::App& command, Options& o, const char* formats);

/// The analysis settings of the options; `process` must outlive the result. Throws UsageError.
[[nodiscard]] kpi::AnalysisOptions analysis_options(const Options& o, const std::optional<Process>& process);
/// The process of --process, if given.
[[nodiscard]] std::optional<Process> load_process(const Options& o);
/// Positional inputs and --log files; UsageError when there are none.
[[nodiscard]] std::vector<std::string> all_inputs(const Options& o);
/// Colour on a terminal stdout, never with NO_COLOR or -o.
[[nodiscard]] bool colour_for(const Options& o);

/// One pass over the logs of the options: the KPI report with the observers fed alongside.
struct Pass {
  std::optional<Process> process;
  std::unique_ptr<monitor::WhereFilter> where;
  kpi::AnalysisOptions analysis;
  kpi::LogInfo info;
  kpi::Report report;
};
/// Loads the process (unless the caller did: observers built on it must see the same object), the
/// --where filter and the analysis settings, keeping `attributes` as well.
void prepare(const Options& o, Pass& pass, const std::vector<std::string>& attributes = {});
/// prepare, then reads the logs once, feeding `observers`; warns on stderr about data issues.
void run_pass(const Options& o, Pass& pass, std::span<kpi::CaseObserver* const> observers,
              const std::vector<std::string>& attributes = {});

/// A share written as 0.9 or 90%; UsageError naming `option` otherwise or outside (0, 1].
[[nodiscard]] double parse_share(const std::string& text, const char* option);

/// `bpm-kpi INPUT...`: the options live on the top-level app.
void define_report(CLI::App& app, Options& o);
int run_report(const Options& o);

/// `bpm-kpi LOG --watch -o FILE`: adds --watch and its options to the top-level app.
void define_watch(CLI::App& app, Options& o);
int run_watch(const Options& o);

void define_diff(CLI::App& app, Options& o);
int run_diff(const Options& o);

void define_lint(CLI::App& app, Options& o);
int run_lint(const Options& o);

struct MapCli {
  Options input;
  std::string coverage = "100%";
  std::string overlay = "both";
};
void define_map(CLI::App& app, MapCli& o);
int run_map(const MapCli& o);

struct ConformanceCli {
  Options input;
  std::string cases;  // the per-case listing (CSV), if asked
  std::size_t examples = 10;
  bool check = false;
  std::string min_fitness;  // --check threshold on the share of cases that fit
};
void define_conformance(CLI::App& app, ConformanceCli& o);
int run_conformance(const ConformanceCli& o);

struct FunnelCli {
  Options input;
  std::vector<std::string> stages;
};
void define_funnel(CLI::App& app, FunnelCli& o);
int run_funnel(const FunnelCli& o);

struct StallsCli {
  Options input;
  std::string quantile = "90%";
  std::string after;  // a fixed threshold (duration)
  std::string now;    // ISO time
  std::size_t top = 50;
};
void define_stalls(CLI::App& app, StallsCli& o);
int run_stalls(const StallsCli& o);

struct TrendCli {
  Options input;
  std::string period = "auto";
  std::vector<std::string> metrics;
  std::size_t baseline = 0;
};
void define_trend(CLI::App& app, TrendCli& o);
int run_trend(const TrendCli& o);
/// `bpm-kpi metrics`: the metric vocabulary (share/doc/metrics.md).
void define_metrics(CLI::App& app, Options& o);
int run_metrics(const Options& o);

/// `bpm-kpi distance`: the log distance measures (share/doc/log-distance.md).
struct DistanceOptions {
  Options input;
  std::vector<std::string> measures;
  std::size_t ngram = 3;
  std::uint64_t cfld_exact_pairs = 0;  // 0: the library's default
};
void define_distance(CLI::App& app, DistanceOptions& o);
int run_distance(const DistanceOptions& o);

}  // namespace bpm::kpi_app
