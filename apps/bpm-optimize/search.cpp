// `search`: the file's optimize: section, searched by simulation; also sharded round by round.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/process.hpp"
#include "bpm/model/writer.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/optimize/search.hpp"
#include "bpm/sim/summary.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {
namespace {

/// A sharded search (share/doc/bpm-optimize.md#search): --plan lists the next round, --shard runs a
/// slice of it, --gather folds the slices into the next --state. Returns nothing for a search to run.
std::optional<int> run_round(const SearchCli& o, const Process& process, const std::string& text, SearchState& state,
                             SearchOptions& options) {
  const ShardOptions& s = o.shards;
  const std::optional<ShardSpec> shard = requested_shard(s, !s.plan && s.gather.empty());
  if (!s.plan && !shard && s.gather.empty() && o.state.empty()) return std::nullopt;
  if (static_cast<int>(s.plan) + static_cast<int>(shard.has_value()) + static_cast<int>(!s.gather.empty()) > 1) {
    throw UsageError("search: --plan, --shard and --gather exclude each other");
  }
  const std::string study = search_study(process, text, options);
  if (!o.state.empty()) {
    state = read_search_state(read_all(o.state), o.state);
    if (state.study != study) {
      throw Error(fmt::format("'{}' is the state of another study (process file, seed or options differ)", o.state));
    }
    options.state = &state;
  }
  if (s.plan) {
    write_output(o.sim.output, format_search_plan(process, state.rounds, next_search_round(process, options)));
    return app::Success;
  }
  if (shard) {
    write_output(o.sim.output, write_search_part(run_search_part(process, options, study, *shard)));
    return app::Success;
  }
  if (!s.gather.empty()) {
    std::vector<SearchPart> parts;
    for (const std::string& path : s.gather) parts.push_back(read_search_part(read_all(path), path));
    write_output(o.sim.output, write_search_state(gather_search_round(process, options, study, parts)));
    return app::Success;
  }
  return std::nullopt;  // --state alone: the search, with the gathered rounds instead of simulations
}

}  // namespace

void define_search(CLI::App& app, SearchCli& o) {
  CLI::App* search = app.add_subcommand(
      "search", "Search the file's optimize: section; print the chosen process file and report the candidates");
  search->add_option("file", o.sim.file, "Process file (YAML) with an optimize: section, or - for standard input")
      ->required()
      ->type_name("FILE");
  search
      ->add_option("--replications,-r", o.sim.replications,
                   "Replications of a configuration that runs them all (default: the file's)")
      ->type_name("N")
      ->check(app::whole_number(1, kMaxReplications));
  search->add_option("--batch", o.batch, "Replications per evaluation (default: a fifth of --replications, at least 2)")
      ->type_name("N")
      ->check(app::whole_number(2, kMaxReplications));
  search->add_option("--budget", o.budget, "Evaluations to spend at most (default: the file's optimize.budget)")
      ->type_name("N")
      ->check(app::whole_number(1, kMaxOptimizeBudget));
  search->add_option("--seed", o.sim.seed, "Random seed (default: the file's simulation.seed)")
      ->type_name("N")
      ->check(app::whole_number(0, app::kMaxSeed));
  search->add_option("--threads,-j", o.sim.threads, "Simulations run in parallel (default: one per core)")
      ->type_name("N")
      ->check(app::whole_number(1, app::kMaxThreads));
  search->add_option("--format,-f", o.sim.format, "Report format: table (default), markdown, json or yaml")
      ->type_name("FORMAT");
  search->add_option("--report", o.report, "Write the report to FILE (atomically) instead of standard error")
      ->type_name("FILE");
  search
      ->add_option("-o,--output", o.sim.output, "Write the chosen process file to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  search->add_option("--state", o.state, "Sharded search: the rounds gathered so far (default: none yet)")
      ->type_name("FILE");
  add_shard_options(*search, o.shards, "Sharded search: list the next round's evaluations instead of running them",
                    "Sharded search: run shard K of N of the next round and write a JSON part",
                    "Sharded search: fold the parts of the next round into a new --state");
  search->footer(kExamples);
}

/// The chosen process file goes to stdout (or -o), so that `search p.yaml | bpm-sim -` works; the
/// report goes to stderr (or --report FILE); nothing feasible is exit 1, after the report.
int run_search(const SearchCli& o) {
  check_replications(o.sim.replications);
  const unsigned threads = thread_count(o.sim.threads);
  const OptimizeFormat format = parse_optimize_format(o.sim.format);
  app::check_distinct_outputs({{"--output", o.sim.output}, {"--report", o.report}});
  const std::string source = o.sim.file == "-" ? "<stdin>" : o.sim.file;
  const std::string text = read_all(o.sim.file);
  const Process process = parse_process(text, source);
  require_valid(process);
  SearchOptions options;
  if (o.sim.replications > 0) options.replications = static_cast<std::uint32_t>(o.sim.replications);
  options.batch = o.batch;
  options.budget = o.budget;
  options.seed = o.sim.seed;
  options.threads = threads;
  SearchState state;  // a sharded search's rounds: `options` points to it
  if (const std::optional<int> code = run_round(o, process, text, state, options)) return *code;
  ProgressBar progress(std::cerr, 0, is_tty(STDERR_FILENO), ProgressOptions{.label = "searching"});
  options.progress = progress.callback();
  const SearchResult result = search(process, options);
  progress.finish();
  const std::string report = format_search(result, format, process.time_unit, process.time_unit_seconds);
  if (o.report.empty()) {
    std::cerr << report << std::flush;
  } else {
    write_output(o.report, report);
  }
  if (!result.chosen && result.budget_exhausted) {
    const BudgetExhausted exhausted = budget_error(result, process.time_unit, process.time_unit_seconds);
    throw BudgetExhausted(fmt::format("{} (--budget N)", exhausted.what()));
  }
  if (!result.chosen) throw infeasibility_error(result, process.time_unit, process.time_unit_seconds);
  if (result.budget_exhausted) {
    app::warn("bpm-optimize",
              "the budget ran out before the search converged: the chosen configuration is the best "
              "found so far (raise --budget to search on)");
  }
  write_output(o.sim.output, to_yaml(apply_candidate(process, result, *result.chosen)));
  return app::Success;
}

}  // namespace bpm::optimize_app
