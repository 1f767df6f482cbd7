// bpm-kpi: KPIs, KPI trees and dashboards from event logs or bpm-sim summaries. Options → library →
// exit code; one file per command, the contract is share/doc/bpm-kpi.md.
#include "bpm/core/version.hpp"
#include "bpm/io/output_file.hpp"
#include "commands.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
  using namespace bpm::kpi_app;
  CLI::App app{"KPIs, KPI trees and dashboards from event logs (simulated or real) and bpm-sim summaries.", kTool};
  Options report;
  define_report(app, report);
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
  Options diff;
  define_diff(app, diff);
  Options lint;
  define_lint(app, lint);
  Options metrics;
  define_metrics(app, metrics);
  DistanceOptions distance;
  define_distance(app, distance);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    try {
      if (app.got_subcommand("diff")) return run_diff(diff);
      if (app.got_subcommand("lint")) return run_lint(lint);
      if (app.got_subcommand("distance")) return run_distance(distance);
      if (app.got_subcommand("metrics")) return run_metrics(metrics);
      return run_report(report);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
