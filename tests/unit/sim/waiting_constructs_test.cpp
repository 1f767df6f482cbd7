// Waiting-time accounting of the constructs that make a case's work overlap or stop short:
// timeouts, escalations, parallel and sequential instances, batches. A case's waiting time is the
// part of its cycle in which nothing of it was worked on (metrics/waiting.hpp), so for every case
// waiting ≤ cycle, and cycle − waiting (the time some work was under way) ≤ processing (the sum of
// the work, which counts overlapping work twice). Known values on deterministic models, and the
// two inequalities on a random model that combines the constructs.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine_test_support.hpp"

namespace {

struct Times {
  double cycle = 0.0;
  double waiting = 0.0;
  double processing = 0.0;
};

/// Mean cycle, waiting and processing time in hours of a deterministic model (one replication).
Times times_of(const std::string& yaml) {
  const auto r = simtest::run(simtest::model(yaml));
  return {simtest::mean(r, "cycle_time.mean") / 3600.0, simtest::mean(r, "waiting_time.mean") / 3600.0,
          simtest::mean(r, "processing_time.mean") / 3600.0};
}

const char* const kTail = "simulation: { cases: 5, replications: 1, seed: 1 }\n";

}  // namespace

TEST_CASE("waiting of multi-instance tasks: parallel instances overlap, sequential ones follow",
          "[sim][waiting][instances]") {
  const std::string head = R"yaml(
process: instances
time_unit: hours
resources:
  team: { count: 2 }
arrivals: { every: 100h }
start: check
steps:
  done: { end: done }
)yaml";
  SECTION("three parallel instances on two servers") {
    // 0-1 h two instances, 1-2 h the third: work is under way throughout, 3 h of it in 2 h.
    const Times t =
        times_of(head + "  check: { resource: team, duration: 1h, instances: { count: 3 }, next: done }\n" + kTail);
    CHECK(t.cycle == Approx(2.0));
    CHECK(t.waiting == Approx(0.0).margin(1e-9));
    CHECK(t.processing == Approx(3.0));
  }
  SECTION("three sequential instances") {
    const Times t = times_of(
        head + "  check: { resource: team, duration: 1h, instances: { count: 3, parallel: false }, next: done }\n" +
        kTail);
    CHECK(t.cycle == Approx(3.0));
    CHECK(t.waiting == Approx(0.0).margin(1e-9));
    CHECK(t.processing == Approx(3.0));
  }
  SECTION("parallel instances on one server queue behind each other") {
    std::string one = head;
    one.replace(one.find("count: 2"), 8, "count: 1");
    const Times t =
        times_of(one + "  check: { resource: team, duration: 1h, instances: { count: 3 }, next: done }\n" + kTail);
    CHECK(t.cycle == Approx(3.0));
    CHECK(t.waiting == Approx(0.0).margin(1e-9));  // one instance is always at work
    CHECK(t.processing == Approx(3.0));
  }
}

TEST_CASE("waiting of escalations: the escalated branch's work overlaps the wait", "[sim][waiting][timers]") {
  // A 5 h wait escalates after 2 h to 1 h of work that ends its branch: 1 h of the 5 h is worked.
  const Times t = times_of(R"yaml(
process: escalation
time_unit: hours
arrivals: { every: 100h }
start: wait
steps:
  wait: { wait: 5h, escalate: { after: 2h, to: notify }, next: done }
  notify: { duration: 1h, next: notified }
  notified: { end: notified, terminate: false }
  done: { end: done }
)yaml" + std::string(kTail));
  CHECK(t.cycle == Approx(5.0));
  CHECK(t.waiting == Approx(4.0));
  CHECK(t.processing == Approx(1.0));
}

TEST_CASE("waiting of timeouts: time in the queue is waiting, work cut short is work", "[sim][waiting][timers]") {
  SECTION("a timeout in the queue, then in the work") {
    // Two cases at once (a batch arrival). Case 1 works 3 h and is done before its 4 h deadline.
    // Case 2 waits 3 h, works 1 h until its deadline cuts it, then does a 1 h fallback: cycle
    // 5 h, waiting 3 h, processing 2 h.
    const Times t = times_of(R"yaml(
process: queue-timeout
time_unit: hours
resources:
  clerk: { count: 1 }
arrivals: { every: 100h, size: 2 }
start: work
steps:
  work: { resource: clerk, duration: 3h, timeout: { after: 4h, to: fallback }, next: done }
  fallback: { duration: 1h, next: done }
  done: { end: done }
simulation: { cases: 2, replications: 1, seed: 1 }
)yaml");
    CHECK(t.cycle == Approx(4.0));
    CHECK(t.waiting == Approx(1.5));
    CHECK(t.processing == Approx(2.5));
  }
  SECTION("a timeout of a wait") {
    const Times t = times_of(R"yaml(
process: wait-timeout
time_unit: hours
arrivals: { every: 100h }
start: documents
steps:
  documents: { wait: 10h, timeout: { after: 4h, to: chase }, next: done }
  chase: { duration: 1h, next: done }
  done: { end: done }
)yaml" + std::string(kTail));
    CHECK(t.cycle == Approx(5.0));
    CHECK(t.waiting == Approx(4.0));
    CHECK(t.processing == Approx(1.0));
  }
}

TEST_CASE("waiting never exceeds the cycle, nor work under way the processing, with every construct",
          "[sim][waiting][timers][instances][batch]") {
  // Random durations, parallel instances on a busy pool, escalations, timeouts out of queues and
  // work, abandonment and a batch step: each replication's means obey the per-case inequalities.
  const auto r = simtest::run(simtest::model(R"yaml(
process: everything
time_unit: minutes
resources:
  a: { count: 2 }
  b: { count: 1 }
  c: { count: 1 }
arrivals: { every: exponential(20m), attributes: { n: "uniform(1, 4)" } }
start: split
steps:
  split: { and: [review, checks] }
  review:
    resource: [a, b]
    duration: exponential(15m)
    timeout: { after: exponential(30m), to: rescue }
    escalate: { after: 10m, to: notify }
    next: joined
  rescue: { resource: c, duration: exponential(5m), next: joined }
  notify: { duration: 2m, next: notified }
  notified: { end: notified, terminate: false }
  checks: { resource: a, duration: exponential(4m), instances: { count: n }, next: joined }
  joined: { join: [review, checks], next: call }
  call: { resource: c, duration: exponential(6m), abandon: { after: exponential(10m), to: pay }, next: pay }
  pay: { resource: b, duration: 20m, batch: { size: 3, timeout: 1h }, next: done }
  done: { end: done }
simulation: { horizon: 3000, warmup: 300, replications: 10, seed: 41 }
)yaml"));
  const std::vector<double> cycle = simtest::values(r, "cycle_time.mean");
  const std::vector<double> waiting = simtest::values(r, "waiting_time.mean");
  const std::vector<double> processing = simtest::values(r, "processing_time.mean");
  REQUIRE(cycle.size() == 10);
  CHECK(simtest::mean(r, "steps.review.timeouts") > 0.0);
  CHECK(simtest::mean(r, "steps.review.escalations") > 0.0);
  CHECK(simtest::mean(r, "steps.call.abandoned") > 0.0);
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    CAPTURE(i, cycle[i], waiting[i], processing[i]);
    CHECK(waiting[i] >= 0.0);
    CHECK(waiting[i] <= cycle[i] * (1.0 + 1e-12));
    CHECK(cycle[i] - waiting[i] <= processing[i] * (1.0 + 1e-12));
  }
}
