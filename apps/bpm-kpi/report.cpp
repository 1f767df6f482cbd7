// `bpm-kpi INPUT...`: the KPI report of logs, a bpm-sim summary or a stored report.
#include <fmt/format.h>

#include <iostream>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/dashboard.hpp"
#include "bpm/monitor/segments.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_report(CLI::App& app, Options& o) {
  app.add_option("input", o.inputs, "Event logs, or one bpm-sim summary or bpm-kpi report; - for stdin");
  define_input(app, o);
  define_output(app, o, "table (default), markdown, csv, json, yaml or html");
  app.add_flag("--check", o.check, "Exit 1 if a KPI or objective misses its target, listing them");
  app.add_option("--top", o.top, "Variants listed (default 10)")->check(app::whole_number(0, app::kMaxCount));
  app.add_option("--by", o.by,
                 "Compare segments instead: the KPIs per value of a column (or outcome, resource, activity, variant) "
                 "with 95% intervals and significant differences")
      ->type_name("FIELD");
  app.add_option("--alpha", o.alpha, "With --by: the significance level (default 0.05)");
  define_watch(app, o);
}

namespace {

int run_segments(const Options& o) {
  const monitor::MonitorFormat format = monitor::parse_monitor_format(o.format.empty() ? "table" : o.format);
  if (o.check) throw UsageError("--check does not apply to --by");
  monitor::SegmentOptions options;
  options.by = o.by;
  options.alpha = o.alpha;
  options.won_outcome = o.won;
  monitor::SegmentBuilder builder(options);
  kpi::CaseObserver* observers[] = {&builder};
  Pass pass;
  run_pass(o, pass, observers, {builder.attribute()});
  OutputFile out(o.output);
  monitor::write_segments(out.stream(), builder.result(pass.info), format);
  out.commit();
  return app::Success;
}

}  // namespace

int run_report(const Options& o) {
  if (o.watch) return run_watch(o);
  if (!o.by.empty()) return run_segments(o);
  const kpi::ReportFormat format = kpi::parse_report_format(o.format.empty() ? "table" : o.format);
  Pass pass;
  prepare(o, pass);
  kpi::WriteOptions write;
  write.colour = colour_for(o);
  kpi::Report report;
  if (format == kpi::ReportFormat::Html) {
    // The dashboard's process map, funnel and trends come from the same pass as its KPIs.
    monitor::Dashboard dashboard(monitor::DashboardOptions{pass.process ? &*pass.process : nullptr, o.won});
    report = kpi::analyze(all_inputs(o), pass.analysis, pass.info, dashboard.observers());
    if (report.kind == "log") write.panels = dashboard.panels(report, pass.info);
  } else {
    report = kpi::analyze(all_inputs(o), pass.analysis);
  }
  if (pass.where && report.kind != "log") throw UsageError("--where selects cases of event logs, not of a summary");
  OutputFile out(o.output);
  kpi::write_report(out.stream(), report, format, write);
  out.commit();
  // Data problems were counted and reported; a short reminder on stderr keeps them visible when
  // the report goes to a file or a pipe.
  if (report.issues.total() > 0) {
    app::warn(kTool, fmt::format("{} data issue(s) in the input, see the report's data issues (or bpm-kpi lint)",
                                 report.issues.total()));
  }
  if (!o.check) return app::Success;
  if (!report.has_targets()) {
    // Checking nothing must not pass in silence (a summary without -p has no KPI tree).
    const bool named = report.kind == "summary" && !report.sources.empty() && !report.sources.front().empty();
    throw Error(named ? fmt::format("no targets to check: the summary was simulated from '{}', give it with --process",
                                    report.sources.front())
                      : std::string("no targets to check: give --process FILE with kpis: or objectives: targets"));
  }
  const std::vector<std::string> missed = report.missed_targets();
  if (missed.empty()) return app::Success;
  std::cout.flush();
  std::cerr << fmt::format("{}: check failed: {} target(s) missed\n", kTool, missed.size());
  for (const std::string& m : missed) std::cerr << "  " << escape_control(m) << '\n';
  return app::Failure;
}

}  // namespace bpm::kpi_app
