#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/kpi_tree.hpp"
#include "bpm/model/loader.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::data;

namespace {

const KpiResult& kpi(const Report& r, const std::string& id) {
  for (const KpiResult& k : r.kpis) {
    if (k.id == id) return k;
  }
  FAIL("no KPI " << id);
  return r.kpis.front();
}

/// A report with the given metrics only.
Report metrics(std::initializer_list<std::pair<const char*, double>> values) {
  Report r;
  for (const auto& [name, value] : values) {
    Metric m;
    m.name = name;
    m.value = value;
    r.metrics.push_back(m);
  }
  return r;
}

}  // namespace

TEST_CASE("RAG status: green met, amber within 10% of the target, red otherwise", "[kpi][tree]") {
  const auto ge = bpm::parse_target(">= 100");
  CHECK(status_of(120, ge) == Status::Green);
  CHECK(status_of(100, ge) == Status::Green);
  CHECK(status_of(90, ge) == Status::Amber);
  CHECK(status_of(89.9, ge) == Status::Red);
  const auto le = bpm::parse_target("<= 21d");
  CHECK(status_of(20 * 86400.0, le) == Status::Green);
  CHECK(status_of(23 * 86400.0, le) == Status::Amber);
  CHECK(status_of(24 * 86400.0, le) == Status::Red);
  CHECK(status_of(std::nan(""), le) == Status::Unknown);
  CHECK(status_of(5, std::nullopt) == Status::None);
}

TEST_CASE("the KPI tree of the tiny process, evaluated on the tiny log", "[kpi][tree]") {
  const bpm::Process process = bpm::load_process(data("tiny-process.yaml"));
  AnalysisOptions options;
  options.process = &process;
  const Report r = analyze_logs({data("tiny.csv")}, options);
  // margin = revenue.per_case - cost.per_case = 500 - 45 = 455: misses ">= 500" by 9%: amber.
  CHECK(kpi(r, "margin").value == Approx(455));
  CHECK(kpi(r, "margin").status == Status::Amber);
  // review_load = 4 / 3; double_load nests it: 8 / 3, red against "<= 2".
  CHECK(kpi(r, "review_load").value == Approx(4.0 / 3.0));
  CHECK(kpi(r, "review_load").status == Status::Red);
  CHECK(kpi(r, "double_load").value == Approx(8.0 / 3.0));
  CHECK(kpi(r, "double_load").children == std::vector<std::string>{"review_load"});
  CHECK(kpi(r, "double_load").depth == 0);
  CHECK(kpi(r, "review_load").depth == 1);
  // An unknown metric is reported, not thrown.
  CHECK(std::isnan(kpi(r, "missing").value));
  CHECK_THAT(kpi(r, "missing").error, Catch::Contains("no.such.metric"));
  CHECK(kpi(r, "missing").status == Status::None);

  REQUIRE(r.objectives.size() == 3);
  CHECK(r.objectives[0].kpi == "cycle_time.mean");
  CHECK(r.objectives[0].status == Status::Green);  // 8h <= 8h
  CHECK(r.objectives[1].status == Status::Amber);  // margin
  CHECK(r.objectives[2].status == Status::Red);    // sla.review_started 66.7% vs >= 90%

  const std::vector<std::string> missed = r.missed_targets();
  CHECK(missed.size() == 4);  // margin, review_load, double_load, sla.review_started
  CHECK_THAT(missed.back(), Catch::Contains("objective sla.review_started") && Catch::Contains("66.7%"));
}

TEST_CASE("formula names match metric names with blanks normalised", "[kpi][tree]") {
  bpm::Process process = bpm::parse_process(R"(process: names
owner: O
roles: { r: R }
resources: { r: { role: r } }
arrivals: { every: exponential(1h) }
start: a
steps:
  a: { resource: r, duration: 1h, raci: { accountable: r }, next: done }
  done: { end: done }
kpis:
  visits: { formula: "steps.register_request.count * 2" }
  loop_a: { formula: "loop_b + 1" }
  loop_b: { formula: "loop_a + 1" }
)",
                                            "names.yaml");
  Report r = metrics({{"steps.register request.count", 21}});
  evaluate_kpi_tree(r, process);
  CHECK(kpi(r, "visits").value == 42);
  // A cycle is reported instead of recursing forever.
  CHECK(std::isnan(kpi(r, "loop_a").value));
  CHECK_FALSE(kpi(r, "loop_a").error.empty());
}
