// `bpm-kpi stalls LOG...`: cases in flight waiting longer than usual since their last activity.
#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/monitor/stalls.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_stalls(CLI::App& app, StallsCli& o) {
  CLI::App* s = app.add_subcommand("stalls", "Stalled work: cases in flight waiting longer than usual");
  s->add_option("logs", o.input.inputs, "Event logs; - for stdin");
  define_input(*s, o.input);
  define_output(*s, o.input, "table (default), markdown, csv or json");
  s->add_option("--quantile", o.quantile,
                "Stalled beyond this quantile of the usual wait after the case's last activity (default 90%)")
      ->type_name("SHARE");
  s->add_option("--stall-after", o.after, "Instead, one threshold for every activity, e.g. 3d")->type_name("DURATION");
  s->add_option("--now", o.now, "Measure ages up to this time (ISO 8601; default: the log's latest event)")
      ->type_name("TIME");
  s->add_option("--top", o.top, "Cases listed, most overdue first (default 50; 0: all)")
      ->type_name("N")
      ->check(app::whole_number(0, app::kMaxCount));
}

int run_stalls(const StallsCli& o) {
  const monitor::MonitorFormat format =
      monitor::parse_monitor_format(o.input.format.empty() ? "table" : o.input.format);
  monitor::StallOptions options;
  options.quantile = parse_share(o.quantile, "--quantile");
  if (options.quantile >= 1.0) throw UsageError("--quantile must be below 100%");
  if (!o.after.empty()) {
    try {
      options.after = parse_duration(o.after, 1.0);
    } catch (const Error&) {
      throw UsageError(fmt::format("--stall-after takes a duration such as 3d or 12h, not '{}'", o.after));
    }
  }
  if (!o.now.empty()) {
    options.now = kpi::parse_iso_timestamp(o.now);
    if (!options.now) throw UsageError(fmt::format("--now '{}' is not an ISO 8601 time", o.now));
  }
  monitor::StallFinder finder(options);
  kpi::CaseObserver* observers[] = {&finder};
  Pass pass;
  run_pass(o.input, pass, observers);
  OutputFile out(o.input.output);
  monitor::write_stalls(out.stream(), finder.result(pass.info, o.top), format);
  out.commit();
  return app::Success;
}

}  // namespace bpm::kpi_app
