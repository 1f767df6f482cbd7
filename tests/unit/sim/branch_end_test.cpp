// Ends of one branch (`terminate: false`): the case ends with its last token, so after a parallel
// split its cycle time is the maximum over the branches; terminating ends keep cutting them short.
#include <catch2/catch.hpp>

#include "engine_test_support.hpp"

namespace {

// Cases far apart (no interaction), two automatic branches of exponential length 1 h and 2 h.
std::string two_branches(const std::string& end_a, const std::string& end_b) {
  return R"yaml(
process: branches
time_unit: hours
arrivals: { every: 1000h }
start: split
steps:
  split: { and: [a, b] }
  a: { duration: exponential(1h), next: end-a }
  b: { duration: exponential(2h), next: end-b }
  end-a: )yaml" +
         end_a + R"yaml(
  end-b: )yaml" +
         end_b + R"yaml(
simulation: { cases: 4000, replications: 20, seed: 11 }
)yaml";
}

}  // namespace

TEST_CASE("a case whose branches end with terminate: false ends with its last branch", "[sim][end][theory]") {
  // E[max(X1, X2)] for independent exponentials of means 1 h and 2 h: 1 + 2 − 1 / (1 + 1/2) = 7/3 h.
  // The case takes the outcome of the end reached last: b is last with probability
  // P(X2 > X1) = μ1 / (μ1 + μ2) = 1 / (1 + 1/2) = 2/3.
  const auto r = simtest::run(
      simtest::model(two_branches("{ end: first, terminate: false }", "{ end: second, terminate: false }")));
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 7.0 / 3.0 * 3600.0, 0.0, "cycle time");
  simtest::check_theory(simtest::estimate(r, "outcome.second.rate"), 2.0 / 3.0, 0.0, "last end b");
  simtest::check_theory(simtest::estimate(r, "processing_time.mean"), 3.0 * 3600.0, 0.0, "both branches work");
  CHECK(simtest::mean(r, "cases.in_flight") == 0.0);
}

TEST_CASE("a terminating end still cuts the other branch short", "[sim][end][theory]") {
  // The first end reached ends the case: E[min(X1, X2)] = 1 / (1 + 1/2) = 2/3 h.
  const auto r = simtest::run(simtest::model(two_branches("{ end: first }", "{ end: second }")));
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 2.0 / 3.0 * 3600.0, 0.0, "cycle time");
  simtest::check_theory(simtest::estimate(r, "outcome.first.rate"), 2.0 / 3.0, 0.0, "first end a");
}

TEST_CASE("a mix: a terminating end after a branch end stops the rest", "[sim][end]") {
  // Constant durations: a ends its branch at 1 h, b ends the case at 2 h; had b been non-terminating
  // too, the case would end at 2 h as well, but with a longer branch c (3 h) b cuts c short.
  const auto p = simtest::model(R"yaml(
process: mix
time_unit: hours
arrivals: { every: 1000h }
start: split
steps:
  split: { and: [a, b, c] }
  a: { duration: 1h, next: end-a }
  b: { duration: 2h, next: end-b }
  c: { duration: 3h, next: end-c }
  end-a: { end: partial, terminate: false }
  end-b: { end: stopped }
  end-c: { end: full, terminate: false }
simulation: { cases: 10, replications: 2, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(2.0 * 3600.0));
  CHECK(simtest::mean(r, "outcome.stopped.rate") == 1.0);
  CHECK(simtest::mean(r, "steps.c.count") == 0.0);
}

TEST_CASE("a join waiting for a branch that ended lets the case end with its last token", "[sim][end]") {
  // a reaches the join and waits; b ends its branch: nothing is left, so the case ends at b's end
  // (2 h) with b's outcome, instead of staying open forever.
  const auto p = simtest::model(R"yaml(
process: stalled-join
time_unit: hours
arrivals: { every: 1000h }
start: split
steps:
  split: { and: [a, b] }
  a: { duration: 1h, next: meet }
  b: { duration: 2h, next: gone }
  meet: { join: [a, b], next: done }
  gone: { end: gone, terminate: false }
  done: { end: done }
simulation: { cases: 10, replications: 2, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(2.0 * 3600.0));
  CHECK(simtest::mean(r, "outcome.gone.rate") == 1.0);
  CHECK(simtest::mean(r, "cases.in_flight") == 0.0);
}

TEST_CASE("branch ends are independent of the thread count", "[sim][end][determinism]") {
  simtest::check_thread_independent(
      simtest::model(two_branches("{ end: first, terminate: false }", "{ end: second, terminate: false }")));
}
