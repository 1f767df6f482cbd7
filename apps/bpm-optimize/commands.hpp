#pragma once
// The commands of bpm-optimize, one file each: define_X adds the subcommand and its options,
// run_X calls the library and returns the exit code. The contract is share/doc/bpm-optimize.md.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/io/output_file.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/sim/shard.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {

using app::thread_count;

inline constexpr const char* kTool = "bpm-optimize";

/// The examples and exit codes printed under every --help.
extern const char* const kExamples;

/// Options of the commands that simulate a file's baseline against variants.
struct SimOptions {
  std::string file;
  long long replications = -1;  // -1: the file's
  std::optional<std::uint64_t> seed;
  long long threads = -1;  // -1: one per core
  std::vector<std::string> metrics;
  std::string format = "table";
  std::string output = "-";
};

/// --plan / --shard / --shards / --gather of the commands whose evaluations can be sharded.
struct ShardOptions {
  bool plan = false;
  std::string shard;
  long long shards = -1;
  std::vector<std::string> gather;
};

/// Adds the report options --format and -o.
void add_output(CLI::App& command, std::string& format, std::string& output);
/// Adds --plan, --shard, --shards and --gather, their help naming what is sharded.
void add_shard_options(CLI::App& command, ShardOptions& o, const std::string& plan_help, const std::string& shard_help,
                       const std::string& gather_help);
/// --shard K/N, else the shard a batch engine assigned (Slurm, Kubernetes), else nothing.
[[nodiscard]] std::optional<ShardSpec> requested_shard(const ShardOptions& o, bool from_environment);
/// Checks --replications where confidence intervals need at least 2 (-1: the file's).
void check_replications(long long replications);

void define_compare(CLI::App& app, SimOptions& o, std::vector<std::string>& scenarios, bool& all,
                    std::vector<std::string>& sets);
int run_compare(const SimOptions& o, const std::vector<std::string>& scenarios, bool all,
                const std::vector<std::string>& sets);

void define_bottlenecks(CLI::App& app, SimOptions& o);
int run_bottlenecks(const SimOptions& o);

struct AbtestOptions {
  std::string a;
  std::string b;
  double confidence = 0.95;
  std::optional<double> lift;
  std::optional<double> base;
  std::optional<double> sd;
  double alpha = 0.05;
  double power = 0.8;
  std::string format = "table";
  std::string output = "-";
};
void define_abtest(CLI::App& app, AbtestOptions& o);
int run_abtest(const AbtestOptions& o);

struct SearchCli {
  SimOptions sim;
  std::optional<std::uint64_t> budget;
  std::uint32_t batch = 0;
  std::string report;
  std::string state;  // a sharded search: the rounds gathered so far
  ShardOptions shards;
};
void define_search(CLI::App& app, SearchCli& o);
int run_search(const SearchCli& o);

struct SensitivityCli {
  CLI::App* command = nullptr;
  SimOptions sim;
  std::vector<std::string> params;
  std::string delta = "10%";
  bool no_metamodel = false;
  std::string svg;
  ShardOptions shards;
};
void define_sensitivity(CLI::App& app, SensitivityCli& o);
int run_sensitivity(const SensitivityCli& o);

/// `score train`, `score apply` and `score attach` share one option set; each reads its part.
struct ScoreCli {
  CLI::App* train = nullptr;
  CLI::App* apply = nullptr;
  CLI::App* attach = nullptr;
  std::vector<std::string> logs;  // attach: MODEL PROCESS
  kpi::ColumnMapping columns;
  std::string time_format;
  std::string delimiter;
  std::string order = "auto";
  std::vector<std::string> outcomes;
  std::string outcome_column;
  std::string outcome_activity;
  std::string cut = "arrival";
  std::vector<std::string> exclude;
  std::vector<std::string> include;
  std::vector<std::string> categorical;
  long long min_level_cases = 20;
  long long max_levels = 30;
  std::string split = "time";
  std::string test_share = "20%";
  long long folds = 5;
  std::optional<double> lambda;
  long long cv_sample = 20000;
  std::string calibration = "auto";
  double threshold = 0.5;
  std::optional<double> benefit;
  std::optional<double> action_cost;
  std::uint64_t seed = 1;
  long long threads = -1;
  std::string model;
  std::string features;
  bool timings = false;
  bool all = false;
  std::string now;
  long long reasons = 3;
  std::string name = "score";
  std::string format = "table";
  std::string output = "-";
};
void define_score(CLI::App& app, ScoreCli& o);
int run_score(const ScoreCli& o);

}  // namespace bpm::optimize_app
