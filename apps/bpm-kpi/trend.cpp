// `bpm-kpi trend LOG...`: KPIs per period with control limits; --check for the latest period.
#include <fmt/format.h>

#include <iostream>

#include "bpm/io/output_file.hpp"
#include "bpm/monitor/trend.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_trend(CLI::App& app, TrendCli& o) {
  CLI::App* t = app.add_subcommand("trend", "KPIs per day, week or month with control limits");
  t->add_option("logs", o.input.inputs, "Event logs; - for stdin");
  define_input(*t, o.input);
  define_output(*t, o.input, "table (default), markdown, csv or json");
  t->add_option("--period", o.period, "day, week, month or auto (default: by the span of the log)")->type_name("P");
  t->add_option("--metric,-m", o.metrics,
                "KPI to chart (repeatable): throughput, arrivals, cycle_time.mean, waiting_time.mean, "
                "processing_time.mean, cost.per_case, win_rate, rework_rate")
      ->type_name("NAME");
  t->add_option("--baseline", o.baseline, "Control limits from the first N periods (default: all but the latest)")
      ->type_name("N");
  t->add_flag("--check", o.input.check, "Exit 1 when the latest period is out of control on a chart");
}

int run_trend(const TrendCli& o) {
  const monitor::MonitorFormat format =
      monitor::parse_monitor_format(o.input.format.empty() ? "table" : o.input.format);
  monitor::TrendOptions options;
  options.period = monitor::parse_period(o.period);
  options.metrics = o.metrics;
  options.baseline = o.baseline;
  monitor::TrendBuilder builder(options);
  kpi::CaseObserver* observers[] = {&builder};
  Pass pass;
  run_pass(o.input, pass, observers);
  const monitor::TrendResult result = builder.result(pass.info);
  OutputFile out(o.input.output);
  monitor::write_trend(out.stream(), result, format);
  out.commit();
  if (!o.input.check) return app::Success;
  const std::vector<std::string> signals = result.latest_signals();
  if (signals.empty()) return app::Success;
  std::cout.flush();
  std::cerr << fmt::format("{}: check failed: the latest period is out of control on {} chart(s)\n", kTool,
                           signals.size());
  for (const std::string& line : signals) std::cerr << "  " << line << '\n';
  return app::Failure;
}

}  // namespace bpm::kpi_app
