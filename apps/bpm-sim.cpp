// bpm-sim: Monte Carlo simulation of a process file. Options → library → exit code; the contract
// is share/doc/bpm-sim.md.
#include <unistd.h>

#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/version.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/model/process.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/shard.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/sim/summary.hpp"
#include "bpm/sim/xes_log.hpp"
#include "tool.hpp"

namespace {

constexpr const char* kTool = "bpm-sim";

struct Options {
  std::string file;
  std::string scenario;
  std::vector<std::string> sets;
  long long replications = -1;  // -1: the file's
  std::optional<std::uint64_t> seed;
  long long cases = -1;    // -1: the file's horizon or cases
  long long threads = -1;  // -1: one per core
  std::string format = "yaml";
  std::string output = "-";
  bool output_given = false;
  std::string log;
  std::string log_format;  // empty: from the --log file name
  int progress = -1;       // -1: when stderr is a terminal; 0 never; 1 always
  std::string shard;       // "K/N"; empty: from the environment, or the whole run
  long long shards = -1;
  bool fail_on_overload = false;
};

struct MergeOptions {
  std::vector<std::string> parts;
  std::string format = "yaml";
  std::string output = "-";
};

constexpr const char* kExamples = R"(
EXAMPLES
  bpm-sim processes/lead-to-cash.yaml --format table
  bpm-sim lead.yaml --scenario faster-qualify --replications 100 --seed 7
  bpm-sim lead.yaml --set steps.qualify.duration='*0.8' --set resources.ae.count=5
  bpm-sim lead.yaml --cases 10000 --log events.csv -o summary.yaml
  bpm-sim lead.yaml -r 1 --log events.xes -o /dev/null          # XES (IEEE 1849) for process-mining tools
  bpm-design fmt lead.yaml | bpm-sim - --seed 1 | bpm-kpi -
  parallel bpm-sim lead.yaml -r 1000 --shard {}/4 -o part{}.yaml ::: 1 2 3 4
  bpm-sim merge part*.yaml -o summary.yaml     # = bpm-sim lead.yaml -r 1000, byte for byte

Sharding (share/doc/scale-out.md): --shard K/N runs the K-th of N contiguous replication ranges
(K from 1) and writes a partial summary; `bpm-sim merge PARTS...` (see `bpm-sim merge --help`)
combines them. Without --shard, a Slurm array task (SLURM_ARRAY_TASK_ID/_MIN/_COUNT) or a
Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX, with --shards N) runs its shard.

Overrides (--set, scenarios): steps.<id>.duration|wait|cost|priority, steps.<id>.rework.p,
steps.<id>.xor.<i>.p|when, steps.<id>.or.<i>.p|when, steps.<id>.timeout.after|escalate.after|
abandon.after, steps.<id>.batch.size|batch.timeout, steps.<id>.instances.count, steps.<id>.policy,
resources.<id>.count|cost_per_hour|calendar, resources.<id>.members.<member>.speed|cost_per_hour|
calendar, arrivals.every|rate|size, arrivals.streams.<id>.every|rate|size,
arrivals.attributes.<name>, simulation.<key>. A value is a literal as in the file, '*k' to scale
a number or every sample of a distribution, '+k'/'-k' to add to a number.

An overloaded resource pool (lint resource-overload) is simulated with a warning on stderr that
the summary keeps under metadata.warnings; --fail-on-overload makes it an error (exit 1) for CI.

Exit codes: 0 success, 1 invalid model, overloaded pool with --fail-on-overload, or failed
simulation, 2 usage error (bad option, unknown scenario, malformed --set, unreadable file),
130 interrupted. See share/doc/bpm-sim.md.
)";

void define(CLI::App& app, Options& o) {
  app.add_option("file", o.file, "Process file (YAML), or - for standard input")->required()->type_name("FILE");
  app.add_option("--scenario", o.scenario, "Apply a scenario defined in the file")->type_name("NAME");
  // One PATH=VALUE per --set, so that `--set a=1 file.yaml` does not take the file as an override.
  app.add_option("--set", o.sets, "Override PATH=VALUE (repeatable), e.g. resources.ae.count=5")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
  using bpm::app::whole_number;
  app.add_option("--replications,-r", o.replications, "Independent replications (default: the file's)")
      ->type_name("N")
      ->check(whole_number(1, bpm::kMaxReplications));
  app.add_option("--seed", o.seed, "Random seed (default: the file's simulation.seed)")
      ->type_name("N")
      ->check(whole_number(0, bpm::app::kMaxSeed));
  app.add_option("--cases", o.cases, "Stop arrivals after N cases per replication, then drain")
      ->type_name("N")
      ->check(whole_number(1, bpm::app::kMaxCount));
  app.add_option("--threads,-j", o.threads, "Replications run in parallel (default: one per core)")
      ->type_name("N")
      ->check(whole_number(1, bpm::app::kMaxThreads));
  app.add_option("--format,-f", o.format, "Summary format: yaml (default), json, table, markdown or csv")
      ->type_name("FORMAT");
  app.add_option("-o,--output", o.output, "Write the summary to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  app.add_option("--log", o.log, "Write the event log to FILE, or - for stdout")->type_name("FILE");
  app.add_option("--log-format", o.log_format, "Event log format: csv, or xes (default: xes for a FILE ending in .xes)")
      ->type_name("FORMAT");
  app.add_option("--shard", o.shard, "Run only shard K of N (K = 1..N) and write a partial summary")->type_name("K/N");
  app.add_option("--shards", o.shards, "Shard count when the index comes from the environment (Kubernetes)")
      ->type_name("N")
      ->check(whole_number(1, bpm::kMaxReplications));
  app.add_flag_callback(
      "--progress", [&o] { o.progress = 1; }, "Draw a progress bar on stderr, even if not a terminal");
  app.add_flag_callback(
      "--no-progress", [&o] { o.progress = 0; }, "Never draw a progress bar");
  app.add_flag("--fail-on-overload", o.fail_on_overload,
               "An overloaded resource pool is an error (exit 1) instead of a warning");
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
}

/// Option checks that CLI11 cannot express in our words.
void check(Options& o, const CLI::App& app) {
  // Numbers are range-checked by their options' validators, before anything runs.
  o.output_given = app.count("--output") > 0;
  (void)bpm::parse_summary_format(o.format);
  if (!o.log_format.empty() && o.log_format != "csv" && o.log_format != "xes") {
    throw bpm::UsageError(fmt::format("unknown --log-format '{}' (csv or xes)", o.log_format));
  }
  if (o.log == "-" && o.output_given && o.output == "-") {
    throw bpm::UsageError("--log - and -o - cannot both write to standard output");
  }
  bpm::app::check_distinct_outputs({{"--output", o.output}, {"--log", o.log}});
}

int run(const Options& o) {
  const std::string source = o.file == "-" ? "<stdin>" : o.file;
  const std::string text = bpm::read_all(o.file);
  bpm::Process process = bpm::parse_process(text, source);
  if (!o.scenario.empty()) bpm::apply_scenario(process, o.scenario);
  bpm::require_valid(process);
  const std::vector<std::string> overrides = bpm::apply_set_options(process, o.sets);
  if (!o.sets.empty()) bpm::require_valid_overrides(process);
  // An overloaded model is well defined (its queues grow until the horizon), so it is simulated
  // with a warning that the summary keeps; CI that wants it refused says so.
  const std::vector<bpm::Diagnostic> overload = bpm::overload_warnings(process);
  if (o.fail_on_overload && !overload.empty()) {
    throw bpm::ModelError(overload.front().where, overload.front().message + " [resource-overload]");
  }
  std::vector<std::string> warnings;
  for (const bpm::Diagnostic& d : overload) warnings.push_back(d.str());
  for (const std::string& w : warnings) std::cerr << w << '\n';

  bpm::SimulationOptions sim;
  if (o.replications > 0) sim.replications = static_cast<std::uint32_t>(o.replications);
  sim.seed = o.seed;
  if (o.cases > 0) sim.cases = static_cast<std::uint64_t>(o.cases);
  const std::optional<bpm::ShardSpec> shard =
      bpm::requested_shard(o.shard, o.shards > 0 ? std::optional(static_cast<std::uint32_t>(o.shards)) : std::nullopt,
                           bpm::app::environment);
  std::optional<bpm::SummaryShard> part;
  if (shard) {
    const std::uint32_t total = sim.replications > 0 ? sim.replications : process.simulation.replications;
    const bpm::ReplicationRange range = bpm::shard_range(shard->index, shard->count, total);
    sim.first_replication = range.first;
    sim.replications = range.count;
    part = bpm::SummaryShard{shard->index, shard->count, total};
  }
  sim.threads = bpm::app::thread_count(o.threads);

  std::optional<bpm::OutputFile> log_file;
  std::unique_ptr<bpm::XesLogConverter> xes;
  std::unique_ptr<bpm::EventLogWriter> log;
  if (!o.log.empty()) {
    log_file.emplace(o.log);
    const auto to_file = [&log_file](const char* data, std::size_t size) { log_file->write(data, size); };
    const bool is_xes = o.log_format.empty() ? o.log.ends_with(".xes") : o.log_format == "xes";
    if (is_xes) {
      xes = std::make_unique<bpm::XesLogConverter>(to_file);
      log =
          std::make_unique<bpm::EventLogWriter>([&xes](const char* data, std::size_t size) { xes->write(data, size); });
    } else {
      log = std::make_unique<bpm::EventLogWriter>(to_file);
    }
    sim.log = log.get();
  }
  bpm::ProgressBar progress(std::cerr, 0, o.progress == 1 || (o.progress == -1 && bpm::is_tty(STDERR_FILENO)),
                            bpm::ProgressOptions{.label = "simulating"});
  sim.progress = progress.callback();
  const bpm::SimulationResult result = bpm::simulate(process, sim);
  progress.finish();
  if (xes) xes->finish();
  if (log_file) log_file->commit();

  bpm::SummaryRun info;
  info.version = std::string(bpm::version());
  info.process = process.name;
  info.source = source;
  info.digest = bpm::model_digest(text);
  info.scenario = o.scenario;
  info.overrides = overrides;
  info.seed = o.seed.value_or(process.simulation.seed);
  if (o.cases > 0) info.cases = static_cast<std::uint64_t>(o.cases);
  info.shard = part;
  info.warnings = std::move(warnings);
  const bpm::Summary summary = bpm::summarize(result, std::move(info));

  // `--log -` owns standard output; the summary then goes only where -o sends it.
  if (o.log == "-" && !o.output_given) return bpm::app::Success;
  bpm::write_output(o.output, bpm::format_summary(summary, bpm::parse_summary_format(o.format)));
  return bpm::app::Success;
}

constexpr const char* kMergeExamples = R"(
EXAMPLES
  bpm-sim merge part-1.yaml part-2.yaml part-3.yaml -o summary.yaml
  cat part-*.yaml | bpm-sim merge -            # documents separated by '---' lines
  bpm-sim merge parts/*.json --format table

The merged summary equals the summary of one process running all the replications, byte for
byte. Parts of different runs (process file, seed, version, scenario, --set, --cases, time unit),
overlapping or duplicated parts and missing replications are refused (exit 1) with a message
naming them. See share/doc/scale-out.md.
)";

void define_merge(CLI::App& app, MergeOptions& o) {
  app.add_option("parts", o.parts, "Partial summaries (YAML or JSON), or - for standard input")
      ->required()
      ->type_name("PART");
  app.add_option("--format,-f", o.format, "Summary format: yaml (default), json, table, markdown or csv")
      ->type_name("FORMAT");
  app.add_option("-o,--output", o.output, "Write the summary to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kMergeExamples);
}

int run_merge(const MergeOptions& o) {
  const bpm::report::Format format = bpm::parse_summary_format(o.format);
  std::vector<bpm::SummaryPart> parts;
  for (const auto& path : o.parts) {
    std::vector<bpm::SummaryPart> read = bpm::read_summary_parts(bpm::read_all(path), path == "-" ? "<stdin>" : path);
    std::move(read.begin(), read.end(), std::back_inserter(parts));
  }
  const bpm::Summary summary = bpm::merge_summaries(std::move(parts));
  bpm::write_output(o.output, bpm::format_summary(summary, format));
  return bpm::app::Success;
}

/// `bpm-sim merge ...`: a word before any option, so that it cannot be taken for a process file
/// (a file named `merge` is `./merge`).
int merge_main(int argc, char** argv) {
  CLI::App app{"Merge the partial summaries of a sharded run (bpm-sim --shard K/N) into the summary of the whole run.",
               "bpm-sim merge"};
  MergeOptions options;
  define_merge(app, options);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc - 1, argv + 1); code >= 0) return code;
    try {
      return run_merge(options);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "merge") return merge_main(argc, argv);
  CLI::App app{"Simulate a process many times and report its KPIs with 95% confidence intervals.", kTool};
  Options options;
  define(app, options);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    check(options, app);
    try {
      return run(options);
    } catch (const bpm::BrokenPipe&) {
      // The reader went away (`bpm-sim | head`): not an error.
      return bpm::app::Success;
    }
  });
}
