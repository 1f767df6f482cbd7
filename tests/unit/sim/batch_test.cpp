// Batch tasks: hand-computed runs of size- and timeout-released batches, a batch queueing for
// one server, a batch whose leading case ends early, and thread independence.
#include <catch2/catch.hpp>

#include <string>

#include "engine_test_support.hpp"

namespace {

std::string payment_run(const std::string& batch, const std::string& resource = "", const std::string& duration = "30m",
                        int cases = 6) {
  return R"yaml(
process: payment-run
time_unit: hours
resources: { finance: { count: 1, cost_per_hour: 60 } }
arrivals: { every: 1h }
start: pay
steps:
  pay: { )yaml" +
         resource + "duration: " + duration + ", cost: 30, batch: " + batch + R"yaml(, next: paid }
  paid: { end: paid }
simulation: { cases: )yaml" +
         std::to_string(cases) + R"yaml(, replications: 2, seed: 1 }
)yaml";
}

}  // namespace

TEST_CASE("a batch is served when size cases have come", "[sim][batch]") {
  // Cases at 1, 2, 3 h form a batch at 3 h, done at 3.5 h (cycles 2.5, 1.5, 0.5 h); 4, 5, 6 the same.
  const auto r = simtest::run(simtest::model(payment_run("{ size: 3, timeout: 10h }")));
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(1.5 * 3600.0));
  CHECK(simtest::mean(r, "steps.pay.count") == 6.0);
  CHECK(simtest::mean(r, "steps.pay.batches") == 2.0);
  CHECK(simtest::mean(r, "steps.pay.batch_size.mean") == 3.0);
  CHECK(simtest::mean(r, "steps.pay.waiting.mean") == Approx(3600.0));
  CHECK(simtest::mean(r, "steps.pay.processing.mean") == Approx(1800.0));
  CHECK(simtest::mean(r, "cost.per_case") == Approx(10.0));  // one fixed cost of 30 per batch of 3
  // Rostered: the fixed cost once per batch too (2 × 30), beside the finance pool's 6.5 h of
  // rostered time (the run ends with the second batch) at 60/h.
  CHECK(simtest::mean(r, "cost.rostered") == Approx(2 * 30.0 + 6.5 * 60.0));
}

TEST_CASE("a batch with data: several pools, a cost formula and set:", "[sim][batch][data][several-pools]") {
  // Cases at 1, 2, 3, 4 h with amount 2. The first batch (1, 2) goes at 2 h to a for 2 × 1.5 h
  // (the leading case's amount), until 5 h; the second (3, 4) goes at 4 h to b, a being busy,
  // until 7 h. Each case pays half its batch's time (60/h on a, 120/h on b) plus its own fee
  // amount × 10, and gets paid = amount × 3, which routes it to `big`.
  const auto r = simtest::run(simtest::model(R"yaml(
process: batch-data
time_unit: hours
resources:
  a: { count: 1, cost_per_hour: 60 }
  b: { count: 1, cost_per_hour: 120 }
arrivals: { every: 1h, attributes: { amount: "2" } }
start: pay
steps:
  pay:
    resource: [a, b]
    duration: "amount * 1.5h"
    cost: "amount * 10"
    batch: { size: 2 }
    set: { paid: "amount * 3" }
    next: check
  check: { xor: [ { to: big, when: "paid > 5" }, { to: small, p: 1 } ] }
  big: { end: big }
  small: { end: small }
simulation: { cases: 4, replications: 1, seed: 1 }
)yaml"));
  CHECK(simtest::mean(r, "steps.pay.batches") == 2.0);
  CHECK(simtest::mean(r, "resources.a.busy_hours") == Approx(3.0));
  CHECK(simtest::mean(r, "resources.b.busy_hours") == Approx(3.0));
  CHECK(simtest::mean(r, "resources.a.executions") == 2.0);
  CHECK(simtest::mean(r, "resources.b.executions") == 2.0);
  CHECK(simtest::mean(r, "steps.pay.cost") == Approx(2 * (90.0 + 20.0) + 2 * (180.0 + 20.0)));
  CHECK(simtest::mean(r, "cost.per_case") == Approx(155.0));
  CHECK(simtest::mean(r, "outcome.big.count") == 4.0);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(3.5 * 3600.0));
  CHECK(simtest::mean(r, "processing_time.mean") == Approx(3.0 * 3600.0));
}

TEST_CASE("a batch is served at its timeout with the cases it has", "[sim][batch]") {
  // The first case (1 h) starts the 2.5 h timeout: the cases of 1, 2, 3 h go at 3.5 h and are done
  // at 4 h (cycles 3, 2, 1 h); the case of 4 h starts the next, which goes at 6.5 h with 4, 5, 6.
  const auto r = simtest::run(simtest::model(payment_run("{ size: 5, timeout: 2.5h }")));
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(2.0 * 3600.0));
  CHECK(simtest::mean(r, "steps.pay.batches") == 2.0);
  CHECK(simtest::mean(r, "steps.pay.batch_size.mean") == 3.0);
}

TEST_CASE("a batch queues for its pool as one work item", "[sim][batch]") {
  // One server, 3 h per batch of 2: cases 1, 2 go at 2 h (done 5 h), cases 3, 4 are ready at 4 h
  // and wait for the server until 5 h (done 8 h): cycles 4, 3, 5, 4 h. The server works 6 h.
  const auto r = simtest::run(simtest::model(payment_run("{ size: 2 }", "resource: finance, ", "3h", 4)));
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(4.0 * 3600.0));
  CHECK(simtest::mean(r, "resources.finance.busy_hours") == Approx(6.0));
  CHECK(simtest::mean(r, "cost.per_case") == Approx((2 * 30.0 + 6 * 60.0) / 4));
  CHECK(simtest::mean(r, "resources.finance.waiting.mean") == Approx((1.0 + 0.0 + 2.0 + 1.0) / 4 * 3600.0));
}

TEST_CASE("a batch goes on when the case leading it ends", "[sim][batch]") {
  // Case 1 (1 h) and case 2 (2 h) form a batch at 2 h, worked 2 h to 4 h. Case 1's other branch
  // ends it at 3.5 h; case 2 leads the batch on, is paid at 4 h, before its own branch would end it.
  const auto p = simtest::model(R"yaml(
process: hand-over
time_unit: hours
resources: { finance: { count: 1 } }
arrivals: { every: 1h }
start: split
steps:
  split: { and: [pay, other] }
  pay: { resource: finance, duration: 2h, batch: { size: 2 }, next: paid }
  other: { duration: 2.5h, next: cut }
  paid: { end: paid }
  cut: { end: cut }
simulation: { cases: 2, replications: 1, seed: 1 }
)yaml");
  const auto r = simtest::run(p);
  CHECK(simtest::mean(r, "outcome.cut.count") == 1.0);
  CHECK(simtest::mean(r, "outcome.paid.count") == 1.0);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx((2.5 + 2.0) / 2 * 3600.0));
  CHECK(simtest::mean(r, "resources.finance.busy_hours") == Approx(2.0));
}

TEST_CASE("batches are independent of the thread count", "[sim][batch][determinism]") {
  std::string text =
      payment_run("{ size: 4, timeout: exponential(3h) }", "resource: finance, ", "exponential(1h)", 200);
  text.replace(text.find("every: 1h"), 9, "every: exponential(1h)");
  simtest::check_thread_independent(simtest::model(text));
}

TEST_CASE("the event log names each batch and its release, also for batches the horizon stops", "[sim][batch][log]") {
  // Cases at 1, 2, 3, 4, 5 h; batches of two, 3 h each, one server. Batch 1 (cases 1, 2) is
  // released at 2 h and worked 2-5 h; batch 2 (cases 3, 4) is released at 4 h, queues until 5 h and
  // is under way at the 6 h horizon; case 5 is still being collected then (no pool, no batch).
  const auto p = simtest::model(R"yaml(
process: batch-log
time_unit: hours
resources: { finance: { count: 1, cost_per_hour: 60 } }
arrivals: { every: 1h }
start: pay
steps:
  pay: { resource: finance, duration: 3h, cost: 30, batch: { size: 2, timeout: 10h }, next: paid }
  paid: { end: paid }
simulation: { start: 2026-01-05T00:00, horizon: 5.5h, replications: 1, seed: 1 }
)yaml");
  const std::string log = simtest::run_with_log(p, {});
  CHECK(log.find("case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,batch,"
                 "batch_ready\n") != std::string::npos);
  // Each case of batch 1 pays half of 30 + 3 h × 60.
  CHECK(log.find("1,0,pay,finance,2026-01-05T01:00:00,2026-01-05T02:00:00,2026-01-05T05:00:00,105.00,paid,1,"
                 "2026-01-05T02:00:00\n") != std::string::npos);
  CHECK(log.find("2,0,pay,finance,2026-01-05T02:00:00,2026-01-05T02:00:00,2026-01-05T05:00:00,105.00,paid,1,"
                 "2026-01-05T02:00:00\n") != std::string::npos);
  CHECK(log.find("3,0,pay,finance,2026-01-05T03:00:00,2026-01-05T05:00:00,,,,2,2026-01-05T04:00:00\n") !=
        std::string::npos);
  CHECK(log.find("4,0,pay,finance,2026-01-05T04:00:00,2026-01-05T05:00:00,,,,2,2026-01-05T04:00:00\n") !=
        std::string::npos);
  CHECK(log.find("5,0,pay,,2026-01-05T05:00:00,,,,,,\n") != std::string::npos);
}
