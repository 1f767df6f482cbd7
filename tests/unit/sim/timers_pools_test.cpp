// Timers of tasks that several pools can do, with FIFO and ranked (per-case priority) queues:
// a case that times out or abandons leaves every queue it waits in, and its entries there are
// skipped; abandonment from the shared queue of two one-server pools is Erlang A with c = 2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine_test_support.hpp"

namespace {

/// Rows of the log for one activity, in log order: (case, resource, start, end, status).
struct Row {
  std::string case_id;
  std::string resource;
  std::string start;
  std::string end;
  std::string status;
};

std::vector<Row> rows_of(const simtest::Csv& log, std::string_view activity) {
  std::vector<Row> out;
  for (const auto& row : log.rows) {
    if (row[log.column("activity")] != activity) continue;
    out.push_back({row[log.column("case_id")], row[log.column("resource")], row[log.column("start_time")],
                   row[log.column("end_time")], row[log.column("status")]});
  }
  return out;
}

/// Two one-server pools for one task, cases every 2 min, 10 min of work; `timer` and `priority`
/// are the task's extra keys. Every case has the same rank, so that a ranked queue (`priority:
/// rank`) serves in arrival order too and both disciplines give the same known answer.
std::string two_pools(const std::string& timer, const std::string& priority) {
  return R"yaml(
process: two-pools-timers
time_unit: minutes
resources:
  a: { count: 1, cost_per_hour: 60 }
  b: { count: 1, cost_per_hour: 120 }
arrivals: { every: 2m, attributes: { rank: "1" } }
start: work
steps:
  work:
    resource: [a, b]
    duration: 10m
)yaml" + priority +
         timer + R"yaml(
    next: done
  done: { end: done }
  gone: { end: gone }
simulation: { cases: 4, replications: 1, seed: 3 }
)yaml";
}

}  // namespace

TEST_CASE("a case that abandons leaves the queues of every pool of its task", "[sim][timers][several-pools]") {
  // Case 1 (2 min) takes a until 12, case 2 (4) takes b until 14, case 3 (6) waits in both queues
  // and abandons at 11; case 4 (8) waits in both and is taken by a at 12, its patience (13) not
  // yet spent. Its entries behind case 3's stale ones are found in either queue discipline.
  const std::string abandon = "    abandon: { after: 5m, to: gone }\n";
  for (const std::string& priority : {std::string(), std::string("    priority: rank\n")}) {
    CAPTURE(priority);
    const auto p = simtest::model(two_pools(abandon, priority));
    const auto r = simtest::run(p);
    CHECK(simtest::mean(r, "steps.work.count") == 3.0);
    CHECK(simtest::mean(r, "steps.work.abandoned") == 1.0);
    CHECK(simtest::mean(r, "outcome.gone.count") == 1.0);
    CHECK(simtest::mean(r, "resources.a.executions") == 2.0);
    CHECK(simtest::mean(r, "resources.b.executions") == 1.0);
    CHECK(simtest::mean(r, "resources.a.busy_hours") == Approx(20.0 / 60.0));
    const auto log = simtest::parse_csv(simtest::run_with_log(p, {}));
    auto rows = rows_of(log, "work");
    // Case 3's abandoned wait is a row with status `withdraw`, ended at 11, naming no pool (it
    // waited at both).
    REQUIRE(rows.size() == 4);
    const auto abandoned = std::find_if(rows.begin(), rows.end(), [](const Row& row) { return row.case_id == "3"; });
    REQUIRE(abandoned != rows.end());
    CHECK(abandoned->status == "withdraw");
    CHECK(abandoned->resource.empty());
    CHECK(abandoned->start.empty());
    CHECK(abandoned->end == "2026-01-05T00:11:00");
    rows.erase(abandoned);
    for (const Row& row : rows) CHECK(row.status.empty());
    CHECK(rows.back().case_id == "4");
    CHECK(rows.back().resource == "a");
    CHECK(rows.back().start == "2026-01-05T00:12:00");
    CHECK(rows.back().end == "2026-01-05T00:22:00");
  }
}

TEST_CASE("a timeout cuts short the work of the pool that took it", "[sim][timers][several-pools]") {
  // A deadline of 11 min: cases 1 and 2 start at once and end in time; case 3 waits from 6 to 12
  // (a frees first), is cut at 17 after 5 min of a's time; case 4 waits from 8 to 14 (b) and is
  // cut at 19 after 5 min of b's.
  const std::string timeout = "    timeout: { after: 11m, to: gone }\n";
  for (const std::string& priority : {std::string(), std::string("    priority: rank\n")}) {
    CAPTURE(priority);
    const auto r = simtest::run(simtest::model(two_pools(timeout, priority)));
    CHECK(simtest::mean(r, "steps.work.count") == 2.0);
    CHECK(simtest::mean(r, "steps.work.timeouts") == 2.0);
    CHECK(simtest::mean(r, "steps.work.timeout_rate") == 0.5);
    CHECK(simtest::mean(r, "resources.a.busy_hours") == Approx(15.0 / 60.0));
    CHECK(simtest::mean(r, "resources.b.busy_hours") == Approx(15.0 / 60.0));
    // Each pool's own rate: case 1 pays 10 min of a, case 2 10 min of b, cases 3 and 4 5 min each.
    CHECK(simtest::mean(r, "cost.per_case") == Approx((10.0 + 20.0 + 5.0 + 10.0) / 4.0));
    CHECK(simtest::mean(r, "processing_time.mean") == Approx(60.0 * (10.0 + 10.0 + 5.0 + 5.0) / 4.0));
    // Cycle: 10, 10, 11, 11 min; waiting: 0, 0, 6, 6 min (the queue, not the cut work).
    CHECK(simtest::mean(r, "cycle_time.mean") == Approx(60.0 * 10.5));
    CHECK(simtest::mean(r, "waiting_time.mean") == Approx(60.0 * 3.0));
  }
}

TEST_CASE("abandonment from the shared queue of two pools with ranked priorities is Erlang A",
          "[sim][timers][several-pools][theory]") {
  // Two one-server pools that both do the task (policy first) serve one shared queue: an M/M/2.
  // The order in which waiting cases are served (here by a random per-case priority) does not
  // change the number in the system when patience is exponential and no server idles while work
  // waits, so P(abandon) and E[Q] are Erlang A's with c = 2 (λ = 2/min, μ = 1/min, θ = 0.5/min).
  const auto p = simtest::model(R"yaml(
process: callers-two-teams
time_unit: minutes
resources:
  day-team: { count: 1 }
  night-team: { count: 1 }
arrivals: { every: exponential(30s), attributes: { value: "uniform(0, 100)" } }
start: answer
steps:
  answer:
    resource: [day-team, night-team]
    priority: value
    duration: exponential(1m)
    abandon: { after: exponential(2m), to: hung-up }
    next: served
  served: { end: served }
  hung-up: { end: lost }
simulation: { horizon: 20000, warmup: 1000, replications: 20, seed: 29 }
)yaml");
  const auto r = simtest::run(p);
  const simtest::ErlangA theory = simtest::erlang_a(2, 2.0, 1.0, 0.5);
  // Bias allowance: warm-up deletion from an empty start leaves a small transient: 0.5%.
  simtest::check_theory(simtest::estimate(r, "steps.answer.abandonment_rate"), theory.abandoned, 0.005, "P(abandon)");
  simtest::check_theory(simtest::estimate(r, "outcome.lost.rate"), theory.abandoned, 0.005, "lost share");
  // A waiting case is in both pools' queues, so each queue's length is the system's E[Q].
  simtest::check_theory(simtest::estimate(r, "resources.day-team.queue_length"), theory.queue, 0.005, "E[Q] day");
  simtest::check_theory(simtest::estimate(r, "resources.night-team.queue_length"), theory.queue, 0.005, "E[Q] night");
  // Busy servers: λ (1 − P(abandon)) / μ of the two, summed over the pools.
  std::vector<double> busy = simtest::values(r, "resources.day-team.utilisation");
  const std::vector<double> night = simtest::values(r, "resources.night-team.utilisation");
  for (std::size_t i = 0; i < busy.size(); ++i) busy[i] += night[i];
  simtest::check_theory(simtest::estimate(busy), 2.0 * (1.0 - theory.abandoned), 0.005, "busy servers");
}

TEST_CASE("timers on tasks several pools can do draw the same numbers whatever the thread count",
          "[sim][timers][several-pools][determinism]") {
  simtest::check_thread_independent(simtest::model(R"yaml(
process: mixed
time_unit: minutes
resources:
  a: { count: 1 }
  b: { members: [ann, bob] }
arrivals: { every: exponential(1m), attributes: { score: "uniform(0, 1)" } }
start: work
steps:
  work:
    resource: [a, b]
    policy: cheapest
    priority: score
    duration: exponential(80s)
    timeout: { after: exponential(5m), to: late }
    abandon: { after: exponential(2m), to: lost }
    next: done
  done: { end: done }
  late: { end: late }
  lost: { end: lost }
simulation: { horizon: 2000, replications: 4, seed: 5 }
)yaml"));
}
