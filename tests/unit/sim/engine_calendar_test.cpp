// Calendars: work starts only in open hours, work running at closing time pauses and resumes at
// the next opening with the same server, utilisation is measured against open time, and cost is
// busy hours × rate plus fixed costs.
#include <catch2/catch.hpp>

#include "bpm/core/time.hpp"
#include "engine_test_support.hpp"

namespace {

// Seconds from midnight of an ISO timestamp "YYYY-MM-DDTHH:MM:SS[.mmm]", and its weekday.
double time_of_day(const std::string& stamp) {
  const double t = bpm::parse_datetime(stamp);
  return t - std::floor(t / 86400.0) * 86400.0;
}
int weekday(const std::string& stamp) {
  return bpm::weekday_from_days(static_cast<std::int64_t>(std::floor(bpm::parse_datetime(stamp) / 86400.0)));
}

}  // namespace

TEST_CASE("work at closing time pauses and resumes at the next opening", "[sim][calendar]") {
  // One server, Mon-Fri 09:00-17:00, 3 h jobs arriving Monday 04:00, 08:00 and 12:00:
  // job 1 waits for the opening (09:00-12:00), job 2 follows (12:00-15:00), job 3 works 15:00-17:00,
  // pauses overnight and finishes Tuesday 10:00.
  const auto process = simtest::model(R"yaml(
process: shifts
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 1, cost_per_hour: 60, calendar: office }
arrivals:
  every: 4h
start: job
steps:
  job: { resource: clerk, duration: 3h, cost: 5, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, cases: 3, replications: 1 }
)yaml");
  bpm::SimulationResult result;
  const auto csv = simtest::parse_csv(simtest::run_with_log(process, {}, &result));
  REQUIRE(csv.rows.size() == 3);
  const auto enable = csv.column("enable_time");
  const auto start = csv.column("start_time");
  const auto end = csv.column("end_time");
  const auto cost = csv.column("cost");
  CHECK(csv.rows[0][enable] == "2026-01-05T04:00:00");
  CHECK(csv.rows[0][start] == "2026-01-05T09:00:00");
  CHECK(csv.rows[0][end] == "2026-01-05T12:00:00");
  CHECK(csv.rows[1][start] == "2026-01-05T12:00:00");
  CHECK(csv.rows[1][end] == "2026-01-05T15:00:00");
  CHECK(csv.rows[2][start] == "2026-01-05T15:00:00");
  CHECK(csv.rows[2][end] == "2026-01-06T10:00:00");
  for (const auto& row : csv.rows) CHECK(row[cost] == "185.00");  // 5 + 3 h × 60
  CHECK(simtest::mean(result, "resources.clerk.busy_hours") == Approx(9.0));
  CHECK(simtest::mean(result, "cost.total") == Approx(3 * 185.0));
  // Arrival to end: 8 h, 7 h and 22 h (12:00 Monday to 10:00 Tuesday).
  CHECK(simtest::mean(result, "cycle_time.mean") == Approx((8 + 7 + 22) * 3600.0 / 3));
  CHECK(simtest::mean(result, "steps.job.waiting.mean") == Approx((5 + 4 + 3) * 3600.0 / 3));
}

TEST_CASE("calendar-limited resources work only inside their hours", "[sim][calendar]") {
  // Random arrivals around the clock into a pool open Mon-Fri 09:00-12:00 and 13:00-17:00 with a
  // holiday; every logged start and end must lie inside an opening (ends may touch its close).
  const auto process = simtest::model(R"yaml(
process: office
calendars:
  office:
    mon-fri: "09:00-12:00, 13:00-17:00"
    holidays: [2026-01-07]
resources:
  clerk: { count: 2, cost_per_hour: 50, calendar: office }
arrivals:
  every: exponential(2h)
start: job
steps:
  job: { resource: clerk, duration: exponential(40m), next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 8w, replications: 2, seed: 21 }
)yaml");
  bpm::SimulationResult result;
  const auto csv = simtest::parse_csv(simtest::run_with_log(process, {}, &result));
  REQUIRE(csv.rows.size() > 500);
  const auto inside = [](const std::string& stamp, bool is_end) {
    const int day = weekday(stamp);
    if (day >= 5) return false;
    if (stamp.rfind("2026-01-07", 0) == 0) return false;
    const double s = time_of_day(stamp);
    if (is_end) return (s > 9 * 3600.0 && s <= 12 * 3600.0) || (s > 13 * 3600.0 && s <= 17 * 3600.0);
    return (s >= 9 * 3600.0 && s < 12 * 3600.0) || (s >= 13 * 3600.0 && s < 17 * 3600.0);
  };
  std::size_t paused = 0;
  for (const auto& row : csv.rows) {
    if (row[csv.column("end_time")].empty()) continue;  // under way when the run stopped
    INFO(row[csv.column("start_time")] << " - " << row[csv.column("end_time")]);
    CHECK(inside(row[csv.column("start_time")], false));
    CHECK(inside(row[csv.column("end_time")], true));
    if (row[csv.column("start_time")].substr(0, 10) != row[csv.column("end_time")].substr(0, 10)) ++paused;
  }
  CHECK(paused > 0);  // some work ran over an evening and resumed the next working day
  for (const double u : simtest::values(result, "resources.clerk.utilisation")) {
    CHECK(u > 0.0);
    CHECK(u <= 1.0);
  }
  // 8 weeks of 7 open hours a working day, less one holiday, 2 clerks.
  const double open_hours = (8 * 5 - 1) * 7.0 * 2;
  for (const double busy : simtest::values(result, "resources.clerk.busy_hours")) CHECK(busy <= open_hours);
}

TEST_CASE("cost is busy hours times the rate plus the fixed costs", "[sim][calendar]") {
  const auto process = simtest::model(R"yaml(
process: costs
calendars:
  office: { mon-fri: "08:00-18:00" }
resources:
  a: { count: 2, cost_per_hour: 40, calendar: office }
  b: { count: 1, cost_per_hour: 75 }
arrivals:
  every: exponential(1h)
start: one
steps:
  one: { resource: a, duration: exponential(30m), cost: 3, next: two }
  two: { resource: b, duration: "uniform(10m, 30m)", cost: 7.5, next: three }
  three: { duration: 5m, cost: 1, next: done }
  done: { end: done }
simulation: { cases: 3000, replications: 3, seed: 30 }
)yaml");
  const auto r = simtest::run(process);
  for (std::size_t i = 0; i < r.replications.size(); ++i) {
    const auto at = [&](const char* name) { return simtest::values(r, name)[i]; };
    // Drained run, no warm-up: every execution of every case is in the figures.
    const double fixed = 3 * at("steps.one.count") + 7.5 * at("steps.two.count") + 1 * at("steps.three.count");
    const double resources = at("resources.a.busy_hours") * 40 + at("resources.b.busy_hours") * 75;
    CHECK(at("resources.a.cost") == Approx(at("resources.a.busy_hours") * 40).epsilon(1e-12));
    CHECK(at("cost.total") == Approx(resources + fixed).epsilon(1e-9));
    CHECK(at("cost.per_case") == Approx(at("cost.total") / 3000).epsilon(1e-9));
    CHECK(at("steps.two.cost") == Approx(at("resources.b.cost") + 7.5 * 3000).epsilon(1e-9));
    CHECK(at("steps.one.count") == 3000);
  }
}
