#include <catch2/catch.hpp>

#include <sstream>

#include "bpm/kpi/log_lint.hpp"
#include "bpm/model/loader.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;

TEST_CASE("lint counts every problem and locates the first ones", "[kpi][lint]") {
  kpi_test::TempFile log("dirty.csv",
                         "case_id,activity,start_time,end_time,outcome\n"
                         "1,register,2026-01-05T08:00,2026-01-05T09:00,won\n"
                         "1,register,2026-01-05T08:00,2026-01-05T09:00,won\n"
                         "1,close,2026-01-05T11:00,2026-01-05T10:00,won\n"
                         "2,register,2026-01-05T08:00,,\n"
                         "2,register,2026-01-05T08:00,2026-01-05T08:30,\n"
                         "3,gossip,2026-01-05T08:00,2026-01-05T08:30,lost\n"
                         "3,review,someday,2026-01-05T08:30,lost\n");
  const bpm::Process process = bpm::load_process(kpi_test::data("tiny-process.yaml"));
  AnalysisOptions options;
  options.process = &process;
  const LogLintResult result = lint_log({log.path()}, options);
  CHECK(result.rows == 7);
  CHECK(result.issues.count_of(IssueKind::DuplicateEvent) == 1);
  CHECK(result.issues.count_of(IssueKind::EndBeforeStart) == 1);
  CHECK(result.issues.count_of(IssueKind::MissingTimestamp) == 1);
  CHECK(result.issues.count_of(IssueKind::BadTimestamp) == 1);
  CHECK(result.issues.count_of(IssueKind::UnknownActivity) == 1);
  CHECK(result.issues.count_of(IssueKind::CaseWithoutEnd) == 1);  // case 2: no outcome
  CHECK(result.errors == 5);
  CHECK(result.warnings == 1);
  std::ostringstream text;
  write_log_lint(text, result, bpm::report::Format::Table);
  CHECK_THAT(text.str(), Catch::Contains(log.path() + ":5:29: error: empty end time; row skipped [missing-timestamp]"));
  CHECK_THAT(text.str(), Catch::Contains(log.path() + ":6: warning: case '2' has no end"));
  CHECK_THAT(text.str(), Catch::Contains("7 rows, 5 events, 3 cases: 5 errors, 1 warnings"));
  std::ostringstream json;
  write_log_lint(json, result, bpm::report::Format::Json);
  CHECK_THAT(json.str(), Catch::Contains("\"line\": 8"));
}

TEST_CASE("a clean log has nothing to say", "[kpi][lint]") {
  const LogLintResult result = lint_log({kpi_test::data("running-example.csv")}, {});
  CHECK(result.errors == 0);
  CHECK(result.warnings == 0);
  CHECK(result.cases == 6);
}
