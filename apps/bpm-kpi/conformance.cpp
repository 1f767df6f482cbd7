// `bpm-kpi conformance LOG... -p PROCESS`: every case aligned with the process file.
#include <fmt/format.h>

#include <iostream>

#include "bpm/io/output_file.hpp"
#include "bpm/monitor/conformance.hpp"
#include "commands.hpp"

namespace bpm::kpi_app {

void define_conformance(CLI::App& app, ConformanceCli& o) {
  CLI::App* c = app.add_subcommand("conformance",
                                   "Conformance of the log to the process file: fitness, precision, "
                                   "deviations");
  c->add_option("logs", o.input.inputs, "Event logs; - for stdin");
  define_input(*c, o.input);
  define_output(*c, o.input, "table (default), markdown, csv (the deviations) or json");
  c->add_option("--cases", o.cases, "Also write every case's fitness and deviations to FILE (CSV)")->type_name("FILE");
  c->add_option("--examples", o.examples, "Deviating cases listed in the report (default 10)")
      ->type_name("N")
      ->check(app::whole_number(0, app::kMaxCount));
  c->add_flag("--check", o.check, "Exit 1 when a case deviates (or fewer than --min-fit of them fit)");
  c->add_option("--min-fit", o.min_fitness, "With --check: the share of cases that must fit (default 100%)")
      ->type_name("SHARE");
}

int run_conformance(const ConformanceCli& o) {
  const monitor::ConformanceFormat format =
      monitor::parse_conformance_format(o.input.format.empty() ? "table" : o.input.format);
  if (o.input.process.empty()) throw UsageError("conformance needs the process file: give -p FILE");
  const double min_fit = o.min_fitness.empty() ? 1.0 : parse_share(o.min_fitness, "--min-fit");
  if (!o.cases.empty() && o.cases == o.input.output && o.cases != "/dev/null") {
    throw UsageError("--cases and -o name the same file");
  }
  Pass pass;
  pass.process = load_process(o.input);
  monitor::ConformanceOptions options;
  options.example_cases = o.examples;
  monitor::ConformanceChecker checker(*pass.process, options);
  kpi::CaseObserver* observers[] = {&checker};
  run_pass(o.input, pass, observers);
  const monitor::ConformanceResult result = checker.result();
  if (!o.cases.empty()) {
    OutputFile cases(o.cases);
    checker.write_cases(cases.stream());
    cases.commit();
  }
  OutputFile out(o.input.output);
  monitor::write_conformance(out.stream(), result, format);
  out.commit();
  if (!o.check) return app::Success;
  const std::uint64_t checked = result.cases - result.not_checked;
  const double fit = checked > 0 ? static_cast<double>(result.fitting) / static_cast<double>(checked) : 1.0;
  if (fit + 1e-12 >= min_fit && result.not_checked == 0) return app::Success;
  std::cout.flush();
  std::cerr << fmt::format("{}: check failed: {} of {} case(s) fit ({:.1f}%, at least {:.1f}% required){}\n", kTool,
                           result.fitting, checked, 100.0 * fit, 100.0 * min_fit,
                           result.not_checked > 0 ? fmt::format(", {} not checked", result.not_checked) : "");
  return app::Failure;
}

}  // namespace bpm::kpi_app
