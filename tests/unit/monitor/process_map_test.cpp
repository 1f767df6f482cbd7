// The process map of tests/data/logs/tiny.csv against figures worked out by hand (the log is
// described in tests/unit/kpi/metrics_test.cpp):
//   A: register 08-09, review 10-12, review 13-14, close 14-16 (won)
//   B: register 09-10, review 12-13, close 16-17 (lost)
//   C: register 10-11, review 01-06 09:00-12:00 (no outcome: in flight)
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/monitor/process_map.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

constexpr double kHour = 3600.0;

struct TinyMap {
  MapBuilder builder;
  monitor_test::Pass pass;
  explicit TinyMap(std::size_t max_variants = 0) : builder(max_variants) {
    bpm::kpi::CaseObserver* observers[] = {&builder};
    monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, {}, observers);
  }
  ProcessMap map(double coverage = 1.0) const { return builder.result(pass.report, pass.info, coverage); }
};

std::string end_name(const ProcessMap& m, const MapEdge& e, bool from) {
  const Terminal t = from ? e.from_terminal : e.to_terminal;
  if (t == Terminal::Start) return "(start)";
  if (t == Terminal::End) return "(end)";
  if (t == Terminal::InFlight) return "(in flight)";
  return m.nodes[from ? e.from : e.to].name;
}

const MapEdge& edge(const ProcessMap& m, const std::string& from, const std::string& to) {
  for (const MapEdge& e : m.edges) {
    if (end_name(m, e, true) == from && end_name(m, e, false) == to) return e;
  }
  FAIL("no edge " << from << " -> " << to);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("process map: nodes carry the KPI report's figures", "[monitor][map]") {
  const TinyMap tiny;
  const ProcessMap m = tiny.map();
  REQUIRE(m.nodes.size() == 3);
  CHECK(m.cases == 3);
  CHECK(m.completed == 2);
  CHECK(m.in_flight == 1);
  CHECK(m.nodes[0].name == "review");  // most executions first
  CHECK(m.nodes[0].events == 4);
  CHECK(m.nodes[0].cases == 3);
  for (const MapNode& node : m.nodes) {
    INFO(node.name);
    CHECK(node.events == static_cast<std::uint64_t>(tiny.pass.report.value("steps." + node.name + ".count")));
    CHECK(node.waiting_mean == Approx(tiny.pass.report.value("steps." + node.name + ".waiting.mean")));
    CHECK(node.processing_mean == Approx(tiny.pass.report.value("steps." + node.name + ".processing.mean")));
  }
}

TEST_CASE("process map: directly-follows edges with counts and times between activities", "[monitor][map]") {
  const TinyMap tiny;
  const ProcessMap m = tiny.map();
  CHECK(m.edges.size() == 6);
  CHECK(edge(m, "(start)", "register").count == 3);
  CHECK(std::isnan(edge(m, "(start)", "register").mean));
  const MapEdge& handover = edge(m, "register", "review");
  CHECK(handover.count == 3);
  CHECK(handover.cases == 3);
  CHECK(handover.mean == Approx(25.0 / 3.0 * kHour));  // 1 h, 2 h and 22 h
  CHECK(handover.median == Approx(2 * kHour).epsilon(0.005));
  CHECK(edge(m, "review", "review").count == 1);
  CHECK(edge(m, "review", "review").mean == Approx(kHour));
  CHECK(edge(m, "review", "close").mean == Approx(1.5 * kHour));  // 0 h and 3 h
  CHECK(edge(m, "close", "(end)").count == 2);
  CHECK(edge(m, "review", "(in flight)").count == 1);
  // Start edges first, end edges last.
  CHECK(m.edges.front().from_terminal == Terminal::Start);
  CHECK(m.edges.back().to_terminal == Terminal::InFlight);
}

TEST_CASE("process map: the coverage filter keeps the paths most cases take", "[monitor][map]") {
  const TinyMap tiny;
  // Edges by cases: start>register 3, register>review 3, review>close 2, close>end 2, then the
  // rework loop (case A) and review>in flight (case C). B runs on the first four, A needs the loop.
  const ProcessMap third = tiny.map(0.3);
  CHECK(third.edges.size() == 4);
  CHECK(third.nodes.size() == 3);
  CHECK(third.covered_cases == Approx(1.0 / 3.0));
  CHECK(third.all_edges == 6);
  const ProcessMap half = tiny.map(0.5);
  CHECK(half.edges.size() == 5);
  CHECK(half.covered_cases == Approx(2.0 / 3.0));
  CHECK(tiny.map(1.0).edges.size() == 6);
  CHECK_THROWS_AS(tiny.map(0.0), bpm::UsageError);
  CHECK_THROWS_AS(tiny.map(1.5), bpm::UsageError);
}

TEST_CASE("process map: a bounded memory of sequences counts the others as needing every path", "[monitor][map]") {
  // Only A's sequence (the rework loop) is remembered; B and C, read after it, are not.
  const TinyMap bounded(1);
  const ProcessMap third = bounded.map(0.3);
  // A needs the loop (the 5th path by cases); B and C count as needing all 6.
  CHECK(third.edges.size() == 5);
  CHECK(third.covered_cases == Approx(1.0 / 3.0));
  REQUIRE(!third.notes.empty());
  CHECK(third.notes.back() == "2 cases of sequences beyond the 1 remembered count as needing every path");
  // The counts are not approximated: the whole map is the unbounded one.
  const ProcessMap all = bounded.map(1.0);
  const ProcessMap unbounded = TinyMap().map(1.0);
  REQUIRE(all.edges.size() == unbounded.edges.size());
  for (std::size_t k = 0; k < all.edges.size(); ++k) CHECK(all.edges[k].cases == unbounded.edges[k].cases);
  CHECK(all.covered_cases == 1.0);
}

TEST_CASE("process map: dot and mermaid name terminals safely", "[monitor][map]") {
  const TinyMap tiny;
  const ProcessMap m = tiny.map();
  const std::string dot = map_dot(m, MapOverlay::Both);
  CHECK(dot.find("start -> n1") != std::string::npos);  // register is the second node
  CHECK(dot.find("-> in_flight") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);
  const std::string mermaid = map_mermaid(m, MapOverlay::Frequency);
  CHECK(mermaid.rfind("flowchart TD\n", 0) == 0);
  CHECK(mermaid.find("E(((\"end\")))") != std::string::npos);
  CHECK(mermaid.find(" end") == std::string::npos);  // "end" is a Mermaid keyword
  CHECK_THROWS_AS(parse_map_format("png"), bpm::UsageError);
  CHECK_THROWS_AS(parse_map_overlay("heat"), bpm::UsageError);
}
