// Multi-instance tasks: a parallel visit ends with the last of its instances (the maximum of n
// exponentials), a sequential one after their sum; n from a distribution or an attribute.
#include <catch2/catch.hpp>

#include <string>

#include "engine_test_support.hpp"

namespace {

std::string checks(const std::string& instances, const std::string& attributes = "") {
  return R"yaml(
process: checks
time_unit: hours
arrivals: { every: 1000h)yaml" +
         attributes + R"yaml( }
start: check
steps:
  check: { duration: exponential(1h), instances: )yaml" +
         instances + R"yaml(, next: done }
  done: { end: done }
simulation: { cases: 4000, replications: 20, seed: 29 }
)yaml";
}

}  // namespace

TEST_CASE("parallel instances end with the last: the maximum of n exponentials", "[sim][instances][theory]") {
  // E[max of 3 independent exponentials of mean 1 h] = 1 + 1/2 + 1/3 h.
  const auto r = simtest::run(simtest::model(checks("{ count: 3 }")));
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), (1.0 + 0.5 + 1.0 / 3.0) * 3600.0, 0.0, "E[max]");
  CHECK(simtest::mean(r, "steps.check.count") == 3.0 * 4000.0);
  simtest::check_theory(simtest::estimate(r, "processing_time.mean"), 3.0 * 3600.0, 0.0, "3 instances of work");
}

TEST_CASE("the instances of one visit are no rework", "[sim][instances]") {
  // Rework is a later visit of the step, not another instance of the same one (metrics.md).
  for (const char* spec : {"{ count: 3 }", "{ count: 3, parallel: false }"}) {
    INFO(spec);
    const auto r = simtest::run(simtest::model(checks(spec)));
    CHECK(simtest::mean(r, "steps.check.count") == 3.0 * 4000.0);
    CHECK(simtest::mean(r, "rework_rate") == 0.0);
    CHECK(simtest::mean(r, "steps.check.rework_rate") == 0.0);
  }
}

TEST_CASE("sequential instances take the sum of their times", "[sim][instances][theory]") {
  const auto r = simtest::run(simtest::model(checks("{ count: 3, parallel: false }")));
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 3.0 * 3600.0, 0.0, "E[sum]");
}

TEST_CASE("the number of instances comes from a distribution or an attribute", "[sim][instances][theory]") {
  SECTION("a count distribution: E[max of N] with N ~ binomial(2, 0.5)") {
    // N = 0 (p 1/4) skips the task, 1 (1/2) takes E = 1 h, 2 (1/4) takes 1.5 h: 0.5 + 0.375 h.
    const auto r = simtest::run(simtest::model(checks("{ count: \"binomial(2, 0.5)\" }")));
    simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 0.875 * 3600.0, 0.0, "E[max of N]");
    simtest::check_theory(simtest::estimate(r, "steps.check.count"), 4000.0, 0.0, "E[N] executions a case");
  }
  SECTION("an attribute") {
    const auto r = simtest::run(
        simtest::model(checks("{ count: directors }", ", attributes: { directors: \"uniform(1.6, 2.4)\" }")));
    // directors rounds to 2 always: E[max of 2] = 1.5 h.
    simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 1.5 * 3600.0, 0.0, "E[max of 2]");
  }
}

TEST_CASE("instances queue for their pool one by one", "[sim][instances]") {
  // Three 1 h instances, two servers: two at once, the third after: the visit takes 2 h.
  const auto p = simtest::model(R"yaml(
process: pooled
time_unit: hours
resources: { team: { count: 2 } }
arrivals: { every: 100h }
start: check
steps:
  check: { resource: team, duration: 1h, instances: { count: 3 }, next: done }
  done: { end: done }
simulation: { cases: 5, replications: 1, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(2.0 * 3600.0));
  CHECK(simtest::mean(r, "resources.team.busy_hours") == Approx(15.0));
}

TEST_CASE("multi-instance tasks are independent of the thread count", "[sim][instances][determinism]") {
  simtest::check_thread_independent(simtest::model(checks("{ count: poisson(2) }")));
}
