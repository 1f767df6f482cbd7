// The analytic model of the constructs of real processes (members, batches, multi-instance tasks,
// timers): hand-computed figures where they are exact, the simulator where a closed form applies,
// and "no closed form" (NaN, printed n/a) where none does.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "analytic_test_support.hpp"
#include "bpm/design/analytic.hpp"
#include "bpm/design/render.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/sim/simulator.hpp"
#include "design_test_support.hpp"

namespace {

using designtest::check_sim;
using designtest::metric;

/// "nan" as a word ("finance" has it inside).
bool has_nan(const std::string& text) { return std::regex_search(text, std::regex("\\bnan\\b")); }

/// A figure of the analytic model is a number of at least 0, unbounded, or "no closed form".
bool non_negative_or_none(double x) { return std::isnan(x) || x >= 0.0; }

}  // namespace

TEST_CASE("members with speed: stability and utilisation from their capacity", "[design][analytic][members]") {
  const auto process = [](const std::string& members) {
    return designtest::model(
        "process: p\ntime_unit: hours\narrivals: { every: exponential(24m) }\n"
        "resources:\n  team: { members: " +
        members +
        " }\nstart: t\nsteps:\n  t: { resource: team, duration: exponential(1h), next: e }\n"
        "  e: { end: ok }\nsimulation: { horizon: 20000h, warmup: 500h, replications: 10, "
        "seed: 5 }\n");
  };
  SECTION("unequal members: stable, utilisation 2.5 / 3, and no closed form for the wait") {
    // 2.5 h of work an hour against speed 2 + speed 1: 83.3%, although 2.5 Erlangs > 2 servers.
    const bpm::Process p = process("{ fast: { speed: 2 }, normal: {} }");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.stable);
    CHECK(m.pools[0].load.utilisation() == Approx(2.5 / 3.0));
    CHECK(m.pools[0].load.offered_erlangs() == Approx(2.0 * 2.5 / 3.0));  // offered / servers = util
    CHECK_FALSE(m.pools[0].no_closed_form.empty());
    CHECK(std::isnan(m.queue_wait_per_case));
    const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
    CHECK(text.find("UNSTABLE") == std::string::npos);
    CHECK(text.find("unbounded") == std::string::npos);
    CHECK_THAT(text, Catch::Contains("team: no closed form: its members differ in speed or hours"));
  }
  SECTION("equal members of speed 2 are an M/M/2 with half the service time, exactly") {
    const bpm::Process p = process("{ a: { speed: 2 }, b: { speed: 2 } }");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    REQUIRE(m.pools[0].no_closed_form.empty());
    const bpm::MmcQueue& q = m.pools[0].queue;
    CHECK(q.mean_service == Approx(1800.0));
    CHECK(q.offered_load() == Approx(1.25));
    CHECK(m.pools[0].load.utilisation() == Approx(0.625));
    const double wq = bpm::erlang_c(2, 1.25) * 1800.0 / 0.75;
    CHECK(q.mean_wait() == Approx(wq));
    CHECK(m.work_per_case == Approx(1800.0));  // what the case's processing time adds up to
    const bpm::SimulationResult r = bpm::simulate(p, bpm::SimulationOptions{});
    check_sim(metric(r, "steps.t.waiting.mean"), wq, 0.01, "Wq");
    check_sim(metric(r, "resources.team.utilisation"), 0.625, 0.01, "utilisation");
    check_sim(metric(r, "processing_time.mean"), 1800.0, 0.01, "processing");
  }
}

TEST_CASE("batches: one execution per batch, its cost shared, and the wait to collect it",
          "[design][analytic][batch]") {
  SECTION("a deterministic hand-computed case") {
    // A case every hour, batches of 5, 1 h of work at 50/h plus 10 a batch: per case 10/5 + 50/5 =
    // 12. The pool gets a batch every 5 h (20% busy, never a queue: D/D/1); the cases of a batch
    // wait 4, 3, 2, 1 and 0 h for it to fill: 2 h on average.
    const bpm::Process p = designtest::model(R"yaml(
process: bcost
time_unit: hours
resources: { finance: { count: 1, cost_per_hour: 50 } }
arrivals: { every: 1h }
start: pay
steps:
  pay: { resource: finance, duration: 1h, cost: 10, batch: { size: 5 }, next: paid }
  paid: { end: paid }
)yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.cost_per_case == Approx(12.0));
    CHECK(m.pools[0].executions_per_case == Approx(0.2));
    CHECK(m.pools[0].load.utilisation() == Approx(0.2));
    CHECK(m.pools[0].queue.service_scv == 0.0);
    CHECK(m.pools[0].queue.arrival_scv == 0.0);
    CHECK(m.pools[0].queue.mean_wait() == 0.0);
    CHECK(m.queue_wait_per_case == Approx(2.0 * 3600.0));
    CHECK(m.work_per_case == Approx(3600.0));  // each case waits for the batch's whole work
  }
  SECTION("Poisson arrivals: the wait to collect, cost and load against the simulator") {
    // λ = 1/h, batches of 5, 15 min of work: (5 − 1) / 2λ = 2 h to collect; the pool (5% busy)
    // sees Erlang-5 gaps between batches and almost never queues. Cost (10 + 0.25 h × 40) / 5 = 4.
    const bpm::Process p = designtest::model(R"yaml(
process: bpoisson
time_unit: hours
resources: { finance: { count: 1, cost_per_hour: 40 } }
arrivals: { every: exponential(1h) }
start: pay
steps:
  pay: { resource: finance, duration: 15m, cost: 10, batch: { size: 5 }, next: paid }
  paid: { end: paid }
simulation: { horizon: 20000h, warmup: 100h, replications: 10, seed: 11 }
)yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.pools[0].queue.arrival_scv == Approx(0.2));
    CHECK(m.cost_per_case == Approx(4.0));
    const double wait = m.queue_wait_per_case;
    CHECK(wait == Approx(2.0 * 3600.0 + m.pools[0].queue.mean_wait()));
    CHECK(m.pools[0].queue.mean_wait() < 60.0);
    const bpm::SimulationResult r = bpm::simulate(p, bpm::SimulationOptions{});
    check_sim(metric(r, "steps.pay.waiting.mean"), wait, 0.01, "wait at the batch task");
    check_sim(metric(r, "cost.per_case"), 4.0, 0.01, "cost per case");
    check_sim(metric(r, "resources.finance.utilisation"), 0.05, 0.01, "utilisation");
  }
  SECTION("a batch closed by a timeout: no closed form for its cost and waits") {
    const bpm::Process p = designtest::model(R"yaml(
process: btimeout
time_unit: hours
resources: { finance: { count: 1 } }
arrivals: { every: exponential(30m) }
start: pay
steps:
  pay: { resource: finance, duration: 2h, batch: { size: 10, timeout: 1d }, next: paid }
  paid: { end: paid }
)yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(std::isnan(m.steps[0].cost));
    CHECK(std::isnan(m.steps[0].queue_wait));
    CHECK_FALSE(m.pools[0].no_closed_form.empty());
    const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
    CHECK_THAT(text, Catch::Contains("cost n/a"));
    CHECK_THAT(text, Catch::Contains("closes batches on a timeout"));
  }
}

TEST_CASE("multi-instance tasks: work per visit is instances × work, never a negative wait",
          "[design][analytic][instances]") {
  SECTION("a pool's executions count instances") {
    // 3 instances of exponential(1 h) a case every 10 h on 5 servers: 3 h of work a case, 6% busy.
    const bpm::Process p = designtest::model(R"yaml(
process: checks
time_unit: hours
resources: { r: { count: 5 } }
arrivals: { every: exponential(10h) }
start: check
steps:
  check: { resource: r, duration: exponential(1h), instances: { count: 3 }, next: done }
  done: { end: done }
simulation: { horizon: 40000h, warmup: 100h, replications: 10, seed: 29 }
)yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.work_per_case == Approx(3.0 * 3600.0));
    CHECK(m.pools[0].executions_per_case == Approx(3.0));
    CHECK(m.pools[0].queue.service_scv == Approx(1.0));
    CHECK(m.pools[0].load.utilisation() == Approx(0.06));
    CHECK(std::isnan(m.queue_wait_per_case));  // several items a visit: no closed form
    const bpm::SimulationResult r = bpm::simulate(p, bpm::SimulationOptions{});
    check_sim(metric(r, "processing_time.mean"), m.work_per_case, 0.01, "processing time");
    check_sim(metric(r, "resources.r.utilisation"), 0.06, 0.01, "utilisation");
  }
  SECTION("an automatic multi-instance task") {
    const bpm::Process p = designtest::model(R"yaml(
process: checks
time_unit: hours
arrivals: { every: 1000h }
start: check
steps:
  check: { duration: exponential(1h), instances: { count: 3 }, next: done }
  done: { end: done }
)yaml");
    CHECK(bpm::analyze_process(p).work_per_case == Approx(3.0 * 3600.0));
  }
  SECTION("the count from an attribute is its rounded mean") {
    // directors ~ uniform(4.6, 5.4) rounds to 5 every time: 5 × 30 min an hour on 2 servers = 125%.
    const bpm::Process p = designtest::model(R"yaml(
process: miover
time_unit: hours
resources: { compliance: { count: 2 } }
arrivals: { every: exponential(1h), attributes: { directors: "uniform(4.6, 5.4)" } }
start: check
steps:
  check: { resource: compliance, duration: exponential(30m), instances: { count: directors }, next: done }
  done: { end: done }
)yaml");
    CHECK(bpm::mean_instances(p, p.steps[0]) == Approx(5.0));
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.pools[0].load.utilisation() == Approx(1.25));
    CHECK_FALSE(m.stable);
    REQUIRE(bpm::overloaded_pools(p).size() == 1);
    // The lint that bpm-sim and validate run sees the same load.
    std::vector<std::string> overload;
    for (const bpm::Diagnostic& d : bpm::lint(p, bpm::LintConfig::recommended())) {
      if (d.rule == "resource-overload") overload.push_back(d.message);
    }
    REQUIRE(overload.size() == 1);
    CHECK_THAT(overload[0], Catch::Contains("utilisation 125%"));
  }
  SECTION("a count that a step sets has no estimate") {
    const bpm::Process p = designtest::model(R"yaml(
process: miset
time_unit: hours
resources: { compliance: { count: 2 } }
arrivals: { every: exponential(1h) }
start: count
steps:
  count: { duration: 1m, set: { directors: "5" }, next: check }
  check: { resource: compliance, duration: exponential(30m), instances: { count: directors }, next: done }
  done: { end: done }
)yaml");
    CHECK(std::isnan(bpm::mean_instances(p, p.steps[1])));
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.pools[0].used());
    CHECK(std::isnan(m.pools[0].load.utilisation()));
    CHECK(m.stable);
    CHECK(bpm::overloaded_pools(p).empty());
    CHECK_FALSE(has_nan(bpm::format_analysis(p, m, bpm::report::Format::Table)));
  }
}

TEST_CASE("analyze and render never print a negative figure or nan on the samples and construct files",
          "[design][analytic][render]") {
  std::vector<std::string> files = designtest::sample_files();
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BPM_TEST_DATA) + "/constructs")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  for (const std::string& file : files) {
    INFO(file);
    const bpm::Process p = bpm::load_process(file);
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    for (const bpm::StepEstimate& s : m.steps) {
      INFO("step " << s.step);
      CHECK(s.visits >= 0.0);
      CHECK(non_negative_or_none(s.work));
      CHECK(non_negative_or_none(s.cost));
      CHECK(non_negative_or_none(s.delay));
      CHECK(non_negative_or_none(s.queue_wait));
    }
    for (const bpm::PoolEstimate& pool : m.pools) {
      INFO("pool " << pool.load.resource);
      CHECK(pool.queue.service_scv >= 0.0);
      CHECK(pool.queue.arrival_scv >= 0.0);
      CHECK(non_negative_or_none(pool.queue.mean_wait()));
      CHECK(non_negative_or_none(pool.queue.mean_queue()));
    }
    for (const auto format : {bpm::report::Format::Table, bpm::report::Format::Json}) {
      const std::string text = bpm::format_analysis(p, m, format);
      CHECK_FALSE(has_nan(text));
      CHECK(text.find("-0.") == std::string::npos);
    }
    bpm::DiagramOptions options;
    CHECK_FALSE(has_nan(bpm::render_dot(p, options)));
    CHECK_FALSE(has_nan(bpm::render_mermaid(p, options)));
  }
}

TEST_CASE("timers on waits and automatic tasks: P(X > D) and E[min(X, D)]", "[design][analytic][timers]") {
  const auto process = [](const std::string& wait, const std::string& timers) {
    return designtest::model(
        "process: deadline\ntime_unit: hours\narrivals: { every: 1000h }\nstart: documents\n"
        "steps:\n  documents: { wait: " +
        wait + ", " + timers +
        ", next: accepted }\n  remind: { duration: 5m, next: reminded }\n"
        "  reminded: { end: reminded, terminate: false }\n"
        "  accepted: { end: accepted }\n  rejected: { end: rejected }\n");
  };
  SECTION("the known answer of tests/unit/sim/timers_test.cpp: exponential(1h) against 30 min") {
    // P(timeout) = e^(−1/2) = 60.7%, E[min(X, d)] = μ (1 − e^(−d/μ)) = 23.6 min.
    const bpm::Process p = process("exponential(1h)", "timeout: { after: 30m, to: rejected }");
    const bpm::TimerOdds odds = bpm::timer_odds(p, p.steps[0]);
    REQUIRE(odds.closed_form);
    CHECK(odds.timeout == Approx(std::exp(-0.5)).epsilon(1e-9));
    CHECK(odds.mean_time == Approx(3600.0 * (1.0 - std::exp(-0.5))).epsilon(1e-9));
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.routing.outcomes[1].first == "accepted");
    CHECK(m.routing.outcomes[1].second == Approx(1.0 - std::exp(-0.5)).epsilon(1e-9));
    CHECK(m.routing.outcomes[2].second == Approx(std::exp(-0.5)).epsilon(1e-9));
    CHECK(m.timer_delay_per_case == Approx(odds.mean_time));
    const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
    CHECK_THAT(text, Catch::Contains("rejected  60.7%"));
    CHECK_THAT(text, Catch::Contains("23.6m"));
    CHECK(text.find("timer cuts short") == std::string::npos);
  }
  SECTION("constants: the timer fires surely or never, ties do not fire") {
    const bpm::Process longer = process("1h", "timeout: { after: 30m, to: rejected }");
    CHECK(bpm::timer_odds(longer, longer.steps[0]).timeout == 1.0);
    CHECK(bpm::timer_odds(longer, longer.steps[0]).mean_time == Approx(1800.0).epsilon(1e-9));
    const bpm::Process tie = process("30m", "timeout: { after: 30m, to: rejected }");
    CHECK(bpm::timer_odds(tie, tie.steps[0]).timeout == 0.0);
    CHECK(bpm::timer_odds(tie, tie.steps[0]).mean_time == Approx(1800.0).epsilon(1e-9));
  }
  SECTION("a random deadline: two exponentials race") {
    // Rates 1/h and 2/h: the deadline wins with 2/3, and min(X, D) is exponential of rate 3/h.
    const bpm::Process p = process("exponential(1h)", "timeout: { after: exponential(30m), to: rejected }");
    const bpm::TimerOdds odds = bpm::timer_odds(p, p.steps[0]);
    CHECK(odds.timeout == Approx(2.0 / 3.0).epsilon(1e-4));
    CHECK(odds.mean_time == Approx(1200.0).epsilon(1e-6));
    // uniform(0, 1h) against uniform(0, 1h): P(X > D) = 1/2, E[min] = 1/3 h.
    const bpm::Process u = process("\"uniform(0h, 1h)\"", "timeout: { after: \"uniform(0h, 1h)\", to: rejected }");
    CHECK(bpm::timer_odds(u, u.steps[0]).timeout == Approx(0.5).epsilon(1e-4));
    CHECK(bpm::timer_odds(u, u.steps[0]).mean_time == Approx(1200.0).epsilon(1e-6));
  }
  SECTION("an escalation fires when the step is still going: P(min(X, D) > E)") {
    const bpm::Process p =
        process("exponential(1h)", "timeout: { after: 30m, to: rejected }, escalate: { after: 15m, to: remind }");
    const bpm::TimerOdds odds = bpm::timer_odds(p, p.steps[0]);
    CHECK(odds.escalate == Approx(std::exp(-0.25)).epsilon(1e-9));
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.steps[1].visits == Approx(std::exp(-0.25)).epsilon(1e-9));  // the reminder's new branch
  }
  SECTION("behind a queue: no closed form for the outcome shares") {
    const bpm::Process p = designtest::model(R"yaml(
process: queued
time_unit: hours
resources: { clerk: { count: 1 } }
arrivals: { every: exponential(1h) }
start: work
steps:
  work: { resource: clerk, duration: exponential(30m), timeout: { after: 2h, to: late }, next: done }
  done: { end: done }
  late: { end: late }
)yaml");
    CHECK_FALSE(bpm::timer_odds(p, p.steps[0]).closed_form);
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    REQUIRE(m.routing.timers_without_closed_form == std::vector<std::string>{"work"});
    const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
    CHECK_THAT(text, Catch::Contains("done     n/a"));
    CHECK_THAT(text, Catch::Contains("Outcome shares: no closed form"));
    CHECK_THAT(bpm::format_analysis(p, m, bpm::report::Format::Json), Catch::Contains("\"done\": null"));
  }
}

TEST_CASE("conditions on attributes that steps set: weighed through the chain, or no estimate",
          "[design][analytic][data]") {
  SECTION("approved = risk_score < 50, risk_score from the claim: tests/data/constructs/data.yaml") {
    // P(history clean) × P(claim < 25000) for lognormal(mean 5000, sd 4000): 0.9 × Φ(2.640) = 0.896,
    // estimated from 4096 draws (within about 1.5 percentage points).
    const bpm::Process p = bpm::load_process(std::string(BPM_TEST_DATA) + "/constructs/data.yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    REQUIRE(m.routing.unweighed_gateways.empty());
    REQUIRE(m.routing.outcomes[0].first == "paid");
    CHECK(m.routing.outcomes[0].second == Approx(0.896).margin(0.02));
    CHECK(m.stable);
  }
  SECTION("an attribute two steps set differently cannot be weighed") {
    const bpm::Process p = designtest::model(R"yaml(
process: guess
arrivals: { every: exponential(1h) }
start: a
steps:
  a: { duration: 1m, set: { flag: "1" }, next: b }
  b: { duration: 1m, set: { flag: "0" }, next: g }
  g:
    xor:
      - { to: yes, when: flag }
      - { to: no, p: 1 }
  yes: { end: yes }
  no: { end: no }
)yaml");
    const bpm::AnalyticModel m = bpm::analyze_process(p);
    CHECK(m.routing.unweighed_gateways == std::vector<std::string>{"g"});
    const std::string text = bpm::format_analysis(p, m, bpm::report::Format::Table);
    CHECK_THAT(text, Catch::Contains("yes      n/a"));
    CHECK_THAT(text, Catch::Contains("Outcome shares: no estimate"));
  }
}
