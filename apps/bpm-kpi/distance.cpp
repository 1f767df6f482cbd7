// `bpm-kpi distance REAL SIMULATED...`: how far simulated event logs are from a real one.
#include <fmt/format.h>

#include "bpm/distance/report.hpp"
#include "bpm/io/output_file.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_distance(CLI::App& app, DistanceOptions& o) {
  o.input.order = "any";  // each log read once, whatever its row order
  CLI::App* distance = app.add_subcommand("distance", "How far simulated event logs are from a real one");
  distance->add_option("logs", o.input.inputs, "REAL SIMULATED...: the real log, then simulated logs")->required();
  define_input(*distance, o.input);
  define_output(*distance, o.input, "table (default), markdown, csv, json or yaml");
  distance
      ->add_option("--measure,-m", o.measures,
                   "Measures to compute (repeatable): ngram, cfld, aed, ced, red, ctd, car (default: all)")
      ->delimiter(',');
  distance->add_option("--ngram", o.ngram, "n of the n-gram distance (default 3)");
  distance->add_option("--cfld-exact-pairs", o.cfld_exact_pairs,
                       "Largest product of distinct traces CFLD pairs exactly (default 1048576)");
}

int run_distance(const DistanceOptions& o) {
  if (o.input.inputs.size() < 2) throw UsageError("distance needs a real log and at least one simulated log");
  const distance::DistanceFormat format =
      distance::parse_distance_format(o.input.format.empty() ? "table" : o.input.format);
  distance::LogDistanceOptions options;
  options.log = analysis_options(o.input, std::nullopt).log;
  options.settings.ngram = o.ngram;
  if (o.cfld_exact_pairs > 0) options.settings.cfld_exact_pairs = o.cfld_exact_pairs;
  if (!o.measures.empty()) {
    options.measures.clear();
    for (const std::string& name : o.measures) options.measures.push_back(distance::parse_measure(name));
  }
  const std::vector<std::string> simulated(o.input.inputs.begin() + 1, o.input.inputs.end());
  const distance::DistanceReport report = distance::compare_logs(o.input.inputs.front(), simulated, options);
  OutputFile out(o.input.output);
  distance::write_distance_report(out.stream(), report, format);
  out.commit();
  if (report.data_issues > 0) {
    app::warn(kTool, fmt::format("{} data issue(s) in the logs (bpm-kpi lint lists them)", report.data_issues));
  }
  return app::Success;
}

}  // namespace bpm::kpi_app
