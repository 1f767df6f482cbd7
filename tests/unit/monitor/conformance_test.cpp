// Conformance against tests/data/conformance/claims.yaml on logs whose deviations are known, and
// on simulated logs of every shipped process, which must fit entirely.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/monitor/conformance.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

std::string claims_path() { return std::string(BPM_TEST_DATA) + "/conformance/claims.yaml"; }

/// A log from traces "case: a, b, c [outcome]", one minute per event.
std::string make_log(const std::vector<std::pair<std::string, std::string>>& cases) {
  std::string csv = "case_id,activity,start_time,end_time,outcome\n";
  int minute = 0;
  for (const auto& [id, text] : cases) {
    std::string outcome;
    std::string trace = text;
    if (const auto open = trace.find('['); open != std::string::npos) {
      outcome = trace.substr(open + 1, trace.find(']') - open - 1);
      trace = trace.substr(0, open);
    }
    std::istringstream in(trace);
    std::string activity;
    while (std::getline(in, activity, ',')) {
      activity.erase(0, activity.find_first_not_of(' '));
      activity.erase(activity.find_last_not_of(' ') + 1);
      if (activity.empty()) continue;
      const auto stamp = [](int m) { return fmt::format("2026-01-05T{:02}:{:02}", 8 + m / 60, m % 60); };
      csv += fmt::format("{},{},{},{},{}\n", id, activity, stamp(minute), stamp(minute + 1), outcome);
      minute += 2;
    }
  }
  return csv;
}

struct Checked {
  ConformanceResult result;
  std::string cases_csv;
};

Checked check(const bpm::Process& process, const std::string& log_text, bpm::kpi::AnalysisOptions options = {}) {
  kpi_test::TempFile log("log.csv", log_text);
  ConformanceChecker checker(process);
  bpm::kpi::CaseObserver* observers[] = {&checker};
  monitor_test::Pass pass;
  options.process = &process;
  monitor_test::run(pass, {log.path()}, options, observers);
  Checked c{checker.result(), {}};
  std::ostringstream rows;
  checker.write_cases(rows);
  c.cases_csv = rows.str();
  return c;
}

const DeviationSummary* find(const ConformanceResult& r, const std::string& text) {
  for (const DeviationSummary& d : r.deviations) {
    if (d.text == text) return &d;
  }
  return nullptr;
}

std::vector<std::string> deviations_of(const ConformanceResult& r, const std::string& id) {
  for (const CaseConformance& c : r.example_cases) {
    if (c.id == id) return c.deviations;
  }
  return {};
}

}  // namespace

TEST_CASE("conformance: fitting cases, with or without the timer recorded", "[monitor][conformance]") {
  const bpm::Process claims = bpm::load_process(claims_path());
  const Checked c =
      check(claims, make_log({
                        {"F1", "register, await-documents, check-policy, assess-damage, pay, email [paid]"},
                        {"F2",
                         "register, assess-damage, check-policy, check-policy, pay, email, letter "
                         "[paid]"},
                        {"F3", "register, assess-damage, check-policy, notify-rejection [rejected]"},
                        {"R1", "register, assess-damage"},
                    }));
  CHECK(c.result.cases == 4);
  CHECK(c.result.completed == 3);
  CHECK(c.result.in_flight == 1);
  CHECK(c.result.fitting == 4);
  CHECK(c.result.log_fitness == 1.0);
  CHECK(c.result.deviations.empty());
}

TEST_CASE("conformance: every kind of deviation named and counted", "[monitor][conformance]") {
  const bpm::Process claims = bpm::load_process(claims_path());
  const Checked c =
      check(claims, make_log({
                        {"ok", "register, assess-damage, check-policy, pay, email [paid]"},
                        {"no-assess", "register, check-policy, pay, email [paid]"},
                        {"no-assess-2", "register, check-policy, notify-rejection [rejected]"},
                        {"pay-first", "pay, register, assess-damage, check-policy, email [paid]"},
                        {"foo", "register, foo, assess-damage, check-policy, notify-rejection [rejected]"},
                        {"wrong-end", "register, assess-damage, check-policy, notify-rejection [paid]"},
                        {"cancelled", "register, assess-damage, check-policy, pay, email [cancelled]"},
                        {"pay-twice", "register, assess-damage, check-policy, pay, pay, email [paid]"},
                        {"email-rejected", "register, assess-damage, check-policy, notify-rejection, email [rejected]"},
                        {"running-ok", "register, check-policy"},
                        {"running-bad", "pay"},
                    }));
  const ConformanceResult& r = c.result;
  CHECK(r.cases == 11);
  CHECK(r.completed == 9);
  CHECK(r.in_flight == 2);
  CHECK(r.fitting == 2);  // ok, running-ok
  CHECK(r.fitting_completed == 1);

  const DeviationSummary* skipped = find(r, "skipped `assess-damage`");
  REQUIRE(skipped != nullptr);
  CHECK(skipped->cases == 2);
  CHECK(skipped->kind == "skipped");
  CHECK(skipped->examples == std::vector<std::string>{"no-assess", "no-assess-2"});
  CHECK(deviations_of(r, "pay-first") == std::vector<std::string>{"`pay` before `register`"});
  CHECK(deviations_of(r, "foo") == std::vector<std::string>{"unknown activity `foo`"});
  CHECK(deviations_of(r, "wrong-end") == std::vector<std::string>{"ended `paid` instead of `rejected`"});
  CHECK(deviations_of(r, "cancelled") == std::vector<std::string>{"unknown outcome `cancelled`"});
  CHECK(deviations_of(r, "pay-twice") == std::vector<std::string>{"`pay` repeated"});
  CHECK(deviations_of(r, "email-rejected") == std::vector<std::string>{"unexpected `email`"});
  CHECK(deviations_of(r, "running-bad") == std::vector<std::string>{"unexpected `pay`"});
  CHECK(r.deviations.front().text == "skipped `assess-damage`");  // the most frequent first

  // Fitness: 1 - deviations / (events + outcome + the shortest run: register, assess-damage,
  // check-policy, notify-rejection and its outcome).
  CHECK(c.cases_csv.find("no-assess,0,completed,4,0.9000,skipped `assess-damage`\n") != std::string::npos);
  CHECK(c.cases_csv.find("running-ok,0,in flight,2,1.0000,\n") != std::string::npos);
  CHECK(c.cases_csv.find("running-bad,0,in flight,1,0.0000,unexpected `pay`\n") != std::string::npos);
}

TEST_CASE("conformance: after the end, without outcomes", "[monitor][conformance]") {
  const bpm::Process claims = bpm::load_process(claims_path());
  // No outcome column: a case is completed when its last activity leads to an end.
  std::string log = "case_id,activity,time\n";
  log += "A,register,2026-01-05T08:00\nA,assess-damage,2026-01-05T08:10\nA,check-policy,2026-01-05T08:20\n";
  log += "A,notify-rejection,2026-01-05T08:30\nA,email,2026-01-05T08:40\n";
  const Checked c = check(claims, log);
  // Its last activity, email, leads to an end: completed; the rejection had ended the case.
  CHECK(c.result.completed == 1);
  CHECK(deviations_of(c.result, "A") == std::vector<std::string>{"`email` after the end"});
}

TEST_CASE("conformance: precision by escaping edges", "[monitor][conformance]") {
  // tiny-process: register, review, then review again or close, then won or lost. Case A reviews
  // twice, B once; after A's second review only close followed, though review was allowed:
  // allowed 1+1+2+2 (x cases) = 10, escaping 1.
  const bpm::Process tiny = bpm::load_process(std::string(BPM_TEST_DATA) + "/logs/tiny-process.yaml");
  ConformanceChecker checker(tiny);
  bpm::kpi::CaseObserver* observers[] = {&checker};
  monitor_test::Pass pass;
  bpm::kpi::AnalysisOptions options;
  options.process = &tiny;
  monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, options, observers);
  const ConformanceResult r = checker.result();
  CHECK(r.fitting == 3);
  CHECK(r.precision_cases == 2);
  CHECK(r.precision == Approx(0.9));
}

TEST_CASE("conformance: simulated logs of every shipped process fit entirely", "[monitor][conformance]") {
  for (const char* name : {"lead-to-cash", "client-onboarding", "customer-success", "service-fulfillment"}) {
    INFO(name);
    const bpm::Process process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/" + name + ".yaml");
    std::ostringstream text;
    {
      bpm::EventLogWriter writer(text);
      bpm::SimulationOptions sim;
      sim.replications = 2;
      sim.log = &writer;
      (void)bpm::simulate(process, sim);
    }
    const Checked c = check(process, text.str());
    CHECK(c.result.cases > 100);
    CHECK(c.result.not_checked == 0);
    CHECK(c.result.fitting == c.result.cases);
    CHECK(c.result.log_fitness == 1.0);
    CHECK(c.result.deviations.empty());
  }
}

TEST_CASE("conformance: deviations injected into a simulated log are found and counted", "[monitor][conformance]") {
  const bpm::Process process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml");
  std::ostringstream text;
  {
    bpm::EventLogWriter writer(text);
    bpm::SimulationOptions sim;
    sim.replications = 1;
    sim.log = &writer;
    (void)bpm::simulate(process, sim);
  }
  // Group the rows by case, then change some completed cases: of those with a demo, the 10th,
  // 20th, ... lose their proposals and the 5th, 15th, ... have their demo moved before their
  // qualification; of those without, every 10th gets an unknown activity.
  // The `#bpm-sim-log` lines go: without its run's warm-up the reader measures every case, so each
  // injected case is counted.
  std::istringstream in(text.str());
  std::string header;
  while (std::getline(in, header) && header.starts_with('#')) {
  }
  std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with('#')) continue;
    std::vector<std::string> fields;
    std::istringstream row(line);
    for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.emplace_back();
    if (cases.empty() || cases.back().first != fields[0])
      cases.emplace_back(fields[0], std::vector<std::vector<std::string>>{});
    cases.back().second.push_back(fields);
  }
  enum Field { kActivity = 2, kEnable = 4, kStart = 5, kEnd = 6, kOutcome = 8 };
  std::map<std::string, int> injected;
  std::map<std::string, int> seen;
  std::string log = header + "\n";
  for (auto& [id, rows] : cases) {
    // An init-capture: clang before 16 cannot capture a structured binding.
    auto has = [&case_rows = rows](const char* a) {
      return std::any_of(case_rows.begin(), case_rows.end(), [a](const auto& r) { return r[kActivity] == a; });
    };
    std::string kind;
    if (!rows.front()[kOutcome].empty()) {
      const bool long_path = has("demo");
      const int n = ++seen[long_path ? "long" : "short"];
      if (long_path && n % 10 == 0) kind = "proposal";
      if (long_path && n % 10 == 5) kind = "demo";
      if (!long_path && n % 10 == 0) kind = "foo";
    }
    if (!kind.empty()) {
      ++injected[kind];
      if (kind == "proposal") {
        std::erase_if(rows, [](const auto& r) { return r[kActivity] == "proposal"; });
      } else if (kind == "demo") {
        for (auto& r : rows) {
          if (r[kActivity] == "demo") r[kEnable] = r[kStart] = r[kEnd] = rows.front()[kEnable];
        }
      } else {
        rows.push_back(rows.front());
        rows.back()[kActivity] = "foo";
      }
    }
    for (const auto& r : rows) {
      for (std::size_t k = 0; k < r.size(); ++k) log += (k > 0 ? "," : "") + r[k];
      log += "\n";
    }
  }
  bpm::kpi::AnalysisOptions options;
  options.simulation_warmup = false;  // every case, warm-up included
  const Checked c = check(process, log, options);
  const std::pair<const char*, const char*> expected[] = {
      {"proposal", "skipped `proposal`"}, {"demo", "`demo` before `qualify`"}, {"foo", "unknown activity `foo`"}};
  std::uint64_t total = 0;
  for (const auto& [kind, wording] : expected) {
    INFO(wording);
    REQUIRE(injected[kind] >= 3);
    const DeviationSummary* d = find(c.result, wording);
    REQUIRE(d != nullptr);
    CHECK(d->cases == static_cast<std::uint64_t>(injected[kind]));
    total += d->cases;
  }
  CHECK(c.result.deviations.size() == 3);
  CHECK(c.result.fitting == c.result.cases - total);
}

TEST_CASE("conformance: unsupported structures are located errors", "[monitor][conformance]") {
  const bpm::Process bad = bpm::parse_process(R"(process: bad
owner: x
time_unit: minutes
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1m, next: j }
  j: { join: [a, b], next: done }
  b: { duration: 1m, next: j }
  done: { end: done }
)",
                                              "bad.yaml");
  CHECK_THROWS_AS(ConformanceChecker(bad), bpm::ModelError);
}

TEST_CASE("conformance: arrival streams that start their cases at another step", "[monitor][conformance]") {
  // Brokers' cases skip registration and start at the file check, as their stream says.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: streams
resources:
  desk: { count: 1 }
arrivals:
  streams:
    phone: { every: exponential(1h) }
    brokers: { every: exponential(4h), start: check-file }
start: register
steps:
  register: { resource: desk, duration: 5m, next: assess }
  check-file: { resource: desk, duration: 5m, next: assess }
  assess: { resource: desk, duration: 10m, next: done }
  done: { end: done }
)yaml",
                                                  "streams.yaml");
  const Checked c = check(process, make_log({{"1", "register, assess"},
                                             {"2", "check-file, assess"},
                                             {"3", "assess"},
                                             {"4", "register, check-file, assess"}}));
  CHECK(c.result.cases == 4);
  CHECK(c.result.fitting == 2);
  CHECK(deviations_of(c.result, "1").empty());
  CHECK(deviations_of(c.result, "2").empty());
  // Starting at neither start step is one skipped step (the cheaper of the two).
  CHECK(deviations_of(c.result, "3").size() == 1);
  CHECK(deviations_of(c.result, "4") == std::vector<std::string>{"unexpected `check-file`"});
}

TEST_CASE("conformance: timers, escalations, multi-instance tasks and branch ends", "[monitor][conformance]") {
  // Callers hang up in the queue (abandon); the documents wait escalates once to a reminder on a
  // branch of its own and times out to a rejection; screening runs exactly twice per visit.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: constructs
resources:
  desk: { count: 1 }
  lead: { count: 1 }
arrivals: { every: exponential(1h) }
start: register
steps:
  register: { resource: desk, duration: 5m, abandon: { after: 10m, to: lost }, next: documents }
  documents:
    wait: 2d
    escalate: { after: 1d, to: remind }
    timeout: { after: 5d, to: reject }
    next: screen
  remind: { resource: lead, duration: 5m, next: reminded }
  reminded: { end: reminded, terminate: false }
  screen: { resource: desk, duration: 10m, instances: { count: 2 }, next: pay }
  pay: { resource: desk, duration: 5m, next: paid }
  reject: { resource: desk, duration: 5m, next: rejected }
  paid: { end: paid }
  rejected: { end: rejected }
  lost: { end: lost, terminate: false }
)yaml",
                                                  "constructs.yaml");
  const Checked c = check(process, make_log({
                                       {"plain", "register, documents, screen, screen, pay [paid]"},
                                       {"reminded", "register, remind, documents, screen, screen, pay [paid]"},
                                       {"late-reminder", "register, documents, screen, screen, remind, pay [paid]"},
                                       {"timed-out", "register, remind, reject [rejected]"},
                                       {"reminded-twice",
                                        "register, remind, remind, documents, screen, screen, "
                                        "pay [paid]"},
                                       {"one-screen", "register, documents, screen, pay [paid]"},
                                       {"three-screens", "register, documents, screen, screen, screen, pay [paid]"},
                                       {"late-timeout", "register, documents, screen, screen, reject [rejected]"},
                                       {"late-hang-up", "register [lost]"},
                                       {"reminder-only", "register, remind [reminded]"},
                                   }));
  const ConformanceResult& r = c.result;
  CHECK(r.cases == 10);
  CHECK(r.fitting == 4);
  for (const char* id : {"plain", "reminded", "late-reminder", "timed-out"}) {
    INFO(id);
    CHECK(deviations_of(r, id).empty());
  }
  // The escalation fires once per visit; two instances exactly; timers only from their step.
  CHECK(deviations_of(r, "reminded-twice") == std::vector<std::string>{"`remind` repeated"});
  CHECK(deviations_of(r, "one-screen") == std::vector<std::string>{"skipped `screen`"});
  CHECK(deviations_of(r, "three-screens") == std::vector<std::string>{"`screen` repeated"});
  CHECK(!deviations_of(r, "late-timeout").empty());
  CHECK(!deviations_of(r, "late-hang-up").empty());
  // A branch end ends the case only with its last token: the main branch is still open.
  CHECK(!deviations_of(r, "reminder-only").empty());
}
