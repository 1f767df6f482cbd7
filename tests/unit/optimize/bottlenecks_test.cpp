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

TEST_CASE("bottlenecks splits waiting by cause: closed hours and timers are not a staffing problem",
          "[optimize][bottlenecks]") {
  // A lightly loaded clerk with office hours: leads arrive round the clock and wait overnight for
  // the office to open, then a 12 h timer. Almost no waiting is queueing for an open pool.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: nights
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 2, cost_per_hour: 30, calendar: office }
arrivals:
  every: exponential(2h)
start: register
steps:
  register: { resource: clerk, duration: exponential(20m), next: cool-off }
  cool-off: { wait: 12h, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 28d, replications: 4, seed: 3 }
)yaml",
                                                  "nights.yaml");
  const bpm::BottleneckReport report = bpm::find_bottlenecks(process, bpm::CompareOptions{});
  REQUIRE(report.causes.size() == 4);
  const auto share = [&report](std::string_view cause) {
    for (const auto& c : report.causes) {
      if (c.cause == cause) return c.share;
    }
    return -1.0;
  };
  // 12 h of timer and, on average, well over 5 h of closed office per case; queueing is minutes.
  CHECK(share("timer") > 0.4);
  CHECK(share("closed") > 0.2);
  CHECK(share("queue") < 0.05);
  CHECK(share("queue") + share("closed") + share("timer") + share("sync") == Approx(1.0));
  // The timer wait is a step of its own, ranked with the tasks, and all of it is timer time.
  REQUIRE(report.steps.size() == 2);
  const bool register_first = report.steps[0].id == "register";
  const bpm::WaitShare& register_step = report.steps[register_first ? 0 : 1];
  const bpm::WaitShare& cool_off = report.steps[register_first ? 1 : 0];
  CHECK(cool_off.id == "cool-off");
  CHECK(cool_off.timer_total == Approx(cool_off.waiting_total));
  CHECK(cool_off.queue_total == 0.0);
  CHECK(register_step.closed_total > 10 * register_step.queue_total);
  CHECK(register_step.queue_total + register_step.closed_total == Approx(register_step.waiting_total));
  // The pool's row says the same: its waiting is closed hours, not a queue.
  REQUIRE(report.resources.size() == 1);
  CHECK(report.resources[0].closed_total == Approx(register_step.closed_total));
  CHECK(report.resources[0].queue_total == Approx(register_step.queue_total));
}
