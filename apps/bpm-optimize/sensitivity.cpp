// `sensitivity`: every numeric parameter perturbed by ±X%, one at a time and over a two-level
// design for a linear metamodel; also sharded by evaluations and gathered.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <iterator>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "bpm/sim/summary.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {
namespace {

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

void write_report(const SensitivityCli& o, const SensitivityReport& report) {
  if (!o.svg.empty()) write_output(o.svg, tornado_svg(report));
  write_output(o.sim.output, o.sim.format == "svg" ? tornado_svg(report)
                                                   : format_sensitivity(report, parse_optimize_format(o.sim.format)));
}

/// --gather: the study comes from the parts, so the options that define one are refused.
int gather(const SensitivityCli& o) {
  for (const char* name : {"file", "--param", "--delta", "--metric", "--no-metamodel", "--replications", "--seed",
                           "--plan", "--shard", "--shards"}) {
    if (o.command->count(name) > 0) {
      throw UsageError(fmt::format("sensitivity --gather takes the study from its parts: drop {}",
                                   std::string_view(name) == "file" ? "the process file" : name));
    }
  }
  std::vector<SensitivityPart> parts;
  for (const std::string& path : o.shards.gather) {
    std::vector<SensitivityPart> read = read_sensitivity_parts(read_all(path), path == "-" ? "<stdin>" : path);
    std::move(read.begin(), read.end(), std::back_inserter(parts));
  }
  const GatheredSensitivity gathered = gather_sensitivity(std::move(parts));
  write_report(o, analyse_sensitivity(gathered.study, gathered.values));
  return app::Success;
}

}  // namespace

void define_sensitivity(CLI::App& app, SensitivityCli& o) {
  CLI::App* command = app.add_subcommand(
      "sensitivity", "Perturb every numeric parameter by ±X%: tornado of one-at-a-time swings and a linear metamodel");
  o.command = command;
  command->add_option("file", o.sim.file, "Process file (YAML), or - for standard input")->type_name("FILE");
  command->add_option("--param,-p", o.params, "Parameter to perturb, an override path (repeatable; default: all)")
      ->type_name("PATH")
      ->allow_extra_args(false);
  command->add_option("--delta,-d", o.delta, "Relative perturbation X, e.g. 20% or 0.2 (default 10%)")->type_name("X");
  command->add_option("--metric,-m", o.sim.metrics, "Metric to study (repeatable; default: objectives and key KPIs)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  command->add_flag("--no-metamodel", o.no_metamodel, "Run the one-at-a-time perturbations only");
  command->add_option("--replications,-r", o.sim.replications, "Replications per evaluation (default: the file's)")
      ->type_name("N")
      ->check(app::whole_number(1, kMaxReplications));
  command->add_option("--seed", o.sim.seed, "Random seed (default: the file's simulation.seed)")
      ->type_name("N")
      ->check(app::whole_number(0, app::kMaxSeed));
  command->add_option("--threads,-j", o.sim.threads, "Evaluations run in parallel (default: one per core)")
      ->type_name("N")
      ->check(app::whole_number(1, app::kMaxThreads));
  command->add_option("--format,-f", o.sim.format, "Report format: table (default), markdown, json, yaml or svg")
      ->type_name("FORMAT");
  command->add_option("-o,--output", o.sim.output, "Write the report (or part) to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  command->add_option("--svg", o.svg, "Also write the tornado chart to FILE (SVG)")->type_name("FILE");
  add_shard_options(*command, o.shards, "List the evaluations (index and overrides) instead of running them",
                    "Run only shard K of N of the evaluations and write a JSON part",
                    "Gather the parts of a sharded study into its report (- reads stdin)");
  command->footer(kSensitivityExamples);
}

int run_sensitivity(const SensitivityCli& o) {
  if (o.sim.format != "svg") (void)parse_optimize_format(o.sim.format);
  const unsigned threads = thread_count(o.sim.threads);
  app::check_distinct_outputs({{"--output", o.sim.output}, {"--svg", o.svg}});
  if (!o.shards.gather.empty()) return gather(o);
  if (o.sim.file.empty()) throw UsageError("sensitivity: give the process FILE (or --gather PARTS)");
  check_replications(o.sim.replications);
  SensitivityOptions options;
  options.delta = parse_sensitivity_delta(o.delta);
  const std::optional<ShardSpec> shard = requested_shard(o.shards, !o.shards.plan);
  if (shard && !o.svg.empty()) throw UsageError("--svg draws the gathered report: give it to --gather, not to a shard");

  const std::string text = read_all(o.sim.file);
  options.source = o.sim.file == "-" ? "<stdin>" : o.sim.file;
  options.digest = model_digest(text);
  const Process process = parse_process(text, options.source);
  require_valid(process);
  options.parameters = o.params;
  options.metrics = o.sim.metrics;
  options.metamodel = !o.no_metamodel;
  if (o.sim.replications > 0) options.replications = static_cast<std::uint32_t>(o.sim.replications);
  options.seed = o.sim.seed;
  const SensitivityStudy study = plan_sensitivity(process, options);
  if (o.shards.plan) {
    if (o.sim.format == "svg") throw UsageError("--plan lists evaluations: use --format table, markdown, json or yaml");
    write_output(o.sim.output, format_sensitivity_plan(study, parse_optimize_format(o.sim.format)));
    return app::Success;
  }
  SensitivityPart part;
  part.first = 0;
  std::size_t count = study.evaluations.size();
  if (shard) {
    const EvaluationRange range = sensitivity_shard_range(*shard, study.evaluations.size());
    part.shard = *shard;
    part.first = range.first;
    count = range.count;
  }
  ProgressBar progress(std::cerr, count, is_tty(STDERR_FILENO), ProgressOptions{.label = "sensitivity"});
  part.values = run_sensitivity(process, study, part.first, count, threads, progress.callback());
  progress.finish();
  if (shard) {
    part.study = study;
    write_output(o.sim.output, write_sensitivity_part(part));
    return app::Success;
  }
  write_report(o, analyse_sensitivity(study, part.values));
  return app::Success;
}

}  // namespace bpm::optimize_app
