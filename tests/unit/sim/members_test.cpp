// Pools with named members: each member's hours, rate and speed, who takes the next work, the
// event log's resource and role, and the pool's throughput against the members' speeds.
#include <catch2/catch.hpp>

#include "bpm/core/time.hpp"
#include "engine_test_support.hpp"

namespace {

// A backlog of 20000 one-hour (mean) jobs arriving within six hours, served by three members of
// speeds 1, 2 and 0.5: every member is busy until the backlog is gone.
const char* const kSaturated = R"yaml(
process: saturated
time_unit: hours
resources:
  team:
    members:
      slow: { speed: 0.5 }
      normal: {}
      fast: { speed: 2 }
arrivals: { every: 1s }
start: serve
steps:
  serve: { resource: team, duration: exponential(1h), next: done }
  done: { end: done }
simulation: { cases: 20000, replications: 10, seed: 3 }
)yaml";

}  // namespace

TEST_CASE("members' speed factors add up to the pool's throughput", "[sim][members][theory]") {
  // A saturated member of speed s completes s jobs per mean duration, so the pool's throughput is
  // (0.5 + 1 + 2) = 3.5 jobs an hour; each member's share of the jobs is s / 3.5, and the mean
  // processing time is the share-weighted 1 h / s: 3 × 1 h / 3.5. Bias allowance: the run ends when
  // the last job does, while the others idle for up to a few hours of a 5700-hour run: 0.2%.
  const auto r = simtest::run(simtest::model(kSaturated));
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "throughput"), 3.5 * 24, 0.002, "throughput per day");
  check_theory(simtest::estimate(r, "steps.serve.processing.mean"), 3.0 / 3.5 * 3600, 0.002, "processing mean");
  for (const auto& [member, speed] : {std::pair{"slow", 0.5}, std::pair{"normal", 1.0}, std::pair{"fast", 2.0}}) {
    std::vector<double> share;
    for (const double served : simtest::values(r, std::string("resources.team.members.") + member + ".served")) {
      share.push_back(served / 20000.0);
    }
    check_theory(simtest::estimate(share), speed / 3.5, 0.002, member);
    check_theory(simtest::estimate(r, std::string("resources.team.members.") + member + ".utilisation"), 1.0, 0.002,
                 std::string(member) + " utilisation");
  }
  check_theory(simtest::estimate(r, "resources.team.utilisation"), 1.0, 0.002, "pool utilisation");
}

TEST_CASE("the member idle longest takes the next work", "[sim][members]") {
  // One-hour jobs every two hours: alice (listed first) takes the first; two hours later bob has
  // been idle since the start and alice only for an hour, so bob takes it, and so on.
  const auto p = simtest::model(R"yaml(
process: turns
resources:
  pair: { members: [alice, bob], cost_per_hour: 60 }
arrivals: { every: 2h }
start: work
steps:
  work: { resource: pair, duration: 1h, next: done }
  done: { end: done }
simulation: { cases: 4, replications: 1 }
)yaml");
  const auto log = simtest::parse_csv(simtest::run_with_log(p, {}));
  REQUIRE(log.header.size() >= 5);
  CHECK(log.header[3] == "resource");
  CHECK(log.header[4] == "role");
  std::vector<std::string> who;
  for (const auto& row : log.rows) {
    who.push_back(row[log.column("resource")]);
    CHECK(row[log.column("role")] == "pair");
    CHECK(row[log.column("cost")] == "60.00");
  }
  CHECK(who == std::vector<std::string>{"alice", "bob", "alice", "bob"});
}

TEST_CASE("a member works its own hours where the pool's are open, at its own rate and speed", "[sim][members]") {
  // The office is open Monday to Friday 09:00-17:00; Ann works Mondays 08:00-13:00, so only
  // 09:00-13:00 on Mondays. An 8-hour job at half speed (16 hours of her time) arriving a week
  // after the start, on Monday 2026-01-12 at 09:00, is worked 4 hours each Monday: it ends on the
  // fourth Monday at 13:00.
  const auto p = simtest::model(R"yaml(
process: part-time
calendars:
  office: { mon-fri: "09:00-17:00" }
  mondays: { mon: "08:00-13:00" }
resources:
  desk:
    calendar: office
    cost_per_hour: 40
    members:
      ann: { calendar: mondays, speed: 0.5, cost_per_hour: 100 }
arrivals: { every: 1w }
start: work
steps:
  work: { resource: desk, duration: 8h, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T09:00, cases: 1, replications: 1 }
)yaml");
  bpm::SimulationResult result;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, {}, &result));
  REQUIRE(log.rows.size() == 1);
  const auto& row = log.rows[0];
  CHECK(row[log.column("resource")] == "ann");
  CHECK(row[log.column("role")] == "desk");
  CHECK(row[log.column("start_time")] == "2026-01-12T09:00:00");
  CHECK(row[log.column("end_time")] == "2026-02-02T13:00:00");
  CHECK(row[log.column("cost")] == "1600.00");  // 16 hours of her time at 100
  CHECK(simtest::mean(result, "steps.work.processing.mean") == Approx(16 * 3600.0));
  CHECK(simtest::mean(result, "resources.desk.members.ann.busy_hours") == Approx(16.0));
}

TEST_CASE("pools with members are independent of the thread count", "[sim][members][determinism]") {
  simtest::check_thread_independent(simtest::model(R"yaml(
process: mixed
calendars:
  office: { mon-fri: "09:00-17:00" }
  early: { daily: "06:00-14:00" }
resources:
  team:
    calendar: office
    members:
      a: { calendar: early, speed: 1.5 }
      b: { speed: 0.8 }
      c: {}
  plain: { count: 2 }
arrivals: { every: exponential(20m) }
start: first
steps:
  first: { resource: team, duration: exponential(40m), next: second }
  second: { resource: plain, duration: exponential(30m), next: done }
  done: { end: done }
simulation: { horizon: 30d, replications: 4, seed: 9 }
)yaml"));
}
