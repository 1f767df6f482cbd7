// Per-case priorities (`priority: score`): a pool that serves such a step keeps one queue ordered
// by (priority, arrival). Computed attributes are evaluated at arrival, after the sampled ones.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include "engine_test_support.hpp"

namespace {

constexpr double kBias = 0.01;

// Two classes of λ = 0.4/min on one exponential server (μ = 1/min), as in the theory test of fixed
// priorities; `priority` of both steps is substituted.
std::string two_classes(const std::string& urgent_priority, const std::string& normal_priority) {
  return R"yaml(
process: priorities
resources:
  server: { count: 1 }
arrivals:
  every: exponential(1.25)
  attributes:
    class: { urgent: 0.5, normal: 0.5 }
    rank: { formula: "class == 'urgent'" }
start: triage
steps:
  triage:
    xor:
      - { to: urgent, when: "class == 'urgent'" }
      - { to: normal, p: 1 }
  urgent: { resource: server, duration: exponential(1), priority: )yaml" +
         urgent_priority + R"yaml(, next: done }
  normal: { resource: server, duration: exponential(1), priority: )yaml" +
         normal_priority + R"yaml(, next: done }
  done: { end: done }
simulation: { horizon: 40000, warmup: 2000, replications: 20, seed: 9 }
)yaml";
}

}  // namespace

TEST_CASE("a ranked queue with the fixed priorities' values serves exactly as the fixed levels do", "[sim][priority]") {
  // "rank + 0" is an expression (a ranked pool) that equals 1 for urgent and 0 for normal cases.
  const auto levels = simtest::run_with_log(simtest::model(two_classes("1", "0")), {});
  const auto ranked = simtest::run_with_log(simtest::model(two_classes("rank + 0", "rank")), {});
  CHECK(levels.size() > 100000);
  CHECK(ranked == levels);
}

TEST_CASE("per-case priorities follow the non-preemptive priority formula", "[sim][priority][theory]") {
  // Cobham: W0 = 0.8 min; Wq(urgent) = W0 / (1 − 0.4); Wq(normal) = W0 / (0.6 × 0.2). Both steps rank
  // by the same computed attribute, so only the per-case value separates the classes.
  const auto r = simtest::run(simtest::model(two_classes("rank", "rank")));
  const auto urgent = simtest::estimate(r, "steps.urgent.waiting.mean");
  const auto normal = simtest::estimate(r, "steps.normal.waiting.mean");
  simtest::check_theory(urgent, 0.8 / 0.6 * 60, kBias, "Wq urgent");
  simtest::check_theory(normal, 0.8 / (0.6 * 0.2) * 60, kBias, "Wq normal");
  // Ranked the other way round, the classes swap.
  const auto swapped = simtest::run(simtest::model(two_classes("-rank", "-rank")));
  simtest::check_theory(simtest::estimate(swapped, "steps.normal.waiting.mean"), 0.8 / 0.6 * 60, kBias, "swapped");
}

TEST_CASE("computed attributes are written to the log with the sampled ones", "[sim][priority]") {
  const auto process = simtest::model(R"yaml(
process: computed
arrivals:
  every: exponential(1h)
  attributes:
    x: uniform(0, 4)
    double_x: { formula: "2 * x" }
    band: { formula: "(double_x >= 4) + (double_x >= 6)" }
start: work
steps:
  work: { duration: 1m, next: done }
  done: { end: done }
simulation: { cases: 200, replications: 1, seed: 5 }
)yaml");
  std::istringstream log(simtest::run_with_log(process, {}));
  std::string line;
  while (std::getline(log, line) && line.starts_with('#')) {
  }  // the #bpm-sim-log run lines come before the header
  CHECK(line == "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,x,double_x,band");
  int rows = 0;
  while (std::getline(log, line)) {
    if (line.starts_with('#')) continue;
    // The last three fields: x, double_x, band.
    const std::size_t c2 = line.rfind(',');
    const std::size_t c1 = line.rfind(',', c2 - 1);
    const std::size_t c0 = line.rfind(',', c1 - 1);
    const double x = std::stod(line.substr(c0 + 1, c1 - c0 - 1));
    const double doubled = std::stod(line.substr(c1 + 1, c2 - c1 - 1));
    const double band = std::stod(line.substr(c2 + 1));
    CHECK(doubled == Approx(2 * x).epsilon(1e-9));
    CHECK(band == (2 * x >= 4 ? 1.0 : 0.0) + (2 * x >= 6 ? 1.0 : 0.0));
    ++rows;
  }
  CHECK(rows == 200);
}

TEST_CASE("adding a computed attribute leaves every draw of the model unchanged", "[sim][priority]") {
  const std::string base = R"yaml(
process: crn
resources:
  clerk: { count: 2 }
arrivals:
  every: exponential(10m)
  attributes:
    size: uniform(1, 5)
)yaml";
  const std::string rest = R"yaml(start: work
steps:
  work: { resource: clerk, duration: exponential(15m), next: done }
  done: { end: done }
simulation: { horizon: 30d, replications: 3, seed: 2 }
)yaml";
  const auto plain = simtest::run(simtest::model(base + rest));
  const auto scored = simtest::run(simtest::model(base + "    score: { formula: \"logistic(size - 3)\" }\n" + rest));
  CHECK(simtest::values(plain, "cycle_time.mean") == simtest::values(scored, "cycle_time.mean"));
  CHECK(simtest::values(plain, "throughput") == simtest::values(scored, "throughput"));
}
