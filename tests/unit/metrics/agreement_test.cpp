// One name, one number: simulate with an event log, read the log back as bpm-kpi does, and check
// that every metric both report agrees (share/doc/metrics.md, "Simulation and log agree").
//
// The log is written to the millisecond and to the cent, so the tolerances are those roundings,
// propagated, and for quantiles the sketch's relative error (0.5% per rank, on each side).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bpm/kpi/analysis.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "sample_processes.hpp"

namespace {

namespace fs = std::filesystem;
using bpm::metrics::Source;

struct Run {
  bpm::SimulationResult simulation;
  bpm::kpi::Report log;
  std::uint64_t executions = 0;  // of the whole run, for the rounding of costs
};

Run simulate_and_read(const bpm::Process& process, bpm::SimulationOptions options, const std::string& tag) {
  Run run;
  std::ostringstream log;
  {
    bpm::EventLogWriter writer(log);
    options.log = &writer;
    run.simulation = bpm::simulate(process, options);
  }
  for (const auto& r : run.simulation.replications) run.executions += r.executions;
  const fs::path path = fs::temp_directory_path() / ("agreement-" + tag + ".csv");
  std::ofstream(path) << log.str();
  bpm::kpi::AnalysisOptions analysis;
  analysis.process = &process;
  run.log = bpm::kpi::analyze({path.string()}, analysis);
  fs::remove(path);
  return run;
}

bool is_quantile(std::string_view name) {
  return name.ends_with(".p50") || name.ends_with(".p90") || name.ends_with(".p95") || name.ends_with(".p99");
}

/// How far apart the two tools may be on a metric: the log's roundings (1 ms per timestamp, 1 cent
/// per cost) carried through the metric's formula, or the quantile sketch's accuracy.
double allowance(const bpm::metrics::MetricDef& def, std::string_view name, double a, double b,
                 std::uint64_t executions) {
  const double scale = std::max(std::fabs(a), std::fabs(b));
  if (is_quantile(name)) return 2 * 0.005 * scale + 0.01;
  switch (def.unit) {
    // A duration is a difference of two rounded times, a sum of such per case: at most a few ms
    // per execution of the case. Per case or per execution, 10 ms covers any sample process.
    case bpm::MetricUnit::Duration: return 1e-9 * scale + 0.01;
    case bpm::MetricUnit::Hours: return 1e-9 * scale + 0.001 * static_cast<double>(executions) / 3600.0;
    case bpm::MetricUnit::Money:
    case bpm::MetricUnit::MoneyPerDay: return 1e-9 * scale + 0.005 * static_cast<double>(executions);
    default: return 1e-6 * scale + 1e-9;
  }
}

/// Every metric both tools report agrees, and every metric the registry says both measure is in
/// both: no exceptions. Returns how many were compared.
std::size_t check_agreement(const bpm::Process& process, const Run& run) {
  std::map<std::string, const bpm::kpi::Metric*> logged;
  for (const auto& m : run.log.metrics) logged.emplace(m.name, &m);
  std::set<std::string> loggable;
  for (const auto& m : bpm::metrics::process_metrics(process, Source::Log)) loggable.insert(m.name);
  std::size_t compared = 0;
  for (std::size_t i = 0; i < run.simulation.metrics.size(); ++i) {
    const std::string& name = run.simulation.metrics[i].name;
    INFO(name);
    const auto* def = bpm::metrics::find_definition(name);
    REQUIRE(def != nullptr);
    std::vector<double> values;
    for (const double v : run.simulation.column(i)) {
      if (!std::isnan(v)) values.push_back(v);
    }
    const auto found = logged.find(name);
    if (found == logged.end()) {
      // Only what a log cannot see (a join's firings) is the simulator's alone.
      CHECK(loggable.count(name) == 0);
      continue;
    }
    const bpm::kpi::Metric& other = *found->second;
    if (values.empty()) {
      CHECK(std::isnan(other.value));
      continue;
    }
    double mean = 0.0;
    for (const double v : values) mean += v;
    mean /= static_cast<double>(values.size());
    INFO("simulation " << mean << " (" << values.size() << " replications), log " << other.value);
    CHECK(std::fabs(mean - other.value) <= allowance(*def, name, mean, other.value, run.executions));
    // With several replications the log's spread is the simulator's: the same values per replication.
    if (values.size() > 1) {
      double ss = 0.0;
      for (const double v : values) ss += (v - mean) * (v - mean);
      const double sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
      CHECK(other.n == values.size());
      CHECK(std::fabs(sd - other.sd) <= 2 * allowance(*def, name, sd, other.sd, run.executions));
    }
    ++compared;
  }
  for (const auto& expected : bpm::metrics::process_metrics(process, Source::Log)) {
    if (!bpm::metrics::measured_by(expected.def->sources, Source::Simulation)) continue;
    if (expected.def->scope != bpm::metrics::Scope::Run) continue;  // a step may never run
    INFO(expected.name);
    CHECK(logged.count(expected.name) == 1);
  }
  return compared;
}

}  // namespace

TEST_CASE("agreement: every sample process, simulated and read back from its log", "[metrics][agreement]") {
  const std::vector<fs::path> files = metrics_test::sample_processes();
  REQUIRE(files.size() >= 4);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    const bpm::Process process = bpm::load_process(file.string());
    // The samples' own warm-up and horizon (or case count); three replications keep it quick.
    bpm::SimulationOptions options;
    options.replications = 3;
    const Run run = simulate_and_read(process, options, file.stem().string());
    CHECK(check_agreement(process, run) > 50);
  }
}

TEST_CASE("agreement: calendars, parallel branches, timers, loops and a case-count warm-up", "[metrics][agreement]") {
  // Both branches queue at calendar-limited pools while a timer runs beside them; a loop reworks
  // the review; the first 30 cases warm up; arrivals stop at 400 and the run drains.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: everything
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 2, cost_per_hour: 40, calendar: office }
  expert: { count: 1, cost_per_hour: 90 }
arrivals:
  every: exponential(40m)
start: intake
steps:
  intake: { resource: clerk, duration: exponential(20m), cost: 2, next: fork }
  fork: { and: [check, assess, cool-off] }
  check: { resource: clerk, duration: exponential(30m), next: join }
  assess: { resource: expert, duration: exponential(25m), next: join }
  cool-off: { wait: 2h, next: join }
  join: { join: [check, assess, cool-off], next: review }
  review: { resource: expert, duration: 10m, next: decide }
  decide:
    xor:
      - { to: review, p: 0.2 }
      - { to: done, p: 0.8 }
  done: { end: done, revenue: 100 }
simulation: { start: 2026-01-05T00:00, cases: 400, warmup: { cases: 30 }, replications: 2, seed: 5 }
)yaml",
                                                  "everything.yaml");
  const Run run = simulate_and_read(process, {}, "everything");
  CHECK(check_agreement(process, run) > 40);
}

TEST_CASE("agreement: a horizon that stops work under way, after a time warm-up", "[metrics][agreement]") {
  // A pool near saturation, so that queues and work are under way at both ends of the window.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: cut
calendars:
  day: { mon-sat: "08:00-20:00" }
resources:
  desk: { count: 2, cost_per_hour: 30, calendar: day }
arrivals:
  every: exponential(25m)
start: serve
steps:
  serve: { resource: desk, duration: exponential(40m), cost: 1, next: pause }
  pause: { wait: "uniform(1h, 3h)", next: finish }
  finish: { resource: desk, duration: 5m, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 20d, warmup: 3d, replications: 3, seed: 9 }
)yaml",
                                                  "cut.yaml");
  const Run run = simulate_and_read(process, {}, "cut");
  CHECK(check_agreement(process, run) > 30);
}

TEST_CASE("agreement: named members with their own hours, tasks several pools can do, fees from data",
          "[metrics][agreement]") {
  // The log names a member in `resource` (its pool in `role`): bpm-kpi with the process rolls the
  // members up into their pool and works their own hours and rates. Work that `a` or `b` may take
  // (policy first) waits in both queues; `shortest_queue` puts it in one; the review's fee comes
  // from the case's data. Near saturation, so that queues are long overnight and at the horizon.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: members
calendars:
  office: { mon-fri: "09:00-17:00" }
  am: { mon-fri: "08:00-12:00" }
resources:
  a: { count: 2, cost_per_hour: 40, calendar: office }
  b: { cost_per_hour: 90, calendar: office, members: { x: {}, y: { calendar: am, speed: 1.5, cost_per_hour: 120 } } }
arrivals:
  every: exponential(60m)
  attributes: { amount: "uniform(100, 5000)" }
start: work
steps:
  work: { resource: [a, b], duration: exponential(25m), next: review }
  review: { resource: [b, a], policy: shortest_queue, duration: exponential(20m), cost: "5 + amount * 0.01", next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 20d, warmup: 2d, replications: 2, seed: 5 }
)yaml",
                                                  "members.yaml");
  const Run run = simulate_and_read(process, {}, "members");
  CHECK(check_agreement(process, run) > 40);
  // The members' own rows and the pools' rows are there, under the simulator's names.
  std::set<std::string> names;
  for (const auto& m : run.log.metrics) names.insert(m.name);
  CHECK(names.count("resources.b.members.y.utilisation") == 1);
  CHECK(names.count("resources.b.queue_length") == 1);
  CHECK(names.count("resources.x.executions") == 0);
  // The resource table's row of member y is measured against y's own hours, as its metric is.
  const auto* utilisation = run.log.find("resources.b.members.y.utilisation");
  REQUIRE(utilisation != nullptr);
  bool found = false;
  for (const bpm::kpi::ResourceRow& row : run.log.resources) {
    if (row.name != "y") continue;
    found = true;
    CHECK(row.hours == "calendars am and office (process)");
    CHECK(row.busy / row.capacity == Approx(utilisation->value).epsilon(1e-9));
  }
  CHECK(found);
}

TEST_CASE("agreement: the construct samples of the format", "[metrics][agreement]") {
  // tests/data/constructs: one small file per construct, timeouts and abandonment included (their
  // interrupted executions are rows with a status), and batches (rows with the batch that served
  // them: its pool is busy once): every metric agrees, none left out.
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(BPM_TEST_DATA) / "constructs")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 4);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    const bpm::Process process = bpm::load_process(file.string());
    const Run run = simulate_and_read(process, {}, "construct-" + file.stem().string());
    CHECK(check_agreement(process, run) > 20);
  }
}

TEST_CASE("agreement: work a timeout cuts short and queues abandoned, as rows with a status", "[metrics][agreement]") {
  // Half the reviews outlast their timeout (ate_abort, with the cost of the hour worked); callers
  // abandon the busy desk's queue (withdraw). Neither is an execution of its step in the log.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: cut-short
resources:
  desk: { count: 1, cost_per_hour: 60 }
arrivals:
  every: exponential(50m)
start: review
steps:
  review:
    resource: desk
    duration: "uniform(30m, 90m)"
    timeout: { after: 1h, to: gave-up }
    abandon: { after: exponential(30m), to: left }
    next: done
  done: { end: done }
  gave-up: { end: gave-up }
  left: { end: left }
simulation: { cases: 300, replications: 2, seed: 3 }
)yaml",
                                                  "cut-short.yaml");
  bpm::SimulationOptions options;
  std::ostringstream log;
  {
    bpm::EventLogWriter writer(log);
    options.log = &writer;
    (void)bpm::simulate(process, options);
  }
  const std::string text = log.str();
  CHECK(text.find(",outcome,status\n") != std::string::npos);
  CHECK(text.find(",60.00,gave-up,ate_abort\n") != std::string::npos);  // one hour of work at 60/h
  CHECK(text.find(",0.00,left,withdraw\n") != std::string::npos);       // no work

  const Run run = simulate_and_read(process, {}, "cut-short");
  CHECK(check_agreement(process, run) > 20);
  // Only the completed reviews are executions of the step.
  const auto* count = run.log.find("steps.review.count");
  const auto* done = run.log.find("outcome.done.count");
  REQUIRE(count != nullptr);
  REQUIRE(done != nullptr);
  CHECK(count->value == Approx(done->value));
  const auto* arrived = run.log.find("cases.arrived");
  REQUIRE(arrived != nullptr);
  CHECK(arrived->value == Approx(300));
}

TEST_CASE("agreement: instances of one visit are no rework, a later visit is", "[metrics][agreement]") {
  // Parallel instances share their visit's enable time; a sequential instance is enabled when the
  // one before it ended. Both tools count a repeat per later visit (share/doc/metrics.md, rework).
  const std::string text = R"yaml(
process: instances
resources: { desk: { count: 2 } }
arrivals: { every: exponential(1h) }
start: check
steps:
  check: { resource: desk, duration: exponential(10m), instances: { count: 3 }, next: call }
  call: { duration: exponential(10m), instances: { count: "poisson(2)", parallel: false }, next: decide }
  decide: { xor: [ { to: check, p: P }, { to: done, p: Q } ] }
  done: { end: done }
simulation: { cases: 600, replications: 2, seed: 11 }
)yaml";
  const auto with_loop = [&](const std::string& p, const std::string& q) {
    std::string t = text;
    t.replace(t.find("p: P"), 4, "p: " + p);
    t.replace(t.find("p: Q"), 4, "p: " + q);
    return bpm::parse_process(t, "instances.yaml");
  };
  const auto logged = [](const Run& run, const std::string& name) {
    const auto* m = run.log.find(name);
    REQUIRE(m != nullptr);
    return m->value;
  };
  SECTION("without a loop, no rework") {
    const bpm::Process process = with_loop("0", "1");
    const Run run = simulate_and_read(process, {}, "instances-none");
    CHECK(check_agreement(process, run) > 20);
    CHECK(logged(run, "rework_rate") == 0.0);
    CHECK(logged(run, "steps.check.rework_rate") == 0.0);
    CHECK(logged(run, "steps.call.rework_rate") == 0.0);
  }
  SECTION("a loop reworks: every instance of a later visit counts") {
    const bpm::Process process = with_loop("0.25", "0.75");
    const Run run = simulate_and_read(process, {}, "instances-loop");
    CHECK(check_agreement(process, run) > 20);
    // P(a case loops) = 0.25 (its binomial sd over 1200 cases is 0.0125); the step's share of
    // executions in later visits is E[visits - 1] / E[visits] = (1/3) / (4/3), as well.
    CHECK(logged(run, "rework_rate") == Approx(0.25).margin(4 * 0.0125));
    CHECK(logged(run, "steps.check.rework_rate") == Approx(0.25).margin(0.05));
  }
}

TEST_CASE("agreement: ends with terminate: false, and outcomes a replication never reaches", "[metrics][agreement]") {
  // Each branch of the split ends at its own non-terminating end: the case ends, with that end's
  // outcome, when its last branch does, and that is the outcome its log rows carry. `never` is
  // an outcome no case reaches: both tools report it as 0 in every replication.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: branch-ends
resources:
  desk: { count: 2, cost_per_hour: 30 }
arrivals:
  every: exponential(30m)
start: fork
steps:
  fork: { and: [work, cool-off] }
  work: { resource: desk, duration: exponential(40m), next: worked }
  worked: { end: worked-last, terminate: false }
  cool-off: { wait: exponential(40m), next: cooled }
  cooled: { end: cooled-last, terminate: false }
  never-reached: { end: never }
simulation: { cases: 200, replications: 3, seed: 21 }
)yaml",
                                                  "branch-ends.yaml");
  const Run run = simulate_and_read(process, {}, "branch-ends");
  CHECK(check_agreement(process, run) > 20);
  for (const char* name : {"outcome.worked-last.count", "outcome.cooled-last.count", "outcome.never.count"}) {
    INFO(name);
    const auto* m = run.log.find(name);
    REQUIRE(m != nullptr);
    CHECK(m->n == 3);
  }
  CHECK(run.log.find("outcome.worked-last.count")->value > 10);
  CHECK(run.log.find("outcome.cooled-last.count")->value > 10);
  CHECK(run.log.find("outcome.never.count")->value == 0);
}

TEST_CASE("agreement: batches under calendar hours, a warm-up, a horizon and a fee from data",
          "[metrics][agreement][batch]") {
  // The payer serves up to four cases at once, or whatever was collected 6 h after a batch's
  // first case, only in office hours: batches wait in its queue overnight, the horizon stops
  // batches queued, under way and being collected, and each case pays its own fee on top of its
  // share of the batch's work. The log names each batch and its release (`batch`, `batch_ready`).
  const bpm::Process process = bpm::parse_process(R"yaml(
process: batch-cut
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 2, cost_per_hour: 40 }
  payer: { count: 1, cost_per_hour: 60, calendar: office }
arrivals:
  every: exponential(40m)
  attributes: { amount: "uniform(100, 900)" }
start: intake
steps:
  intake: { resource: clerk, duration: exponential(20m), next: pay }
  pay:
    resource: payer
    duration: exponential(30m)
    cost: "2 + amount * 0.01"
    batch: { size: 4, timeout: 6h }
    next: done
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 15d, warmup: 2d, replications: 3, seed: 4 }
)yaml",
                                                  "batch-cut.yaml");
  const Run run = simulate_and_read(process, {}, "batch-cut");
  CHECK(check_agreement(process, run) > 30);
  for (const char* name : {"resources.payer.busy_hours", "resources.payer.queue_length", "steps.pay.batches"}) {
    INFO(name);
    REQUIRE(run.log.find(name) != nullptr);
    CHECK(run.log.find(name)->value > 0);
  }
}
