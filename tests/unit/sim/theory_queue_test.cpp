// The simulator against queueing theory: M/M/1, M/M/c (Erlang C), Little's law, a tandem
// Jackson network and a non-preemptive priority queue. Tolerances: see simtest::check_theory.
//
// Bias allowance: every run deletes a warm-up of at least 20 relaxation times of the queue
// (τ ≈ 1 / (μ (1 − √ρ)²) for M/M/1: 90 min at ρ = 0.8), so the initial-transient bias is below
// e^-20; what remains is the edge effect of cases still in flight at the horizon (≈ L / (λ T), under
// 0.1% here). 1% of the theoretical value covers both with a wide margin.
#include <catch2/catch.hpp>

#include "engine_test_support.hpp"

namespace {

constexpr double kBias = 0.01;

const char* const kMM1 = R"yaml(
process: mm1
time_unit: minutes
resources:
  server: { count: 1 }
arrivals:
  every: exponential(1.25)
start: serve
steps:
  serve: { resource: server, duration: exponential(1), next: done }
  done: { end: done }
simulation: { horizon: 40000, warmup: 2000, replications: 20, seed: 11 }
)yaml";

}  // namespace

TEST_CASE("M/M/1 agrees with theory", "[sim][theory]") {
  // λ = 0.8/min, μ = 1/min: ρ = 0.8, P(wait) = ρ, Wq = ρ/(μ−λ) = 4 min, W = 5 min, L = 4, Lq = 3.2.
  const auto r = simtest::run(simtest::model(kMM1));
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "resources.server.utilisation"), 0.8, kBias, "utilisation");
  check_theory(simtest::estimate(simtest::waited_fraction(r)), 0.8, kBias, "P(wait)");
  check_theory(simtest::estimate(r, "waiting_time.mean"), 4.0 * 60, kBias, "Wq");
  check_theory(simtest::estimate(r, "steps.serve.waiting.mean"), 4.0 * 60, kBias, "Wq of the step");
  check_theory(simtest::estimate(r, "cycle_time.mean"), 5.0 * 60, kBias, "W");
  check_theory(simtest::estimate(r, "wip"), 4.0, kBias, "L");
  check_theory(simtest::estimate(r, "resources.server.queue_length"), 3.2, kBias, "Lq");
  check_theory(simtest::estimate(r, "throughput"), 0.8 * 1440, kBias, "throughput");
  // The cycle time of M/M/1 is exponential with mean W: its median is W ln 2, its p90 W ln 10.
  check_theory(simtest::estimate(r, "cycle_time.p50"), 5.0 * 60 * std::log(2.0), kBias, "W p50");
  check_theory(simtest::estimate(r, "cycle_time.p90"), 5.0 * 60 * std::log(10.0), kBias, "W p90");
}

TEST_CASE("Little's law holds on the simulated samples", "[sim][theory]") {
  // L = λ W per replication: the time-average WIP against throughput × mean cycle time, compared
  // as a paired difference so that the common noise of both sides cancels.
  const auto r = simtest::run(simtest::model(kMM1));
  const auto wip = simtest::values(r, "wip");
  const auto throughput = simtest::values(r, "throughput");
  const auto cycle = simtest::values(r, "cycle_time.mean");
  std::vector<double> difference;
  for (std::size_t i = 0; i < wip.size(); ++i) difference.push_back(wip[i] - throughput[i] / 86400.0 * cycle[i]);
  const auto e = simtest::estimate(difference);
  simtest::check_theory(e, 0.0, 0.0, "L - lambda W");
  CHECK(std::fabs(e.mean) < 0.01 * simtest::mean(r, "wip"));
}

TEST_CASE("M/M/3 agrees with Erlang C", "[sim][theory]") {
  // λ = 2.4/h, 1 h service, 3 servers: a = 2.4, ρ = 0.8, C(3, 2.4) = 0.6472,
  // Wq = C / (cμ − λ) = 1.0787 h, W = Wq + 1 h, L = λ W.
  const auto r = simtest::run(simtest::model(R"yaml(
process: mm3
time_unit: hours
resources:
  server: { count: 3 }
arrivals:
  every: exponential(25m)
start: serve
steps:
  serve: { resource: server, duration: exponential(1h), next: done }
  done: { end: done }
simulation: { horizon: 20000h, warmup: 500h, replications: 20, seed: 5 }
)yaml"));
  const double c = simtest::erlang_c(3, 2.4);
  REQUIRE(c == Approx(0.6472).epsilon(1e-3));
  const double wq = c / (3.0 - 2.4) * 3600.0;
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "resources.server.utilisation"), 0.8, kBias, "utilisation");
  check_theory(simtest::estimate(simtest::waited_fraction(r)), c, kBias, "P(wait)");
  check_theory(simtest::estimate(r, "waiting_time.mean"), wq, kBias, "Wq");
  check_theory(simtest::estimate(r, "cycle_time.mean"), wq + 3600.0, kBias, "W");
  check_theory(simtest::estimate(r, "wip"), 2.4 * (wq + 3600.0) / 3600.0, kBias, "L");
  check_theory(simtest::estimate(r, "resources.server.queue_length"), 2.4 * wq / 3600.0, kBias, "Lq");
}

TEST_CASE("a tandem of two M/M/1 queues is a Jackson network", "[sim][theory]") {
  // λ = 0.5/min, μ1 = 1/min, μ2 = 0.8/min: each station is an M/M/1 of its own (Jackson), so
  // Wq1 = ρ1/(μ1−λ) = 1 min, Wq2 = ρ2/(μ2−λ) = 0.625/0.3 min and W = 1/(μ1−λ) + 1/(μ2−λ) = 2 + 10/3 min.
  const auto r = simtest::run(simtest::model(R"yaml(
process: tandem
resources:
  first: { count: 1 }
  second: { count: 1 }
arrivals:
  every: exponential(2)
start: a
steps:
  a: { resource: first, duration: exponential(1), next: b }
  b: { resource: second, duration: exponential(1.25), next: done }
  done: { end: done }
simulation: { horizon: 60000, warmup: 3000, replications: 20, seed: 3 }
)yaml"));
  using simtest::check_theory;
  check_theory(simtest::estimate(r, "steps.a.waiting.mean"), 1.0 * 60, kBias, "Wq1");
  check_theory(simtest::estimate(r, "steps.b.waiting.mean"), 0.625 / 0.3 * 60, kBias, "Wq2");
  check_theory(simtest::estimate(r, "cycle_time.mean"), (2.0 + 1.0 / 0.3) * 60, kBias, "W");
  check_theory(simtest::estimate(r, "resources.second.utilisation"), 0.625, kBias, "rho2");
}

TEST_CASE("higher priority waits less, as the non-preemptive priority formula says", "[sim][theory]") {
  // One exponential server (μ = 1/min), two classes of λ = 0.4/min each, `urgent` served first.
  // Cobham's formula: W0 = Σ λi E[Si²] / 2 = 0.8 · 2 / 2 = 0.8 min;
  // Wq(urgent) = W0 / (1 − σ1) = 0.8 / 0.6 min; Wq(normal) = W0 / ((1 − σ1)(1 − σ2)) = 0.8 / (0.6 · 0.2) min.
  const auto r = simtest::run(simtest::model(R"yaml(
process: priorities
resources:
  server: { count: 1 }
arrivals:
  every: exponential(1.25)
  attributes:
    class: { urgent: 0.5, normal: 0.5 }
start: triage
steps:
  triage:
    xor:
      - { to: urgent, when: "class == 'urgent'" }
      - { to: normal, p: 1 }
  urgent: { resource: server, duration: exponential(1), priority: 1, next: done }
  normal: { resource: server, duration: exponential(1), next: done }
  done: { end: done }
simulation: { horizon: 40000, warmup: 2000, replications: 20, seed: 9 }
)yaml"));
  const auto urgent = simtest::estimate(r, "steps.urgent.waiting.mean");
  const auto normal = simtest::estimate(r, "steps.normal.waiting.mean");
  CHECK(urgent.mean + urgent.half_width < normal.mean - normal.half_width);
  simtest::check_theory(urgent, 0.8 / 0.6 * 60, kBias, "Wq urgent");
  simtest::check_theory(normal, 0.8 / (0.6 * 0.2) * 60, kBias, "Wq normal");
  simtest::check_theory(simtest::estimate(r, "resources.server.waiting.mean"), (0.8 / 0.6 + 0.8 / 0.12) / 2 * 60, kBias,
                        "Wq of the pool");
}
