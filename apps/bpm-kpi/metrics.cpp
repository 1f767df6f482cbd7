// `bpm-kpi metrics [-p FILE]`: the metric vocabulary, or the metric names one process has.
#include <fmt/format.h>

#include "bpm/io/output_file.hpp"
#include "bpm/metrics/registry.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_metrics(CLI::App& app, Options& o) {
  CLI::App* metrics = app.add_subcommand("metrics", "The metric vocabulary, or the metric names of a process");
  metrics->add_option("--process,-p", o.process, "List the names this process file has");
  define_output(*metrics, o, "table (default) or markdown (the reference of share/doc/metrics.md)");
}

int run_metrics(const Options& o) {
  const std::string format = o.format.empty() ? "table" : o.format;
  if (format != "table" && format != "markdown") {
    throw UsageError(fmt::format("metrics writes table or markdown, not '{}'", format));
  }
  const std::optional<Process> process = load_process(o);
  OutputFile out(o.output);
  if (format == "markdown" && !process) {
    out.stream() << metrics::reference_markdown();
  } else {
    out.stream() << metrics::reference_table(process ? &*process : nullptr);
  }
  out.commit();
  return app::Success;
}

}  // namespace bpm::kpi_app
