// The CSV event log: columns, one row per task or wait execution, outcomes, cases in flight.
#include <catch2/catch.hpp>

#include <map>

#include "engine_test_support.hpp"

namespace {

const char* const kModel = R"yaml(
process: logged
resources:
  desk: { count: 1, cost_per_hour: 30 }
arrivals:
  every: 30
  attributes:
    size: uniform(1, 2)
    kind: { "a": 0.5, "b": 0.5 }
start: check
steps:
  check: { resource: desk, duration: 20, cost: 1.5, next: pause }
  pause: { wait: 15, next: decide }
  decide:
    xor:
      - { to: yes, when: "kind == 'a'" }
      - { to: no, p: 1 }
  yes: { end: accepted, revenue: size * 100 }
  no: { end: rejected }
simulation: { start: 2026-03-02T08:00, horizon: 200, replications: 2, seed: 3 }
)yaml";

}  // namespace

TEST_CASE("the event log has one row per execution with the documented columns", "[sim][log]") {
  bpm::SimulationResult result;
  const auto text = simtest::run_with_log(simtest::model(kModel), {}, &result);
  const auto csv = simtest::parse_csv(text);
  // The first line states the run's measured period, for bpm-kpi; then the header.
  CHECK(text.rfind("#bpm-sim-log start=2026-03-02T08:00:00 warmup_seconds=0 warmup_cases=0 horizon_seconds=12000\n"
                   "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,size,kind\n",
                   0) == 0);
  CHECK(text.find("\n#bpm-sim-log replication=0 window_start=2026-03-02T08:00:00\n") != std::string::npos);
  CHECK(text.find("\n#bpm-sim-log replication=1 window_start=2026-03-02T08:00:00\n") != std::string::npos);
  // One row per execution, plus one per execution under way at the horizon (no end yet).
  std::uint64_t executions = 0;
  for (const auto& rep : result.replications) executions += rep.executions;
  std::uint64_t unfinished = 0;
  for (const auto& row : csv.rows) unfinished += row[csv.column("end_time")].empty() ? 1U : 0U;
  CHECK(csv.rows.size() == executions + unfinished);
  CHECK(unfinished == 2);  // per replication, the wait of the case that arrived at 180 (enabled 200)

  // Replication 0, case 1: arrives 08:30, check 08:30-08:50 (cost 1.5 + 20 min at 30/h = 11.50),
  // waits 15 min (enabled 08:50, fires 09:05).
  const auto& first = csv.rows.at(0);
  CHECK(first[csv.column("case_id")] == "1");
  CHECK(first[csv.column("replication")] == "0");
  CHECK(first[csv.column("activity")] == "check");
  CHECK(first[csv.column("resource")] == "desk");
  CHECK(first[csv.column("enable_time")] == "2026-03-02T08:30:00");
  CHECK(first[csv.column("start_time")] == "2026-03-02T08:30:00");
  CHECK(first[csv.column("end_time")] == "2026-03-02T08:50:00");
  CHECK(first[csv.column("cost")] == "11.50");
  const auto& wait = csv.rows.at(1);
  CHECK(wait[csv.column("case_id")] == "1");
  CHECK(wait[csv.column("activity")] == "pause");
  CHECK(wait[csv.column("resource")].empty());
  CHECK(wait[csv.column("enable_time")] == "2026-03-02T08:50:00");
  CHECK(wait[csv.column("start_time")] == "2026-03-02T09:05:00");
  CHECK(wait[csv.column("end_time")] == "2026-03-02T09:05:00");
  CHECK(wait[csv.column("cost")] == "0.00");

  // Rows come grouped by replication (ascending) and by case; the outcome and the attributes are
  // the case's; cases still open at the horizon (200 min: the case arriving at 200) have none.
  std::map<std::pair<std::string, std::string>, std::string> outcome_of;
  std::string previous_replication = "0";
  std::size_t open_rows = 0;
  for (const auto& row : csv.rows) {
    const auto& replication = row[csv.column("replication")];
    CHECK(replication >= previous_replication);
    previous_replication = replication;
    const auto& outcome = row[csv.column("outcome")];
    const auto& kind = row[csv.column("kind")];
    CHECK((kind == "a" || kind == "b"));
    const double size = std::stod(row[csv.column("size")]);
    CHECK((size >= 1.0 && size <= 2.0));
    if (outcome.empty()) {
      ++open_rows;
    } else {
      CHECK(outcome == (kind == "a" ? "accepted" : "rejected"));
    }
    const auto key = std::pair(replication, row[csv.column("case_id")]);
    const auto [it, inserted] = outcome_of.emplace(key, outcome);
    if (!inserted) CHECK(it->second == outcome);  // the same outcome on every row of a case
  }
  CHECK(open_rows == 4);              // per replication, the case that arrived at 180: its check, its wait under way
  CHECK(outcome_of.size() == 2 * 6);  // cases arriving at 30, 60, ..., 180 have rows
}

TEST_CASE("the event log is the same whatever the number of threads", "[sim][log]") {
  const auto process = simtest::model(kModel);
  bpm::SimulationOptions options;
  options.replications = 9;
  const auto one = simtest::run_with_log(process, options);
  options.threads = 2;
  const auto two = simtest::run_with_log(process, options);
  CHECK(one.size() > 1000);
  CHECK(one == two);
}
