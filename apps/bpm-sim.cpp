// bpm-sim: Monte Carlo simulation of a process file. Options → library → exit code; the contract
// is share/doc/bpm-sim.md.
#include <unistd.h>

#include <fmt/format.h>
#include <iostream>
#include <memory>
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
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/sim/summary.hpp"
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
  int progress = -1;  // -1: when stderr is a terminal; 0 never; 1 always
};

constexpr const char* kExamples = R"(
EXAMPLES
  bpm-sim processes/lead-to-cash.yaml --format table
  bpm-sim lead.yaml --scenario faster-qualify --replications 100 --seed 7
  bpm-sim lead.yaml --set steps.qualify.duration='*0.8' --set resources.ae.count=5
  bpm-sim lead.yaml --cases 10000 --log events.csv -o summary.yaml
  bpm-design fmt lead.yaml | bpm-sim - --seed 1 | bpm-kpi -

Overrides (--set, scenarios): steps.<id>.duration|wait|cost|priority, steps.<id>.rework.p,
steps.<id>.xor.<i>.p, steps.<id>.or.<i>.p, resources.<id>.count|cost_per_hour|calendar,
arrivals.every, arrivals.attributes.<name>, simulation.<key>. A value is a literal as in the
file, '*k' to scale a number or every sample of a distribution, '+k'/'-k' to add to a number.

Exit codes: 0 success, 1 invalid model or failed simulation, 2 usage error (bad option, unknown
scenario, malformed --set, unreadable file), 130 interrupted. See share/doc/bpm-sim.md.
)";

void define(CLI::App& app, Options& o) {
  app.add_option("file", o.file, "Process file (YAML), or - for standard input")->required()->type_name("FILE");
  app.add_option("--scenario", o.scenario, "Apply a scenario defined in the file")->type_name("NAME");
  // One PATH=VALUE per --set, so that `--set a=1 file.yaml` does not take the file as an override.
  app.add_option("--set", o.sets, "Override PATH=VALUE (repeatable), e.g. resources.ae.count=5")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
  app.add_option("--replications,-r", o.replications, "Independent replications (default: the file's)")->type_name("N");
  app.add_option("--seed", o.seed, "Random seed (default: the file's simulation.seed)")->type_name("N");
  app.add_option("--cases", o.cases, "Stop arrivals after N cases per replication, then drain")->type_name("N");
  app.add_option("--threads,-j", o.threads, "Replications run in parallel (default: one per core)")->type_name("N");
  app.add_option("--format,-f", o.format, "Summary format: yaml (default), json or table")->type_name("FORMAT");
  app.add_option("-o,--output", o.output, "Write the summary to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  app.add_option("--log", o.log, "Write the event log (CSV) to FILE, or - for stdout")->type_name("FILE");
  app.add_flag_callback(
      "--progress", [&o] { o.progress = 1; }, "Draw a progress bar on stderr, even if not a terminal");
  app.add_flag_callback(
      "--no-progress", [&o] { o.progress = 0; }, "Never draw a progress bar");
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
}

/// Option checks that CLI11 cannot express in our words.
void check(Options& o, const CLI::App& app) {
  o.output_given = app.count("--output") > 0;
  if (app.count("--replications") > 0 && o.replications < 1) {
    throw bpm::UsageError(fmt::format("--replications must be at least 1, not {}", o.replications));
  }
  if (app.count("--cases") > 0 && o.cases < 1)
    throw bpm::UsageError(fmt::format("--cases must be at least 1, not {}", o.cases));
  if (app.count("--threads") > 0 && o.threads < 1) {
    throw bpm::UsageError(fmt::format("--threads must be at least 1, not {}", o.threads));
  }
  (void)bpm::parse_summary_format(o.format);
  if (o.log == "-" && o.output_given && o.output == "-") {
    throw bpm::UsageError("--log - and -o - cannot both write to standard output");
  }
}

/// Scenario and --set overrides. A bad --set is a usage error, not a fault of the file.
std::vector<std::string> apply_overrides(bpm::Process& process, const Options& o) {
  if (!o.scenario.empty()) bpm::apply_scenario(process, o.scenario);
  std::vector<std::string> applied;
  for (const auto& text : o.sets) {
    const bpm::Override override_ = bpm::parse_set_option(text);
    try {
      bpm::apply_override(process, override_);
    } catch (const bpm::ModelError& e) {
      throw bpm::UsageError(fmt::format("--set: {}", e.what()));
    }
    applied.push_back(override_.path + "=" + override_.value);
  }
  return applied;
}

int run(const Options& o) {
  const std::string source = o.file == "-" ? "<stdin>" : o.file;
  const std::string text = bpm::read_all(o.file);
  bpm::Process process = bpm::parse_process(text, source);
  const std::vector<std::string> overrides = apply_overrides(process, o);
  bpm::require_valid(process);

  bpm::SimulationOptions sim;
  if (o.replications > 0) sim.replications = static_cast<std::uint32_t>(o.replications);
  sim.seed = o.seed;
  if (o.cases > 0) sim.cases = static_cast<std::uint64_t>(o.cases);
  sim.threads = o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1U, std::thread::hardware_concurrency());

  std::optional<bpm::OutputFile> log_file;
  std::unique_ptr<bpm::EventLogWriter> log;
  if (!o.log.empty()) {
    log_file.emplace(o.log);
    log = std::make_unique<bpm::EventLogWriter>(
        [&log_file](const char* data, std::size_t size) { log_file->write(data, size); });
    sim.log = log.get();
  }
  bpm::ProgressBar progress(std::cerr, 0, o.progress == 1 || (o.progress == -1 && bpm::is_tty(STDERR_FILENO)),
                            bpm::ProgressOptions{.label = "simulating"});
  sim.progress = progress.callback();
  const bpm::SimulationResult result = bpm::simulate(process, sim);
  progress.finish();
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
  info.time_unit = process.time_unit;
  info.time_unit_seconds = process.time_unit_seconds;
  const bpm::Summary summary = bpm::summarize(result, std::move(info));

  // `--log -` owns standard output; the summary then goes only where -o sends it.
  if (o.log == "-" && !o.output_given) return bpm::app::Success;
  bpm::OutputFile out(o.output);
  out.write(bpm::format_summary(summary, bpm::parse_summary_format(o.format)));
  out.commit();
  return bpm::app::Success;
}

}  // namespace

int main(int argc, char** argv) {
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
