#pragma once
// The commands of bpm-kpi, one file each: define_X adds the subcommand and its options, run_X
// calls the library and returns the exit code. The contract is share/doc/bpm-kpi.md.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bpm/kpi/analysis.hpp"
#include "bpm/model/process.hpp"
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

/// `bpm-kpi INPUT...`: the options live on the top-level app.
void define_report(CLI::App& app, Options& o);
int run_report(const Options& o);

void define_diff(CLI::App& app, Options& o);
int run_diff(const Options& o);

void define_lint(CLI::App& app, Options& o);
int run_lint(const Options& o);

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
