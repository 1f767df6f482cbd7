// `bpm-kpi INPUT...`: the KPI report of logs, a bpm-sim summary or a stored report.
#include <fmt/format.h>

#include <iostream>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/kpi/report_format.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_report(CLI::App& app, Options& o) {
  app.add_option("input", o.inputs, "Event logs, or one bpm-sim summary or bpm-kpi report; - for stdin");
  define_input(app, o);
  define_output(app, o, "table (default), markdown, csv, json, yaml or html");
  app.add_flag("--check", o.check, "Exit 1 if a KPI or objective misses its target, listing them");
  app.add_option("--top", o.top, "Variants listed (default 10)")->check(app::whole_number(0, app::kMaxCount));
}

int run_report(const Options& o) {
  const kpi::ReportFormat format = kpi::parse_report_format(o.format.empty() ? "table" : o.format);
  const std::optional<Process> process = load_process(o);
  const kpi::AnalysisOptions analysis = analysis_options(o, process);
  const kpi::Report report = kpi::analyze(all_inputs(o), analysis);
  OutputFile out(o.output);
  kpi::write_report(out.stream(), report, format, kpi::WriteOptions{colour_for(o)});
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
