// The dashboard's monitor panels on tests/data/logs/tiny.csv (see funnel_test.cpp): three cases,
// register -> review -> close, one won, one lost, one in flight.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

#include "bpm/model/loader.hpp"
#include "bpm/monitor/dashboard.hpp"
#include "kpi/svg_chart.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("dashboard: the process map, funnel and trend panels of the KPI pass", "[monitor][dashboard]") {
  const bpm::Process tiny = bpm::load_process(std::string(BPM_TEST_DATA) + "/logs/tiny-process.yaml");
  Dashboard dashboard(DashboardOptions{&tiny, "won"});
  monitor_test::Pass pass;
  bpm::kpi::AnalysisOptions options;
  options.process = &tiny;
  monitor_test::run(pass, {monitor_test::log_path("tiny.csv")}, options, dashboard.observers());
  const std::vector<bpm::kpi::HtmlPanel> panels = dashboard.panels(pass.report, pass.info);
  REQUIRE(panels.size() == 3);

  CHECK(panels[0].title == "Process map");
  // A Graphviz diagram when dot is installed, else the busiest paths as a table.
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    CHECK(contains(panels[0].html, R"(class="diagram")"));
    CHECK(contains(panels[0].html, "<title>Process map: directly-follows graph</title>"));
    CHECK_FALSE(contains(panels[0].html, "<?xml"));
    CHECK_FALSE(contains(panels[0].html, "<!--"));
  } else {
    CHECK(contains(panels[0].html, "the busiest paths instead"));
  }
  CHECK(contains(panels[0].html, "3 of 3 activities"));

  CHECK(panels[1].title == "Funnel: where cases drop off");
  CHECK(contains(panels[1].html, R"(aria-label="Cases reaching each stage")"));
  // register reached by all three cases; the won outcome by one of the two that reached close.
  CHECK(contains(panels[1].html, R"(<td>register</td><td class="num">3</td>)"));
  CHECK(contains(panels[1].html, R"(<td>outcome: won</td><td class="num">1</td><td class="num">50.0%</td>)"));

  CHECK(contains(panels[2].title, "with control limits"));
  CHECK(contains(panels[2].html, "(individuals chart)"));
  CHECK(contains(panels[2].html, "<svg"));
}

TEST_CASE("dashboard: control charts flag points outside their limits", "[monitor][dashboard]") {
  std::vector<bpm::kpi::ControlPoint> points;
  for (int k = 0; k < 6; ++k) points.push_back({10.0 + k % 2, 10.5, 8.0, 13.0, false, true});
  points.push_back({20.0, 10.5, 8.0, 13.0, true, true});
  points.push_back({9.0, 10.5, 8.0, 13.0, false, false});
  const std::vector<std::string> labels = {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"};
  const std::string svg = bpm::kpi::control_chart(
      points, labels, [](double v) { return std::to_string(static_cast<int>(std::lround(v))); },
      bpm::kpi::ChartText{"cases per week", "week", "cases"});
  CHECK(contains(svg, "<title>cases per week</title>"));
  CHECK(contains(svg, R"(class="axis-title")"));
  // One red point (w7), one hollow one (w8, not judged), the others blue.
  std::size_t red = 0;
  for (std::size_t at = svg.find(R"(fill="#d1383d")"); at != std::string::npos;
       at = svg.find(R"(fill="#d1383d")", at + 1))
    ++red;
  CHECK(red == 1);
  CHECK(contains(svg, R"(fill="#fff")"));
  CHECK(contains(svg, "<title>w7: 20</title>"));
  // The axis spans the point above the limits.
  CHECK(contains(svg, ">21</text>"));
}
