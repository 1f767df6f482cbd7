// `bpm-kpi lint LOG...`: the data hygiene report of event logs.
#include <fmt/format.h>

#include "bpm/io/output_file.hpp"
#include "bpm/kpi/log_lint.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_lint(CLI::App& app, Options& o) {
  CLI::App* lint = app.add_subcommand("lint", "Data hygiene report of event logs");
  lint->add_option("logs", o.inputs, "Event logs; - for stdin");
  define_input(*lint, o);
  define_output(*lint, o, "text (default) or json");
}

int run_lint(const Options& o) {
  const std::string format = o.format.empty() ? "text" : o.format;
  if (format != "text" && format != "json") throw UsageError(fmt::format("lint writes text or json, not '{}'", format));
  Pass pass;
  prepare(o, pass);
  const kpi::LogLintResult result = kpi::lint_log(all_inputs(o), pass.analysis);
  OutputFile out(o.output);
  kpi::write_log_lint(out.stream(), result, format == "json");
  out.commit();
  return result.errors > 0 ? app::Failure : app::Success;
}

}  // namespace bpm::kpi_app
