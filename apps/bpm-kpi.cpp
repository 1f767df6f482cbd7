// bpm-kpi: KPIs, KPI trees and dashboards from event logs or bpm-sim summaries. Options → library →
// exit code; the contract is share/doc/bpm-kpi.md.
#include <unistd.h>

#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/version.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/diff.hpp"
#include "bpm/kpi/log_lint.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/model/loader.hpp"
#include "tool.hpp"

namespace {

constexpr const char* kTool = "bpm-kpi";

struct Options {
  std::vector<std::string> inputs;
  std::vector<std::string> logs;  // --log, the same as positional inputs
  std::string process;
  bpm::kpi::ColumnMapping columns;
  std::string time_format;
  std::string delimiter;
  std::string order = "auto";
  std::string memory_limit;  // empty: LogOptions' default
  std::vector<std::string> end_activities;
  std::string revenue;
  std::string won = "won";
  std::string from;
  std::size_t top = 10;
  std::string format;  // default depends on the command
  std::string output = "-";
  bool check = false;
  double alpha = 0.05;
};

constexpr const char* kExamples = R"(
COMMANDS
  bpm-kpi [options] INPUT...     KPIs of event logs (stitched by case id) or of one bpm-sim summary
  bpm-kpi diff BASE OTHER        KPI changes between two logs, summaries or stored reports
  bpm-kpi lint LOG...            data hygiene report of event logs

EXAMPLES
  bpm-kpi events.csv --process processes/lead-to-cash.yaml
  bpm-sim processes/lead-to-cash.yaml | bpm-kpi - --process processes/lead-to-cash.yaml --check
  bpm-sim lead.yaml --cases 2000 --log - | bpm-kpi - -p lead.yaml --format html -o dashboard.html
  bpm-kpi export.csv --case Ticket --activity Step --timestamp When --time-format '%d/%m/%Y %H:%M'
  bpm-kpi --log crm.csv --log erp.csv.gz --format json -o month.json
  bpm-kpi diff last-month.json this-month.json
  bpm-kpi lint export.csv

Inputs are CSV (.csv.gz too), XES (.xes, .xes.gz), a bpm-sim summary or a bpm-kpi json/yaml
report, recognised by content; - reads standard input. Column names of bpm-sim, PM4Py and Simod
logs are detected; others are named with --case, --activity, --start, --end, --timestamp, ...

Exit codes: 0 success, 1 data error, failed --check or lint findings, 2 usage error or unreadable
file. See share/doc/bpm-kpi.md and share/doc/kpi-definitions.md.)";

/// Options about reading logs and the process, shared by every command.
void define_input(CLI::App& app, Options& o) {
  app.add_option("--log", o.logs, "Event log (repeatable; several are stitched by case id)");
  app.add_option("--process,-p", o.process, "Process file: SLAs, KPI tree, objectives, conformance");
  app.add_option("--case", o.columns.case_id, "Column of the case id");
  app.add_option("--activity", o.columns.activity, "Column of the activity name");
  app.add_option("--resource", o.columns.resource, "Column of the resource");
  app.add_option("--start", o.columns.start, "Column of the start time");
  app.add_option("--end", o.columns.end, "Column of the end (completion) time");
  app.add_option("--enable", o.columns.enable, "Column of the enable time");
  app.add_option("--timestamp", o.columns.timestamp,
                 "Column of the single event time (with --lifecycle, or completion-only)");
  app.add_option("--lifecycle", o.columns.lifecycle, "Column of the lifecycle transition (start/complete)");
  app.add_option("--cost", o.columns.cost, "Column of the cost of an event");
  app.add_option("--outcome", o.columns.outcome, "Column of the case outcome (e.g. won/lost)");
  app.add_option("--replication-column", o.columns.replication, "Column of the simulation replication");
  app.add_option("--time-format", o.time_format,
                 "Timestamp format: iso (default), epoch, epoch_ms or a strptime pattern such as '%d/%m/%Y %H:%M'");
  app.add_option("--delimiter", o.delimiter, "CSV field separator (default: detected from the header)");
  app.add_option("--order", o.order, "Row order: auto (default), case (grouped by case: streaming), any (in memory)");
  app.add_option("--memory-limit", o.memory_limit,
                 "Memory for the cases of logs not grouped by case before they go to temporary files in $TMPDIR "
                 "(default 1G)")
      ->type_name("SIZE");
  app.add_option("--end-activity", o.end_activities, "Activity after which a case has ended (repeatable)");
  app.add_option("--revenue", o.revenue, "Case attribute column holding the revenue of a case");
  app.add_option("--won-outcome", o.won, "Outcome that counts as won (default: won)");
  app.add_option("--from", o.from, "Leave out cases that start before this time (ISO 8601)");
}

void define_output(CLI::App& app, Options& o, const char* formats) {
  app.add_option("--format,-f", o.format, formats);
  app.add_option("-o,--output", o.output, "Write to FILE (atomically) instead of stdout");
}

/// The analysis settings of the options; `process` must outlive the result.
bpm::kpi::AnalysisOptions analysis_options(const Options& o, const std::optional<bpm::Process>& process) {
  bpm::kpi::AnalysisOptions a;
  a.log.columns = o.columns;
  a.log.time_format = o.time_format;
  a.log.delimiter = bpm::kpi::parse_delimiter(o.delimiter);
  a.log.order = bpm::kpi::parse_log_order(o.order);
  if (!o.memory_limit.empty()) a.log.memory_limit = bpm::kpi::parse_memory_size(o.memory_limit);
  a.process = process ? &*process : nullptr;
  a.end_activities = o.end_activities;
  a.revenue_attribute = o.revenue;
  a.won_outcome = o.won;
  a.top_variants = o.top;
  if (!o.from.empty()) {
    a.from = bpm::kpi::parse_iso_timestamp(o.from);
    if (!a.from) throw bpm::UsageError(fmt::format("--from '{}' is not an ISO 8601 time", o.from));
  }
  // A malformed --time-format is a usage error: find out before reading anything.
  (void)bpm::kpi::TimestampParser(o.time_format);
  return a;
}

std::optional<bpm::Process> load_process(const Options& o) {
  if (o.process.empty()) return std::nullopt;
  return bpm::load_process(o.process);
}

std::vector<std::string> all_inputs(const Options& o) {
  std::vector<std::string> inputs = o.inputs;
  inputs.insert(inputs.end(), o.logs.begin(), o.logs.end());
  if (inputs.empty()) throw bpm::UsageError("no input: name an event log, a summary or - for standard input");
  return inputs;
}

bool colour_for(const Options& o) { return o.output == "-" && bpm::use_colour(STDOUT_FILENO); }

int run_report(const Options& o) {
  const bpm::kpi::ReportFormat format = bpm::kpi::parse_report_format(o.format.empty() ? "table" : o.format);
  const std::optional<bpm::Process> process = load_process(o);
  const bpm::kpi::AnalysisOptions analysis = analysis_options(o, process);
  const bpm::kpi::Report report = bpm::kpi::analyze(all_inputs(o), analysis);
  bpm::OutputFile out(o.output);
  bpm::kpi::write_report(out.stream(), report, format, bpm::kpi::WriteOptions{colour_for(o)});
  out.commit();
  // Data problems were counted and reported; a short reminder on stderr keeps them visible when
  // the report goes to a file or a pipe.
  if (report.issues.total() > 0) {
    bpm::app::warn(kTool, fmt::format("{} data issue(s) in the input, see the report's data issues (or bpm-kpi lint)",
                                      report.issues.total()));
  }
  if (!o.check) return bpm::app::Success;
  const std::vector<std::string> missed = report.missed_targets();
  if (missed.empty()) return bpm::app::Success;
  std::cout.flush();
  std::cerr << fmt::format("{}: check failed: {} target(s) missed\n", kTool, missed.size());
  for (const std::string& m : missed) std::cerr << "  " << m << '\n';
  return bpm::app::Failure;
}

int run_diff(const Options& o) {
  if (o.inputs.size() != 2) throw bpm::UsageError("diff needs two inputs: BASE OTHER");
  const bpm::kpi::ReportFormat format = bpm::kpi::parse_report_format(o.format.empty() ? "table" : o.format);
  if (format == bpm::kpi::ReportFormat::Html) throw bpm::UsageError("diff writes table, markdown, csv, json or yaml");
  if (!(o.alpha > 0.0 && o.alpha < 1.0))
    throw bpm::UsageError(fmt::format("--alpha must be in (0, 1), not {}", o.alpha));
  if (o.inputs[0] == "-" && o.inputs[1] == "-") throw bpm::UsageError("only one of BASE and OTHER can be -");
  const std::optional<bpm::Process> process = load_process(o);
  const bpm::kpi::AnalysisOptions analysis = analysis_options(o, process);
  const bpm::kpi::Report base = bpm::kpi::analyze({o.inputs[0]}, analysis);
  const bpm::kpi::Report other = bpm::kpi::analyze({o.inputs[1]}, analysis);
  bpm::kpi::ReportDiff diff = bpm::kpi::diff_reports(base, other, o.alpha);
  diff.base_label = o.inputs[0] == "-" ? "<stdin>" : o.inputs[0];
  diff.other_label = o.inputs[1] == "-" ? "<stdin>" : o.inputs[1];
  bpm::OutputFile out(o.output);
  bpm::kpi::write_diff(out.stream(), diff, format, colour_for(o));
  out.commit();
  return bpm::app::Success;
}

int run_lint(const Options& o) {
  const std::string format = o.format.empty() ? "text" : o.format;
  if (format != "text" && format != "json")
    throw bpm::UsageError(fmt::format("lint writes text or json, not '{}'", format));
  const std::optional<bpm::Process> process = load_process(o);
  const bpm::kpi::AnalysisOptions analysis = analysis_options(o, process);
  const bpm::kpi::LogLintResult result = bpm::kpi::lint_log(all_inputs(o), analysis);
  bpm::OutputFile out(o.output);
  bpm::kpi::write_log_lint(out.stream(), result, format == "json");
  out.commit();
  return result.errors > 0 ? bpm::app::Failure : bpm::app::Success;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"KPIs, KPI trees and dashboards from event logs (simulated or real) and bpm-sim summaries.", kTool};
  Options report_options;
  Options diff_options;
  Options lint_options;
  app.add_option("input", report_options.inputs, "Event logs, or one bpm-sim summary or bpm-kpi report; - for stdin");
  define_input(app, report_options);
  define_output(app, report_options, "table (default), markdown, csv, json, yaml or html");
  app.add_flag("--check", report_options.check, "Exit 1 if a KPI or objective misses its target, listing them");
  app.add_option("--top", report_options.top, "Variants listed (default 10)");
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);

  CLI::App* diff = app.add_subcommand("diff", "KPI changes between two logs, summaries or reports");
  diff->add_option("inputs", diff_options.inputs, "BASE OTHER")->required()->expected(2);
  define_input(*diff, diff_options);
  define_output(*diff, diff_options, "table (default), markdown, csv, json or yaml");
  diff->add_option("--alpha", diff_options.alpha, "Significance level of the Welch test (default 0.05)");

  CLI::App* lint = app.add_subcommand("lint", "Data hygiene report of event logs");
  lint->add_option("logs", lint_options.inputs, "Event logs; - for stdin");
  define_input(*lint, lint_options);
  define_output(*lint, lint_options, "text (default) or json");

  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    try {
      if (diff->parsed()) return run_diff(diff_options);
      if (lint->parsed()) return run_lint(lint_options);
      return run_report(report_options);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;
    }
  });
}
