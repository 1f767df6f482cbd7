// `bpm-kpi map LOG...`: the process map (directly-follows graph) with frequency and performance.
#include "bpm/io/output_file.hpp"
#include "bpm/monitor/process_map.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_map(CLI::App& app, MapCli& o) {
  CLI::App* map = app.add_subcommand("map", "Process map: the directly-follows graph with frequencies and times");
  map->add_option("logs", o.input.inputs, "Event logs; - for stdin");
  define_input(*map, o.input);
  define_output(*map, o.input, "dot (default), mermaid, svg (Graphviz), table, markdown, csv or json");
  map->add_option("--coverage", o.coverage,
                  "Keep the most frequent paths until this share of the cases runs entirely on the map "
                  "(default 100%)")
      ->type_name("SHARE");
  map->add_option("--overlay", o.overlay, "What labels and colours show: frequency, performance or both (default)");
}

int run_map(const MapCli& o) {
  const monitor::MapFormat format = monitor::parse_map_format(o.input.format.empty() ? "dot" : o.input.format);
  const monitor::MapOverlay overlay = monitor::parse_map_overlay(o.overlay);
  const double coverage = parse_share(o.coverage, "--coverage");
  monitor::MapBuilder builder;
  kpi::CaseObserver* observers[] = {&builder};
  Pass pass;
  run_pass(o.input, pass, observers);
  write_output(o.input.output, monitor::write_map(builder.result(pass.report, pass.info, coverage), format, overlay));
  return app::Success;
}

}  // namespace bpm::kpi_app
