// bpm-optimize: turn simulation into decisions — paired what-if comparison, bottlenecks,
// sensitivity, search and A/B tests. Options → library → exit code; one file per command.
#include "bpm/core/version.hpp"
#include "bpm/io/output_file.hpp"
#include "commands.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
  using namespace bpm::optimize_app;
  CLI::App app{"Compare what-if scenarios, find bottlenecks, evaluate A/B tests and score cases from event logs.",
               kTool};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
  SimOptions compare;
  std::vector<std::string> scenarios;
  bool all = false;
  std::vector<std::string> sets;
  define_compare(app, compare, scenarios, all, sets);
  SimOptions bottlenecks;
  define_bottlenecks(app, bottlenecks);
  AbtestOptions abtest;
  define_abtest(app, abtest);
  SearchCli search;
  define_search(app, search);
  SensitivityCli sensitivity;
  define_sensitivity(app, sensitivity);
  ScoreCli score;
  define_score(app, score);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    try {
      if (app.got_subcommand("compare")) return run_compare(compare, scenarios, all, sets);
      if (app.got_subcommand("bottlenecks")) return run_bottlenecks(bottlenecks);
      if (app.got_subcommand("sensitivity")) return run_sensitivity(sensitivity);
      if (app.got_subcommand("search")) return run_search(search);
      if (app.got_subcommand("score")) return run_score(score);
      return run_abtest(abtest);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
