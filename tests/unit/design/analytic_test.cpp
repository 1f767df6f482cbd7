// The analytic model against closed forms, and against the simulator where its assumptions hold
// exactly (one always-open pool, Poisson arrivals, exponential service).
#include <catch2/catch.hpp>

#include <cmath>

#include "analytic_test_support.hpp"
#include "bpm/design/analytic.hpp"
#include "bpm/sim/simulator.hpp"
#include "design_test_support.hpp"

using designtest::metric;

TEST_CASE("Erlang C matches the closed forms", "[design][analytic]") {
  // M/M/1: P(wait) = ρ. M/M/2: 2ρ² / (1 + ρ). M/M/3 with a = 2.4: 0.6472 (tables).
  CHECK(bpm::erlang_c(1, 0.8) == Approx(0.8).epsilon(1e-12));
  CHECK(bpm::erlang_c(2, 1.6) == Approx(2 * 0.64 / 1.8).epsilon(1e-12));
  CHECK(bpm::erlang_c(3, 2.4) == Approx(0.6472).epsilon(1e-4));
  CHECK(bpm::erlang_c(3, 3.0) == 1.0);
  CHECK(bpm::erlang_c(4, 0.0) == 0.0);
  // A large pool stays finite (the recursion never forms a^c / c!).
  CHECK(bpm::erlang_c(500, 450.0) > 0.0);
  CHECK(bpm::erlang_c(500, 450.0) < 1.0);

  bpm::MmcQueue mm1{1, 0.8, 1.0};
  CHECK(mm1.mean_wait() == Approx(4.0));  // ρ / (μ − λ)
  CHECK(mm1.mean_queue() == Approx(3.2));
  bpm::MmcQueue mm3{3, 2.4, 1.0};
  CHECK(mm3.mean_wait() == Approx(0.6472 / 0.6).epsilon(1e-4));
  bpm::MmcQueue overloaded{2, 3.0, 1.0};
  CHECK_FALSE(overloaded.stable());
  CHECK(std::isinf(overloaded.mean_wait()));
}

TEST_CASE("the analytic model gives visits, outcomes, work and cost per case", "[design][analytic]") {
  const bpm::Process p = designtest::model(R"yaml(
process: rework
resources: { clerks: { count: 2, cost_per_hour: 60 } }
arrivals: { every: exponential(30m) }
start: enter
steps:
  enter: { resource: clerks, duration: exponential(20m), cost: 1, rework: 0.25, next: route }
  route:
    xor:
      - { to: file, p: 0.6 }
      - { to: refused, p: 0.4 }
  file: { wait: 1d, next: done }
  done: { end: done }
  refused: { end: refused }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  REQUIRE(m.routing.finite);
  // A rework loop of p = 0.25 runs 1 / (1 − p) times.
  CHECK(m.steps[0].visits == Approx(4.0 / 3.0));
  CHECK(m.routing.outcomes[0].second == Approx(0.6));
  CHECK(m.routing.outcomes[1].second == Approx(0.4));
  CHECK(m.work_per_case == Approx(4.0 / 3.0 * 1200.0));
  CHECK(m.cost_per_case == Approx(4.0 / 3.0 * (1.0 + 20.0)));
  CHECK(m.timer_delay_per_case == Approx(0.6 * 86400.0));
  // λ = 2/h × 4/3 executions, 20 min each: a = 8/9 on 2 servers.
  const bpm::PoolEstimate& pool = m.pools[0];
  CHECK(pool.queue.offered_load() == Approx(8.0 / 9.0));
  CHECK(pool.load.utilisation() == Approx(4.0 / 9.0));
  CHECK(pool.queue.wait_probability() == Approx(bpm::erlang_c(2, 8.0 / 9.0)));
  CHECK(m.stable);
  CHECK(m.queue_wait_per_case == Approx(4.0 / 3.0 * pool.queue.mean_wait()));
}

TEST_CASE("pools with calendars queue during their open hours", "[design][analytic]") {
  const bpm::Process p = designtest::model(R"yaml(
process: office
calendars: { office: { mon-fri: "09:00-17:00" } }
resources: { clerks: { count: 3, calendar: office } }
arrivals: { every: exponential(25m), calendar: office }
start: serve
steps:
  serve: { resource: clerks, duration: exponential(1h), next: done }
  done: { end: done }
)yaml");
  // Work arriving in open hours is served in open hours: the same M/M/3 as an always-open office.
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  CHECK(m.pools[0].queue.offered_load() == Approx(2.4));
  CHECK(m.pools[0].queue.mean_wait() == Approx(0.6472 / 0.6 * 3600.0).epsilon(1e-4));
  const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
  CHECK(text.find("  clerks        3        40      2.4  80.0%  yes       64.7%      1.08h   2.59  M/M/c\n") !=
        std::string::npos);
  const std::string json = bpm::format_analysis(p, m, bpm::report::Format::Json);
  CHECK(json.find("\"wait_probability\": 0.647") != std::string::npos);
}

TEST_CASE("an overloaded pool is reported unstable", "[design][analytic]") {
  const bpm::Process p = designtest::model(R"yaml(
process: overload
resources: { clerk: { count: 1 } }
arrivals: { every: exponential(10m) }
start: serve
steps:
  serve: { resource: clerk, duration: exponential(12m), next: done }
  done: { end: done }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  CHECK_FALSE(m.stable);
  CHECK(std::isinf(m.queue_wait_per_case));
  CHECK(bpm::format_analysis(p, m, bpm::report::Format::Table).find("UNSTABLE") != std::string::npos);
}

TEST_CASE("the analytic M/M/c wait agrees with the simulator where it is exact", "[design][analytic][slow]") {
  // λ = 1.6/h, exponential 1 h service, 2 servers, always open: ρ = 0.8, C = 2ρ²/(1+ρ) = 0.711,
  // Wq = C / (cμ − λ) = 1.778 h. Acceptance as in the simulator's own theory tests: within three
  // 95% half-widths plus 1% for the warm-up and horizon edge bias (see tests/unit/sim).
  const bpm::Process p = designtest::model(R"yaml(
process: mm2
time_unit: hours
resources: { server: { count: 2 } }
arrivals: { every: exponential(37.5m) }
start: serve
steps:
  serve: { resource: server, duration: exponential(1h), next: done }
  done: { end: done }
simulation: { horizon: 20000h, warmup: 500h, replications: 20, seed: 17 }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  const double wq = m.pools[0].queue.mean_wait();
  REQUIRE(wq == Approx(2 * 0.64 / 1.8 / 0.4 * 3600.0));
  const bpm::SimulationResult r = bpm::simulate(p, bpm::SimulationOptions{});
  auto check = [](const bpm::Estimate& e, double theory, const char* what) {
    const double tolerance = 3.0 * e.half_width + 0.01 * theory;
    INFO(what << ": simulated " << e.mean << " ± " << e.half_width << ", analytic " << theory);
    CHECK(std::fabs(e.mean - theory) <= tolerance);
  };
  check(metric(r, "steps.serve.waiting.mean"), wq, "Wq");
  check(metric(r, "resources.server.utilisation"), m.pools[0].load.utilisation(), "utilisation");
  check(metric(r, "resources.server.queue_length"), m.pools[0].queue.mean_queue(), "Lq");
  check(metric(r, "cycle_time.mean"), wq + m.work_per_case, "W");
}

TEST_CASE("analyze names the constructs it has no closed form for", "[design][analytic][members]") {
  const auto text = [](const std::string& members) {
    return bpm::parse_process(
        "process: p\narrivals: { every: exponential(1h) }\nresources:\n  r: { members: " + members +
            " }\nstart: a\nsteps:\n  a: { resource: r, duration: exponential(20m), next: e }\n"
            "  e: { end: ok }\n",
        "t.yaml");
  };
  SECTION("identical members are M/M/c") {
    const auto model = bpm::analyze_process(text("[ann, bob]"));
    CHECK(model.limits.empty());
    CHECK(model.pools[0].load.capacity_servers == Approx(2.0));
  }
  SECTION("members of different speeds are not") {
    const auto p = text("{ ann: { speed: 2 }, bob: {} }");
    const auto model = bpm::analyze_process(p);
    REQUIRE(model.limits.size() == 1);
    CHECK_THAT(model.limits[0], Catch::Contains("pool 'r'"));
    CHECK(model.pools[0].load.capacity_servers == Approx(3.0));  // speed 2 + speed 1, around the clock
    const std::string report = bpm::format_analysis(p, model, bpm::report::Format::Table);
    CHECK_THAT(report, Catch::Contains("No closed form (simulate for these):\n  - pool 'r'"));
    CHECK_THAT(bpm::format_analysis(p, model, bpm::report::Format::Json), Catch::Contains("\"no_closed_form\": ["));
  }
}

TEST_CASE("each pool names the first of its tasks that has no closed form", "[design][analytic]") {
  // The reasons are found in one pass over the steps (one pass per pool was quadratic); a pool's
  // reason is still that of its first such task in file order, and a pool without one has none.
  const bpm::Process p = designtest::model(R"yaml(
process: reasons
resources: { a: { count: 2 }, b: { count: 2 }, c: { count: 2 }, d: { count: 2 } }
arrivals: { every: exponential(2h) }
start: s1
steps:
  s1: { resource: a, duration: exponential(10m), next: s2 }
  s2: { resource: [b, a], duration: exponential(10m), next: s3 }
  s3: { resource: [c, b], duration: exponential(10m), next: s4 }
  s4: { resource: d, duration: exponential(10m), next: done }
  done: { end: done }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  REQUIRE(m.pools.size() == 4);
  CHECK(m.pools[0].no_closed_form == "step 's2' shares its queue among several pools");
  CHECK(m.pools[1].no_closed_form == "step 's2' shares its queue among several pools");
  CHECK(m.pools[2].no_closed_form == "step 's3' shares its queue among several pools");
  CHECK(m.pools[3].no_closed_form.empty());
}

TEST_CASE("non-exponential service: Allen-Cunneen, exact for M/G/1, and named", "[design][analytic]") {
  // M/D/1 at ρ = 0.8 with 1 h service: Pollaczek–Khinchine Wq = ρ / (2μ(1 − ρ)) = 2 h, half the
  // M/M/1 wait; Allen–Cunneen's (ca² + cs²) / 2 = (1 + 0) / 2 gives it exactly.
  bpm::MmcQueue md1{1, 0.8, 1.0, 1.0, 0.0};
  CHECK(md1.approximation() == bpm::QueueApproximation::AllenCunneen);
  CHECK(bpm::approximation_name(md1) == "M/G/c (Allen-Cunneen)");
  CHECK(md1.mean_wait() == Approx(2.0));
  bpm::MmcQueue mm1{1, 0.8, 1.0};
  CHECK(bpm::approximation_name(mm1) == "M/M/c (Erlang C)");
  bpm::MmcQueue gg3{3, 2.4, 1.0, 0.5, 0.25};
  CHECK(bpm::approximation_name(gg3) == "G/G/c (Allen-Cunneen)");
  CHECK(gg3.mean_wait() == Approx(bpm::erlang_c(3, 2.4) / 0.6 * 0.375));

  // A pool's service is the visit-weighted mixture of its tasks: 1 h constant and uniform(0, 2h)
  // in equal shares have mean 1 h and variance (0 + 1/3 h²) / 2, so cs² = 1/6.
  const bpm::Process p = designtest::model(R"yaml(
process: mixture
resources: { clerk: { count: 1 } }
arrivals: { every: exponential(150m) }
start: a
steps:
  a: { resource: clerk, duration: 1h, next: b }
  b: { resource: clerk, duration: "uniform(0h, 2h)", next: done }
  done: { end: done }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  const bpm::MmcQueue& q = m.pools[0].queue;
  CHECK(q.arrival_scv == 1.0);
  CHECK(q.service_scv == Approx(1.0 / 6.0));
  CHECK(q.offered_load() == Approx(0.8));
  CHECK(q.mean_wait() == Approx(0.8 / 0.2 * 3600.0 * (1.0 + 1.0 / 6.0) / 2.0));
  const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
  CHECK(text.find("M/G/c") != std::string::npos);
  CHECK(text.find("Allen-Cunneen") != std::string::npos);
  CHECK(bpm::format_analysis(p, m, bpm::report::Format::Json).find("\"approximation\": \"M/G/c (Allen-Cunneen)\"") !=
        std::string::npos);
}

TEST_CASE("offered load is in Erlangs during open hours: offered / servers = utilisation", "[design][analytic]") {
  const bpm::Process p = designtest::model(R"yaml(
process: office
calendars: { office: { mon-fri: "09:00-17:00" } }
resources: { clerks: { count: 2, calendar: office } }
arrivals: { every: exponential(1h), calendar: office }
start: serve
steps:
  serve: { resource: clerks, duration: exponential(1h), next: done }
  done: { end: done }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  const bpm::PoolEstimate& pool = m.pools[0];
  CHECK(pool.load.offered_erlangs() == Approx(1.0));
  CHECK(pool.load.offered_erlangs() / 2 == Approx(pool.load.utilisation()));
  CHECK(pool.queue.offered_load() == Approx(pool.load.offered_erlangs()));
}

TEST_CASE("the analytic M/D/1 wait agrees with the simulator (Pollaczek-Khinchine)", "[design][analytic][slow]") {
  // λ = 0.8/h, constant 1 h service: Wq = ρ / (2μ(1 − ρ)) = 2 h. Tolerance as in the M/M/c test.
  const bpm::Process p = designtest::model(R"yaml(
process: md1
time_unit: hours
resources: { server: { count: 1 } }
arrivals: { every: exponential(75m) }
start: serve
steps:
  serve: { resource: server, duration: 1h, next: done }
  done: { end: done }
simulation: { horizon: 20000h, warmup: 500h, replications: 20, seed: 23 }
)yaml");
  const bpm::AnalyticModel m = bpm::analyze_process(p);
  const double wq = m.pools[0].queue.mean_wait();
  REQUIRE(wq == Approx(2.0 * 3600.0));
  const bpm::SimulationResult r = bpm::simulate(p, bpm::SimulationOptions{});
  const bpm::Estimate e = metric(r, "steps.serve.waiting.mean");
  INFO("simulated " << e.mean << " ± " << e.half_width << ", analytic " << wq);
  CHECK(std::fabs(e.mean - wq) <= 3.0 * e.half_width + 0.01 * wq);
}
