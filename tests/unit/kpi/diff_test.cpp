#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/diff.hpp"
#include "bpm/sim/summary.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;

namespace {

Metric metric(const char* name, double value, double sd = 0.0, std::uint64_t n = 0) {
  Metric m;
  m.name = name;
  m.unit = Unit::Duration;
  m.value = value;
  m.sd = sd;
  m.n = n;
  return m;
}

}  // namespace

TEST_CASE("diff: deltas of common metrics, Welch's test where spreads exist", "[kpi][diff]") {
  Report base;
  base.metrics = {metric("cycle_time.mean", 100, 10, 30), metric("wip", 5), metric("only.base", 1)};
  Report other;
  other.metrics = {metric("cycle_time.mean", 90, 10, 30), metric("wip", 6), metric("only.other", 1)};
  const ReportDiff d = diff_reports(base, other);
  REQUIRE(d.deltas.size() == 2);
  CHECK(d.deltas[0].delta == -10);
  CHECK(d.deltas[0].relative == Approx(-0.1));
  // Two samples of 30 with sd 10 and means 10 apart: t = 10 / sqrt(100/30 + 100/30) = 3.873,
  // Welch dof = 58; the same p-value as a t-test of the raw samples.
  bpm::RunningStats a = bpm::RunningStats::restore(30, 100, 100 * 29, 100, 100, 3000);
  bpm::RunningStats b = bpm::RunningStats::restore(30, 90, 100 * 29, 90, 90, 2700);
  CHECK(d.deltas[0].p_value == Approx(bpm::welch_p_value(a, b)));
  CHECK(d.deltas[0].p_value < 0.001);
  CHECK(d.deltas[0].significant);
  CHECK(std::isnan(d.deltas[1].p_value));  // no spread on either side
  CHECK_FALSE(d.deltas[1].significant);
  CHECK(d.only_base == std::vector<std::string>{"only.base"});
  CHECK(d.only_other == std::vector<std::string>{"only.other"});
}

TEST_CASE("diff of two logs: the same log gives no change", "[kpi][diff]") {
  const Report a = analyze_logs({kpi_test::data("tiny.csv")}, {});
  const ReportDiff d = diff_reports(a, a);
  for (const MetricDelta& delta : d.deltas) {
    CAPTURE(delta.name);
    if (std::isfinite(delta.base)) CHECK(delta.delta == 0);
    CHECK_FALSE(delta.significant);
  }
  std::ostringstream out;
  write_diff(out, d, ReportFormat::Table);
  CHECK_THAT(out.str(), Catch::Contains("cycle_time.mean") && Catch::Contains("+0.0%"));
  std::ostringstream json;
  write_diff(json, d, ReportFormat::Json);
  CHECK_THAT(json.str(), Catch::Contains("\"format\": \"bpm-kpi-diff/1\""));
}

TEST_CASE("a bpm-sim summary passes through with its confidence intervals", "[kpi][diff][summary]") {
  bpm::Summary summary;
  summary.run.process = "demo";
  summary.run.replications = 3;
  summary.run.time_unit = "hours";
  summary.run.time_unit_seconds = 3600.0;
  bpm::SummaryMetric cycle;
  cycle.name = "cycle_time.mean";
  cycle.unit = bpm::MetricUnit::Duration;
  cycle.values = {2.0, 4.0, 6.0};
  summary.metrics.push_back(cycle);
  bpm::compute_estimates(summary);
  kpi_test::TempFile doc("summary.yaml", bpm::summary_yaml(summary));
  const Report r = analyze({doc.path()}, {});
  CHECK(r.kind == "summary");
  CHECK(r.title == "demo");
  const Metric* m = r.find("cycle_time.mean");
  REQUIRE(m != nullptr);
  CHECK(m->value == Approx(4 * 3600.0));  // hours back to seconds
  CHECK(m->n == 3);
  CHECK(m->sd == Approx(2 * 3600.0));
  CHECK(m->half_width == Approx(4.302653 * 2 * 3600.0 / std::sqrt(3.0)).epsilon(1e-5));
}
