// Funnel and stalled work on tests/data/logs/tiny.csv (described in tests/unit/kpi/metrics_test.cpp),
// figures worked out by hand:
//   A (won):  register ends 09:00, review 12:00 (and 14:00), close 16:00
//   B (lost): register 10:00, review 13:00, close 17:00
//   C (open): register 11:00, review 01-06 12:00
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/monitor/funnel.hpp"
#include "bpm/monitor/stalls.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

constexpr double kHour = 3600.0;

template <typename Observer>
monitor_test::Pass run_tiny(Observer& observer, const bpm::Process* process = nullptr) {
  bpm::kpi::CaseObserver* observers[] = {&observer};
  monitor_test::Pass pass;
  bpm::kpi::AnalysisOptions options;
  options.process = process;
  monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, options, observers);
  return pass;
}

}  // namespace

TEST_CASE("funnel: the process's steps in flow order, then the winning outcome", "[monitor][funnel]") {
  const bpm::Process tiny = bpm::load_process(std::string(BPM_TEST_DATA) + "/logs/tiny-process.yaml");
  FunnelOptions options;
  options.process = &tiny;
  FunnelBuilder funnel(options);
  const monitor_test::Pass pass = run_tiny(funnel, &tiny);
  const FunnelResult r = funnel.result(pass.info);
  REQUIRE(r.stages.size() == 4);
  CHECK(r.stages[0].name == "register");
  CHECK(r.stages[1].name == "review");
  CHECK(r.stages[2].name == "close");
  CHECK(r.stages[3].name == "outcome: won");
  CHECK(r.stages[0].reached == 3);
  CHECK(r.stages[1].reached == 3);
  CHECK(r.stages[1].conversion == Approx(1.0));
  CHECK(r.stages[1].convert_median == Approx(3 * kHour).epsilon(0.005));
  CHECK(r.stages[1].convert_mean == Approx(31.0 / 3.0 * kHour));
  CHECK(r.stages[2].reached == 2);
  CHECK(r.stages[2].conversion == Approx(2.0 / 3.0));
  CHECK(r.stages[2].convert_mean == Approx(4 * kHour));
  CHECK(r.stages[3].reached == 1);
  CHECK(r.stages[3].conversion == Approx(0.5));
  CHECK(r.stages[3].convert_mean == Approx(0.0));
  // B completed without winning, furthest at close; C is in flight after review.
  CHECK(r.lost == 1);
  CHECK(r.stages[2].lost_here == 1);
  CHECK(r.stages[1].in_flight_here == 1);
  REQUIRE(r.lost_last_activity.size() == 1);
  CHECK(r.lost_last_activity[0] == std::pair<std::string, std::uint64_t>{"close", 1});
}

TEST_CASE("funnel: named stages, activities in order of appearance, errors", "[monitor][funnel]") {
  SECTION("named") {
    FunnelOptions options;
    options.stages = {"register", "Close", "outcome:lost"};
    FunnelBuilder funnel(options);
    const monitor_test::Pass pass = run_tiny(funnel);
    const FunnelResult r = funnel.result(pass.info);
    REQUIRE(r.stages.size() == 3);
    CHECK(r.stages[1].reached == 2);  // names match as steps do: case and blanks aside
    CHECK(r.stages[2].name == "outcome: lost");
    CHECK(r.stages[2].reached == 1);
    CHECK(r.lost == 1);  // A completed without reaching "lost"
  }
  SECTION("activities in order of first appearance") {
    FunnelBuilder funnel(FunnelOptions{});
    const monitor_test::Pass pass = run_tiny(funnel);
    const FunnelResult r = funnel.result(pass.info);
    REQUIRE(r.stages.size() == 4);  // register, review, close, outcome: won
    CHECK(r.stages[0].name == "register");
    CHECK(r.stages[2].name == "close");
  }
  SECTION("a stage that is no activity of the log") {
    FunnelOptions options;
    options.stages = {"register", "reveiw"};
    FunnelBuilder funnel(options);
    const monitor_test::Pass pass = run_tiny(funnel);
    CHECK_THROWS_AS(funnel.result(pass.info), bpm::UsageError);
  }
  SECTION("the outcome stage comes last") {
    FunnelOptions options;
    options.stages = {"outcome:won", "register"};
    CHECK_THROWS_AS(FunnelBuilder(options), bpm::UsageError);
  }
}

TEST_CASE("stalls: cases in flight past the usual wait after their last activity", "[monitor][stalls]") {
  StallOptions options;
  options.min_samples = 1;
  options.now = *bpm::kpi::parse_iso_timestamp("2026-01-08T12:00");
  StallFinder finder(options);
  const monitor_test::Pass pass = run_tiny(finder);
  const StallResult r = finder.result(pass.info);
  CHECK(r.in_flight == 1);
  REQUIRE(r.stalled == 1);
  const StalledCase& c = r.cases.front();
  CHECK(c.id == "C");
  CHECK(c.last_activity == "review");
  CHECK(c.age == Approx(48 * kHour));
  // After review: 0 h (A, close started as review ended), 1 h (A's second review), 3 h (B).
  CHECK(c.threshold == Approx(2.6 * kHour).epsilon(0.01));

  SECTION("not yet stalled at the log's end") {
    StallFinder at_end(StallOptions{});
    const monitor_test::Pass again = run_tiny(at_end);
    const StallResult now = at_end.result(again.info);
    CHECK(now.stalled == 0);
    CHECK(now.in_flight == 1);
  }
  SECTION("a fixed threshold") {
    StallOptions fixed;
    fixed.after = 3 * 86400.0;
    fixed.now = options.now;
    StallFinder finder3(fixed);
    const monitor_test::Pass again = run_tiny(finder3);
    CHECK(finder3.result(again.info).stalled == 0);  // 2 days < 3 days
  }
  StallOptions bad;
  bad.quantile = 1.5;
  CHECK_THROWS_AS(StallFinder(bad), bpm::UsageError);
}
