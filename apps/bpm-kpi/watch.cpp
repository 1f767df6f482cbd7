// `bpm-kpi LOG --watch -o dashboard.html`: the dashboard of a growing CSV log, rewritten every few
// seconds from the rows appended since the last pass.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "bpm/core/time.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/monitor/live.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {
namespace {

/// Activity sequences the live map remembers for its coverage filter: memory stays bounded on a
/// log with ever new variants.
constexpr std::size_t kLiveMapVariants = 10000;

}  // namespace

void define_watch(CLI::App& app, Options& o) {
  app.add_flag("--watch", o.watch,
               "Keep the dashboard (-o FILE, html) up to date from a growing CSV log: re-read only the appended rows "
               "every --interval seconds, until interrupted");
  app.add_option("--interval", o.interval, "With --watch: seconds between passes (default 10)")
      ->check(app::real_number(0.0, 86400.0));
  app.add_option("--settle", o.settle,
                 "With --watch: a case without new rows for this long (log time) is let go even if not finished "
                 "(default 7d)")
      ->type_name("DURATION");
  app.add_option("--passes", o.passes, "With --watch: stop after this many passes (default: never)")
      ->check(app::whole_number(0, app::kMaxCount));
}

int run_watch(const Options& o) {
  const std::vector<std::string> inputs = all_inputs(o);
  if (inputs.size() != 1 || inputs.front() == "-") throw UsageError("--watch follows one log file (not -)");
  if (kpi::is_xes_path(inputs.front()) || inputs.front().ends_with(".gz")) {
    throw UsageError("--watch follows a CSV log as it grows, not an XES or compressed one");
  }
  if (o.output == "-") throw UsageError("--watch rewrites a dashboard: give it with -o FILE");
  if (!o.format.empty() && o.format != "html") throw UsageError("--watch writes an html dashboard (--format html)");
  if (o.check || !o.by.empty()) throw UsageError("--watch does not combine with --check or --by");
  if (!(o.interval > 0.0) || !std::isfinite(o.interval))
    throw UsageError("--interval must be a positive number of seconds");
  monitor::LiveOptions live_options;
  try {
    live_options.settle = parse_duration(o.settle, 1.0);
  } catch (const Error&) {
    throw UsageError(fmt::format("--settle takes a duration such as 7d or 12h, not '{}'", o.settle));
  }
  Pass pass;
  prepare(o, pass);
  // The map, funnel and trends of the page, kept up to date like its KPIs.
  live_options.dashboard =
      monitor::DashboardOptions{pass.process ? &*pass.process : nullptr, o.won, {}, o.alpha, kLiveMapVariants};
  monitor::LiveLog live(inputs.front(), pass.analysis, live_options);
  kpi::WriteOptions write;
  write.refresh_seconds = static_cast<int>(std::ceil(o.interval));
  const bool chatty = is_tty(2);
  for (std::size_t done = 0; o.passes == 0 || done < o.passes; ++done) {
    if (done > 0) std::this_thread::sleep_for(std::chrono::duration<double>(o.interval));
    const std::uint64_t added = live.poll();
    if (done > 0 && added == 0) continue;
    write.panels = live.panels();
    OutputFile out(o.output);
    kpi::write_report(out.stream(), live.report(), kpi::ReportFormat::Html, write);
    out.commit();
    if (chatty) {
      std::cerr << fmt::format("{}: {} new row(s), {} case(s) held in flight; {} updated\n", kTool, added,
                               live.open_cases(), o.output);
    }
  }
  return app::Success;
}

}  // namespace bpm::kpi_app
