// Tasks that several pools can do: which pool takes the work under each policy, the shared queue
// that makes two one-server pools an M/M/2, and the single queue of shortest_queue.
#include <catch2/catch.hpp>

#include "engine_test_support.hpp"

namespace {

/// The pool ("resource" column) of each row of the log, in log order.
std::vector<std::string> pools_of(const simtest::Csv& log, std::string_view activity) {
  std::vector<std::string> out;
  for (const auto& row : log.rows) {
    if (row[log.column("activity")] == activity) out.push_back(row[log.column("resource")]);
  }
  return out;
}

std::string two_pools(std::string_view policy, std::string_view arrivals, std::string_view duration) {
  return std::string(R"yaml(
process: two-pools
resources:
  juniors: { count: 1, cost_per_hour: 30 }
  seniors: { count: 1, cost_per_hour: 80 }
arrivals: { every: )yaml") +
         std::string(arrivals) + R"yaml( }
start: assess
steps:
  assess:
    resource: [seniors, juniors]
)yaml" + (policy.empty() ? std::string() : "    policy: " + std::string(policy) + "\n") +
         "    duration: " + std::string(duration) + "\n    next: done\n  done: { end: done }\n" +
         "simulation: { cases: 4, replications: 1 }\n";
}

}  // namespace

TEST_CASE("first: the first pool in list order with a free server takes the work", "[sim][several-pools]") {
  // Three-hour jobs every hour: the seniors take the first, the juniors the second, the third
  // waits in both queues and goes to whoever frees first (the seniors, at 4h).
  const auto log = simtest::parse_csv(simtest::run_with_log(simtest::model(two_pools("", "1h", "3h")), {}));
  CHECK(pools_of(log, "assess") == std::vector<std::string>{"seniors", "juniors", "seniors", "juniors"});
  CHECK(log.rows[2][log.column("start_time")] == "2026-01-05T04:00:00");
  CHECK(log.rows[3][log.column("start_time")] == "2026-01-05T05:00:00");
}

TEST_CASE("cheapest: the cheapest free server takes the work", "[sim][several-pools]") {
  // One-hour jobs every two hours: the juniors are free and cheaper every time.
  const auto log = simtest::parse_csv(simtest::run_with_log(simtest::model(two_pools("cheapest", "2h", "1h")), {}));
  CHECK(pools_of(log, "assess") == std::vector<std::string>{"juniors", "juniors", "juniors", "juniors"});
  CHECK(log.rows[0][log.column("cost")] == "30.00");
}

TEST_CASE("shortest_queue: waiting work joins one queue and stays in it", "[sim][several-pools]") {
  // Jobs of 5h every hour from 1h: seniors take #1 (1h-6h), juniors #2 (2h-7h); #3 (3h) joins the
  // seniors' queue (both queues empty: list order), #4 (4h) the juniors' (shorter); #3 starts when
  // the seniors free at 6h, #4 when the juniors free at 7h — not at 6h with the seniors.
  auto text = two_pools("shortest_queue", "1h", "5h");
  const auto log = simtest::parse_csv(simtest::run_with_log(simtest::model(text), {}));
  CHECK(pools_of(log, "assess") == std::vector<std::string>{"seniors", "juniors", "seniors", "juniors"});
  CHECK(log.rows[2][log.column("start_time")] == "2026-01-05T06:00:00");
  CHECK(log.rows[3][log.column("start_time")] == "2026-01-05T07:00:00");
}

TEST_CASE("two one-server pools sharing a task's queue are an M/M/2", "[sim][several-pools][theory]") {
  // Waiting work sits in both pools' queues and the first server to free takes it: with equal
  // exponential service that is one M/M/2 queue. λ = 1.6/h, μ = 1/h: a = 1.6, C(2, 1.6) = 2ρ²/(1+ρ)
  // = 0.7111, Wq = C / (2μ − λ) = 1.7778 h. Bias allowance as in theory_queue_test (1%).
  const auto r = simtest::run(simtest::model(R"yaml(
process: mm2
time_unit: hours
resources:
  left: { count: 1 }
  right: { count: 1 }
arrivals: { every: exponential(37.5m) }
start: serve
steps:
  serve: { resource: [left, right], duration: exponential(1h), next: done }
  done: { end: done }
simulation: { horizon: 20000h, warmup: 500h, replications: 20, seed: 21 }
)yaml"));
  const double c = simtest::erlang_c(2, 1.6);
  simtest::check_theory(simtest::estimate(r, "steps.serve.waiting.mean"), c / (2.0 - 1.6) * 3600, 0.01, "Wq");
  simtest::check_theory(simtest::estimate(simtest::waited_fraction(r)), c, 0.01, "P(wait)");
  // Under `first` an idle left server takes the work before an idle right one (ordered entry).
  // The chain's states: 0 both idle, L or R only that one busy, n >= 2 both busy. With μ = 1:
  // λπ0 = πL + πR = S; the cut λS = 2π2; (λ + 1)πR = π2; π_n = π2 ρ^(n-2). So π0 = S/λ, π2 =
  // λS/2, πR = π2/(λ + 1), and 1 = S/λ + S + π2/(1 − ρ). Utilisation: left πL + P(n ≥ 2), right
  // πR + P(n ≥ 2): 0.8342 and 0.7658, summing to λ/μ = 1.6.
  const double lambda = 1.6;
  const double rho = lambda / 2.0;
  const double s = 1.0 / (1.0 / lambda + 1.0 + lambda / 2.0 / (1.0 - rho));
  const double both = lambda * s / 2.0 / (1.0 - rho);
  const double right_only = lambda * s / 2.0 / (lambda + 1.0);
  simtest::check_theory(simtest::estimate(r, "resources.left.utilisation"), s - right_only + both, 0.01,
                        "left utilisation");
  simtest::check_theory(simtest::estimate(r, "resources.right.utilisation"), right_only + both, 0.01,
                        "right utilisation");
  simtest::check_theory(simtest::estimate(r, "resources.left.queue_length"), 1.6 * c / (2.0 - 1.6), 0.01,
                        "Lq seen by each pool");
}

TEST_CASE("several pools with members, calendars and priorities are independent of the thread count",
          "[sim][several-pools][determinism]") {
  simtest::check_thread_independent(simtest::model(R"yaml(
process: mixed
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  juniors: { count: 2, cost_per_hour: 30, calendar: office }
  seniors: { cost_per_hour: 70, members: { ann: { speed: 1.5 }, bob: {} } }
arrivals: { every: exponential(30m) }
start: triage
steps:
  triage: { resource: [juniors, seniors], policy: cheapest, duration: exponential(40m), next: fix }
  fix: { resource: [seniors, juniors], policy: shortest_queue, priority: 1, duration: exponential(20m), next: check }
  check: { resource: [juniors, seniors], duration: exponential(10m), next: done }
  done: { end: done }
simulation: { horizon: 30d, replications: 4, seed: 9 }
)yaml"));
}
