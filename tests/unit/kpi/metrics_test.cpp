// Every KPI of share/doc/metrics.md on tests/data/logs/tiny.csv, against values computed by
// hand. The log (times on 2026-01-05 unless noted):
//
//   case A (won, amount 1000): register 08-09 ann, review 10-12 bob (enabled 09), review 13-14 bob
//     (enabled 12), close 14-16 ann. Cycle 8 h, waiting 2 h, processing 6 h, cost 55, rework.
//   case B (lost): register 09-10, review 12-13 (enabled 10), close 16-17 (enabled 13).
//     Cycle 8 h, waiting 5 h, processing 3 h, cost 35.
//   case C (no outcome: in flight): register 10-11, review enabled 11, runs 01-06 09:00-12:00.
//     Waiting 22 h, processing 4 h, cost 30.
//
// Window: 01-05 08:00 to 01-06 12:00 = 28 h.
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/kpi/analysis.hpp"
#include "bpm/model/loader.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::data;
using kpi_test::kDay;
using kpi_test::kHour;

namespace {

Report tiny(const bpm::Process* process = nullptr, const std::string& revenue = "amount") {
  AnalysisOptions options;
  options.process = process;
  options.revenue_attribute = process == nullptr ? revenue : "";
  return analyze_logs({data("tiny.csv")}, options);
}

double v(const Report& r, const char* name) {
  const Metric* m = r.find(name);
  INFO(name);
  REQUIRE(m != nullptr);
  return m->value;
}

constexpr double kWindow = 28 * kHour;

}  // namespace

TEST_CASE("case counts: arrived, completed by outcome, in flight", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "cases.arrived") == 3);
  CHECK(v(r, "cases.completed") == 2);
  CHECK(v(r, "cases.in_flight") == 1);
  CHECK(r.window_end - r.window_start == kWindow);
}

TEST_CASE("cycle, waiting and processing time over completed cases", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "cycle_time.mean") == Approx(8 * kHour));
  CHECK(v(r, "cycle_time.p50") == Approx(8 * kHour));
  CHECK(v(r, "cycle_time.p95") == Approx(8 * kHour));
  CHECK(v(r, "waiting_time.mean") == Approx(3.5 * kHour));
  // Linear interpolation between ranks: p50 of {2 h, 5 h} is 3.5 h, p90 is 2 + 0.9 x 3 = 4.7 h
  // (each rank within the sketch's 0.5%).
  CHECK(v(r, "waiting_time.p50") == Approx(3.5 * kHour).epsilon(0.005));
  CHECK(v(r, "waiting_time.p90") == Approx(4.7 * kHour).epsilon(0.005));
  CHECK(v(r, "processing_time.mean") == Approx(4.5 * kHour));
  CHECK(v(r, "flow_efficiency") == Approx(9.0 / 16.0));
  // One replication: the mean over cases carries its case-level confidence interval.
  const Metric* waiting = r.find("waiting_time.mean");
  CHECK(waiting->n == 2);
  CHECK(waiting->sd == Approx(std::sqrt(4.5) * kHour));
}

TEST_CASE("throughput, WIP and Little's law", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "throughput") == Approx(2.0 / (kWindow / kDay)));
  // (8 h + 8 h + 26 h of C until the window's end) / 28 h.
  CHECK(v(r, "wip") == Approx(1.5));
  CHECK(v(r, "littles_law.wip") == Approx(3.0 / kWindow * 8 * kHour));
  CHECK(v(r, "littles_law.ratio") == Approx(1.5 / (3.0 / 28.0 * 8.0)));
}

TEST_CASE("outcomes, win rate, revenue, deal value and pipeline velocity", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "outcome.won.count") == 1);
  CHECK(v(r, "outcome.won.rate") == Approx(0.5));
  CHECK(v(r, "outcome.lost.rate") == Approx(0.5));
  CHECK(v(r, "win_rate") == Approx(0.5));
  CHECK(v(r, "conversion_rate") == Approx(0.5));
  CHECK(v(r, "revenue.total") == Approx(1000));
  CHECK(v(r, "revenue.per_case") == Approx(500));
  CHECK(v(r, "deal_value.mean") == Approx(1000));
  // Revenue closed per day, by Little's law arrivals per day x win rate x deal value:
  // 3 cases / (28/24 d) x 0.5 x 1000 (money per day, not per day squared).
  CHECK(v(r, "pipeline_velocity") == Approx(3.0 / (28.0 / 24.0) * 0.5 * 1000.0));
}

TEST_CASE("cost per case and cost total", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "cost.total") == Approx(120));
  CHECK(v(r, "cost.per_case") == Approx(45));
}

TEST_CASE("rework rate and first-pass yield: an activity repeated within a case", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "rework_rate") == Approx(0.5));
  CHECK(v(r, "first_pass_yield") == Approx(0.5));
  CHECK(v(r, "steps.review.rework_rate") == Approx(0.25));
}

TEST_CASE("activity frequencies and per-step times", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "steps.review.count") == 4);
  CHECK(v(r, "steps.register.count") == 3);
  CHECK(v(r, "steps.review.waiting.mean") == Approx(6.5 * kHour));
  CHECK(v(r, "steps.review.processing.mean") == Approx(1.75 * kHour));
  CHECK(v(r, "steps.review.cost") == Approx(80));
  CHECK(v(r, "variants.count") == 3);
}

TEST_CASE("resource utilisation and workload", "[kpi][metrics]") {
  const Report r = tiny();
  CHECK(v(r, "resources.bob.executions") == 4);
  CHECK(v(r, "resources.bob.busy_hours") == Approx(7));
  CHECK(v(r, "resources.bob.utilisation") == Approx(7.0 / 28.0));
  CHECK(v(r, "resources.ann.utilisation") == Approx(6.0 / 28.0));
  CHECK(v(r, "resources.bob.queue_length") == Approx(26.0 / 28.0));
  CHECK(v(r, "resources.bob.waiting.mean") == Approx(6.5 * kHour));
}

TEST_CASE("bottleneck ranking and variants", "[kpi][metrics]") {
  const Report r = tiny();
  REQUIRE(r.activities.size() == 3);
  CHECK(r.activities[0].name == "review");
  CHECK(r.activities[0].waiting_total == Approx(26 * kHour));
  CHECK(r.activities[1].name == "close");
  CHECK(r.activities[2].name == "register");
  REQUIRE(r.resources.size() == 2);
  CHECK(r.resources[0].name == "bob");
  REQUIRE(r.variants.size() == 3);
  CHECK(r.variant_count == 3);
  CHECK(r.variants[0].activities == std::vector<std::string>{"register", "review", "review", "close"});
  CHECK(r.variants[0].cycle_mean == Approx(8 * kHour));
  CHECK(std::isnan(r.variants[2].cycle_mean));  // only the open case C
}

TEST_CASE("daily series: arrivals, completions and WIP per day", "[kpi][metrics]") {
  const Report r = tiny();
  REQUIRE(r.series.size() == 2);
  CHECK(r.series[0].arrivals == 3);
  CHECK(r.series[0].completions == 2);
  // Day 1 covers 08:00-24:00 of the window: A 8 h, B 8 h, C 14 h.
  CHECK(r.series[0].wip == Approx(30.0 / 16.0));
  // Day 2 covers 00:00-12:00: C only.
  CHECK(r.series[1].wip == Approx(1.0));
}

TEST_CASE("SLA adherence counts open cases already past the SLA as breaches", "[kpi][metrics][sla]") {
  const bpm::Process process = bpm::load_process(data("tiny-process.yaml"));
  const Report r = tiny(&process);
  // review_started (arrival -> review.start within 3h): A 2h met, B 3h met, C 23h breached.
  CHECK(v(r, "sla.review_started") == Approx(2.0 / 3.0));
  // closed (arrival -> close.start within 390m): A 6h met, B 7h breached, C open for 26h: breached.
  CHECK(v(r, "sla.closed") == Approx(1.0 / 3.0));
  // done (arrival -> end within 8h): A and B met, C open and past: breached.
  CHECK(v(r, "sla.done") == Approx(2.0 / 3.0));
  // The revenue formula of the 'won' end (amount) gives the same revenue as the column.
  CHECK(v(r, "revenue.total") == Approx(1000));
}

TEST_CASE("without outcomes, end activities or a process decide what has ended", "[kpi][metrics]") {
  kpi_test::TempFile log("ends.csv",
                         "case_id,activity,start_time,end_time\n"
                         "1,a,2026-01-05T08:00,2026-01-05T09:00\n"
                         "1,done,2026-01-05T09:00,2026-01-05T10:00\n"
                         "2,a,2026-01-05T08:00,2026-01-05T12:00\n");
  AnalysisOptions options;
  SECTION("no rule: every case counts as completed") {
    const Report r = analyze_logs({log.path()}, options);
    CHECK(r.value("cases.completed") == 2);
  }
  SECTION("--end-activity") {
    options.end_activities = {"done"};
    const Report r = analyze_logs({log.path()}, options);
    CHECK(r.value("cases.completed") == 1);
    CHECK(r.value("cycle_time.mean") == Approx(2 * kHour));
  }
}

TEST_CASE("conformance: unknown activities and cases that end nowhere", "[kpi][metrics][conformance]") {
  const bpm::Process process = bpm::load_process(data("tiny-process.yaml"));
  kpi_test::TempFile log("conf.csv",
                         "case_id,activity,start_time,end_time,outcome\n"
                         "1,register,2026-01-05T08:00,2026-01-05T09:00,lost\n"
                         "1,Review,2026-01-05T09:00,2026-01-05T10:00,lost\n"
                         "2,register,2026-01-05T08:00,2026-01-05T09:00,won\n"
                         "2,gossip,2026-01-05T09:00,2026-01-05T09:30,won\n"
                         "2,close,2026-01-05T10:00,2026-01-05T11:00,won\n");
  AnalysisOptions options;
  options.process = &process;
  const Report r = analyze_logs({log.path()}, options);
  REQUIRE(r.conformance.checked);
  REQUIRE(r.conformance.unknown_activities.size() == 1);
  CHECK(r.conformance.unknown_activities[0].first == "gossip");
  // Case 1 claims an outcome but stops after review, which leads to no end.
  CHECK(r.conformance.cases_ending_nowhere == 1);
  CHECK(r.conformance.ending_nowhere_examples == std::vector<std::string>{"1"});
  CHECK(r.issues.count_of(bpm::kpi::IssueKind::UnknownActivity) == 1);
}

TEST_CASE("replications of a simulated log become estimates with confidence intervals", "[kpi][metrics]") {
  kpi_test::TempFile log("reps.csv",
                         "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome\n"
                         "1,1,a,r,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T10:00,1,won\n"
                         "1,2,a,r,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T12:00,1,won\n"
                         "1,3,a,r,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T14:00,1,lost\n");
  const Report r = analyze_logs({log.path()}, {});
  CHECK(r.replications == 3);
  const Metric* cycle = r.find("cycle_time.mean");
  REQUIRE(cycle != nullptr);
  CHECK(cycle->value == Approx(4 * kHour));
  CHECK(cycle->n == 3);
  CHECK(cycle->sd == Approx(2 * kHour));
  // t(0.975, 2) = 4.302653
  CHECK(cycle->half_width == Approx(4.302653 * 2 * kHour / std::sqrt(3.0)).epsilon(1e-5));
  CHECK(r.value("win_rate") == Approx(2.0 / 3.0));
}

TEST_CASE("option --from leaves out earlier cases", "[kpi][metrics]") {
  AnalysisOptions options;
  options.from = bpm::parse_datetime("2026-01-05T09:30");
  const Report r = analyze_logs({data("tiny.csv")}, options);
  CHECK(r.value("cases.arrived") == 1);  // only C arrives after 09:30
  CHECK(r.window_start == bpm::parse_datetime("2026-01-05T09:30"));
}

TEST_CASE("with the process file, every outcome is reported in every replication, 0 when none reached it",
          "[kpi][metrics]") {
  // tiny-process.yaml ends in `won` or `lost`; replication 1 has only won cases, replication 2 only
  // lost ones: as in the simulator's summary, each outcome is counted (0) in every replication.
  const bpm::Process process = bpm::load_process(data("tiny-process.yaml"));
  kpi_test::TempFile log("rare.csv",
                         "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome\n"
                         "1,1,register,ann,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T09:00,1,won\n"
                         "1,1,close,ann,2026-01-05T09:00,2026-01-05T09:00,2026-01-05T10:00,1,won\n"
                         "1,2,register,ann,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T09:00,1,lost\n"
                         "1,2,close,ann,2026-01-05T09:00,2026-01-05T09:00,2026-01-05T10:00,1,lost\n");
  AnalysisOptions options;
  options.process = &process;
  const Report r = analyze_logs({log.path()}, options);
  REQUIRE(r.replications == 2);
  for (const char* name : {"outcome.won.count", "outcome.lost.count", "outcome.won.rate", "outcome.lost.rate"}) {
    INFO(name);
    const Metric* m = r.find(name);
    REQUIRE(m != nullptr);
    CHECK(m->n == 2);  // both replications, one of them with 0
    CHECK(m->value == Approx(0.5));
  }
  // Without the process file only the outcomes a replication reached are known there.
  const Report bare = analyze_logs({log.path()}, {});
  const Metric* won = bare.find("outcome.won.count");
  REQUIRE(won != nullptr);
  CHECK(won->n == 1);
  CHECK(won->value == Approx(1));
}

namespace {

// Three cases paid in one batch (7) from 12:00 to 13:00, a fourth alone (batch 8) from 13:00 to
// 14:00; the first three arrived at 08:00, 09:00 and 10:00.
std::string batch_log(bool with_ready) {
  std::string log = "case_id,activity,resource,enable_time,start_time,end_time,cost,outcome,batch";
  log += with_ready ? ",batch_ready\n" : "\n";
  const char* rows[] = {"1,pay,finance,2026-01-05T08:00,2026-01-05T12:00,2026-01-05T13:00,10,paid,7",
                        "2,pay,finance,2026-01-05T09:00,2026-01-05T12:00,2026-01-05T13:00,10,paid,7",
                        "3,pay,finance,2026-01-05T10:00,2026-01-05T12:00,2026-01-05T13:00,10,paid,7",
                        "4,pay,finance,2026-01-05T13:00,2026-01-05T13:00,2026-01-05T14:00,30,paid,8"};
  const char* ready[] = {",2026-01-05T11:00", ",2026-01-05T11:00", ",2026-01-05T11:00", ",2026-01-05T13:00"};
  for (std::size_t i = 0; i < 4; ++i) log += std::string(rows[i]) + (with_ready ? ready[i] : "") + "\n";
  return log;
}

}  // namespace

TEST_CASE("a batch column: the rows of one batch are one execution of their resource", "[kpi][metrics][batch]") {
  const kpi_test::TempFile plain("batch.csv", batch_log(false));
  const Report r = analyze_logs({plain.path()}, {});
  // Window 08:00-14:00. The pool worked 1 h for the batch of three and 1 h for the fourth case
  // (4 h if each row were an execution of its own).
  CHECK(v(r, "resources.finance.busy_hours") == Approx(2.0));
  CHECK(v(r, "resources.finance.utilisation") == Approx(2.0 / 6.0));
  CHECK(v(r, "resources.finance.executions") == 4);  // each case's execution of the step
  CHECK(v(r, "steps.pay.count") == 4);
  CHECK(v(r, "steps.pay.batches") == 2);
  CHECK(v(r, "steps.pay.batch_size.mean") == Approx(2.0));
  // Each case waited from its own arrival to the batch's start ...
  CHECK(v(r, "steps.pay.waiting.mean") == Approx((4 + 3 + 2 + 0) * kHour / 4));
  // ... but the batch queued for the pool once, from its release: without batch_ready, when its
  // last case arrived (10:00) until it started (12:00).
  CHECK(v(r, "resources.finance.queue_length") == Approx(2.0 / 6.0));
  CHECK(v(r, "cost.total") == Approx(60));

  // batch_ready says when the batch was released (a timeout at 11:00): 1 h in the queue.
  const kpi_test::TempFile ready("batch-ready.csv", batch_log(true));
  const Report rr = analyze_logs({ready.path()}, {});
  CHECK(v(rr, "resources.finance.busy_hours") == Approx(2.0));
  CHECK(v(rr, "resources.finance.queue_length") == Approx(1.0 / 6.0));
  CHECK(v(rr, "steps.pay.waiting.mean") == Approx((4 + 3 + 2 + 0) * kHour / 4));

  // The same log in XES, with the batch as an event attribute.
  std::string xes = R"(<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
)";
  const char* starts[] = {"12:00", "12:00", "12:00", "13:00"};
  const char* ends[] = {"13:00", "13:00", "13:00", "14:00"};
  const char* batches[] = {"7", "7", "7", "8"};
  for (int c = 0; c < 4; ++c) {
    xes += "<trace><string key=\"concept:name\" value=\"" + std::to_string(c + 1) + "\"/>";
    for (const char* transition : {"start", "complete"}) {
      const bool start = std::string_view(transition) == "start";
      xes += std::string("<event><string key=\"concept:name\" value=\"pay\"/>") +
             "<string key=\"org:resource\" value=\"finance\"/><string key=\"lifecycle:transition\" value=\"" +
             transition + "\"/><date key=\"time:timestamp\" value=\"2026-01-05T" + (start ? starts[c] : ends[c]) +
             ":00\"/><string key=\"bpm:batch\" value=\"" + batches[c] + "\"/></event>";
    }
    xes += "</trace>\n";
  }
  xes += "</log>\n";
  const kpi_test::TempFile in_xes("batch.xes", xes);
  const Report rx = analyze_logs({in_xes.path()}, {});
  CHECK(v(rx, "resources.finance.busy_hours") == Approx(2.0));
  CHECK(v(rx, "steps.pay.batches") == 2);
}
