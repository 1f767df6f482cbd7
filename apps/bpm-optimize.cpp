// bpm-optimize: turn simulation into decisions — paired what-if comparison, bottlenecks and A/B
// tests. Options → library → exit code; the contract is share/doc/bpm-optimize.md.
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
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
#include "bpm/model/writer.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/abtest.hpp"
#include "bpm/optimize/bottlenecks.hpp"
#include "bpm/optimize/compare.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "bpm/optimize/search.hpp"
#include "bpm/sim/summary.hpp"
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
  // search
  std::optional<std::uint64_t> budget;
  std::uint32_t batch = 0;
  std::string report;
  std::string state;  // a sharded search: the rounds gathered so far
  bool plan = false;
  std::string shard;
  long long shards = -1;
  std::vector<std::string> gather;
};

constexpr const char* kExamples = R"(
EXAMPLES
  bpm-optimize compare processes/lead-to-cash.yaml --scenario faster-qualification --scenario sixth-ae
  bpm-optimize compare processes/lead-to-cash.yaml --all --replications 50 --format markdown
  bpm-optimize compare lead.yaml --set steps.qualify.duration='*0.8' --metric win_rate
  bpm-optimize bottlenecks processes/lead-to-cash.yaml --replications 20 --format json
  bpm-optimize search processes/lead-to-cash.yaml | bpm-sim - --format table
  bpm-optimize search processes/lead-to-cash.yaml --budget 100 --report front.md --format markdown -o best.yaml
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

/// `search FILE`: its own options, since its stdout is the chosen process file, not a report.
CLI::App* define_search(CLI::App& app, Options& o) {
  CLI::App* search = app.add_subcommand(
      "search", "Search the file's optimize: section; print the chosen process file and report the candidates");
  search->add_option("file", o.sim.file, "Process file (YAML) with an optimize: section, or - for standard input")
      ->required()
      ->type_name("FILE");
  search
      ->add_option("--replications,-r", o.sim.replications,
                   "Replications of a configuration that runs them all (default: the file's)")
      ->type_name("N");
  search->add_option("--batch", o.batch, "Replications per evaluation (default: a fifth of --replications, at least 2)")
      ->type_name("N");
  search->add_option("--budget", o.budget, "Evaluations to spend at most (default: the file's optimize.budget)")
      ->type_name("N");
  search->add_option("--seed", o.sim.seed, "Random seed (default: the file's simulation.seed)")->type_name("N");
  search->add_option("--threads,-j", o.sim.threads, "Simulations run in parallel (default: one per core)")
      ->type_name("N");
  search->add_option("--format,-f", o.format, "Report format: table (default), markdown, json or yaml")
      ->type_name("FORMAT");
  search->add_option("--report", o.report, "Write the report to FILE (atomically) instead of standard error")
      ->type_name("FILE");
  search->add_option("-o,--output", o.output, "Write the chosen process file to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  search->add_option("--state", o.state, "Sharded search: the rounds gathered so far (default: none yet)")
      ->type_name("FILE");
  search->add_flag("--plan", o.plan, "Sharded search: list the next round's evaluations instead of running them");
  search->add_option("--shard", o.shard, "Sharded search: run shard K of N of the next round and write a JSON part")
      ->type_name("K/N");
  search->add_option("--shards", o.shards, "Shard count when the index comes from the environment (Kubernetes)")
      ->type_name("N");
  search->add_option("--gather", o.gather, "Sharded search: fold the parts of the next round into a new --state")
      ->type_name("PART...");
  search->footer(kExamples);
  return search;
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
  define_search(app, o);
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

/// A sharded search (share/doc/bpm-optimize.md#search): --plan lists the next round, --shard runs a
/// slice of it, --gather folds the slices into the next --state. Returns nothing for a search to run.
std::optional<int> run_search_round(const Options& o, const bpm::Process& process, const std::string& text,
                                    bpm::SearchState& state, bpm::SearchOptions& options) {
  std::optional<bpm::ShardSpec> shard;
  if (!o.shard.empty()) {
    shard = bpm::parse_shard(o.shard);
  } else if (!o.plan && o.gather.empty()) {
    shard = bpm::shard_from_environment([](const char* name) { return std::getenv(name); },
                                        o.shards > 0 ? std::optional(static_cast<std::uint32_t>(o.shards)) : std::nullopt);
  }
  if (!o.plan && !shard && o.gather.empty() && o.state.empty()) return std::nullopt;
  if (static_cast<int>(o.plan) + static_cast<int>(shard.has_value()) + static_cast<int>(!o.gather.empty()) > 1) {
    throw bpm::UsageError("search: --plan, --shard and --gather exclude each other");
  }
  const std::string study = bpm::search_study(process, text, options);
  if (!o.state.empty()) {
    state = bpm::read_search_state(bpm::read_all(o.state), o.state);
    if (state.study != study) {
      throw bpm::Error(fmt::format("'{}' is the state of another study (process file, seed or options differ)", o.state));
    }
    options.state = &state;
  }
  if (o.plan) {
    const std::vector<bpm::SearchEvaluation> round = bpm::next_search_round(process, options);
    std::string text_out;
    if (round.empty()) {
      text_out = "complete: every round is gathered; run without --plan for the result\n";
    } else {
      text_out = fmt::format("round {}: {} evaluation{}\n", state.rounds + 1, round.size(), round.size() == 1 ? "" : "s");
      for (std::size_t i = 0; i < round.size(); ++i) {
        std::string values;
        for (std::size_t v = 0; v < round[i].values.size(); ++v) {
          values += fmt::format(" {}={}", process.optimize->vary[v].path, round[i].values[v]);
        }
        text_out += fmt::format("{:>4}{}  replications {}-{}\n", i + 1, values, round[i].first,
                                round[i].first + round[i].count - 1);
      }
    }
    write(o, text_out);
    return bpm::app::Success;
  }
  if (shard) {
    write(o, bpm::write_search_part(bpm::run_search_part(process, options, study, *shard)));
    return bpm::app::Success;
  }
  if (!o.gather.empty()) {
    std::vector<bpm::SearchPart> parts;
    for (const std::string& path : o.gather) parts.push_back(bpm::read_search_part(bpm::read_all(path), path));
    write(o, bpm::write_search_state(bpm::gather_search_round(process, options, study, parts)));
    return bpm::app::Success;
  }
  return std::nullopt;  // --state alone: the search, with the gathered rounds instead of simulations
}

/// The chosen process file goes to stdout (or -o), so that `search p.yaml | bpm-sim -` works; the
/// report goes to stderr (or --report FILE); nothing feasible is exit 1, after the report.
int run_search(const Options& o) {
  if (o.sim.replications != -1 && o.sim.replications < 2) {
    throw bpm::UsageError(fmt::format("--replications must be at least 2, not {}", o.sim.replications));
  }
  if (o.budget && *o.budget < 1) throw bpm::UsageError("--budget must be at least 1");
  if (!o.shard.empty() && o.shards != -1) throw bpm::UsageError("--shard K/N already gives the count: drop --shards");
  const std::string source = o.sim.file == "-" ? "<stdin>" : o.sim.file;
  const std::string text = bpm::read_all(o.sim.file);
  const bpm::Process process = bpm::parse_process(text, source);
  bpm::require_valid(process);
  bpm::SearchOptions options;
  if (o.sim.replications > 0) options.replications = static_cast<std::uint32_t>(o.sim.replications);
  options.batch = o.batch;
  options.budget = o.budget;
  options.seed = o.sim.seed;
  options.threads =
      o.sim.threads > 0 ? static_cast<unsigned>(o.sim.threads) : std::max(1U, std::thread::hardware_concurrency());
  bpm::SearchState state;  // a sharded search's rounds: `options` points to it
  if (const std::optional<int> code = run_search_round(o, process, text, state, options)) return *code;
  bpm::ProgressBar progress(std::cerr, 0, bpm::is_tty(STDERR_FILENO), bpm::ProgressOptions{.label = "searching"});
  options.progress = progress.callback();
  const bpm::SearchResult result = bpm::search(process, options);
  progress.finish();
  const std::string report = bpm::format_search(result, bpm::parse_optimize_format(o.format), process.time_unit,
                                                process.time_unit_seconds);
  if (o.report.empty()) {
    std::cerr << report << std::flush;
  } else {
    bpm::OutputFile out(o.report);
    out.write(report);
    out.commit();
  }
  if (!result.chosen) throw bpm::infeasibility_error(result, process.time_unit, process.time_unit_seconds);
  bpm::OutputFile out(o.output);
  out.write(bpm::to_yaml(bpm::apply_candidate(process, result, *result.chosen)));
  out.commit();
  return bpm::app::Success;
}

// ----- sensitivity ------------------------------------------------------------------------------

/// `sensitivity FILE`: its own options, since it also runs shards and gathers their parts.
struct SensitivityCli {
  CLI::App* command = nullptr;
  std::string file;
  std::vector<std::string> params;
  std::string delta = "10%";
  std::vector<std::string> metrics;
  bool no_metamodel = false;
  long long replications = -1;
  std::optional<std::uint64_t> seed;
  long long threads = -1;
  std::string format = "table";
  std::string output = "-";
  std::string svg;
  bool plan = false;
  std::string shard;
  long long shards = -1;
  std::vector<std::string> gather;
};

constexpr const char* kSensitivityExamples = R"(
EXAMPLES
  bpm-optimize sensitivity processes/lead-to-cash.yaml --replications 10
  bpm-optimize sensitivity lead.yaml --delta 20% --metric cost.per_case --svg tornado.svg
  bpm-optimize sensitivity lead.yaml --param steps.qualify.duration --param resources.ae.count --format markdown
  bpm-optimize sensitivity lead.yaml --format svg -o tornado.svg
  bpm-optimize sensitivity lead.yaml --plan                      # the evaluations, without running them
  parallel bpm-optimize sensitivity lead.yaml --shard {}/4 -o part-{}.json ::: 1 2 3 4
  bpm-optimize sensitivity --gather part-*.json                  # = the single run, byte for byte

Every parameter (durations, probabilities, counts, costs, arrivals.every) is moved to -X% and +X%
one at a time, then all together over a fold-over two-level design for a linear metamodel; every
evaluation runs the same replications and seed (common random numbers). Shards (--shard K/N, or
SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX with --shards N) write JSON parts that --gather combines.

Exit codes: 0 success, 1 invalid model, failed simulation or parts that do not gather (missing,
duplicated, of another study), 2 usage error (bad option, unknown --param path or metric, --delta
out of range, unreadable file), 130 interrupted. See share/doc/bpm-optimize.md.
)";

void define_sensitivity(CLI::App& app, SensitivityCli& o) {
  CLI::App* command = app.add_subcommand(
      "sensitivity", "Perturb every numeric parameter by ±X%: tornado of one-at-a-time swings and a linear metamodel");
  o.command = command;
  command->add_option("file", o.file, "Process file (YAML), or - for standard input")->type_name("FILE");
  command->add_option("--param,-p", o.params, "Parameter to perturb, an override path (repeatable; default: all)")
      ->type_name("PATH")
      ->allow_extra_args(false);
  command->add_option("--delta,-d", o.delta, "Relative perturbation X, e.g. 20% or 0.2 (default 10%)")->type_name("X");
  command->add_option("--metric,-m", o.metrics, "Metric to study (repeatable; default: objectives and key KPIs)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  command->add_flag("--no-metamodel", o.no_metamodel, "Run the one-at-a-time perturbations only");
  command->add_option("--replications,-r", o.replications, "Replications per evaluation (default: the file's)")
      ->type_name("N");
  command->add_option("--seed", o.seed, "Random seed (default: the file's simulation.seed)")->type_name("N");
  command->add_option("--threads,-j", o.threads, "Evaluations run in parallel (default: one per core)")->type_name("N");
  command->add_option("--format,-f", o.format, "Report format: table (default), markdown, json, yaml or svg")
      ->type_name("FORMAT");
  command->add_option("-o,--output", o.output, "Write the report (or part) to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  command->add_option("--svg", o.svg, "Also write the tornado chart to FILE (SVG)")->type_name("FILE");
  command->add_flag("--plan", o.plan, "List the evaluations (index and overrides) instead of running them");
  command->add_option("--shard", o.shard, "Run only shard K of N of the evaluations and write a JSON part")
      ->type_name("K/N");
  command->add_option("--shards", o.shards, "Shard count when the index comes from the environment (Kubernetes)")
      ->type_name("N");
  command->add_option("--gather", o.gather, "Gather the parts of a sharded study into its report (- reads stdin)")
      ->type_name("PART...");
  command->footer(kSensitivityExamples);
}

std::string sensitivity_report(const bpm::SensitivityReport& report, const std::string& format) {
  if (format == "svg") return bpm::tornado_svg(report);
  return bpm::format_sensitivity(report, bpm::parse_optimize_format(format));
}

void write_text(const std::string& path, const std::string& text) {
  bpm::OutputFile out(path);
  out.write(text);
  out.commit();
}

void write_sensitivity(const SensitivityCli& o, const bpm::SensitivityReport& report) {
  if (!o.svg.empty()) write_text(o.svg, bpm::tornado_svg(report));
  write_text(o.output, sensitivity_report(report, o.format));
}

int run_sensitivity(const SensitivityCli& o) {
  if (o.format != "svg") (void)bpm::parse_optimize_format(o.format);
  if (o.threads != -1 && o.threads < 1)
    throw bpm::UsageError(fmt::format("--threads must be at least 1, not {}", o.threads));
  const unsigned threads =
      o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1U, std::thread::hardware_concurrency());
  const auto given = [&](const char* name) { return o.command->count(name) > 0; };
  if (!o.gather.empty()) {
    for (const char* name : {"file", "--param", "--delta", "--metric", "--no-metamodel", "--replications", "--seed",
                             "--plan", "--shard", "--shards"}) {
      if (given(name)) {
        throw bpm::UsageError(fmt::format("sensitivity --gather takes the study from its parts: drop {}",
                                          std::string_view(name) == "file" ? "the process file" : name));
      }
    }
    std::vector<bpm::SensitivityPart> parts;
    for (const std::string& path : o.gather) {
      std::vector<bpm::SensitivityPart> read =
          bpm::read_sensitivity_parts(bpm::read_all(path), path == "-" ? "<stdin>" : path);
      std::move(read.begin(), read.end(), std::back_inserter(parts));
    }
    const bpm::GatheredSensitivity gathered = bpm::gather_sensitivity(std::move(parts));
    write_sensitivity(o, bpm::analyse_sensitivity(gathered.study, gathered.values));
    return bpm::app::Success;
  }
  if (o.file.empty()) throw bpm::UsageError("sensitivity: give the process FILE (or --gather PARTS)");
  if (o.replications != -1 && o.replications < 2) {
    throw bpm::UsageError(
        fmt::format("--replications must be at least 2 for confidence intervals, not {}", o.replications));
  }
  if (given("--shards") && o.shards < 1)
    throw bpm::UsageError(fmt::format("--shards must be at least 1, not {}", o.shards));
  if (!o.shard.empty() && given("--shards"))
    throw bpm::UsageError("--shard K/N already gives the count: drop --shards");
  bpm::SensitivityOptions options;
  options.delta = bpm::parse_sensitivity_delta(o.delta);
  std::optional<bpm::ShardSpec> shard;
  if (!o.shard.empty()) {
    shard = bpm::parse_shard(o.shard);
  } else if (!o.plan) {
    shard =
        bpm::shard_from_environment([](const char* name) { return std::getenv(name); },
                                    o.shards > 0 ? std::optional(static_cast<std::uint32_t>(o.shards)) : std::nullopt);
  }
  if (shard && !o.svg.empty())
    throw bpm::UsageError("--svg draws the gathered report: give it to --gather, not to a shard");

  const std::string text = bpm::read_all(o.file);
  options.source = o.file == "-" ? "<stdin>" : o.file;
  options.digest = bpm::model_digest(text);
  const bpm::Process process = bpm::parse_process(text, options.source);
  bpm::require_valid(process);
  options.parameters = o.params;
  options.metrics = o.metrics;
  options.metamodel = !o.no_metamodel;
  if (o.replications > 0) options.replications = static_cast<std::uint32_t>(o.replications);
  options.seed = o.seed;
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(process, options);
  if (o.plan) {
    if (o.format == "svg")
      throw bpm::UsageError("--plan lists evaluations: use --format table, markdown, json or yaml");
    write_text(o.output, bpm::format_sensitivity_plan(study, bpm::parse_optimize_format(o.format)));
    return bpm::app::Success;
  }
  bpm::SensitivityPart part;
  part.first = 0;
  std::size_t count = study.evaluations.size();
  if (shard) {
    const bpm::EvaluationRange range = bpm::sensitivity_shard_range(*shard, study.evaluations.size());
    part.shard = *shard;
    part.first = range.first;
    count = range.count;
  }
  bpm::ProgressBar progress(std::cerr, count, bpm::is_tty(STDERR_FILENO), bpm::ProgressOptions{.label = "sensitivity"});
  part.values = bpm::run_sensitivity(process, study, part.first, count, threads, progress.callback());
  progress.finish();
  if (shard) {
    part.study = study;
    write_text(o.output, bpm::write_sensitivity_part(part));
    return bpm::app::Success;
  }
  write_sensitivity(o, bpm::analyse_sensitivity(study, part.values));
  return bpm::app::Success;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Compare what-if scenarios, find bottlenecks and evaluate A/B tests, measured by simulation.", kTool};
  Options options;
  define(app, options);
  SensitivityCli sensitivity;
  define_sensitivity(app, sensitivity);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    check(options);
    try {
      if (app.got_subcommand("compare")) return run_compare(options);
      if (app.got_subcommand("bottlenecks")) return run_bottlenecks(options);
      if (app.got_subcommand("sensitivity")) return run_sensitivity(sensitivity);
      if (app.got_subcommand("search")) return run_search(options);
      return run_abtest(options);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
