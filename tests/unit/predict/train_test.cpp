// Training end to end on small logs: what it learns, and every bad input giving a clear error or
// warning rather than a silent NaN.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"
#include "bpm/predict/report.hpp"
#include "bpm/predict/train.hpp"
#include "predict_test_support.hpp"

namespace {

using bpm::predict::ColumnKind;
using bpm::predict::TrainResult;

/// A two-row-per-case CSV log: `qualify` then `close` a day later. Each case has a segment
/// (winning more often when 'ent'), a size, and whatever `extra` adds per row: (case, is_last_row)
/// -> the text of extra columns.
std::string make_log(int cases, const std::string& extra_header = "",
                     const std::function<std::string(int, bool, bool)>& extra = {}, bool with_outcome = true,
                     bool one_class = false) {
  std::string out = "case_id,activity,start_time,end_time";
  if (with_outcome) out += ",outcome";
  out += ",segment,size" + extra_header + "\n";
  std::uint64_t state = 7;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (int c = 0; c < cases; ++c) {
    const bool ent = uniform() < 0.4;
    const int size = 1 + static_cast<int>(uniform() * 9);
    const bool won = !one_class && uniform() < (ent ? 0.6 : 0.25);
    const int day = 5 + c / 10;  // ten cases a day, in order
    for (int row = 0; row < 2; ++row) {
      const bool last = row == 1;
      const std::string day_text = fmt::format("2026-01-{:02d}", std::min(day + row, 31));
      out += fmt::format("c{},{},{}T09:00:00,{}T10:00:00", c, last ? "close" : "qualify", day_text, day_text);
      if (with_outcome) out += won ? ",won" : ",lost";
      out += fmt::format(",{},{}", ent ? "ent" : "smb", size);
      if (extra) out += extra(c, last, won);
      out += "\n";
    }
  }
  return out;
}

bool has_column(const TrainResult& r, const std::string& source) {
  return std::any_of(r.model.columns.begin(), r.model.columns.end(),
                     [&](const bpm::predict::Column& c) { return c.source == source; });
}

bool warned(const TrainResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const bpm::predict::TrainWarning& w) { return w.message.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("training learns the effect of an attribute and validates out of time", "[predict]") {
  const predict_test::LogFile log(make_log(300));
  const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
  CHECK(r.cases_read == 300);
  CHECK(r.test_cases == 60);
  CHECK(r.train_cases + r.cases_late_outcome == 240);
  REQUIRE(r.test);
  CHECK(r.test->cases == 60);
  REQUIRE(has_column(r, "segment"));
  const auto segment = std::find_if(r.model.columns.begin(), r.model.columns.end(),
                                    [](const bpm::predict::Column& c) { return c.source == "segment"; });
  CHECK(segment->kind == ColumnKind::Level);
  CHECK(segment->level == "ent");  // the reference is the more frequent smb
  CHECK(segment->reference == "smb");
  CHECK(segment->coefficient > 0.5);
  CHECK(std::isfinite(r.test->auc));
  CHECK(r.model.training.cases == 300);
  // Every format renders, deterministically.
  for (const auto format : {bpm::OptimizeFormat::Table, bpm::OptimizeFormat::Markdown, bpm::OptimizeFormat::Json,
                            bpm::OptimizeFormat::Yaml}) {
    CHECK(bpm::predict::format_train_report(r, format) == bpm::predict::format_train_report(r, format));
  }
  const TrainResult again = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
  CHECK(again.model == r.model);
}

TEST_CASE("bad input: no outcome, one class, an unknown activity, no usable case", "[predict]") {
  SECTION("no outcome column") {
    const predict_test::LogFile log(make_log(50, "", {}, false));
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options()),
                      Catch::Contains("the log has no outcome column: name the column that holds the outcome, or label "
                                      "cases by an activity"));
  }
  SECTION("one class only") {
    const predict_test::LogFile log(make_log(50, "", {}, true, true));
    try {
      (void)bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK(std::string(e.what()) ==
            "all 50 cases at the cut are negative (not won): a score needs cases of both "
            "kinds (outcomes seen: lost (50))");
      CHECK(e.where().line == 1);
    }
  }
  SECTION("an outcome value that no case has") {
    const predict_test::LogFile log(make_log(50));
    auto options = predict_test::won_options();
    options.label.outcomes = {"wonn"};
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, options),
                      Catch::Contains("outcomes seen: lost (") && Catch::Contains("won ("));
  }
  SECTION("an activity label or cut that no case has") {
    const predict_test::LogFile log(make_log(50));
    auto options = predict_test::won_options();
    options.label.outcomes.clear();
    options.label.activity = "sign";
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, options),
                      "no case does activity 'sign' (the outcome activity)");
    auto cut = predict_test::won_options();
    cut.cut = bpm::predict::parse_cut("after:demo");
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, cut),
                      "no case does activity 'demo' (the cut after it)");
  }
  SECTION("every case decided before the cut") {
    const predict_test::LogFile log(make_log(50));
    auto options = predict_test::won_options();
    options.cut = bpm::predict::parse_cut("events:2");
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, options),
                      Catch::Contains("no case has a known outcome at the cut (events:2)"));
  }
  SECTION("options that contradict each other") {
    const predict_test::LogFile log(make_log(50));
    auto both = predict_test::won_options();
    both.label.activity = "close";
    CHECK_THROWS_AS(bpm::predict::train_score_model(log.paths(), {}, both), bpm::UsageError);
    auto share = predict_test::won_options();
    share.test_share = 0.95;
    CHECK_THROWS_AS(bpm::predict::train_score_model(log.paths(), {}, share), bpm::UsageError);
    auto benefit = predict_test::won_options();
    benefit.value = std::nan("");
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, benefit), "must be a number, not nan");
    try {
      (void)bpm::predict::train_score_model(log.paths(), {}, benefit);
    } catch (const bpm::SettingError& e) {
      CHECK(e.setting() == "benefit");  // the library names the setting; tools add their flag
    }
    auto cost = predict_test::won_options();
    cost.cost = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(bpm::predict::train_score_model(log.paths(), {}, cost), bpm::UsageError);
  }
}

TEST_CASE("bad input: a constant feature and more features than cases are warned about", "[predict]") {
  SECTION("constant") {
    const predict_test::LogFile log(make_log(200, ",region", [](int, bool, bool) { return std::string(",north"); }));
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
    CHECK(warned(r, "attribute 'region' is constant ('north') in the training cases: left out"));
    CHECK_FALSE(has_column(r, "region"));
  }
  SECTION("numbers too large to standardise: left out, never a silent zero column") {
    const predict_test::LogFile log(
        make_log(200, ",mass", [](int c, bool, bool) { return fmt::format(",{}e300", 1 + c % 7); }));
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
    CHECK(warned(r, "attribute 'mass' has values too large to use (7e+300): left out"));
    CHECK_FALSE(has_column(r, "mass"));
    CHECK(has_column(r, "size"));
  }
  SECTION("a number column with a stray text: categories, with a warning") {
    const predict_test::LogFile log(make_log(200, ",amount", [](int c, bool, bool) {
      return c % 10 == 3 ? std::string(",inf") : fmt::format(",{}", c % 3);
    }));
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
    CHECK(warned(r, "attribute 'amount' is read as categories: "));
    CHECK(warned(r, "but not 'inf'"));
    // Mostly text: categories without a word.
    const predict_test::LogFile text_log(make_log(200, ",tier", [](int c, bool, bool) {
      return c % 10 == 3 ? std::string(",7") : std::string(c % 2 == 0 ? ",gold" : ",silver");
    }));
    const TrainResult t = bpm::predict::train_score_model(text_log.paths(), {}, predict_test::won_options());
    CHECK_FALSE(warned(t, "is read as categories"));
  }
  SECTION("more columns than cases: a warning with a penalty, an error without") {
    std::string header;
    for (int k = 0; k < 40; ++k) header += fmt::format(",x{}", k);
    const auto noise = [](int c, bool, bool) {
      std::string out;
      for (int k = 0; k < 40; ++k) out += fmt::format(",{}", (c * 7919 + k * 104729) % 97);
      return out;
    };
    const predict_test::LogFile log(make_log(30, header, noise));
    auto options = predict_test::won_options();
    options.test_share = 0.0;
    options.min_level_cases = 1;
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, options);
    CHECK(warned(r, "more columns (42) than training cases (30)"));
    for (const auto& c : r.model.columns) CHECK(std::isfinite(c.coefficient));
    options.lambda = 0.0;
    CHECK_THROWS_WITH(bpm::predict::train_score_model(log.paths(), {}, options),
                      Catch::Contains("outnumber the cases") || Catch::Contains("diverged"));
  }
}

TEST_CASE("leakage: a value recorded only after the cut is refused, one that gives the outcome away flagged",
          "[predict]") {
  SECTION("recorded on the last row only: refused") {
    const predict_test::LogFile log(make_log(200, ",lost_reason", [](int, bool last, bool won) {
      return std::string(last && !won ? ",price" : last ? ",none" : ",");
    }));
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
    CHECK(warned(r,
                 "attribute 'lost_reason' is recorded only after the cut (arrival) in 200 of the 200 cases that have "
                 "it: refused"));
    CHECK_FALSE(has_column(r, "lost_reason"));
  }
  SECTION("on every row but equal to the outcome: flagged") {
    const predict_test::LogFile log(make_log(
        200, ",status", [](int, bool, bool won) { return std::string(won ? ",closed-won" : ",closed-lost"); }));
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, predict_test::won_options());
    CHECK(warned(r, "'status=closed-won' alone separates the outcome almost perfectly"));
    auto excluded = predict_test::won_options();
    excluded.exclude = {"status"};
    const TrainResult clean = bpm::predict::train_score_model(log.paths(), {}, excluded);
    CHECK_FALSE(has_column(clean, "status"));
    CHECK_FALSE(warned(clean, "separates"));
  }
  SECTION("no prefix feature carries the outcome: cases decided by the cut are left out") {
    const predict_test::LogFile log(make_log(200));
    auto options = predict_test::won_options();
    options.cut = bpm::predict::parse_cut("events:1");
    const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, options);
    // At the first completion no case has closed: 'close' has no count column, every case is used.
    CHECK(r.cases_decided == 0);
    CHECK(std::none_of(r.model.columns.begin(), r.model.columns.end(),
                       [](const bpm::predict::Column& c) { return c.source == "close" || c.level == "close"; }));
  }
}

TEST_CASE("the model file reads back to the same model", "[predict]") {
  const predict_test::LogFile log(make_log(300));
  auto options = predict_test::won_options();
  options.calibration = bpm::predict::CalibrationChoice::Isotonic;
  const TrainResult r = bpm::predict::train_score_model(log.paths(), {}, options);
  const std::string text = bpm::predict::write_score_model(r.model);
  CHECK(bpm::predict::read_score_model(text, "m.yaml") == r.model);
  CHECK_THROWS_WITH(bpm::predict::read_score_model("format: bpm-score-model/9\n", "m.yaml"),
                    Catch::Contains("not a score model of this version"));
  try {
    (void)bpm::predict::read_score_model(
        "format: bpm-score-model/1\nlabel: { outcomes: [won] }\ncut: soon\n"
        "intercept: 0\ncolumns: []\n",
        "m.yaml");
    FAIL("no error");
  } catch (const bpm::DataError& e) {
    CHECK(e.where().line == 3);
    CHECK_THAT(e.what(), Catch::StartsWith("'soon': not a cut"));
  }
}
