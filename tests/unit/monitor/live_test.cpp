// The live dashboard's reading (LiveLog): a log written in pieces, polled after each, reports what
// analyze_logs reports on the same rows read at once, while holding only the cases in flight; its
// map and funnel are those of the whole log.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/monitor/dashboard.hpp"
#include "bpm/monitor/live.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"

using namespace bpm;

namespace {

const char* const kHeader = "case_id,activity,resource,enable_time,start_time,end_time,cost,outcome,amount\n";
// tests/data/logs/tiny.csv (A won, B lost, C in flight), then a fourth case.
const char* const kRows[] = {
    "A,register,ann,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T09:00,10,won,1000\n",
    "A,review,bob,2026-01-05T09:00,2026-01-05T10:00,2026-01-05T12:00,20,won,1000\n",
    "A,review,bob,2026-01-05T12:00,2026-01-05T13:00,2026-01-05T14:00,20,won,1000\n",
    "A,close,ann,2026-01-05T14:00,2026-01-05T14:00,2026-01-05T16:00,5,won,1000\n",
    "B,register,ann,2026-01-05T09:00,2026-01-05T09:00,2026-01-05T10:00,10,lost,\n",
    "B,review,bob,2026-01-05T10:00,2026-01-05T12:00,2026-01-05T13:00,20,lost,\n",
    "B,close,ann,2026-01-05T13:00,2026-01-05T16:00,2026-01-05T17:00,5,lost,\n",
    "C,register,ann,2026-01-05T10:00,2026-01-05T10:00,2026-01-05T11:00,10,,\n",
    "C,review,bob,2026-01-05T11:00,2026-01-06T09:00,2026-01-06T12:00,20,,\n",
    "D,register,ann,2026-01-06T10:00,2026-01-06T10:00,2026-01-06T11:00,10,,\n",
    "D,review,bob,2026-01-06T11:00,2026-01-06T12:00,2026-01-06T14:00,20,won,500\n",
};

std::string rows(std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t k = from; k < to; ++k) text += kRows[k];
  return text;
}

void append(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

/// Every metric of `live` equals the one analyze_logs computes on `text` read at once.
void same_as_whole(const kpi::Report& live, const std::string& text, const kpi::AnalysisOptions& options) {
  const kpi_test::TempFile whole("whole.csv", text);
  const kpi::Report expected = kpi::analyze_logs({whole.path()}, options);
  REQUIRE(live.metrics.size() == expected.metrics.size());
  for (const kpi::Metric& m : expected.metrics) {
    INFO(m.name);
    const kpi::Metric* got = live.find(m.name);
    REQUIRE(got != nullptr);
    if (std::isnan(m.value)) {
      CHECK(std::isnan(got->value));
    } else {
      CHECK(got->value == Approx(m.value).epsilon(1e-12));
    }
  }
  REQUIRE(live.resources.size() == expected.resources.size());
  for (std::size_t r = 0; r < live.resources.size(); ++r) {
    CHECK(live.resources[r].name == expected.resources[r].name);
    CHECK(live.resources[r].count == expected.resources[r].count);
  }
}

}  // namespace

TEST_CASE("live log: only appended rows are read, figures as if read at once", "[monitor][live]") {
  const std::string third = kRows[2];
  kpi_test::TempFile log("growing.csv", std::string(kHeader) + rows(0, 2) + third.substr(0, 30));
  kpi::AnalysisOptions options;
  monitor::LiveLog live(log.path(), options);

  // The half-written third row waits for its line break.
  CHECK(live.poll() == 2);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 2), options);
  CHECK(live.report().sources == std::vector<std::string>{log.path()});
  CHECK(live.poll() == 0);

  append(log.path(), third.substr(30) + rows(3, 6));
  CHECK(live.poll() == 4);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 6), options);

  append(log.path(), rows(6, 10));
  CHECK(live.poll() == 4);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 10), options);
  // A is won and got no row in this pass: folded into the statistics and forgotten. B got its
  // last row in this pass; C and D are in flight.
  CHECK(live.open_cases() == 3);

  append(log.path(), rows(10, 11));
  CHECK(live.poll() == 1);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 11), options);
  // B folded; C in flight; D just finished.
  CHECK(live.open_cases() == 2);
  CHECK(live.held_bytes() == std::string(kRows[7]).size() + std::string(kRows[8]).size() +
                                 std::string(kRows[9]).size() + std::string(kRows[10]).size());

  SECTION("a file that got shorter is read again from its start") {
    std::ofstream(log.path(), std::ios::binary | std::ios::trunc) << kHeader << kRows[0];
    CHECK(live.poll() == 1);
    same_as_whole(live.report(), std::string(kHeader) + kRows[0], options);
    CHECK(live.open_cases() == 1);
  }
}

TEST_CASE("live log: cases idle for the settle time are let go", "[monitor][live]") {
  kpi_test::TempFile log("growing.csv", std::string(kHeader) + rows(7, 9));
  kpi::AnalysisOptions options;
  monitor::LiveOptions settle;
  settle.settle = 1800.0;
  monitor::LiveLog live(log.path(), options, settle);
  CHECK(live.poll() == 2);
  CHECK(live.open_cases() == 1);
  // D ends 2 h after C's last event: C, in flight, is not held any longer but still counted.
  append(log.path(), rows(9, 11));
  CHECK(live.poll() == 2);
  CHECK(live.open_cases() == 1);
  same_as_whole(live.report(), std::string(kHeader) + rows(7, 11), options);
}

TEST_CASE("live log: the header names no case column", "[monitor][live]") {
  kpi_test::TempFile log("bad.csv", "when,what\n2026-01-05T08:00,x\n");
  kpi::AnalysisOptions options;
  monitor::LiveLog live(log.path(), options);
  CHECK_THROWS_AS(live.poll(), DataError);
}

TEST_CASE("live log: the map and funnel of a log written in pieces are those of the whole log", "[monitor][live]") {
  // A simulated lead-to-cash log (rework loops, outcomes, several replications' marks), appended
  // in seven pieces, one of them ending in the middle of a row.
  Process process = load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml");
  // Every case measured, so that each finished one is let go (warm-up cases wait for --settle).
  process.simulation.warmup_time = 0.0;
  SimulationOptions simulation;
  simulation.replications = 2;
  simulation.cases = 300;
  std::ostringstream text;
  {
    EventLogWriter writer(text);
    simulation.log = &writer;
    (void)simulate(process, simulation);
  }
  const std::string whole_text = text.str();
  // With the process file (the funnel's stages are its steps), and without (the log's activities
  // in order of first appearance, which the pieces must not change).
  const bool with_process = GENERATE(true, false);
  INFO("with the process file: " << with_process);
  kpi::AnalysisOptions options;
  options.process = with_process ? &process : nullptr;
  monitor::DashboardOptions panels_options;
  panels_options.process = options.process;
  monitor::LiveOptions live_options;
  live_options.settle = 1e9;  // let go of cases only when finished, as a reading at once does
  live_options.dashboard = panels_options;
  kpi_test::TempFile log("growing.csv", "");
  monitor::LiveLog live(log.path(), options, live_options);
  const std::size_t pieces = 7;
  for (std::size_t k = 0; k < pieces; ++k) {
    const std::size_t from = whole_text.size() * k / pieces;
    const std::size_t to = whole_text.size() * (k + 1) / pieces;
    append(log.path(), whole_text.substr(from, to - from));
    (void)live.poll();
  }
  // Only the cases in flight are held, not the log.
  CHECK(live.held_bytes() < whole_text.size() / 4);

  const kpi_test::TempFile whole("whole.csv", whole_text);
  monitor::Dashboard batch(panels_options);
  kpi::LogInfo info;
  const kpi::Report report = kpi::analyze_logs({whole.path()}, options, info, batch.observers());
  same_as_whole(live.report(), whole_text, options);

  const monitor::ProcessMap expected_map = batch.map(report, info);
  const monitor::ProcessMap map = live.map();
  CHECK(map.cases == expected_map.cases);
  CHECK(map.completed == expected_map.completed);
  REQUIRE(map.nodes.size() == expected_map.nodes.size());
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    CHECK(map.nodes[k].name == expected_map.nodes[k].name);
    CHECK(map.nodes[k].events == expected_map.nodes[k].events);
    CHECK(map.nodes[k].cases == expected_map.nodes[k].cases);
  }
  REQUIRE(map.edges.size() == expected_map.edges.size());
  REQUIRE(map.edges.size() > 8);
  for (std::size_t k = 0; k < map.edges.size(); ++k) {
    const monitor::MapEdge& e = map.edges[k];
    const monitor::MapEdge& x = expected_map.edges[k];
    INFO("edge " << k);
    CHECK(e.from == x.from);
    CHECK(e.to == x.to);
    CHECK(e.from_terminal == x.from_terminal);
    CHECK(e.to_terminal == x.to_terminal);
    CHECK(e.count == x.count);
    CHECK(e.cases == x.cases);
    if (std::isnan(x.mean)) {
      CHECK(std::isnan(e.mean));
    } else {
      CHECK(e.mean == Approx(x.mean).epsilon(1e-9));
      CHECK(e.median == Approx(x.median).epsilon(1e-9));
    }
  }

  const monitor::FunnelResult expected_funnel = batch.funnel(info);
  const monitor::FunnelResult funnel = live.funnel();
  CHECK(funnel.cases == expected_funnel.cases);
  CHECK(funnel.lost == expected_funnel.lost);
  REQUIRE(funnel.stages.size() == expected_funnel.stages.size());
  REQUIRE(funnel.stages.size() >= 4);
  for (std::size_t k = 0; k < funnel.stages.size(); ++k) {
    INFO(funnel.stages[k].name);
    CHECK(funnel.stages[k].name == expected_funnel.stages[k].name);
    CHECK(funnel.stages[k].reached == expected_funnel.stages[k].reached);
    CHECK(funnel.stages[k].converted == expected_funnel.stages[k].converted);
    CHECK(funnel.stages[k].lost_here == expected_funnel.stages[k].lost_here);
    CHECK(funnel.stages[k].in_flight_here == expected_funnel.stages[k].in_flight_here);
  }
  // The page's panels: the map, the funnel and the trends.
  const std::vector<kpi::HtmlPanel> panels = live.panels();
  REQUIRE(panels.size() == 3);
  CHECK(panels[0].title == "Process map");
}

TEST_CASE("live log: no panels unless asked for", "[monitor][live]") {
  kpi_test::TempFile log("growing.csv", std::string(kHeader) + rows(0, 4));
  kpi::AnalysisOptions options;
  monitor::LiveLog live(log.path(), options);
  CHECK(live.poll() == 4);
  CHECK_THROWS_AS(live.panels(), std::logic_error);
}
