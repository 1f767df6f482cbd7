// bpm-optimize: turn simulation into decisions — paired what-if comparison, bottlenecks and A/B
// tests. Options → library → exit code; the contract is share/doc/bpm-optimize.md.
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bpm/core/version.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/abtest.hpp"
#include "bpm/optimize/bottlenecks.hpp"
#include "bpm/optimize/compare.hpp"
#include "bpm/optimize/report.hpp"
#include "tool.hpp"

namespace {

constexpr const char* kTool = "bpm-optimize";

/// Options shared by the commands that simulate.
struct SimOptions {
  std::string file;
  long long replications = -1;  // -1: the file's
  std::optional<std::uint64_t> seed;
  long long threads = -1;  // -1: one per core
  std::vector<std::string> metrics;
};

struct Options {
  std::string format = "table";
  std::string output = "-";
  SimOptions sim;
  std::vector<std::string> scenarios;
  std::vector<std::string> sets;
  bool all = false;
  std::string a;
  std::string b;
  double confidence = 0.95;
  std::optional<double> lift;
  std::optional<double> base;
  std::optional<double> sd;
  double alpha = 0.05;
  double power = 0.8;
};

constexpr const char* kExamples = R"(
EXAMPLES
  bpm-optimize compare processes/lead-to-cash.yaml --scenario faster-qualification --scenario sixth-ae
  bpm-optimize compare processes/lead-to-cash.yaml --all --replications 50 --format markdown
  bpm-optimize compare lead.yaml --set steps.qualify.duration='*0.8' --metric win_rate
  bpm-optimize bottlenecks processes/lead-to-cash.yaml --replications 20 --format json
  bpm-optimize abtest --a 120/1000 --b 150/1000
  bpm-optimize abtest --a 12.5,3.2,40 --b 14.1,3.5,42
  bpm-optimize abtest --base 0.10 --lift 0.02 --power 0.8 --alpha 0.05
  bpm-optimize abtest --sd 3.2 --lift 1

Scenarios and --set variants run the same replications and seed as the baseline (common random
numbers), so each difference is paired replication by replication; "significant" means its
confidence interval excludes zero.

Exit codes: 0 success, 1 invalid model or failed simulation, 2 usage error (bad option, unknown
scenario or metric, malformed --set, unreadable file), 130 interrupted. See share/doc/bpm-optimize.md.
)";

void add_output(CLI::App& command, Options& o) {
  command.add_option("--format,-f", o.format, "Report format: table (default), markdown, json or yaml")
      ->type_name("FORMAT");
  command.add_option("-o,--output", o.output, "Write the report to FILE (atomically) instead of stdout")
      ->type_name("FILE");
}

void add_simulation(CLI::App& command, Options& o) {
  command.add_option("file", o.sim.file, "Process file (YAML), or - for standard input")->required()->type_name("FILE");
  command.add_option("--replications,-r", o.sim.replications, "Replications per variant (default: the file's)")
      ->type_name("N");
  command.add_option("--seed", o.sim.seed, "Random seed (default: the file's simulation.seed)")->type_name("N");
  command.add_option("--threads,-j", o.sim.threads, "Replications run in parallel (default: one per core)")
      ->type_name("N");
  command.add_option("--metric,-m", o.sim.metrics, "Metric to compare (repeatable; default: objectives and key KPIs)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  add_output(command, o);
}

void define(CLI::App& app, Options& o) {
  app.require_subcommand(1);
  CLI::App* compare = app.add_subcommand("compare", "Baseline against scenarios: paired KPI differences with CIs");
  add_simulation(*compare, o);
  compare->add_option("--scenario,-s", o.scenarios, "Scenario of the file to compare (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  compare->add_flag("--all", o.all, "Compare every scenario of the file");
  compare->add_option("--set", o.sets, "A variant made of PATH=VALUE overrides (repeatable, applied together)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
  CLI::App* bottlenecks =
      app.add_subcommand("bottlenecks", "Rank pools and steps by waiting time and measure +1 server / 10% faster");
  add_simulation(*bottlenecks, o);
  CLI::App* abtest = app.add_subcommand("abtest", "A/B test from counts or means: difference, CI, p-value, sample size");
  abtest->add_option("--a", o.a, "Arm A: SUCCESSES/TRIALS or MEAN,SD,N")->type_name("ARM");
  abtest->add_option("--b", o.b, "Arm B: SUCCESSES/TRIALS or MEAN,SD,N")->type_name("ARM");
  abtest->add_option("--confidence", o.confidence, "Confidence level of the interval (default 0.95)")->type_name("X");
  abtest->add_option("--lift", o.lift, "Absolute difference to detect: report the sample size per arm")->type_name("X");
  abtest->add_option("--base", o.base, "Base conversion rate of the sample size (default: arm A's)")
      ->type_name("X");
  abtest->add_option("--sd", o.sd, "Standard deviation per arm: sample size for means (default: arm A's)")
      ->type_name("X");
  abtest->add_option("--alpha", o.alpha, "Significance level of the sample size (default 0.05)")->type_name("X");
  abtest->add_option("--power", o.power, "Power of the sample size (default 0.8)")->type_name("X");
  add_output(*abtest, o);
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
  for (CLI::App* command : {compare, bottlenecks, abtest}) command->footer(kExamples);
}

void check(const Options& o) {
  if (o.sim.replications != -1 && o.sim.replications < 2) {
    throw bpm::UsageError(fmt::format("--replications must be at least 2 for confidence intervals, not {}",
                                      o.sim.replications));
  }
  if (o.sim.threads != -1 && o.sim.threads < 1) {
    throw bpm::UsageError(fmt::format("--threads must be at least 1, not {}", o.sim.threads));
  }
  (void)bpm::parse_optimize_format(o.format);
}

struct Loaded {
  bpm::Process process;
  bpm::CompareOptions options;
};

Loaded load(const Options& o) {
  const std::string source = o.sim.file == "-" ? "<stdin>" : o.sim.file;
  Loaded loaded{bpm::parse_process(bpm::read_all(o.sim.file), source), {}};
  bpm::require_valid(loaded.process);
  if (o.sim.replications > 0) loaded.options.replications = static_cast<std::uint32_t>(o.sim.replications);
  loaded.options.seed = o.sim.seed;
  loaded.options.threads =
      o.sim.threads > 0 ? static_cast<unsigned>(o.sim.threads) : std::max(1U, std::thread::hardware_concurrency());
  loaded.options.metrics = o.sim.metrics;
  if (loaded.options.replications == 0 && loaded.process.simulation.replications < 2) {
    throw bpm::UsageError("a comparison needs at least 2 replications: give --replications");
  }
  return loaded;
}

void write(const Options& o, const std::string& report) {
  bpm::OutputFile out(o.output);
  out.write(report);
  out.commit();
}

int run_compare(const Options& o) {
  if (!o.all && o.scenarios.empty() && o.sets.empty()) {
    throw bpm::UsageError("compare: nothing to compare: give --scenario NAME, --all or --set PATH=VALUE");
  }
  Loaded loaded = load(o);
  std::vector<bpm::Variant> variants;
  std::vector<std::string> names = o.scenarios;
  if (o.all) {
    for (const bpm::Scenario& scenario : loaded.process.scenarios) names.push_back(scenario.id);
    if (names.empty() && o.sets.empty()) throw bpm::UsageError("compare --all: the file defines no scenarios");
  }
  for (const std::string& name : names) {
    bpm::Process variant = loaded.process;
    bpm::apply_scenario(variant, name);
    bpm::require_valid(variant);
    variants.push_back({name, std::move(variant)});
  }
  if (!o.sets.empty()) {
    bpm::Process variant = loaded.process;
    std::string label;
    for (const std::string& text : o.sets) {
      const bpm::Override override_ = bpm::parse_set_option(text);
      try {
        bpm::apply_override(variant, override_);
      } catch (const bpm::ModelError& e) {
        throw bpm::UsageError(fmt::format("--set: {}", e.what()));
      }
      label += (label.empty() ? "" : " ") + override_.path + "=" + override_.value;
    }
    bpm::require_valid(variant);
    variants.push_back({label, std::move(variant)});
  }
  bpm::ProgressBar progress(std::cerr, 0, bpm::is_tty(STDERR_FILENO), bpm::ProgressOptions{.label = "comparing"});
  loaded.options.progress = progress.callback();
  const bpm::Comparison comparison = bpm::compare_variants(loaded.process, variants, loaded.options);
  progress.finish();
  write(o, bpm::format_comparison(comparison, bpm::parse_optimize_format(o.format), loaded.process.time_unit,
                                  loaded.process.time_unit_seconds));
  return bpm::app::Success;
}

int run_bottlenecks(const Options& o) {
  Loaded loaded = load(o);
  bpm::ProgressBar progress(std::cerr, 0, bpm::is_tty(STDERR_FILENO), bpm::ProgressOptions{.label = "simulating"});
  loaded.options.progress = progress.callback();
  const bpm::BottleneckReport report = bpm::find_bottlenecks(loaded.process, loaded.options);
  progress.finish();
  write(o, bpm::format_bottlenecks(report, bpm::parse_optimize_format(o.format), loaded.process.time_unit,
                                   loaded.process.time_unit_seconds));
  return bpm::app::Success;
}

int run_abtest(const Options& o) {
  bpm::AbReport report;
  report.confidence = o.confidence;
  if (o.a.empty() != o.b.empty()) throw bpm::UsageError("abtest: give both --a and --b, or neither");
  if (o.a.empty() && !o.lift) throw bpm::UsageError("abtest: give --a and --b, or --lift for a sample size");
  std::optional<bpm::AbArm> a;
  if (!o.a.empty()) {
    a = bpm::parse_ab_arm(o.a);
    const bpm::AbArm b = bpm::parse_ab_arm(o.b);
    if (a->is_proportion != b.is_proportion) {
      throw bpm::UsageError("abtest: --a and --b must both be counts (S/N) or both means (MEAN,SD,N)");
    }
    report.proportions = a->is_proportion;
    report.result = a->is_proportion ? bpm::compare_proportions(a->proportion, b.proportion, o.confidence)
                                     : bpm::compare_means(a->mean, b.mean, o.confidence);
  }
  if (o.lift) {
    if (!o.base && !o.sd && !a) throw bpm::UsageError("abtest: --lift needs --base RATE, --sd SD or --a");
    if (o.base && o.sd) throw bpm::UsageError("abtest: --base (rates) and --sd (means) exclude each other");
    report.proportions = o.base ? true : o.sd ? false : a->is_proportion;
    report.base = o.base ? *o.base : o.sd ? *o.sd : (a->is_proportion ? report.result->a : a->mean.sd);
    report.lift = *o.lift;
    report.alpha = o.alpha;
    report.power = o.power;
    report.sample_size = report.proportions ? bpm::sample_size_proportions(report.base, report.lift, o.alpha, o.power)
                                            : bpm::sample_size_means(report.base, report.lift, o.alpha, o.power);
  }
  write(o, bpm::format_abtest(report, bpm::parse_optimize_format(o.format)));
  return bpm::app::Success;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Compare what-if scenarios, find bottlenecks and evaluate A/B tests, measured by simulation.", kTool};
  Options options;
  define(app, options);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    check(options);
    try {
      if (app.got_subcommand("compare")) return run_compare(options);
      if (app.got_subcommand("bottlenecks")) return run_bottlenecks(options);
      return run_abtest(options);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
