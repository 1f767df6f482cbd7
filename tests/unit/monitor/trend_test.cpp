// Trends with control charts on a constructed log: eight weeks of 20 cases (Monday to Friday, four
// a day); cycle times of 60 to 68 minutes, then three hours in the eighth week; every other case won.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/core/error.hpp"
#include "bpm/monitor/trend.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

std::string weeks_log(int weeks, bool slow_last_week) {
  std::string log = "case_id,activity,start_time,end_time,outcome\n";
  int id = 0;
  for (int w = 0; w < weeks; ++w) {
    for (int k = 0; k < 20; ++k, ++id) {
      const int day = 5 + 7 * w + k / 4;  // January 2026: the 5th is a Monday
      const int start = 8 * 60 + (k % 4) * 90;
      const int cycle = slow_last_week && w == weeks - 1 ? 180 : 60 + (k % 5) * 2;
      const auto stamp = [day](int minutes) {
        int d = day + minutes / 1440;
        int month = 1;
        for (const int length : {31, 28, 31}) {
          if (d <= length) break;
          d -= length;
          ++month;
        }
        return fmt::format("2026-{:02}-{:02}T{:02}:{:02}", month, d, minutes % 1440 / 60, minutes % 60);
      };
      log += fmt::format("{},work,{},{},{}\n", id, stamp(start), stamp(start + cycle), k % 2 == 0 ? "won" : "lost");
    }
  }
  return log;
}

TrendResult trend(const std::string& log, TrendOptions options) {
  kpi_test::TempFile file("weeks.csv", log);
  TrendBuilder builder(std::move(options));
  bpm::kpi::CaseObserver* observers[] = {&builder};
  monitor_test::Pass pass;
  monitor_test::run(pass, {file.path()}, {}, observers);
  return builder.result(pass.info);
}

const TrendChart& chart(const TrendResult& r, const std::string& metric) {
  for (const TrendChart& c : r.charts) {
    if (c.metric == metric) return c;
  }
  FAIL("no chart " << metric);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("trend: the period follows the span of the log", "[monitor][trend]") {
  CHECK(trend(weeks_log(8, true), TrendOptions{}).period == Period::Day);   // 53 days
  CHECK(trend(weeks_log(9, true), TrendOptions{}).period == Period::Week);  // 60 days and more
}

TEST_CASE("trend: control limits and signals", "[monitor][trend]") {
  TrendOptions options;
  options.period = Period::Week;
  const TrendResult r = trend(weeks_log(8, true), options);
  const TrendChart& cycle = chart(r, "cycle_time.mean");
  REQUIRE(cycle.points.size() == 8);
  CHECK(cycle.chart == ChartKind::XBar);
  // The first week is the ramp-up; weeks 2-7 set the limits: centre 64 min, within-week sd
  // sqrt(4 (16 + 4 + 0 + 4 + 16) / 19) min, limits 64 +- 3 sd / sqrt(20).
  CHECK(cycle.points[0].ramp_up);
  CHECK_FALSE(cycle.points[0].baseline);
  CHECK(cycle.points[1].baseline);
  CHECK_FALSE(cycle.points[7].baseline);
  const double half = 3.0 * std::sqrt(160.0 / 19.0) / std::sqrt(20.0) * 60.0;
  CHECK(cycle.points[3].centre == Approx(64 * 60.0));
  CHECK(cycle.points[3].upper == Approx(64 * 60.0 + half));
  CHECK(cycle.points[3].lower == Approx(64 * 60.0 - half));
  CHECK(cycle.points[3].signal == 0);
  CHECK(cycle.points[7].value == Approx(180 * 60.0));
  CHECK(cycle.points[7].signal == 1);
  CHECK(cycle.latest_out_of_control);
  CHECK(cycle.latest_label == "2026-02-23");

  // Win rate: 10 of 20 every week, a p-chart around 50% with limits 0.5 +- 3 sqrt(0.25/20).
  const TrendChart& won = chart(r, "win_rate");
  CHECK(won.chart == ChartKind::P);
  CHECK(won.points[4].centre == Approx(0.5));
  CHECK(won.points[4].upper == Approx(0.5 + 3 * std::sqrt(0.25 / 20)));
  CHECK_FALSE(won.latest_out_of_control);

  // Throughput: 20 a week; the last week ends before its Sunday: partial, not judged.
  const TrendChart& throughput = chart(r, "throughput");
  CHECK(throughput.chart == ChartKind::Individuals);
  CHECK(throughput.points[7].partial);
  CHECK(throughput.latest_label == "2026-02-16");
  CHECK_FALSE(throughput.latest_out_of_control);

  const std::vector<std::string> signals = r.latest_signals();
  REQUIRE(signals.size() == 1);
  CHECK(signals[0].rfind("cycle_time.mean 2026-02-23: 3h above the control limit", 0) == 0);
}

TEST_CASE("trend: a steady log is in control; options", "[monitor][trend]") {
  TrendOptions options;
  options.period = Period::Week;
  options.metrics = {"cycle_time.mean", "arrivals"};
  const TrendResult r = trend(weeks_log(8, false), options);
  REQUIRE(r.charts.size() == 2);
  CHECK(r.latest_signals().empty());
  for (const TrendChart& c : r.charts) {
    for (const TrendPoint& p : c.points) CHECK(p.signal == 0);
  }
  TrendOptions bad;
  bad.metrics = {"cycle_time.p90"};
  CHECK_THROWS_AS(TrendBuilder(bad), bpm::UsageError);
  CHECK_THROWS_AS(parse_period("hourly"), bpm::UsageError);
}
