// --where and --by: case filters and segments with intervals and tests.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/core/error.hpp"
#include "bpm/monitor/case_filter.hpp"
#include "bpm/monitor/segments.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

/// The cases of tiny.csv that a --where keeps.
std::vector<std::string> kept(const std::vector<std::string>& conditions) {
  struct Ids final : bpm::kpi::CaseObserver {
    std::vector<std::string> ids;
    void observe(const bpm::kpi::CaseRecord& r, const bpm::kpi::CaseFacts&, const bpm::kpi::LogInfo&) override {
      ids.push_back(r.id);
    }
    void reset() override { ids.clear(); }
  } ids;
  WhereFilter filter(conditions);
  bpm::kpi::AnalysisOptions options;
  options.filter = &filter;
  options.log.keep_attributes = filter.attributes();
  bpm::kpi::CaseObserver* observers[] = {&ids};
  monitor_test::Pass pass;
  monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, options, observers);
  return ids.ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("where: conditions on outcome, activity, resource, attributes and times", "[monitor][where]") {
  CHECK(kept({"outcome=won"}) == Ids{"A"});
  CHECK(kept({"outcome!=won"}) == Ids{"B", "C"});
  CHECK(kept({"outcome=won|lost"}) == Ids{"A", "B"});
  CHECK(kept({"activity=Close"}) == Ids{"A", "B"});
  CHECK(kept({"activity!=close"}) == Ids{"C"});
  CHECK(kept({"resource=bob"}) == Ids{"A", "B", "C"});
  CHECK(kept({"amount>=1000"}) == Ids{"A"});
  CHECK(kept({"amount<1000"}).empty());  // B and C have no amount: never a number
  CHECK(kept({"start>=2026-01-05T09:30"}) == Ids{"C"});
  CHECK(kept({"end<2026-01-06"}) == Ids{"A", "B"});
  CHECK(kept({"case=B"}) == Ids{"B"});
  CHECK(kept({"outcome!=won", "activity=close"}) == Ids{"B"});
  CHECK_THROWS_AS(parse_condition("amount"), bpm::UsageError);
  CHECK_THROWS_AS(parse_condition("=won"), bpm::UsageError);
  CHECK_THROWS_AS(parse_condition("amount>lots"), bpm::UsageError);
  CHECK_THROWS_AS(parse_condition("start=2026-01-05"), bpm::UsageError);
  const Condition c = parse_condition(" deal value >= 10000 ");
  CHECK(c.field == "deal value");
  CHECK(c.op == Condition::Op::Ge);
  CHECK(c.number == 10000.0);
}

TEST_CASE("segments: KPIs per value with intervals, and which differ", "[monitor][segments]") {
  // Two regions of 40 cases each; north takes 1 h +- a few minutes, south 2 h; every 4th north case
  // and every 2nd south case is won. A third, tiny region "east" is like the whole.
  std::string log = "case_id,activity,start_time,end_time,outcome,region\n";
  auto add = [&log](int id, const char* region, int minutes, bool won) {
    const int day = 5 + id / 20;
    const int hour = 8 + (id % 20) / 4;
    const int minute = (id % 4) * 10;
    log += fmt::format("{},work,2026-01-{:02}T{:02}:{:02},", id, day, hour, minute);
    const int end = hour * 60 + minute + minutes;
    log += fmt::format("2026-01-{:02}T{:02}:{:02},{},{}\n", day, end / 60, end % 60, won ? "won" : "lost", region);
  };
  int id = 0;
  for (int k = 0; k < 40; ++k) add(id++, "north", 60 + (k % 5) * 2, k % 4 == 0);
  for (int k = 0; k < 40; ++k) add(id++, "south", 120 + (k % 5) * 2, k % 2 == 0);
  for (int k = 0; k < 3; ++k) add(id++, "east", 90 + k * 30, k == 0);
  kpi_test::TempFile file("regions.csv", log);

  SegmentOptions options;
  options.by = "region";
  SegmentBuilder builder(options);
  bpm::kpi::AnalysisOptions analysis;
  analysis.log.keep_attributes = {builder.attribute()};
  bpm::kpi::CaseObserver* observers[] = {&builder};
  monitor_test::Pass pass;
  monitor_test::run(pass, {file.path()}, analysis, observers);
  const SegmentResult r = builder.result(pass.info);

  REQUIRE(r.segments.size() == 3);
  CHECK(r.segments[0].value == "north");  // 40 cases, then by name
  CHECK(r.segments[1].value == "south");
  CHECK(r.segments[2].value == "east");
  REQUIRE(r.metrics[0].name == "cycle_time.mean");
  const SegmentValue& north = r.segments[0].values[0];
  CHECK(north.value == Approx(64 * 60.0));
  CHECK(north.significant);
  CHECK(north.direction == -1);
  CHECK(r.segments[1].values[0].direction == 1);
  CHECK_FALSE(r.segments[2].values[0].significant);  // three cases in the middle
  // The overall cycle time is the KPI report's.
  CHECK(r.overall.values[0].value == Approx(pass.report.value("cycle_time.mean")));
  CHECK(r.overall.cases == 83);
  // The other cases of north are south and east: Welch's test against exactly those.
  bpm::RunningStats others;
  for (int k = 0; k < 40; ++k) others.add((120 + (k % 5) * 2) * 60.0);
  for (int k = 0; k < 3; ++k) others.add((90 + k * 30) * 60.0);
  bpm::RunningStats mine;
  for (int k = 0; k < 40; ++k) mine.add((60 + (k % 5) * 2) * 60.0);
  CHECK(north.p_value == Approx(bpm::welch_p_value(mine, others)));
  // Win rate: 10 of 40 in the north, 20 of 40 in the south (Wilson intervals), differing.
  std::size_t win = 0;
  while (r.metrics[win].name != "win_rate") ++win;
  CHECK(r.segments[0].values[win].value == Approx(0.25));
  CHECK(r.segments[0].values[win].low < 0.25);
  CHECK(r.segments[0].values[win].high > 0.25);
  CHECK(r.segments[1].values[win].value == Approx(0.5));
}

TEST_CASE("segments: errors and overlapping segments", "[monitor][segments]") {
  CHECK_THROWS_AS(SegmentBuilder(SegmentOptions{}), bpm::UsageError);
  SegmentOptions options;
  options.by = "regoin";
  SegmentBuilder misspelt(options);
  bpm::kpi::AnalysisOptions analysis;
  analysis.log.keep_attributes = {misspelt.attribute()};
  bpm::kpi::CaseObserver* observers[] = {&misspelt};
  monitor_test::Pass pass;
  monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, analysis, observers);
  CHECK_THROWS_AS(misspelt.result(pass.info), bpm::UsageError);

  SegmentOptions by_resource;
  by_resource.by = "resource";
  SegmentBuilder resources(by_resource);
  bpm::kpi::CaseObserver* observers2[] = {&resources};
  monitor_test::Pass pass2;
  monitor_test::run(pass2, {monitor_test::log_path("tiny.csv")}, {}, observers2);
  const SegmentResult r = resources.result(pass2.info);
  CHECK(r.overlapping);
  REQUIRE(r.segments.size() == 2);  // ann and bob both worked on every case
  CHECK(r.segments[0].cases == 3);
  CHECK(r.segments[1].cases == 3);
}
