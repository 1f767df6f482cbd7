// How a run starts, ends and is measured: horizon vs number of cases, warm-up deletion, WIP and
// SLAs at the end of the run, terminating ends, the step limit, and bad requests.
#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "engine_test_support.hpp"

TEST_CASE("a horizon stops the run and leaves cases in flight as WIP", "[sim][run]") {
  // One server, 25 min jobs, a case every 10 min, horizon 100 min. Cases 1-3 complete (cycle 25,
  // 40, 55 min); case 4 is in service at the horizon, 5-10 queue. Figures worked out by hand.
  const auto r = simtest::run(simtest::model(R"yaml(
process: horizon
resources:
  server: { count: 1 }
arrivals:
  every: 10
start: job
steps:
  job: { resource: server, duration: 25, next: done }
  done: { end: done }
slas:
  total: { from: arrival, to: end, within: 45m }
  pickup: { from: arrival, to: job.start, within: 30m }
simulation: { horizon: 100, replications: 1 }
)yaml"));
  const auto at = [&](const char* name) { return simtest::mean(r, name); };
  CHECK(at("cases.arrived") == 10);
  CHECK(at("cases.completed") == 3);
  CHECK(at("cases.in_flight") == 7);
  CHECK(at("cycle_time.mean") == Approx(40 * 60.0));
  CHECK(at("waiting_time.mean") == Approx(15 * 60.0));
  // ∫ WIP dt = 25 + 40 + 55 + 60 + 50 + 40 + 30 + 20 + 10 + 0 case-minutes over 100 min.
  CHECK(at("wip") == Approx(3.3));
  // ∫ queue dt = 15 + 30 + 45 + 50 + 40 + 30 + 20 + 10 job-minutes.
  CHECK(at("resources.server.queue_length") == Approx(2.4));
  // Busy from 10 to 100, the job in service at the horizon included.
  CHECK(at("resources.server.utilisation") == Approx(0.9));
  CHECK(at("resources.server.busy_hours") == Approx(1.5));
  // total: met by cases 1-2, breached by case 3 and by open cases 4 and 5 (already over 45 min).
  CHECK(at("sla.total") == Approx(2.0 / 5.0));
  // pickup: met 1-3 (0, 15, 30 min); breached by 4 (started after 45 min) and by 5 and 6 (waiting
  // for 50 and 40 min); 7-10 are not late yet and do not count.
  CHECK(at("sla.pickup") == Approx(3.0 / 6.0));
  CHECK(at("throughput") == Approx(3 / (100.0 / 1440.0)));
}

TEST_CASE("a number of cases ends arrivals and the run drains", "[sim][run]") {
  const auto process = simtest::model(R"yaml(
process: drain
resources:
  server: { count: 2 }
arrivals:
  every: exponential(10)
start: job
steps:
  job: { resource: server, duration: exponential(15), next: done }
  done: { end: done }
simulation: { horizon: 1d, replications: 3, seed: 1 }
)yaml");
  bpm::SimulationOptions options;
  options.cases = 500;  // --cases replaces the file's horizon
  const auto r = simtest::run(process, options);
  for (const auto& rep : r.replications) CHECK(rep.cases == 500);
  CHECK(simtest::mean(r, "cases.completed") == 500);
  CHECK(simtest::mean(r, "cases.in_flight") == 0);
  CHECK(simtest::mean(r, "steps.job.count") == 500);
}

TEST_CASE("warm-up by time deletes the cases that arrive before it", "[sim][run]") {
  // A case every 10 min taking 5 min, horizon 1000 min, warm-up 200 min: cases arriving at
  // 200, 210, ..., 1000 are measured (81); the last is still open at the horizon.
  const auto r = simtest::run(simtest::model(R"yaml(
process: warm
arrivals:
  every: 10
start: job
steps:
  job: { duration: 5, next: done }
  done: { end: done }
simulation: { horizon: 1000, warmup: 200, replications: 1 }
)yaml"));
  CHECK(simtest::mean(r, "cases.arrived") == 81);
  CHECK(simtest::mean(r, "cases.completed") == 80);
  CHECK(simtest::mean(r, "steps.job.count") == 80);
  CHECK(simtest::mean(r, "throughput") == Approx(80 / (800.0 / 1440.0)));
  // The WIP alternates 1 (5 min) and 0 (5 min) over the measured 800 min.
  CHECK(simtest::mean(r, "wip") == Approx(0.5));
  CHECK(r.replications[0].cases == 100);
}

TEST_CASE("warm-up by cases deletes the first cases and measures from the next arrival", "[sim][run]") {
  const auto r = simtest::run(simtest::model(R"yaml(
process: warm
resources:
  server: { count: 1 }
arrivals:
  every: 10
start: job
steps:
  job: { resource: server, duration: 5, next: done }
  done: { end: done }
simulation: { cases: 1000, warmup: { cases: 200 }, replications: 2 }
)yaml"));
  CHECK(simtest::mean(r, "cases.arrived") == 800);
  CHECK(simtest::mean(r, "cases.completed") == 800);
  CHECK(simtest::mean(r, "steps.job.count") == 800);
  // From the 201st arrival (t = 2010 min) to the last completion (10005 min): busy 800 × 5 min.
  CHECK(simtest::mean(r, "resources.server.utilisation") == Approx(800 * 5.0 / (10005 - 2010)));
}

TEST_CASE("an end terminates the whole case and frees what its other branches hold", "[sim][run]") {
  // Each case splits into a 10 min automatic branch that ends the case and a 1000 min job on the
  // only server. The end cuts the job short: the server is busy 10 min per case and free for the
  // next case, which therefore never waits.
  const auto r = simtest::run(simtest::model(R"yaml(
process: terminate
resources:
  server: { count: 1 }
arrivals:
  every: 60
start: split
steps:
  split: { and: [quick, slow] }
  quick: { duration: 10, next: stop }
  stop: { end: early }
  slow: { resource: server, duration: 1000, next: done }
  done: { end: done }
simulation: { cases: 100, replications: 1 }
)yaml"));
  CHECK(simtest::mean(r, "outcome.early.count") == 100);
  CHECK(simtest::mean(r, "outcome.done.count") == 0);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(600.0));
  CHECK(simtest::mean(r, "steps.slow.count") == 0);  // never completed
  CHECK(simtest::mean(r, "resources.server.busy_hours") == Approx(100 * 10 / 60.0));
  CHECK(simtest::mean(r, "resources.server.queue_length") == 0);
}

TEST_CASE("work queued by a case that ended leaves the queue", "[sim][run]") {
  // Cases arrive every hour from Monday 00:00 and split into a 3.5 h automatic branch that ends
  // the case and a 2 h job for a server that opens at 09:00. Cases 1-5 end while their job is still
  // queued; at 09:00 the server skips them and takes case 6's job, which case 6's end cuts short at
  // 09:30; from then on each job starts when the previous case ends and is cut short an hour later.
  const auto r = simtest::run(simtest::model(R"yaml(
process: stale
calendars:
  late: { daily: "09:00-24:00" }
resources:
  server: { count: 1, calendar: late }
arrivals:
  every: 1h
start: split
steps:
  split: { and: [quick, job] }
  quick: { duration: 3.5h, next: stop }
  stop: { end: early }
  job: { resource: server, duration: 2h, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, cases: 20, replications: 1 }
)yaml"));
  CHECK(simtest::mean(r, "outcome.early.count") == 20);
  CHECK(simtest::mean(r, "cycle_time.mean") == Approx(3.5 * 3600));
  CHECK(simtest::mean(r, "steps.job.count") == 0);
  // Busy 09:00-09:30 for case 6, then an hour each for cases 7-20, until the last end at 23:30.
  CHECK(simtest::mean(r, "resources.server.busy_hours") == Approx(14.5));
  CHECK(simtest::mean(r, "resources.server.utilisation") == Approx(1.0));
  // Queued: 3.5 h each for jobs 1-5, 3 h for job 6, 2.5 h each for jobs 7-20, over 23.5 h.
  CHECK(simtest::mean(r, "resources.server.queue_length") == Approx((5 * 3.5 + 3 + 14 * 2.5) / 23.5));
}

TEST_CASE("a case that loops forever hits the step limit with a clear error", "[sim][run]") {
  const auto process = simtest::model(R"yaml(
process: loop
arrivals:
  every: 10
start: work
steps:
  work: { duration: 1, next: again }
  again:
    xor:
      - { to: work, p: 1 }
      - { to: done, p: 0 }
  done: { end: done }
simulation: { cases: 10, max_steps_per_case: 50, replications: 2 }
)yaml");
  REQUIRE_THROWS_MATCHES(
      simtest::run(process), bpm::SimulationError,
      Catch::Message("case 1 exceeded max_steps_per_case (50) at step 'work': a loop with no exit?"));
  bpm::SimulationOptions two_threads;
  two_threads.threads = 2;
  REQUIRE_THROWS_AS(simtest::run(process, two_threads), bpm::SimulationError);

  // A loop that takes no time at all is caught the same way rather than hanging the run.
  const auto spin = simtest::model(R"yaml(
process: spin
arrivals:
  every: 10
start: spin
steps:
  spin:
    xor:
      - { to: spin, p: 1 }
      - { to: done, p: 0 }
  done: { end: done }
simulation: { cases: 10, replications: 1 }
)yaml");
  REQUIRE_THROWS_WITH(simtest::run(spin),
                      "case 1 exceeded max_steps_per_case (10000) at step 'spin': a loop with no exit?");
}

TEST_CASE("impossible requests are usage errors", "[sim][run]") {
  auto process = simtest::model(R"yaml(
process: p
arrivals:
  every: 10
start: done
steps:
  done: { end: done }
simulation: { horizon: 100 }
)yaml");
  process.simulation.replications = 0;
  REQUIRE_THROWS_AS(simtest::run(process), bpm::UsageError);
  process.simulation.replications = 1;
  process.simulation.horizon.reset();
  REQUIRE_THROWS_AS(simtest::run(process), bpm::UsageError);
}

TEST_CASE("progress is reported once per replication", "[sim][run]") {
  const auto process = simtest::model(R"yaml(
process: p
arrivals:
  every: exponential(10)
start: job
steps:
  job: { duration: 5, next: done }
  done: { end: done }
simulation: { cases: 100, replications: 7 }
)yaml");
  for (const unsigned threads : {1U, 2U}) {
    std::vector<std::uint64_t> seen;
    bpm::SimulationOptions options;
    options.threads = threads;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
      CHECK(total == 7);
      seen.push_back(done);
    };
    (void)simtest::run(process, options);
    CHECK(seen == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7});
  }
}
