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
  MapCli map;
  define_map(app, map);
  ConformanceCli conformance;
  define_conformance(app, conformance);
  FunnelCli funnel;
  define_funnel(app, funnel);
  StallsCli stalls;
  define_stalls(app, stalls);
  TrendCli trend;
  define_trend(app, trend);
  Options metrics;
  define_metrics(app, metrics);
  DistanceOptions distance;
  define_distance(app, distance);
  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    try {
      if (app.got_subcommand("diff")) return run_diff(diff);
      if (app.got_subcommand("lint")) return run_lint(lint);
      if (app.got_subcommand("map")) return run_map(map);
      if (app.got_subcommand("conformance")) return run_conformance(conformance);
      if (app.got_subcommand("funnel")) return run_funnel(funnel);
      if (app.got_subcommand("stalls")) return run_stalls(stalls);
      if (app.got_subcommand("trend")) return run_trend(trend);
      if (app.got_subcommand("distance")) return run_distance(distance);
      if (app.got_subcommand("metrics")) return run_metrics(metrics);
      return run_report(report);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
