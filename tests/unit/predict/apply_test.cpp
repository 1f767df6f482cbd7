// Scoring cases: the same numbers as the training's own columns, open cases only by default,
// reasons, and the process-file expression giving the same score inside a simulation.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "bpm/io/csv.hpp"
#include "bpm/predict/apply.hpp"
#include "bpm/predict/attach.hpp"
#include "bpm/predict/train.hpp"
#include "predict_test_support.hpp"

namespace {

/// Rows of a CSV text as field lists (no quoted separators in these tests).
std::vector<std::vector<std::string>> rows_of(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with('#')) continue;  // the simulator's #bpm-sim-log run lines
    bpm::CsvSplitter split;
    REQUIRE(split.split(line));
    rows.emplace_back(split.fields().begin(), split.fields().end());
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

TEST_CASE("apply scores a case as the training's columns do", "[predict]") {
  const predict_test::LogFile log(predict_test::simulate_log(predict_test::kKnownEffects));
  bpm::test::TempDir dir;
  auto options = predict_test::won_options();
  options.exclude = {"draw"};
  options.feature_table = dir.file("features.csv");
  const auto trained = bpm::predict::train_score_model(log.paths(), {}, options);
  const bpm::predict::ScoreModel& model = trained.model;

  bpm::predict::ApplyOptions all;
  all.all = true;
  const auto summary = bpm::predict::apply_score_model(log.paths(), {}, model, all, dir.file("scores.csv"));
  CHECK(summary.scored == 2000);
  const auto features = rows_of(bpm::test::slurp(dir.file("features.csv")));
  const auto scores = rows_of(bpm::test::slurp(dir.file("scores.csv")));
  REQUIRE(scores.front() ==
          std::vector<std::string>{"case_id", "replication", "score", "label", "reason_1", "reason_2", "reason_3"});
  std::map<std::string, double> by_case;
  for (std::size_t i = 1; i < scores.size(); ++i) by_case[scores[i][0]] = std::stod(scores[i][2]);
  REQUIRE(features.size() == 2001);
  const auto& header = features.front();
  for (std::size_t i = 1; i < features.size(); ++i) {
    double eta = model.intercept;
    for (const auto& c : model.columns) eta += c.coefficient * std::stod(features[i][column(header, c.name())]);
    INFO("case " << features[i][0]);
    CHECK(by_case.at(features[i][0]) == Approx(1.0 / (1.0 + std::exp(-eta))).margin(1e-6));
  }
  // By default only open cases: a finished log has none.
  const auto open = bpm::predict::apply_score_model(log.paths(), {}, model, {}, dir.file("open.csv"));
  CHECK(open.scored == 0);
  CHECK(open.decided == 2000);
  CHECK(bpm::test::slurp(dir.file("open.csv")) == "case_id,replication,score,reason_1,reason_2,reason_3\n");
}

TEST_CASE("apply: reasons name the features that move a case most", "[predict]") {
  const predict_test::LogFile log(predict_test::simulate_log(predict_test::kKnownEffects));
  bpm::test::TempDir dir;
  auto options = predict_test::won_options();
  options.exclude = {"draw"};
  const auto model = bpm::predict::train_score_model(log.paths(), {}, options).model;
  bpm::predict::ApplyOptions all;
  all.all = true;
  (void)bpm::predict::apply_score_model(log.paths(), {}, model, all, dir.file("scores.csv"));
  const auto rows = rows_of(bpm::test::slurp(dir.file("scores.csv")));
  int referral_first = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string& reason = rows[i][4];
    CHECK((reason.starts_with("channel=") || reason.starts_with("employees=")));
    if (reason.starts_with("channel=referral (+")) ++referral_first;
  }
  CHECK(referral_first > 0);
}

TEST_CASE("an attached score is the model's score inside a simulation", "[predict]") {
  const predict_test::LogFile log(predict_test::simulate_log(predict_test::kKnownEffects));
  auto options = predict_test::won_options();
  options.exclude = {"draw"};
  const auto model = bpm::predict::train_score_model(log.paths(), {}, options).model;
  bpm::Process process = bpm::parse_process(predict_test::kKnownEffects, "p.yaml");
  bpm::predict::attach_score(process, model, "score");
  REQUIRE(process.arrivals.attributes.back().name == "score");
  REQUIRE(process.arrivals.attributes.back().formula);

  // Simulate the scored process: its log carries the score; apply must agree case by case.
  std::ostringstream simulated;
  {
    bpm::EventLogWriter writer(simulated);
    bpm::SimulationOptions o;
    o.replications = 1;
    o.log = &writer;
    (void)bpm::simulate(process, o);
  }
  const predict_test::LogFile scored(simulated.str());
  bpm::test::TempDir dir;
  bpm::predict::ApplyOptions all;
  all.all = true;
  (void)bpm::predict::apply_score_model(scored.paths(), {}, model, all, dir.file("scores.csv"));
  const auto rows = rows_of(bpm::test::slurp(dir.file("scores.csv")));
  std::map<std::string, double> applied;
  for (std::size_t i = 1; i < rows.size(); ++i) applied[rows[i][0]] = std::stod(rows[i][2]);
  const auto log_rows = rows_of(simulated.str());
  const std::size_t score_column = column(log_rows.front(), "score");
  REQUIRE(log_rows.size() > 1000);
  for (std::size_t i = 1; i < log_rows.size(); ++i) {
    CHECK(std::stod(log_rows[i][score_column]) == Approx(applied.at(log_rows[i][0])).margin(1e-6));
  }

  // A model of a later cut reads what a case does not have at arrival.
  auto later = model;
  later.cut = bpm::predict::parse_cut("after:qualify");
  CHECK_THROWS_WITH(bpm::predict::attach_score(process, later, "score2"),
                    Catch::Contains("train it with the cut at arrival"));
  // A process without the model's attributes.
  bpm::Process bare = bpm::parse_process(
      "process: bare\narrivals: { every: 1h }\nstart: a\nsteps:\n  a: { duration: 1m, next: e }\n  e: { end: won }\n",
      "bare.yaml");
  CHECK_THROWS_WITH(bpm::predict::attach_score(bare, model, "score"),
                    Catch::Contains("which the process does not have under arrivals.attributes"));
}

TEST_CASE("apply: values the model was not trained on are scored and reported", "[predict]") {
  const std::string text = predict_test::simulate_log(predict_test::kKnownEffects);
  const predict_test::LogFile log(text);
  auto options = predict_test::won_options();
  options.exclude = {"draw"};
  const auto model = bpm::predict::train_score_model(log.paths(), {}, options).model;

  // The same cases, with referral leads renamed to a channel the model never saw, and the
  // employees of every case whose id ends in 3 unknown as a text.
  const auto rows = rows_of(text);
  const std::size_t channel = column(rows.front(), "channel");
  const std::size_t employees = column(rows.front(), "employees");
  std::string changed;
  std::size_t renamed = 0;
  std::set<std::string> renamed_cases;
  std::set<std::string> texted_cases;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto fields = rows[i];
    if (i > 0 && fields[channel] == "referral") {
      fields[channel] = "affiliate";
      renamed_cases.insert(fields[0]);
      ++renamed;
    }
    if (i > 0 && fields[0].ends_with("3")) {
      fields[employees] = "n.a.";
      texted_cases.insert(fields[0]);
    }
    for (std::size_t k = 0; k < fields.size(); ++k) changed += (k == 0 ? "" : ",") + fields[k];
    changed += "\n";
  }
  REQUIRE(renamed > 0);
  const predict_test::LogFile other(changed);
  bpm::test::TempDir dir;
  bpm::predict::ApplyOptions all;
  all.all = true;
  const auto summary = bpm::predict::apply_score_model(other.paths(), {}, model, all, dir.file("scores.csv"));
  REQUIRE(summary.warnings.size() == 2);
  CHECK(summary.warnings[0] ==
        fmt::format("attribute 'channel' has a level the model was not trained on in {} scored cases (e.g. "
                    "'affiliate'): scored as the reference level 'web'",
                    renamed_cases.size()));
  CHECK(summary.warnings[1] == fmt::format("attribute 'employees' is not a number in {} scored cases (e.g. 'n.a.'): "
                                           "scored as missing (the training mean)",
                                           texted_cases.size()));
  // The log the model was trained on: nothing unfamiliar.
  const auto same = bpm::predict::apply_score_model(log.paths(), {}, model, all, dir.file("same.csv"));
  CHECK(same.warnings.empty());
}
