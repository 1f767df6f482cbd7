// `bpm-kpi diff BASE OTHER`: KPI changes between two logs, summaries or stored reports.
#include <fmt/format.h>

#include "bpm/io/output_file.hpp"
#include "bpm/kpi/diff.hpp"
#include "bpm/kpi/report_format.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_diff(CLI::App& app, Options& o) {
  CLI::App* diff = app.add_subcommand("diff", "KPI changes between two logs, summaries or reports");
  diff->add_option("inputs", o.inputs, "BASE OTHER")->required()->expected(2);
  define_input(*diff, o);
  define_output(*diff, o, "table (default), markdown, csv, json or yaml");
  diff->add_option("--alpha", o.alpha, "Significance level of the Welch test (default 0.05)");
}

int run_diff(const Options& o) {
  if (o.inputs.size() != 2) throw UsageError("diff needs two inputs: BASE OTHER");
  const kpi::ReportFormat format = kpi::parse_report_format(o.format.empty() ? "table" : o.format);
  if (format == kpi::ReportFormat::Html) throw UsageError("diff writes table, markdown, csv, json or yaml");
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) throw UsageError(fmt::format("--alpha must be in (0, 1), not {}", o.alpha));
  if (o.inputs[0] == "-" && o.inputs[1] == "-") throw UsageError("only one of BASE and OTHER can be -");
  Pass pass;
  prepare(o, pass);
  const kpi::Report base = kpi::analyze({o.inputs[0]}, pass.analysis);
  const kpi::Report other = kpi::analyze({o.inputs[1]}, pass.analysis);
  kpi::ReportDiff diff = kpi::diff_reports(base, other, o.alpha);
  diff.base_label = o.inputs[0] == "-" ? "<stdin>" : o.inputs[0];
  diff.other_label = o.inputs[1] == "-" ? "<stdin>" : o.inputs[1];
  OutputFile out(o.output);
  kpi::write_diff(out.stream(), diff, format, colour_for(o));
  out.commit();
  return app::Success;
}

}  // namespace bpm::kpi_app
