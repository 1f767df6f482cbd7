// Routing against probability theory: the AND join as the maximum of its branches, outcome
// frequencies of an absorbing Markov chain, inclusive gateways, timers and rework.
// Tolerances: see simtest::check_theory. These runs have no queues (automatic tasks), so there
// is no warm-up bias: the allowance is 0.
#include <catch2/catch.hpp>

#include "engine_test_support.hpp"

TEST_CASE("an AND join waits for the slower branch: E[max(X, Y)] of two exponentials", "[sim][theory]") {
  // X ~ exp(mean 10 min), Y ~ exp(mean 20 min): E[max] = 1/a + 1/b − 1/(a + b) = 10 + 20 − 20/3 min.
  const auto r = simtest::run(simtest::model(R"yaml(
process: and-join
arrivals:
  every: exponential(5)
start: split
steps:
  split: { and: [x, y] }
  x: { duration: exponential(10), next: join }
  y: { duration: exponential(20), next: join }
  join: { join: [x, y], next: done }
  done: { end: done }
simulation: { cases: 20000, replications: 10, seed: 2 }
)yaml"));
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), (10.0 + 20.0 - 20.0 / 3.0) * 60, 0.0, "E[max]");
  for (const double completed : simtest::values(r, "cases.completed")) CHECK(completed == 20000);
  CHECK(simtest::mean(r, "steps.x.count") == 20000);
  CHECK(simtest::mean(r, "steps.y.count") == 20000);
}

TEST_CASE("outcome frequencies follow the absorbing chain of the routing", "[sim][theory]") {
  // decision: back to work with 0.25, won 0.45, lost 0.30. Absorption: P(won) = 0.45 / 0.75 = 0.6,
  // expected visits of `work` = 1 / (1 − 0.25) = 4/3. The task's own rework (p = 0.2, redo) adds
  // a geometric number of repeats per visit: executions per visit = 1 / 0.8.
  const auto r = simtest::run(simtest::model(R"yaml(
process: chain
arrivals:
  every: exponential(10)
start: work
steps:
  work: { duration: 1, rework: 0.2, next: decision }
  decision:
    xor:
      - { to: work, p: 0.25 }
      - { to: won, p: 0.45 }
      - { to: lost, p: 0.30 }
  won: { end: won, revenue: 100 }
  lost: { end: lost }
simulation: { cases: 20000, replications: 10, seed: 4 }
)yaml"));
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "outcome.won.rate"), 0.6, 0.0, "P(won)");
  check_theory(simtest::estimate(r, "outcome.lost.rate"), 0.4, 0.0, "P(lost)");
  check_theory(simtest::estimate(r, "win_rate"), 0.6, 0.0, "win_rate");
  std::vector<double> executions_per_case;
  const auto count = simtest::values(r, "steps.work.count");
  for (const double c : count) executions_per_case.push_back(c / 20000.0);
  check_theory(simtest::estimate(executions_per_case), 4.0 / 3.0 / 0.8, 0.0, "executions per case");
  // Rework is running a step again in the same case, whatever sent it back (share/doc/metrics.md):
  // the `rework:` redo and the loop through `decision` alike. Executions per case 5/3, of which
  // all but the first are repeats: 2/3 ÷ 5/3 = 0.4 per execution.
  check_theory(simtest::estimate(r, "steps.work.rework_rate"), 0.4, 0.0, "rework per execution");
  // A case passes first time only if it runs `work` once: one visit (0.75) that passes (0.8).
  check_theory(simtest::estimate(r, "first_pass_yield"), 0.75 * 0.8, 0.0, "first pass yield");
  check_theory(simtest::estimate(r, "rework_rate"), 1.0 - 0.75 * 0.8, 0.0, "rework rate");
  check_theory(simtest::estimate(r, "deal_value.mean"), 100.0, 0.0, "revenue per won case");
  check_theory(simtest::estimate(r, "revenue.per_case"), 60.0, 0.0, "revenue per case");
}

TEST_CASE("an OR split takes each branch independently and its join waits only for those", "[sim][theory]") {
  // Branches a (p 0.5, 10 min) and b (p 0.5, 20 min); when neither is drawn (0.25) the branch with
  // the highest p — the first on a tie — is taken. P(a) = 0.75, P(b) = 0.5. The join waits for the
  // started branches only: cycle = 20 min when b runs, else 10 min: E = 0.5·20 + 0.5·10 = 15 min.
  const auto r = simtest::run(simtest::model(R"yaml(
process: or-join
arrivals:
  every: exponential(30)
start: split
steps:
  split:
    or:
      - { to: a, p: 0.5 }
      - { to: b, p: 0.5 }
  a: { duration: 10, next: join }
  b: { duration: 20, next: join }
  join: { join: [a, b], next: done }
  done: { end: done }
simulation: { cases: 20000, replications: 10, seed: 6 }
)yaml"));
  using simtest::check_theory;
  std::vector<double> pa;
  std::vector<double> pb;
  for (const double c : simtest::values(r, "steps.a.count")) pa.push_back(c / 20000.0);
  for (const double c : simtest::values(r, "steps.b.count")) pb.push_back(c / 20000.0);
  check_theory(simtest::estimate(pa), 0.75, 0.0, "P(a)");
  check_theory(simtest::estimate(pb), 0.5, 0.0, "P(b)");
  check_theory(simtest::estimate(r, "cycle_time.mean"), 15.0 * 60, 0.0, "cycle");
  CHECK(simtest::mean(r, "cases.completed") == 20000);
  // Every case ends after 10 or 20 minutes exactly.
  for (const auto& rep : r.replications) {
    CHECK(rep.cycle_time.min() == Approx(600.0));
    CHECK(rep.cycle_time.max() == Approx(1200.0));
  }
}

TEST_CASE("OR conditions and XOR conditions route by case attributes", "[sim][theory]") {
  // value ~ uniform(0, 100): the xor sends value < 30 to `low` (P = 0.3); the or takes `big` when
  // value > 50 and `any` always (p 1), so big runs for half the cases.
  const auto r = simtest::run(simtest::model(R"yaml(
process: conditions
arrivals:
  every: exponential(30)
  attributes:
    value: uniform(0, 100)
start: route
steps:
  route:
    xor:
      - { to: low, when: "value < 30" }
      - { to: fan, p: 1 }
  low: { end: low }
  fan:
    or:
      - { to: big, when: "value > 50" }
      - { to: any, p: 1 }
  big: { duration: 5, next: join }
  any: { duration: 1, next: join }
  join: { join: [big, any], next: done }
  done: { end: high }
simulation: { cases: 20000, replications: 10, seed: 8 }
)yaml"));
  simtest::check_theory(simtest::estimate(r, "outcome.low.rate"), 0.3, 0.0, "P(low)");
  std::vector<double> big;
  for (const double c : simtest::values(r, "steps.big.count")) big.push_back(c / 20000.0);
  simtest::check_theory(simtest::estimate(big), 0.5, 0.0, "P(big)");
  CHECK(simtest::mean(r, "steps.any.count") == Approx(0.7 * 20000).epsilon(0.03));
}

TEST_CASE("timer waits delay the case without a resource and count as waiting", "[sim][theory]") {
  // wait ~ uniform(1d, 3d): mean 2 days; cycle = wait + 1 h of automatic work.
  const auto r = simtest::run(simtest::model(R"yaml(
process: timer
arrivals:
  every: exponential(1h)
start: wait
steps:
  wait: { wait: "uniform(1d, 3d)", next: work }
  work: { duration: 1h, next: done }
  done: { end: done }
simulation: { cases: 5000, replications: 10, seed: 12 }
)yaml"));
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "steps.wait.waiting.mean"), 2 * 86400.0, 0.0, "timer");
  check_theory(simtest::estimate(r, "cycle_time.mean"), 2 * 86400.0 + 3600.0, 0.0, "cycle");
  check_theory(simtest::estimate(r, "waiting_time.mean"), 2 * 86400.0, 0.0, "waiting");
  check_theory(simtest::estimate(r, "flow_efficiency"), 3600.0 / (2 * 86400.0 + 3600.0), 0.0, "flow efficiency");
  for (const auto& rep : r.replications) {
    CHECK(rep.cycle_time.min() >= 86400.0 + 3600.0 - 1e-6);
    CHECK(rep.cycle_time.max() <= 3 * 86400.0 + 3600.0 + 1e-6);
  }
}
