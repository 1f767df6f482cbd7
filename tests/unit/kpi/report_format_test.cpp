#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bpm/core/error.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/kpi/report_reader.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::data;

namespace {

Report tiny_report() {
  static const bpm::Process process = bpm::load_process(data("tiny-process.yaml"));
  AnalysisOptions options;
  options.process = &process;
  return analyze_logs({data("tiny.csv")}, options);
}

std::string render(const Report& r, ReportFormat f, bool colour = false) {
  std::ostringstream out;
  WriteOptions options;
  options.colour = colour;
  write_report(out, r, f, options);
  return out.str();
}

}  // namespace

TEST_CASE("values are formatted for people", "[kpi][format]") {
  CHECK(format_value(8 * 3600.0, Unit::Duration) == "8h");
  CHECK(format_value(0.5625, Unit::Fraction) == "56.2%");
  CHECK(format_value(1234567, Unit::Count) == "1,234,567");
  CHECK(format_value(45, Unit::Money) == "45");
  CHECK(format_value(45.678, Unit::Money) == "45.7");
  CHECK(format_value(-12345.4, Unit::Money) == "-12,345");
  CHECK(format_value(1.7142857, Unit::PerDay) == "1.71/d");
  CHECK(format_value(697.25, Unit::Hours) == "697h");
  CHECK(format_value(std::nan(""), Unit::Count) == "n/a");
  CHECK(format_estimate(3600, 600, 5, Unit::Duration) == "1h ± 10m");
  CHECK(format_estimate(3600, 600, 1, Unit::Duration) == "1h");
}

TEST_CASE("unknown formats are usage errors", "[kpi][format]") {
  CHECK(parse_report_format("md") == ReportFormat::Markdown);
  CHECK_THROWS_AS(parse_report_format("pdf"), bpm::UsageError);
}

TEST_CASE("the table shows the KPI tree, objectives, metrics and bottlenecks", "[kpi][format]") {
  const std::string text = render(tiny_report(), ReportFormat::Table);
  CHECK_THAT(text, Catch::StartsWith("KPIs of tiny (event log)\n"));
  CHECK_THAT(text, Catch::Contains("KPI TREE") && Catch::Contains("OBJECTIVES") && Catch::Contains("METRICS"));
  CHECK_THAT(text, Catch::Contains("  amber   margin "));
  CHECK_THAT(text, Catch::Contains("\n  red       review_load "));  // nested under double_load
  CHECK_THAT(text, Catch::Contains("  sla.review_started "));
  CHECK_THAT(text, Catch::Contains("ACTIVITIES (bottlenecks first"));
  CHECK(text.find("\033[") == std::string::npos);
  const std::string coloured = render(tiny_report(), ReportFormat::Table, true);
  CHECK_THAT(coloured, Catch::Contains("\033[33mamber\033[0m"));
}

TEST_CASE("markdown and csv carry the same content", "[kpi][format]") {
  const Report r = tiny_report();
  const std::string md = render(r, ReportFormat::Markdown);
  CHECK_THAT(md, Catch::StartsWith("# KPIs of tiny"));
  CHECK_THAT(md, Catch::Contains("| metric | value |") && Catch::Contains("| cases.arrived | 3 |"));
  const std::string csv = render(r, ReportFormat::Csv);
  CHECK_THAT(csv, Catch::StartsWith("kind,name,value,unit,half_width,n,target,status\n"));
  CHECK_THAT(csv, Catch::Contains("\nmetric,cycle_time.mean,28800,seconds,0,2,,\n"));
  CHECK_THAT(csv, Catch::Contains("\nkpi,margin,455,EUR,,,>= 500,amber\n"));
}

TEST_CASE("json and yaml reports read back to the same metrics and statuses", "[kpi][format]") {
  const Report r = tiny_report();
  for (const ReportFormat f : {ReportFormat::Json, ReportFormat::Yaml}) {
    const std::string text = render(r, f);
    CHECK_THAT(text, Catch::Contains("bpm-kpi-report/1"));
    const Report back = read_report_text(text, "report");
    CHECK(back.kind == "report");
    CHECK(back.title == "tiny");
    REQUIRE(back.metrics.size() == r.metrics.size());
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
      CAPTURE(r.metrics[i].name);
      CHECK(back.metrics[i].name == r.metrics[i].name);
      CHECK(back.metrics[i].unit == r.metrics[i].unit);
      if (std::isnan(r.metrics[i].value)) {
        CHECK(std::isnan(back.metrics[i].value));
      } else {
        CHECK(back.metrics[i].value == r.metrics[i].value);
      }
    }
    REQUIRE(back.kpis.size() == r.kpis.size());
    CHECK(back.kpis[0].status == r.kpis[0].status);
    CHECK(back.missed_targets() == r.missed_targets());
  }
}

TEST_CASE("anything else is not a report document", "[kpi][format]") {
  CHECK_THROWS_AS(read_report_text("hello: world\n", "x.yaml"), bpm::DataError);
}

TEST_CASE("the html dashboard is one self-contained page", "[kpi][format][html]") {
  const std::string html = render(tiny_report(), ReportFormat::Html);
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Catch::EndsWith("</html>\n"));
  CHECK_THAT(html, Catch::Contains("<svg") && Catch::Contains("Cycle time of completed cases"));
  CHECK_THAT(html, Catch::Contains("Resource utilisation") && Catch::Contains("Bottlenecks"));
  CHECK_THAT(html, Catch::Contains("Throughput and WIP over time"));
  CHECK_THAT(html, Catch::Contains("class=\"card amber\""));
  // No network and no script.
  CHECK(html.find("<script") == std::string::npos);
  auto count = [&html](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("http") == count("http://www.w3.org/2000/svg"));
}

TEST_CASE("the dashboard says where cases wait: queue, closed hours, timers", "[kpi][format][html]") {
  // Leads wait overnight for the office, then a 12 h timer: the bottleneck panel must not read as
  // a queue for the clerk.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: nights
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 2, calendar: office }
arrivals:
  every: exponential(2h)
start: register
steps:
  register: { resource: clerk, duration: exponential(20m), next: cool-off }
  cool-off: { wait: 12h, next: done }
  done: { end: done }
)yaml",
                                                  "nights.yaml");
  const std::string path = (std::filesystem::temp_directory_path() / "dashboard-nights.csv").string();
  {
    std::ofstream out(path);
    bpm::EventLogWriter writer(out);
    bpm::SimulationOptions options;
    options.replications = 1;
    options.cases = 200;
    options.log = &writer;
    (void)bpm::simulate(process, options);
  }
  AnalysisOptions options;
  options.process = &process;
  const std::string html = render(analyze_logs({path}, options), ReportFormat::Html);
  std::filesystem::remove(path);
  CHECK_THAT(html, Catch::Contains("Where cases wait"));
  for (const char* cause : {">queue<", ">closed<", ">timer<", ">sync<"}) CHECK_THAT(html, Catch::Contains(cause));
  CHECK_THAT(html, Catch::Contains("% timer<"));    // the timer step's bar
  CHECK_THAT(html, Catch::Contains("% closed)<"));  // register: mostly closed hours
}
