// Bottleneck ranking and measured interventions.
#include <catch2/catch.hpp>

#include "bpm/model/loader.hpp"
#include "bpm/optimize/bottlenecks.hpp"

TEST_CASE("bottlenecks names the overloaded pool first and +1 server there helps", "[optimize][bottlenecks]") {
  // clerk at 90% load (9 min a case every 10 min), expert at 30%: the clerk queue dominates.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: two-pools
resources:
  expert: { count: 1, cost_per_hour: 60 }
  clerk: { count: 1, cost_per_hour: 30 }
arrivals:
  every: exponential(10m)
start: check
steps:
  check: { resource: expert, duration: exponential(3m), next: register }
  register: { resource: clerk, duration: exponential(9m), next: done }
  done: { end: done }
simulation: { horizon: 3d, replications: 5, seed: 11 }
)yaml",
                                                  "two-pools.yaml");
  const bpm::BottleneckReport report = bpm::find_bottlenecks(process, bpm::CompareOptions{});
  REQUIRE(report.resources.size() == 2);
  CHECK(report.resources[0].id == "clerk");
  CHECK(report.resources[0].share > 0.5);
  CHECK(report.resources[0].utilisation > report.resources[1].utilisation);
  CHECK(report.steps[0].id == "register");

  // +1 per pool, then 10% faster per task.
  REQUIRE(report.interventions.size() == 4);
  CHECK(report.interventions[0].change == "resources.expert.count=+1");
  CHECK(report.interventions[1].change == "resources.clerk.count=+1");
  const bpm::MetricDelta& clerk = report.interventions[1].deltas.at(0);
  CHECK(clerk.metric == "cycle_time.mean");
  CHECK(clerk.significant);
  CHECK(clerk.difference.mean < 0.0);
  // A second clerk saves more than a second expert.
  CHECK(clerk.difference.mean < report.interventions[0].deltas.at(0).difference.mean);
}
