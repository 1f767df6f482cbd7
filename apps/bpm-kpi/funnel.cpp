// `bpm-kpi funnel LOG...`: cases reaching each stage, conversion, drop-off, time to convert.
#include "bpm/monitor/funnel.hpp"
#include "bpm/io/output_file.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_funnel(CLI::App& app, FunnelCli& o) {
  CLI::App* f = app.add_subcommand("funnel", "Funnel: cases reaching each stage, conversion, where cases drop off");
  f->add_option("logs", o.input.inputs, "Event logs; - for stdin");
  define_input(*f, o.input);
  define_output(*f, o.input, "table (default), markdown, csv or json");
  f->add_option("--stage", o.stages,
                "A stage, in order (repeatable): an activity, or outcome:NAME last (default: the process's tasks in "
                "flow order, else the activities in order of first appearance; then the winning outcome)")
      ->type_name("NAME");
}

int run_funnel(const FunnelCli& o) {
  const monitor::MonitorFormat format =
      monitor::parse_monitor_format(o.input.format.empty() ? "table" : o.input.format);
  Pass pass;
  pass.process = load_process(o.input);
  monitor::FunnelOptions options;
  options.stages = o.stages;
  options.process = pass.process ? &*pass.process : nullptr;
  options.won_outcome = o.input.won;
  monitor::FunnelBuilder builder(options);
  kpi::CaseObserver* observers[] = {&builder};
  run_pass(o.input, pass, observers);
  const monitor::FunnelResult result = builder.result(pass.info);
  OutputFile out(o.input.output);
  monitor::write_funnel(out.stream(), result, format);
  out.commit();
  return app::Success;
}

}  // namespace bpm::kpi_app
