// Data in durations and costs (parameters as expressions of case attributes) and attributes set
// by steps (`set:`).
#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "engine_test_support.hpp"

TEST_CASE("a duration computed from the case's attributes", "[sim][data]") {
  // 10 minutes plus a minute per unit of `pages`, uniform(0, 10): each case takes exactly
  // 10 + pages minutes (checked row by row in the log), 15 minutes on average.
  const auto p = simtest::model(R"yaml(
process: pages
time_unit: minutes
arrivals:
  every: 1h
  attributes: { pages: "uniform(0, 10)" }
start: read
steps:
  read: { duration: "10m + pages * 1m", next: done }
  done: { end: done }
simulation: { horizon: 200d, replications: 10, seed: 3 }
)yaml");
  bpm::SimulationOptions one;
  one.replications = 1;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, one));
  REQUIRE(log.rows.size() > 4000);
  for (const auto& row : log.rows) {
    if (row[log.column("end_time")].empty()) continue;  // under way at the horizon (no end logged)
    const double minutes =
        (bpm::parse_datetime(row[log.column("end_time")]) - bpm::parse_datetime(row[log.column("start_time")])) / 60.0;
    CHECK(minutes == Approx(10.0 + std::stod(row[log.column("pages")])).margin(1e-3));
  }
  const auto r = simtest::run(p);
  simtest::check_theory(simtest::estimate(r, "steps.read.processing.mean"), 15.0 * 60, 0.0, "mean duration");
}

TEST_CASE("a distribution whose mean depends on the case", "[sim][data][theory]") {
  // lognormal with mean 30m + amount × 0.01m and sd 10m, amount uniform(0, 3000): the mean
  // duration is E[30 + 0.01 amount] = 45 minutes; the cost formula 50 + amount × 0.002 averages 53.
  const auto p = simtest::model(R"yaml(
process: claims
time_unit: minutes
arrivals:
  every: 2h
  attributes: { amount: "uniform(0, 3000)" }
start: assess
steps:
  assess:
    duration: "lognormal(mean: 30m + amount * 0.01m, sd: 10m)"
    cost: "50 + amount * 0.002"
    next: done
  done: { end: done }
simulation: { horizon: 300d, replications: 20, seed: 8 }
)yaml");
  const auto r = simtest::run(p);
  simtest::check_theory(simtest::estimate(r, "steps.assess.processing.mean"), 45.0 * 60, 0.0, "mean duration");
  simtest::check_theory(simtest::estimate(r, "cost.per_case"), 53.0, 0.0, "mean cost");
}

TEST_CASE("steps set attributes that later conditions read", "[sim][data]") {
  // risk = amount / 100 with amount uniform(0, 10000): approved (risk < 50) half the time; the
  // decision string set on each path ends up in the log.
  const auto p = simtest::model(R"yaml(
process: approvals
arrivals:
  every: 1h
  attributes: { amount: "uniform(0, 10000)" }
start: score
steps:
  score: { duration: 5m, set: { risk: "amount / 100", approved: "risk < 50" }, next: "approved?" }
  approved?:
    xor:
      - { to: pay, when: approved }
      - { to: reject, p: 1 }
  pay: { duration: 1m, set: { decision: "'paid'" }, next: paid }
  reject: { wait: 1m, set: { decision: "'rejected'" }, next: rejected }
  paid: { end: paid }
  rejected: { end: rejected }
simulation: { horizon: 100d, replications: 20, seed: 2 }
)yaml");
  bpm::SimulationOptions one;
  one.replications = 1;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, one));
  REQUIRE(log.header.size() >= 4);
  CHECK(log.header[log.header.size() - 3] == "risk");
  for (const auto& row : log.rows) {
    if (row[log.column("outcome")].empty()) continue;  // a case still open at the horizon
    const double amount = std::stod(row[log.column("amount")]);
    CHECK(std::stod(row[log.column("risk")]) == Approx(amount / 100.0));
    CHECK(row[log.column("approved")] == (amount / 100.0 < 50.0 ? "1" : "0"));
    CHECK(row[log.column("decision")] == (amount / 100.0 < 50.0 ? "paid" : "rejected"));
    CHECK(row[log.column("outcome")] == (amount / 100.0 < 50.0 ? "paid" : "rejected"));
  }
  simtest::check_theory(simtest::estimate(simtest::run(p), "outcome.paid.rate"), 0.5, 0.0, "approval rate");
}

TEST_CASE("a case whose attributes make a duration invalid stops the run with its number", "[sim][data]") {
  const auto p = simtest::model(R"yaml(
process: invalid
arrivals:
  every: 1h
  attributes: { x: "uniform(-1, 1)" }
start: a
steps:
  a: { duration: "normal(1h, x * 1h)", next: done }
  done: { end: done }
simulation: { cases: 100, replications: 1 }
)yaml");
  CHECK_THROWS_WITH(simtest::run(p), Catch::Contains("has invalid parameters for this case's attributes") &&
                                         Catch::Contains("normal(1h, x * 1h)"));
}

TEST_CASE("data-dependent durations and set are independent of the thread count", "[sim][data][determinism]") {
  simtest::check_thread_independent(simtest::model(R"yaml(
process: data
resources: { clerks: { count: 2 } }
arrivals:
  every: exponential(30m)
  attributes: { size: "gamma(shape: 2, scale: 3)", kind: { small: 0.6, big: 0.4 } }
start: a
steps:
  a:
    resource: clerks
    duration: "gamma(shape: 2, scale: 5m + size * 1m)"
    cost: "size * 3"
    set: { kind: "(size > 8) * 1", size: "size / 2" }
    next: big?
  big?:
    xor:
      - { to: b, when: "kind == 'big' or kind == 1" }
      - { to: done, p: 1 }
  b: { resource: clerks, duration: "exponential(10m + size * 2m)", next: done }
  done: { end: done }
simulation: { horizon: 30d, replications: 4, seed: 19 }
)yaml"));
}
