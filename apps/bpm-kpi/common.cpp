// Option plumbing shared by the bpm-kpi commands: reading logs, the process, the output.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "bpm/core/error.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/kpi/working_hours.hpp"
#include "bpm/model/loader.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

const char* const kExamples = R"(
COMMANDS
  bpm-kpi [options] INPUT...     KPIs of event logs (stitched by case id) or of one bpm-sim summary
  bpm-kpi diff BASE OTHER        KPI changes between two logs, summaries or stored reports
  bpm-kpi lint LOG...            data hygiene report of event logs
  bpm-kpi distance REAL SIM...   how far simulated logs are from a real one (n-gram, AED, CED, ...)
  bpm-kpi map LOG...             process map: directly-follows graph with frequencies and times
  bpm-kpi conformance LOG... -p  fitness, precision and deviations against the process file
  bpm-kpi funnel LOG...          cases reaching each stage, conversion, where cases drop off
  bpm-kpi stalls LOG...          cases in flight waiting longer than usual since their last activity
  bpm-kpi trend LOG...           KPIs per day/week/month with control limits (--check: exit 1 if out)
  bpm-kpi metrics [-p FILE]      the metric vocabulary, or the metric names of a process

EXAMPLES
  bpm-kpi events.csv --process processes/lead-to-cash.yaml
  bpm-sim processes/lead-to-cash.yaml | bpm-kpi - --process processes/lead-to-cash.yaml --check
  bpm-sim lead.yaml --cases 2000 --log - | bpm-kpi - -p lead.yaml --format html -o dashboard.html
  bpm-kpi export.csv --case Ticket --activity Step --timestamp When --time-format '%d/%m/%Y %H:%M'
  bpm-kpi --log crm.csv --log erp.csv.gz --format json -o month.json
  bpm-kpi diff last-month.json this-month.json
  bpm-kpi lint export.csv
  bpm-kpi distance test.csv sim.csv --format markdown
  bpm-kpi map events.csv -p lead.yaml --coverage 90% -f svg -o map.svg
  bpm-kpi conformance events.csv -p lead.yaml --cases cases.csv
  bpm-kpi funnel events.csv -p lead.yaml
  bpm-kpi stalls events.csv --end-activity close
  bpm-kpi trend events.csv --period week --metric cycle_time.mean --check
  bpm-kpi events.csv --by segment --where 'deal_value>=10000'
  bpm-kpi export.csv --calendar 'mon-fri 08:00-17:00' --calendar 'night-shift=mon-sun 22:00-24:00'
  bpm-kpi growing.csv -p lead.yaml --watch --interval 30 -o dashboard.html

Inputs are CSV (.csv.gz too), XES (.xes, .xes.gz), a bpm-sim summary or a bpm-kpi json/yaml
report, recognised by content; - reads standard input. Column names of bpm-sim, PM4Py and Simod
logs are detected; others are named with --case, --activity, --start, --end, --timestamp, ...

Exit codes: 0 success, 1 data error, failed --check or lint findings, 2 usage error or unreadable
file. See share/doc/bpm-kpi.md, share/doc/bpm-kpi-monitor.md and share/doc/metrics.md.)";

void define_input(CLI::App& command, Options& o) {
  command.add_option("--log", o.logs, "Event log (repeatable; several are stitched by case id)");
  command.add_option("--process,-p", o.process, "Process file: SLAs, KPI tree, objectives, conformance");
  command.add_option("--case", o.columns.case_id, "Column of the case id");
  command.add_option("--activity", o.columns.activity, "Column of the activity name");
  command.add_option("--resource", o.columns.resource, "Column of the resource");
  command.add_option("--start", o.columns.start, "Column of the start time");
  command.add_option("--end", o.columns.end, "Column of the end (completion) time");
  command.add_option("--enable", o.columns.enable, "Column of the enable time");
  command.add_option("--timestamp", o.columns.timestamp,
                     "Column of the single event time (with --lifecycle, or completion-only)");
  command.add_option("--lifecycle", o.columns.lifecycle, "Column of the lifecycle transition (start/complete)");
  command.add_option("--cost", o.columns.cost, "Column of the cost of an event");
  command.add_option("--outcome", o.columns.outcome, "Column of the case outcome (e.g. won/lost)");
  command.add_option("--replication-column", o.columns.replication, "Column of the simulation replication");
  command.add_option("--time-format", o.time_format,
                     "Timestamp format: iso (default), epoch, epoch_ms or a strptime pattern such as '%d/%m/%Y %H:%M'");
  command.add_option("--delimiter", o.delimiter, "CSV field separator (default: detected from the header)");
  command.add_option("--order", o.order,
                     "Row order: auto (default), case (grouped by case: streaming), any (in memory)");
  command
      .add_option("--memory-limit", o.memory_limit,
                  "Memory for the cases of logs not grouped by case before they go to temporary files in $TMPDIR "
                  "(default 1G)")
      ->type_name("SIZE");
  command.add_option("--end-activity", o.end_activities, "Activity after which a case has ended (repeatable)");
  command.add_option("--revenue", o.revenue, "Case attribute column holding the revenue of a case");
  command.add_option("--won-outcome", o.won, "Outcome that counts as won (default: won)");
  command.add_option("--from", o.from, "Leave out cases that start before this time (ISO 8601)");
  command
      .add_option("--where", o.where,
                  "Only the cases meeting a condition (repeatable): FIELD=VALUE, FIELD!=A|B, FIELD>=NUMBER; FIELD is "
                  "a column, outcome, activity, resource, case, start or end")
      ->type_name("CONDITION");
  command
      .add_option("--calendar", o.calendars,
                  "Working hours for utilisation, of every resource the process has no calendar for, or of one "
                  "(RESOURCE=HOURS; repeatable): 'mon-fri 09:00-17:00', '24x7' (default: inferred from the log)")
      ->type_name("[RESOURCE=]HOURS");
}

void define_output(CLI::App& command, Options& o, const char* formats) {
  command.add_option("--format,-f", o.format, formats);
  command.add_option("-o,--output", o.output, "Write to FILE (atomically) instead of stdout");
}

kpi::AnalysisOptions analysis_options(const Options& o, const std::optional<Process>& process) {
  kpi::AnalysisOptions a;
  a.log.columns = o.columns;
  a.log.time_format = o.time_format;
  a.log.delimiter = kpi::parse_delimiter(o.delimiter);
  a.log.order = kpi::parse_log_order(o.order);
  if (!o.memory_limit.empty()) a.log.memory_limit = kpi::parse_memory_size(o.memory_limit);
  a.process = process ? &*process : nullptr;
  a.end_activities = o.end_activities;
  a.revenue_attribute = o.revenue;
  a.won_outcome = o.won;
  a.top_variants = o.top;
  if (!o.from.empty()) {
    a.from = kpi::parse_iso_timestamp(o.from);
    if (!a.from) throw UsageError(fmt::format("--from '{}' is not an ISO 8601 time", o.from));
  }
  for (const std::string& spec : o.calendars) {
    // "ann=mon-fri 09:00-17:00" names a resource; day ranges and hours never contain '='.
    const std::size_t equals = spec.find('=');
    const std::string resource = equals == std::string::npos ? std::string() : spec.substr(0, equals);
    a.resource_calendars.emplace_back(
        resource, kpi::parse_working_hours(equals == std::string::npos ? spec : spec.substr(equals + 1)));
  }
  // A malformed --time-format is a usage error: find out before reading anything.
  (void)kpi::TimestampParser(o.time_format);
  return a;
}

std::optional<Process> load_process(const Options& o) {
  if (o.process.empty()) return std::nullopt;
  return bpm::load_process(o.process);
}

std::vector<std::string> all_inputs(const Options& o) {
  std::vector<std::string> inputs = o.inputs;
  inputs.insert(inputs.end(), o.logs.begin(), o.logs.end());
  if (inputs.empty()) throw UsageError("no input: name an event log, a summary or - for standard input");
  return inputs;
}

void prepare(const Options& o, Pass& pass, const std::vector<std::string>& attributes) {
  if (!pass.process) pass.process = load_process(o);
  pass.analysis = analysis_options(o, pass.process);
  std::vector<std::string> keep = attributes;
  if (!o.where.empty()) {
    pass.where = std::make_unique<monitor::WhereFilter>(o.where);
    pass.analysis.filter = pass.where.get();
    for (const std::string& a : pass.where->attributes()) keep.push_back(a);
  }
  auto& kept = pass.analysis.log.keep_attributes;
  for (const std::string& a : keep) {
    if (!a.empty() && std::find(kept.begin(), kept.end(), a) == kept.end()) kept.push_back(a);
  }
}

void run_pass(const Options& o, Pass& pass, std::span<kpi::CaseObserver* const> observers,
              const std::vector<std::string>& attributes) {
  prepare(o, pass, attributes);
  pass.report = kpi::analyze_logs(all_inputs(o), pass.analysis, pass.info, observers);
  if (pass.report.issues.total() > 0) {
    app::warn(kTool, fmt::format("{} data issue(s) in the input, see bpm-kpi lint", pass.report.issues.total()));
  }
}

double parse_share(const std::string& text, const char* option) {
  std::string number = text;
  double scale = 1.0;
  if (!number.empty() && number.back() == '%') {
    number.pop_back();
    scale = 0.01;
  }
  double value = 0.0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  value *= scale;
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !(value > 0.0 && value <= 1.0)) {
    throw UsageError(fmt::format("{} takes a share such as 0.9 or 90%, not '{}'", option, text));
  }
  return value;
}

bool colour_for(const Options& o) { return o.output == "-" && use_colour(STDOUT_FILENO); }

}  // namespace bpm::kpi_app
