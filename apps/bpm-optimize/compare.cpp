// `compare` (baseline against variants) and `bottlenecks`: both simulate a file's baseline and
// variants of it with common random numbers.
#include <unistd.h>

#include <iostream>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/bottlenecks.hpp"
#include "bpm/optimize/compare.hpp"
#include "bpm/optimize/report.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {
namespace {

void add_simulation(CLI::App& command, SimOptions& o) {
  command.add_option("file", o.file, "Process file (YAML), or - for standard input")->required()->type_name("FILE");
  command.add_option("--replications,-r", o.replications, "Replications per variant (default: the file's)")
      ->type_name("N")
      ->check(app::whole_number(1, kMaxReplications));
  command.add_option("--seed", o.seed, "Random seed (default: the file's simulation.seed)")
      ->type_name("N")
      ->check(app::whole_number(0, app::kMaxSeed));
  command.add_option("--threads,-j", o.threads, "Replications run in parallel (default: one per core)")
      ->type_name("N")
      ->check(app::whole_number(1, app::kMaxThreads));
  command.add_option("--metric,-m", o.metrics, "Metric to compare (repeatable; default: objectives and key KPIs)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  add_output(command, o.format, o.output);
  command.footer(kExamples);
}

struct Loaded {
  Process process;
  CompareOptions options;
  OptimizeFormat format = OptimizeFormat::Table;
};

Loaded load(const SimOptions& o) {
  check_replications(o.replications);
  const unsigned threads = thread_count(o.threads);
  const OptimizeFormat format = parse_optimize_format(o.format);
  const std::string source = o.file == "-" ? "<stdin>" : o.file;
  Loaded loaded{parse_process(read_all(o.file), source), {}, format};
  require_valid(loaded.process);
  if (o.replications > 0) loaded.options.replications = static_cast<std::uint32_t>(o.replications);
  loaded.options.seed = o.seed;
  loaded.options.threads = threads;
  loaded.options.metrics = o.metrics;
  if (loaded.options.replications == 0 && loaded.process.simulation.replications < 2) {
    throw UsageError("a comparison needs at least 2 replications: give --replications");
  }
  return loaded;
}

}  // namespace

void define_compare(CLI::App& app, SimOptions& o, std::vector<std::string>& scenarios, bool& all,
                    std::vector<std::string>& sets) {
  CLI::App* compare = app.add_subcommand("compare", "Baseline against scenarios: paired KPI differences with CIs");
  add_simulation(*compare, o);
  compare->add_option("--scenario,-s", scenarios, "Scenario of the file to compare (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  compare->add_flag("--all", all, "Compare every scenario of the file");
  compare->add_option("--set", sets, "A variant made of PATH=VALUE overrides (repeatable, applied together)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
}

int run_compare(const SimOptions& o, const std::vector<std::string>& scenarios, bool all,
                const std::vector<std::string>& sets) {
  if (!all && scenarios.empty() && sets.empty()) {
    throw UsageError("compare: nothing to compare: give --scenario NAME, --all or --set PATH=VALUE");
  }
  Loaded loaded = load(o);
  const std::vector<Variant> variants = make_variants(loaded.process, scenarios, all, sets);
  ProgressBar progress(std::cerr, 0, is_tty(STDERR_FILENO), ProgressOptions{.label = "comparing"});
  loaded.options.progress = progress.callback();
  const Comparison comparison = compare_variants(loaded.process, variants, loaded.options);
  progress.finish();
  write_output(o.output, format_comparison(comparison, loaded.format));
  return app::Success;
}

void define_bottlenecks(CLI::App& app, SimOptions& o) {
  CLI::App* bottlenecks =
      app.add_subcommand("bottlenecks", "Rank pools and steps by waiting time and measure +1 server / 10% faster");
  add_simulation(*bottlenecks, o);
}

int run_bottlenecks(const SimOptions& o) {
  Loaded loaded = load(o);
  ProgressBar progress(std::cerr, 0, is_tty(STDERR_FILENO), ProgressOptions{.label = "simulating"});
  loaded.options.progress = progress.callback();
  const BottleneckReport report = find_bottlenecks(loaded.process, loaded.options);
  progress.finish();
  write_output(o.output, format_bottlenecks(report, loaded.format));
  return app::Success;
}

}  // namespace bpm::optimize_app
