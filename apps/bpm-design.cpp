// bpm-design: the Design stage — check, start and format process files, and view them (diagrams,
// BPMN, RACI, playbooks, analytic model). Each subcommand is an options struct, a define() that
// declares its options and a run() that calls the library; the contracts are
// share/doc/bpm-design.md and share/doc/bpm-design-views.md.
#include <unistd.h>

#include <fmt/format.h>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/version.hpp"
#include "bpm/design/analytic.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/design/raci.hpp"
#include "bpm/design/render.hpp"
#include "bpm/discover/discover.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/terminal.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/lint/report.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/templates.hpp"
#include "bpm/model/writer.hpp"
#include "bpm/sim/summary.hpp"
#include "tool.hpp"

namespace {

constexpr const char* kTool = "bpm-design";
/// Picked up by `validate` when --config is not given (bpmnlint reads .bpmnlintrc the same way).
constexpr const char* kDefaultConfig = ".bpmlintrc.yaml";

constexpr const char* kExamples = R"(
EXAMPLES
  bpm-design validate processes/*.yaml
  bpm-design validate lead.yaml --format github --max-warnings 0
  bpm-design validate lead.yaml --rule process-owner=off --rule unused-role=error
  bpm-design init --template lead-to-cash -o lead.yaml
  bpm-design fmt lead.yaml | bpm-sim - --seed 1 | bpm-kpi -
  bpm-design rules
  bpm-design render lead.yaml --format svg -o lead.svg
  bpm-sim lead.yaml -o run.yaml && bpm-design render lead.yaml --overlay run.yaml --format png -o heat.png
  bpm-design export lead.yaml -o lead.bpmn && bpm-design import lead.bpmn > back.yaml
  bpm-design export lead.yaml --format camunda8 -o lead-zeebe.bpmn    # deploy to Camunda 8
  bpm-design import diagram.bpmn --process Process_Sales -o sales.yaml
  bpm-design import model.bpmn --params prosimos.json -o model.yaml
  bpm-design raci lead.yaml --format markdown
  bpm-design playbook lead.yaml --role ae
  bpm-design analyze lead.yaml
  bpm-design discover export.csv.gz -o model.yaml
  bpm-design discover crm.csv --case Ticket --activity Step --start Opened --end Closed --noise 0.1
  bpm-design discover this-quarter.csv --process lead-to-cash.yaml -o recalibrated.yaml
  bpm-design discover export.csv --validation 0.2 -o model.yaml    # settings chosen on the latest 20%

Exit codes: 0 success (validate: no errors, warnings within --max-warnings), 1 invalid model or
findings, or an unreadable file, 2 usage error, 130 interrupted. See share/doc/bpm-design.md.)";

void print_error(const std::string& message) {
  std::cout.flush();
  std::cerr << kTool << ": error: " << bpm::escape_control(message) << '\n';
}

// ---- validate ---------------------------------------------------------------------------------

struct ValidateOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string config;
  std::vector<std::string> rules;
  int max_warnings = -1;
  std::string output = "-";
};

void define_validate(CLI::App& app, ValidateOptions& o) {
  app.add_option("FILE", o.files, "Process files (YAML), or - for standard input")->required();
  app.add_option("--format,-f", o.format, "Report format: text (default), json or github")->type_name("FORMAT");
  app.add_option("--config", o.config, "Lint config (default: ./.bpmlintrc.yaml when present)")->type_name("FILE");
  app.add_option("--rule", o.rules, "Set a rule's level: off, info, warn or error (repeatable)")->type_name("ID=LEVEL");
  app.add_option("--max-warnings", o.max_warnings, "Fail (exit 1) when there are more than N warnings")
      ->type_name("N")
      ->check(bpm::app::whole_number(0, std::numeric_limits<int>::max()));
  app.add_option("-o,--output", o.output, "Write the report to FILE instead of stdout")->type_name("FILE");
}

bpm::LintConfig lint_config(const ValidateOptions& o) {
  bpm::LintConfig config = bpm::LintConfig::recommended();
  if (!o.config.empty()) {
    config = bpm::LintConfig::load(o.config);
  } else if (std::filesystem::exists(kDefaultConfig)) {
    config = bpm::LintConfig::load(kDefaultConfig);
  }
  for (const auto& rule : o.rules) {
    const auto equals = rule.find('=');
    if (equals == std::string::npos) throw bpm::UsageError(fmt::format("--rule wants ID=LEVEL, not '{}'", rule));
    config.set(rule.substr(0, equals), bpm::parse_rule_level(rule.substr(equals + 1)));
  }
  if (o.max_warnings >= 0) config.max_warnings = o.max_warnings;
  return config;
}

int run_validate(const ValidateOptions& o) {
  const bpm::ReportFormat format = bpm::parse_report_format(o.format);
  const bpm::LintConfig config = lint_config(o);

  std::vector<bpm::Diagnostic> all;
  bool unreadable = false;
  for (const auto& file : o.files) {
    std::string text;
    try {
      text = bpm::read_all(file);
    } catch (const bpm::IoError& e) {
      // Go on with the other files: one missing file should not hide the others' findings.
      print_error(e.what());
      unreadable = true;
      continue;
    }
    auto found = bpm::validate_text(text, file == "-" ? "<stdin>" : file, config);
    all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }

  const std::string report = bpm::format_report(all, format);
  if (!report.empty() || o.output != "-") bpm::write_output(o.output, report);

  const bpm::ReportCounts counts = bpm::count_findings(all);
  if (bpm::is_tty(STDERR_FILENO)) std::cerr << bpm::summary_line(counts, o.files.size()) << '\n';
  const bool too_many_warnings =
      config.max_warnings >= 0 && counts.warnings > static_cast<std::size_t>(config.max_warnings);
  if (too_many_warnings) {
    print_error(fmt::format("{} warnings exceed --max-warnings {}", counts.warnings, config.max_warnings));
  }
  // An unreadable file is an input error like an invalid one (share/doc/exit-codes.md).
  return unreadable || counts.errors > 0 || too_many_warnings ? bpm::app::Failure : bpm::app::Success;
}

// ---- init -------------------------------------------------------------------------------------

struct InitOptions {
  std::string template_name;
  std::string output = "-";
  bool force = false;
};

void define_init(CLI::App& app, InitOptions& o) {
  app.add_option("--template,-t", o.template_name,
                 "lead-to-cash, client-onboarding, service-fulfillment or customer-success")
      ->required()
      ->type_name("NAME");
  app.add_option("-o,--output", o.output, "Write the new process file to FILE instead of stdout")->type_name("FILE");
  app.add_flag("--force", o.force, "Overwrite FILE if it exists");
}

int run_init(const InitOptions& o) {
  const std::string_view text = bpm::template_text(o.template_name);
  if (o.output != "-" && !o.force && std::filesystem::exists(o.output)) {
    throw bpm::UsageError(fmt::format("'{}' exists; use --force to overwrite it", o.output));
  }
  bpm::write_output(o.output, text);
  return bpm::app::Success;
}

// ---- fmt --------------------------------------------------------------------------------------

struct FmtOptions {
  std::string file;
  std::string output = "-";
};

void define_fmt(CLI::App& app, FmtOptions& o) {
  app.add_option("FILE", o.file, "Process file (YAML), or - for standard input")->required();
  app.add_option("-o,--output", o.output, "Write the canonical form to FILE instead of stdout")->type_name("FILE");
}

int run_fmt(const FmtOptions& o) {
  const std::string text = bpm::read_all(o.file);
  bpm::LoadResult loaded = bpm::parse_process_text(text, o.file == "-" ? "<stdin>" : o.file);
  if (!loaded.process) {
    std::cout.flush();
    for (const auto& d : loaded.diagnostics) std::cerr << d.str() << '\n';
    return bpm::app::Failure;
  }
  bpm::write_output(o.output, bpm::to_yaml(*loaded.process));
  return bpm::app::Success;
}

// ---- rules ------------------------------------------------------------------------------------

int run_rules() {
  bpm::write_output("-", bpm::format_rule_list());
  return bpm::app::Success;
}

// ---- views: render, export, import, raci, playbook, analyze (share/doc/bpm-design-views.md) -----

/// The process of FILE, or nullopt after printing its schema errors (exit 1).
std::optional<bpm::Process> load_model(const std::string& file) {
  const std::string text = bpm::read_all(file);
  bpm::LoadResult loaded = bpm::parse_process_text(text, file == "-" ? "<stdin>" : file);
  if (!loaded.process) {
    std::cout.flush();
    for (const auto& d : loaded.diagnostics) std::cerr << d.str() << '\n';
  }
  return std::move(loaded.process);
}

struct ViewOptions {
  std::string file;
  std::string format;
  std::string output = "-";
  std::string overlay;     // render
  bool no_lanes = false;   // render
  std::string role;        // playbook
  std::string process_id;  // import
  std::string params;      // import: Prosimos JSON
  bool quiet = false;      // import: no warnings, no report
  bool report = false;     // import: the report even when standard error is not a terminal
};

void define_view(CLI::App& app, ViewOptions& o, const std::string& formats, const std::string& default_format) {
  o.format = default_format;
  app.add_option("FILE", o.file, "Process file (YAML), or - for standard input")->required();
  app.add_option("--format,-f", o.format, formats + " (default: " + default_format + ")");
  app.add_option("-o,--output", o.output, "Write to FILE instead of stdout")->type_name("FILE");
}

int run_render(const ViewOptions& o) {
  bpm::DiagramOptions options;
  options.format = bpm::parse_diagram_format(o.format);
  options.swimlanes = !o.no_lanes;
  const auto process = load_model(o.file);
  if (!process) return bpm::app::Failure;
  if (!o.overlay.empty()) {
    options.waiting = bpm::waiting_overlay(*process, bpm::read_summary(bpm::read_all(o.overlay), o.overlay));
  }
  bpm::write_output(o.output, bpm::render_diagram(*process, options));
  return bpm::app::Success;
}

int run_export(const ViewOptions& o) {
  bpm::BpmnFlavour flavour = bpm::BpmnFlavour::Model;
  if (o.format == "camunda8") {
    flavour = bpm::BpmnFlavour::Camunda8;
  } else if (o.format == "camunda7") {
    flavour = bpm::BpmnFlavour::Camunda7;
  } else if (o.format != "bpmn") {
    throw bpm::UsageError(fmt::format("unknown export format '{}' (bpmn, camunda8, camunda7)", o.format));
  }
  const auto process = load_model(o.file);
  if (!process) return bpm::app::Failure;
  bpm::require_valid(*process);
  bpm::write_output(o.output, bpm::export_bpmn(*process, flavour));
  return bpm::app::Success;
}

int run_import(const ViewOptions& o) {
  const std::string text = bpm::read_all(o.file);
  bpm::BpmnImportOptions options;
  options.process_id = o.process_id;
  if (!o.params.empty()) {
    options.params_json = bpm::read_all(o.params);
    options.params_file = o.params;
  }
  const bpm::BpmnImport imported = bpm::import_bpmn(text, o.file == "-" ? "<stdin>" : o.file, options);
  if (!o.quiet) {
    for (const auto& warning : imported.warnings) std::cerr << warning.str() << '\n';
    // The report is chatter in a pipeline: on a terminal, or when asked for.
    if (o.report || bpm::is_tty(2)) std::cerr << bpm::format_import_report(imported);
  }
  bpm::write_output(o.output, bpm::to_yaml(imported.process));
  return bpm::app::Success;
}

int run_raci(const ViewOptions& o) {
  const bpm::RaciFormat format = bpm::parse_raci_format(o.format);
  const auto process = load_model(o.file);
  if (!process) return bpm::app::Failure;
  bpm::write_output(o.output, bpm::format_raci(bpm::raci_matrix(*process), format));
  return bpm::app::Success;
}

int run_playbook(const ViewOptions& o) {
  if (o.format != "markdown") throw bpm::UsageError(fmt::format("unknown playbook format '{}' (markdown)", o.format));
  const auto process = load_model(o.file);
  if (!process) return bpm::app::Failure;
  bpm::write_output(o.output, bpm::playbook_markdown(*process, o.role));
  return bpm::app::Success;
}

int run_analyze(const ViewOptions& o) {
  const bpm::AnalysisFormat format = bpm::parse_analysis_format(o.format);
  const auto process = load_model(o.file);
  if (!process) return bpm::app::Failure;
  bpm::require_valid(*process);
  bpm::write_output(o.output, bpm::format_analysis(*process, bpm::analyze_process(*process), format));
  return bpm::app::Success;
}

// ---- discover ---------------------------------------------------------------------------------

struct DiscoverOptions {
  std::vector<std::string> logs;
  bpm::kpi::ColumnMapping columns;
  std::string time_format;
  std::string delimiter;
  double noise = 0.2;
  double overlap = 0.5;
  double validation = 0.0;
  std::string name;
  std::string process;
  std::uint64_t seed = 1;
  std::string start;
  std::string output = "-";
};

void define_discover(CLI::App& app, DiscoverOptions& o) {
  app.add_option("LOG", o.logs, "Event logs (CSV, XES, .gz; several are stitched by case id), or - for stdin")
      ->required();
  app.add_option("-o,--output", o.output, "Write the process file to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  app.add_option("--noise", o.noise,
                 "Infrequent-behaviour filter in [0, 1]: higher gives simpler control flow (default 0.2)");
  app.add_option("--overlap", o.overlap,
                 "Activities overlapping in time in this share of the cases with both are concurrent (default 0.5)");
  app.add_option("--validation", o.validation,
                 "Hold out this share of the latest cases to choose --noise and --overlap by simulation (default 0)")
      ->type_name("F");
  app.add_option("--name", o.name, "Process name (default: the log's file name)");
  app.add_option("--process", o.process,
                 "Keep the structure of this process file and calibrate only its numbers from the log")
      ->type_name("FILE");
  app.add_option("--seed", o.seed, "simulation.seed of the written file (default 1)")
      ->check(bpm::app::whole_number(0, bpm::app::kMaxSeed));
  app.add_option("--first-arrival", o.start,
                 "When the simulation's first case arrives, ISO 8601 (default: the log's first case)")
      ->type_name("TIME");
  app.add_option("--case", o.columns.case_id, "Column of the case id");
  app.add_option("--activity", o.columns.activity, "Column of the activity name");
  app.add_option("--resource", o.columns.resource, "Column of the resource");
  app.add_option("--start", o.columns.start, "Column of the start time");
  app.add_option("--end", o.columns.end, "Column of the end (completion) time");
  app.add_option("--enable", o.columns.enable, "Column of the enable time");
  app.add_option("--timestamp", o.columns.timestamp, "Column of the single event time (with --lifecycle)");
  app.add_option("--lifecycle", o.columns.lifecycle, "Column of the lifecycle transition (start/complete)");
  app.add_option("--time-format", o.time_format,
                 "Timestamp format: iso (default), epoch, epoch_ms or a strptime pattern");
  app.add_option("--delimiter", o.delimiter, "CSV field separator (default: detected from the header)");
}

int run_discover(const DiscoverOptions& o) {
  bpm::discover::DiscoverOptions options;
  options.log.columns = o.columns;
  options.log.time_format = o.time_format;
  (void)bpm::kpi::TimestampParser(o.time_format);  // a malformed pattern is a usage error, found first
  if (o.delimiter.size() > 1 && o.delimiter != "\\t" && o.delimiter != "tab")
    throw bpm::UsageError(fmt::format("--delimiter must be one character, not '{}'", o.delimiter));
  options.log.delimiter = o.delimiter.empty()                              ? '\0'
                          : (o.delimiter == "\\t" || o.delimiter == "tab") ? '\t'
                                                                           : o.delimiter[0];
  options.noise = o.noise;
  options.overlap = o.overlap;
  options.validation = o.validation;
  options.name = o.name;
  options.seed = o.seed;
  if (!o.start.empty()) {
    options.first_arrival = bpm::kpi::parse_iso_timestamp(o.start);
    if (!options.first_arrival)
      throw bpm::UsageError(fmt::format("--first-arrival '{}' is not an ISO 8601 time", o.start));
  }
  std::optional<bpm::Process> existing;
  if (!o.process.empty()) {
    existing = load_model(o.process);
    if (!existing) return bpm::app::Failure;
    bpm::require_valid(*existing);
    options.existing = &*existing;
  }
  const bpm::discover::DiscoveryResult result = bpm::discover::discover(o.logs, options);
  for (const auto& note : result.notes) bpm::app::warn(kTool, "assumed: " + note.message);
  bpm::write_output(o.output, result.yaml);
  return bpm::app::Success;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Design-stage tools for process files: check, start, format, draw, exchange as BPMN and analyse them.",
               kTool};
  app.set_version_flag("--version", std::string(kTool) + " " + std::string(bpm::version()));
  app.footer(kExamples);
  app.require_subcommand(1);

  ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check process files: schema errors and lint rules");
  define_validate(*validate_cmd, validate);
  InitOptions init;
  CLI::App* init_cmd = app.add_subcommand("init", "Write a commented starting process from a template");
  define_init(*init_cmd, init);
  FmtOptions format;
  CLI::App* fmt_cmd = app.add_subcommand("fmt", "Print the canonical form of a process file");
  define_fmt(*fmt_cmd, format);
  CLI::App* rules_cmd = app.add_subcommand("rules", "List the lint rules with their recommended levels");
  ViewOptions render;
  CLI::App* render_cmd = app.add_subcommand("render", "Draw the process: Graphviz dot, Mermaid, SVG or PNG");
  define_view(*render_cmd, render, "dot, mermaid, svg or png", "dot");
  render_cmd->add_option("--overlay", render.overlay, "Colour tasks by mean waiting time from a bpm-sim summary")
      ->type_name("SUMMARY");
  render_cmd->add_flag("--no-lanes", render.no_lanes, "No cluster per role");
  ViewOptions export_view;
  CLI::App* export_cmd = app.add_subcommand("export", "Write the process as BPMN 2.0 XML with diagram layout");
  define_view(*export_cmd, export_view, "bpmn, camunda8 (Zeebe) or camunda7 (executable)", "bpmn");
  ViewOptions import_view;
  CLI::App* import_cmd = app.add_subcommand("import", "Read BPMN 2.0 XML and print it as a process file");
  import_cmd->add_option("FILE", import_view.file, "BPMN file, or - for standard input")->required();
  import_cmd->add_option("-o,--output", import_view.output, "Write to FILE instead of stdout")->type_name("FILE");
  import_cmd->add_option("--process", import_view.process_id, "Import this process (or participant) id")
      ->type_name("ID");
  import_cmd->add_option("--params", import_view.params, "Prosimos simulation parameters (JSON)")
      ->type_name("FILE.json");
  import_cmd->add_flag("--report", import_view.report,
                       "Print the import report (carried/defaulted/dropped per category) on standard error "
                       "even when it is not a terminal");
  import_cmd->add_flag("-q,--quiet", import_view.quiet, "No warnings and no import report on standard error");
  ViewOptions raci;
  CLI::App* raci_cmd = app.add_subcommand("raci", "Print the RACI matrix (steps x roles) and flag gaps");
  define_view(*raci_cmd, raci, "table, markdown or csv", "table");
  ViewOptions playbook;
  CLI::App* playbook_cmd = app.add_subcommand("playbook", "Write a role's work instruction");
  define_view(*playbook_cmd, playbook, "markdown", "markdown");
  playbook_cmd->add_option("--role,-r", playbook.role, "The role (an id under roles:)")->required();
  ViewOptions analyze;
  CLI::App* analyze_cmd =
      app.add_subcommand("analyze", "Estimate visits, outcomes, load and queueing without simulating");
  define_view(*analyze_cmd, analyze, "text or json", "text");
  DiscoverOptions discover;
  CLI::App* discover_cmd = app.add_subcommand("discover", "Discover a simulation model (process file) from event logs");
  define_discover(*discover_cmd, discover);

  return bpm::app::run_tool(kTool, [&]() -> int {
    if (const int code = bpm::app::parse_args(app, argc, argv); code >= 0) return code;
    try {
      if (validate_cmd->parsed()) return run_validate(validate);
      if (init_cmd->parsed()) return run_init(init);
      if (fmt_cmd->parsed()) return run_fmt(format);
      if (rules_cmd->parsed()) return run_rules();
      if (render_cmd->parsed()) return run_render(render);
      if (export_cmd->parsed()) return run_export(export_view);
      if (import_cmd->parsed()) return run_import(import_view);
      if (raci_cmd->parsed()) return run_raci(raci);
      if (playbook_cmd->parsed()) return run_playbook(playbook);
      if (analyze_cmd->parsed()) return run_analyze(analyze);
      if (discover_cmd->parsed()) return run_discover(discover);
    } catch (const bpm::BrokenPipe&) {
      return bpm::app::Success;  // the reader went away (`bpm-design fmt | head`)
    }
    return bpm::app::Usage;
  });
}
