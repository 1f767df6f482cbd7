// `score`: lead scoring and churn models from event logs. `score train` fits and validates a
// model, `score apply` scores open cases, `score attach` writes the model into a process file as
// a computed attribute for routing and priorities.
#include <fmt/format.h>

#include <iostream>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/io/input.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/writer.hpp"
#include "bpm/predict/apply.hpp"
#include "bpm/predict/attach.hpp"
#include "bpm/predict/report.hpp"
#include "bpm/predict/train.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {
namespace {

constexpr const char* kScoreExamples = R"(
EXAMPLES
  bpm-optimize score train leads.csv --outcome won --model lead-score.yaml
  bpm-optimize score train leads.csv --outcome won --cut after:qualify --exclude lost_reason --format markdown
  bpm-optimize score train renewals.csv --outcome churned --benefit 12000 --action-cost 400 --threshold 0.3
  bpm-optimize score train bpi.xes.gz --outcome-activity O_Accepted --cut events:5 --split random
  bpm-optimize score apply open-leads.csv --model lead-score.yaml -o scores.csv
  bpm-optimize score attach lead-score.yaml processes/lead-to-cash.yaml -o scored.yaml
  bpm-optimize compare scored.yaml --set steps.demo.priority=score --metric cycle_time.mean

train reads every log column that is not the case id, activity, times, resource, cost, outcome or
replication as a case attribute; --cut adds what the case did up to that point (counts of each
activity, time since start, waiting so far, last activity). The newest 20% of the cases (by start)
are the test set; the penalty is chosen by 5-fold cross-validation; the model written is refitted
on every labelled case. See share/doc/bpm-optimize.md#score.

Exit codes: 0 success, 1 unusable data (no outcome, one class only, no feature, a log without an
attribute the model reads), 2 usage error (bad option, unreadable file), 130 interrupted.
)";

void add_log_options(CLI::App& command, ScoreCli& o) {
  command.add_option("--case", o.columns.case_id, "Column of the case id")->type_name("COLUMN");
  command.add_option("--activity", o.columns.activity, "Column of the activity name")->type_name("COLUMN");
  command.add_option("--resource", o.columns.resource, "Column of the resource")->type_name("COLUMN");
  command.add_option("--start", o.columns.start, "Column of the start time")->type_name("COLUMN");
  command.add_option("--end", o.columns.end, "Column of the end (completion) time")->type_name("COLUMN");
  command.add_option("--enable", o.columns.enable, "Column of the enable time")->type_name("COLUMN");
  command.add_option("--timestamp", o.columns.timestamp, "Column of the single event time")->type_name("COLUMN");
  command.add_option("--lifecycle", o.columns.lifecycle, "Column of the lifecycle transition")->type_name("COLUMN");
  command.add_option("--replication-column", o.columns.replication, "Column of the simulation replication")
      ->type_name("COLUMN");
  command.add_option("--time-format", o.time_format, "strptime-style format of the times (default ISO 8601)")
      ->type_name("FORMAT");
  command.add_option("--delimiter", o.delimiter, "CSV field separator (default: detected)")->type_name("CHAR");
  command.add_option("--order", o.order, "Row order: auto (default), case (grouped: rows stream), any")
      ->type_name("ORDER");
}

kpi::LogOptions log_options(const ScoreCli& o) {
  kpi::LogOptions lo;
  lo.columns = o.columns;
  lo.time_format = o.time_format;
  lo.delimiter = kpi::parse_delimiter(o.delimiter);
  lo.order = kpi::parse_log_order(o.order);
  (void)kpi::TimestampParser(o.time_format);  // a malformed format is a usage error before any reading
  return lo;
}

/// "20%" or "0.2".
double fraction(const std::string& text, const char* option) {
  std::string_view t = text;
  double scale = 1.0;
  if (t.ends_with('%')) {
    t.remove_suffix(1);
    scale = 0.01;
  }
  try {
    std::size_t used = 0;
    const double x = std::stod(std::string(t), &used);
    if (used == t.size()) return x * scale;
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{} takes a share such as 20% or 0.2, not '{}'", option, text));
}

int run_train(const ScoreCli& o) {
  const OptimizeFormat format = parse_optimize_format(o.format);
  predict::TrainOptions t;
  t.label.outcomes = o.outcomes;
  t.label.activity = o.outcome_activity;
  t.label.column = o.outcome_column;
  t.cut = predict::parse_cut(o.cut);
  t.exclude = o.exclude;
  t.include = o.include;
  t.categorical = o.categorical;
  if (o.min_level_cases < 1) throw UsageError("--min-level-cases must be at least 1");
  t.min_level_cases = static_cast<std::uint64_t>(o.min_level_cases);
  if (o.max_levels < 1) throw UsageError("--max-levels must be at least 1");
  t.max_levels = static_cast<std::uint32_t>(o.max_levels);
  if (o.split != "time" && o.split != "random") {
    throw UsageError(fmt::format("--split is time or random, not '{}'", o.split));
  }
  t.time_split = o.split == "time";
  t.test_share = fraction(o.test_share, "--test-share");
  if (o.folds < 2 || o.folds > 100) throw UsageError(fmt::format("--folds must be between 2 and 100, not {}", o.folds));
  t.folds = static_cast<std::uint32_t>(o.folds);
  t.lambda = o.lambda;
  if (o.cv_sample < 100) throw UsageError("--cv-sample must be at least 100");
  t.cv_sample = static_cast<std::uint64_t>(o.cv_sample);
  t.calibration = predict::parse_calibration(o.calibration);
  t.threshold = o.threshold;
  t.value = o.benefit;
  t.cost = o.action_cost;
  t.seed = o.seed;
  t.threads = thread_count(o.threads);
  t.feature_table = o.features;
  if (o.logs.empty()) throw UsageError("score train: name the event log(s), or - for standard input");
  const predict::TrainResult result = predict::train_score_model(o.logs, log_options(o), t);
  for (const predict::TrainWarning& w : result.warnings) app::warn(kTool, w.message);
  if (o.timings) {
    for (const auto& [phase, seconds] : result.timings) std::cerr << fmt::format("{:<28} {:8.3f} s\n", phase, seconds);
  }
  if (!o.model.empty()) write_output(o.model, predict::write_score_model(result.model));
  write_output(o.output, predict::format_train_report(result, format));
  return app::Success;
}

int run_apply(const ScoreCli& o) {
  if (o.model.empty()) throw UsageError("score apply: give the model with --model FILE");
  if (o.logs.empty()) throw UsageError("score apply: name the event log(s), or - for standard input");
  const predict::ScoreModel model = predict::read_score_model(read_all(o.model), o.model == "-" ? "<stdin>" : o.model);
  predict::ApplyOptions a;
  a.all = o.all;
  if (!o.now.empty()) {
    try {
      a.now = parse_datetime(o.now);
    } catch (const SyntaxError&) {
      throw UsageError(fmt::format("--now takes a time such as 2026-03-31T17:00, not '{}'", o.now));
    }
  }
  if (o.reasons < 0 || o.reasons > 20) throw UsageError("--reasons must be between 0 and 20");
  a.reasons = static_cast<std::uint32_t>(o.reasons);
  const predict::ApplySummary summary = predict::apply_score_model(o.logs, log_options(o), model, a, o.output);
  for (const std::string& w : summary.warnings) app::warn(kTool, w);
  return app::Success;
}

int run_attach(const ScoreCli& o) {
  if (o.logs.size() != 2) throw UsageError("score attach: give MODEL and PROCESS (one of them may be -)");
  const std::string& model_path = o.logs[0];
  const std::string& process_path = o.logs[1];
  if (model_path == "-" && process_path == "-")
    throw UsageError("score attach: only one of MODEL and PROCESS can be -");
  const predict::ScoreModel model =
      predict::read_score_model(read_all(model_path), model_path == "-" ? "<stdin>" : model_path);
  Process process = parse_process(read_all(process_path), process_path == "-" ? "<stdin>" : process_path);
  predict::attach_score(process, model, o.name);
  write_output(o.output, to_yaml(process));
  return app::Success;
}

}  // namespace

void define_score(CLI::App& app, ScoreCli& o) {
  CLI::App* score = app.add_subcommand(
      "score", "Lead scoring and churn: train a model on an event log, score open cases, attach it to a process");
  score->require_subcommand(1);
  score->footer(kScoreExamples);

  CLI::App* train = score->add_subcommand("train", "Train and validate a score model on event logs with outcomes");
  o.train = train;
  train->add_option("logs", o.logs, "Event logs (CSV, XES, .gz), stitched by case id; - for standard input")
      ->type_name("LOG...");
  train->add_option("--outcome", o.outcomes, "Outcome that makes a case positive (repeatable), e.g. won")
      ->type_name("VALUE")
      ->allow_extra_args(false);
  train->add_option("--outcome-column", o.outcome_column, "Column holding the outcome (default: outcome)")
      ->type_name("COLUMN");
  train->add_option("--outcome-activity", o.outcome_activity, "Instead: a case is positive when it does ACTIVITY")
      ->type_name("ACTIVITY");
  train->add_option("--cut", o.cut, "Where features are taken: arrival (default), 2d, events:N or after:ACTIVITY")
      ->type_name("CUT");
  train->add_option("--exclude", o.exclude, "Attribute column to leave out (repeatable)")
      ->type_name("COLUMN")
      ->allow_extra_args(false);
  train->add_option("--include", o.include, "Only these attribute columns (repeatable)")
      ->type_name("COLUMN")
      ->allow_extra_args(false);
  train->add_option("--categorical", o.categorical, "Read a numeric-looking column as categories (repeatable)")
      ->type_name("COLUMN")
      ->allow_extra_args(false);
  train
      ->add_option("--min-level-cases", o.min_level_cases,
                   "Cases a level needs (and 1% of them) for its own column; rarer ones are pooled (default 20)")
      ->type_name("N");
  train->add_option("--max-levels", o.max_levels, "Levels per categorical feature at most (default 30)")
      ->type_name("N");
  train->add_option("--split", o.split, "Test set: time (the newest cases, default) or random")->type_name("HOW");
  train->add_option("--test-share", o.test_share, "Share of cases held out for the test (default 20%; 0: none)")
      ->type_name("X");
  train->add_option("--folds", o.folds, "Cross-validation folds (default 5)")->type_name("K");
  train->add_option("--lambda", o.lambda, "Fixed penalty per case (default: chosen by cross-validation)")
      ->type_name("X");
  train->add_option("--cv-sample", o.cv_sample, "Cross-validate on at most N training cases (default 20000)")
      ->type_name("N");
  train->add_option("--calibration", o.calibration, "auto (default: Platt when needed), none, platt or isotonic")
      ->type_name("HOW");
  train->add_option("--threshold", o.threshold, "Score above which a case is acted on (default 0.5)")->type_name("X");
  train->add_option("--benefit", o.benefit, "Value of acting on a positive case (expected value of acting)")
      ->type_name("X");
  train->add_option("--action-cost", o.action_cost, "Cost of acting on a case (expected value of acting)")
      ->type_name("X");
  train->add_option("--seed", o.seed, "Seed of the folds, the random split and the sample (default 1)")->type_name("N");
  train->add_option("--threads,-j", o.threads, "Threads of the fits (default: one per core)")->type_name("N");
  train->add_option("--model,-m", o.model, "Write the model to FILE (YAML)")->type_name("FILE");
  train->add_option("--features", o.features, "Write the feature table (one row per case at the cut) to FILE")
      ->type_name("FILE");
  train->add_flag("--timings", o.timings, "Print the time of each phase on standard error (benchmarks)");
  add_output(*train, o.format, o.output);
  add_log_options(*train, o);
  train->footer(kScoreExamples);

  CLI::App* apply = score->add_subcommand("apply", "Score the open cases of event logs: CSV of case, score, reasons");
  o.apply = apply;
  apply->add_option("logs", o.logs, "Event logs; - for standard input")->type_name("LOG...");
  apply->add_option("--model,-m", o.model, "The model (from score train --model)")->type_name("FILE");
  apply->add_flag("--all", o.all, "Also score cases whose outcome is known (adds their label): back-testing");
  apply->add_option("--now", o.now, "When the log was taken (default: its latest time)")->type_name("TIME");
  apply->add_option("--reasons", o.reasons, "Reason columns per case (default 3)")->type_name("N");
  apply->add_option("-o,--output", o.output, "Write the CSV to FILE (atomically) instead of stdout")->type_name("FILE");
  add_log_options(*apply, o);
  apply->footer(kScoreExamples);

  CLI::App* attach = score->add_subcommand(
      "attach", "Write a model into a process file as a computed attribute (for when: and priority:)");
  o.attach = attach;
  attach->add_option("files", o.logs, "MODEL PROCESS (one of them may be -)")->type_name("MODEL PROCESS");
  attach->add_option("--name", o.name, "Name of the attribute (default score)")->type_name("NAME");
  attach->add_option("-o,--output", o.output, "Write the process file to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  attach->footer(kScoreExamples);
}

int run_score(const ScoreCli& o) {
  if (o.train->parsed()) return run_train(o);
  if (o.apply->parsed()) return run_apply(o);
  return run_attach(o);
}

}  // namespace bpm::optimize_app
