// `bpm-kpi metrics [-p FILE]`: the metric vocabulary, or the metric names one process has.
#include "bpm/io/output_file.hpp"
#include "bpm/metrics/reference.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_metrics(CLI::App& app, Options& o) {
  CLI::App* metrics = app.add_subcommand("metrics", "The metric vocabulary, or the metric names of a process");
  metrics->add_option("--process,-p", o.process, "List the names this process file has");
  define_output(*metrics, o, "table (default), markdown (the reference of share/doc/metrics.md), csv, json or yaml");
}

int run_metrics(const Options& o) {
  const report::Format format = report::parse_format(o.format.empty() ? "table" : o.format);
  const std::optional<Process> process = load_process(o);
  OutputFile out(o.output);
  out.stream() << report::render(metrics::reference_document(process ? &*process : nullptr), format);
  out.commit();
  return app::Success;
}

}  // namespace bpm::kpi_app
