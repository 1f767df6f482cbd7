// Timers of tasks and waits: interrupting timeouts against the minimum of a duration and a
// deadline, non-interrupting escalations, and abandonment against Erlang A (M/M/c+M).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine_test_support.hpp"

namespace {

// A wait of exponential length (mean 1 h) with a deadline of 30 min: cases far apart.
const char* const kDeadline = R"yaml(
process: deadline
time_unit: hours
arrivals: { every: 1000h }
start: documents
steps:
  documents: { wait: exponential(1h), timeout: { after: 30m, to: rejected }, next: accepted }
  accepted: { end: accepted }
  rejected: { end: rejected }
simulation: { cases: 4000, replications: 20, seed: 17 }
)yaml";

}  // namespace

TEST_CASE("a timeout ends the step at the minimum of its duration and the deadline", "[sim][timers][theory]") {
  // X ~ exponential(mean μ = 1 h), deadline d = 0.5 h: P(timeout) = P(X > d) = e^(−d/μ), and the
  // time in the step is E[min(X, d)] = μ (1 − e^(−d/μ)).
  const auto r = simtest::run(simtest::model(kDeadline));
  const double p = std::exp(-0.5);
  simtest::check_theory(simtest::estimate(r, "steps.documents.timeout_rate"), p, 0.0, "timeout rate");
  simtest::check_theory(simtest::estimate(r, "outcome.rejected.rate"), p, 0.0, "rejected");
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 3600.0 * (1.0 - p), 0.0, "E[min(X, d)]");
  // The wait statistics count the waits that completed: E[X | X <= d].
  const double completed_mean = 3600.0 * (1.0 - p - 0.5 * p) / (1.0 - p);
  simtest::check_theory(simtest::estimate(r, "steps.documents.waiting.mean"), completed_mean, 0.0, "E[X | X <= d]");
}

TEST_CASE("abandonment of an M/M/c queue with exponential patience is Erlang A", "[sim][timers][theory]") {
  // λ = 2/min, μ = 1/min, c = 2 (offered load 2: without abandonment the queue would grow without
  // bound), patience of mean 2 min (θ = 0.5/min).
  const auto p = simtest::model(R"yaml(
process: callers
time_unit: minutes
resources:
  agents: { count: 2 }
arrivals: { every: exponential(30s) }
start: answer
steps:
  answer:
    resource: agents
    duration: exponential(1m)
    abandon: { after: exponential(2m), to: hung-up }
    next: served
  served: { end: served }
  hung-up: { end: lost }
simulation: { horizon: 20000, warmup: 1000, replications: 20, seed: 23 }
)yaml");
  const auto r = simtest::run(p);
  const simtest::ErlangA theory = simtest::erlang_a(2, 2.0, 1.0, 0.5);
  // Bias allowance: warm-up deletion from an empty start leaves a small transient: 0.5%.
  simtest::check_theory(simtest::estimate(r, "steps.answer.abandonment_rate"), theory.abandoned, 0.005, "P(abandon)");
  simtest::check_theory(simtest::estimate(r, "outcome.lost.rate"), theory.abandoned, 0.005, "lost share");
  simtest::check_theory(simtest::estimate(r, "resources.agents.queue_length"), theory.queue, 0.005, "E[Q]");
  // Served customers keep the servers busy: utilisation = λ (1 − P(abandon)) / (c μ).
  simtest::check_theory(simtest::estimate(r, "resources.agents.utilisation"), (1.0 - theory.abandoned), 0.005,
                        "utilisation");
}

TEST_CASE("a timeout on a task frees its server and counts the work done", "[sim][timers]") {
  // One server, work of 2 h cut off after 1 h, a case every 3 h: the server works 1 h in 3.
  const auto p = simtest::model(R"yaml(
process: cut
time_unit: hours
resources:
  clerk: { count: 1, cost_per_hour: 60 }
arrivals: { every: 3h }
start: work
steps:
  work: { resource: clerk, duration: 2h, timeout: { after: 1h, to: cut }, next: done }
  done: { end: done }
  cut: { end: cut }
simulation: { cases: 30, replications: 2, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "outcome.cut.rate") == 1.0);
  CHECK(simtest::mean(r, "steps.work.timeouts") == 30.0);
  CHECK(simtest::mean(r, "steps.work.count") == 0.0);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(3600.0));
  CHECK(simtest::mean(r, "processing_time.mean") == Approx(3600.0));
  CHECK(simtest::mean(r, "cost.per_case") == Approx(60.0));
  CHECK(simtest::mean(r, "resources.clerk.busy_hours") == Approx(30.0));
}

TEST_CASE("a timeout behind a queue takes the case out of the queue", "[sim][timers]") {
  // One case splits: `hold` takes the only server for 5 h; `work` queues behind it and its 1 h
  // deadline passes in the queue, so it leaves for an end of its branch. The server only ever
  // works on `hold`, the queue held one item for 1 h, and the case ends with `hold` at 5 h.
  const auto p = simtest::model(R"yaml(
process: queue-deadline
time_unit: hours
resources:
  clerk: { count: 1 }
arrivals: { every: 1s }
start: split
steps:
  split: { and: [hold, work] }
  hold: { resource: clerk, duration: 5h, next: done }
  work: { resource: clerk, duration: 2h, timeout: { after: 1h, to: late }, next: worked }
  late: { end: late, terminate: false }
  worked: { end: worked, terminate: false }
  done: { end: done }
simulation: { cases: 1, replications: 1, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "outcome.done.count") == 1.0);
  CHECK(simtest::mean(r, "steps.work.timeouts") == 1.0);
  CHECK(simtest::mean(r, "steps.work.count") == 0.0);
  CHECK(simtest::mean(r, "steps.work.timeout_rate") == 1.0);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(5.0 * 3600.0));
  CHECK(simtest::mean(r, "resources.clerk.busy_hours") == Approx(5.0));
  CHECK(simtest::mean(r, "resources.clerk.queue_length") == Approx(1.0 / 5.0).epsilon(1e-3));
}

TEST_CASE("an escalation starts a branch and the case goes on", "[sim][timers]") {
  // A 5 h wait escalates after 2 h to a 1 h notification that ends its branch; the case ends with
  // the wait, at 5 h. With a terminating end after the notification the case would end at 3 h.
  const std::string head = R"yaml(
process: escalation
time_unit: hours
arrivals: { every: 100h }
start: wait
steps:
  wait: { wait: 5h, escalate: { after: 2h, to: notify }, next: done }
  notify: { duration: 1h, next: notified }
  done: { end: done }
)yaml";
  const std::string tail = "simulation: { cases: 10, replications: 2, seed: 1 }\n";
  SECTION("the escalation branch ends by itself") {
    const auto r = simtest::run(simtest::model(head + "  notified: { end: notified, terminate: false }\n" + tail));
    CHECK(simtest::mean(r, "cycle_time.mean") == Approx(5.0 * 3600.0));
    CHECK(simtest::mean(r, "outcome.done.rate") == 1.0);
    CHECK(simtest::mean(r, "steps.wait.escalations") == 10.0);
    CHECK(simtest::mean(r, "steps.wait.escalation_rate") == 1.0);
    CHECK(simtest::mean(r, "steps.notify.count") == 10.0);
  }
  SECTION("the escalation branch ends the case") {
    const auto r = simtest::run(simtest::model(head + "  notified: { end: notified }\n" + tail));
    CHECK(simtest::mean(r, "cycle_time.mean") == Approx(3.0 * 3600.0));
    CHECK(simtest::mean(r, "outcome.notified.rate") == 1.0);
  }
  SECTION("a step done before the escalation leaves nothing behind") {
    std::string quick = head + "  notified: { end: notified }\n" + tail;
    quick.replace(quick.find("wait: 5h"), 8, "wait: 1h");
    const auto r = simtest::run(simtest::model(quick));
    CHECK(simtest::mean(r, "steps.wait.escalations") == 0.0);
    CHECK(simtest::mean(r, "steps.notify.count") == 0.0);
    CHECK(simtest::mean(r, "cycle_time.mean") == Approx(3600.0));
  }
}

TEST_CASE("timers draw from their own streams, whatever the thread count", "[sim][timers][determinism]") {
  simtest::check_thread_independent(simtest::model(kDeadline));
  // Common random numbers: the timeout draws from a stream of its own, so the waits are those of
  // the process without it: every wait that completes does so at the same time in both.
  std::string without = kDeadline;
  without.replace(without.find(", timeout: { after: 30m, to: rejected }"), 39, "");
  std::string random_deadline = kDeadline;
  random_deadline.replace(random_deadline.find("after: 30m"), 10, "after: exponential(30m)");
  bpm::SimulationOptions options;
  options.replications = 2;
  const auto base = simtest::parse_csv(simtest::run_with_log(simtest::model(without), options));
  const auto timed = simtest::parse_csv(simtest::run_with_log(simtest::model(random_deadline), options));
  std::map<std::pair<std::string, std::string>, std::string> end_of;
  for (const auto& row : base.rows) {
    end_of[{row[base.column("replication")], row[base.column("case_id")]}] = row[base.column("end_time")];
  }
  // The waits a timeout cut short are rows with status `withdraw`, ended when the timer fired.
  std::size_t completed = 0;
  std::size_t withdrawn = 0;
  for (const auto& row : timed.rows) {
    if (row[timed.column("status")] == "withdraw") {
      ++withdrawn;
      CHECK(row[timed.column("start_time")].empty());
      continue;
    }
    REQUIRE(row[timed.column("status")].empty());
    ++completed;
    CHECK(end_of.at({row[timed.column("replication")], row[timed.column("case_id")]}) == row[timed.column("end_time")]);
  }
  CHECK(completed > 100);
  CHECK(withdrawn > 10);
  CHECK(completed < base.rows.size());
  CHECK(completed + withdrawn == base.rows.size());
}

TEST_CASE("a timer's delay may depend on the case's attributes", "[sim][timers][data]") {
  // Deadline `limit` hours, limit uniform(1, 3), on a 5 h wait: every case times out after its own
  // limit, so the mean cycle is E[limit] = 2 h.
  const auto r = simtest::run(simtest::model(R"yaml(
process: own-deadline
time_unit: hours
arrivals: { every: 100h, attributes: { limit: "uniform(1, 3)" } }
start: documents
steps:
  documents: { wait: 5h, timeout: { after: "uniform(limit * 1h, limit * 1h)", to: late }, next: done }
  done: { end: done }
  late: { end: late }
simulation: { cases: 400, replications: 10, seed: 5 }
)yaml"));
  CHECK(simtest::mean(r, "outcome.late.rate") == 1.0);
  simtest::check_theory(simtest::estimate(r, "cycle_time.mean"), 2.0 * 3600.0, 0.0, "E[limit]");
}
