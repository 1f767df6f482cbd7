// Paired what-if comparison with common random numbers.
#include <catch2/catch.hpp>
#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/compare.hpp"

namespace {

// One clerk at about 80% load: a second clerk must cut the cycle time a lot.
constexpr const char* kModel = R"yaml(
process: queue
objectives:
  - { kpi: cycle_time.mean, target: "<= 1h" }
resources:
  clerk: { count: 1, cost_per_hour: 30 }
arrivals:
  every: exponential(10m)
start: work
steps:
  work: { resource: clerk, duration: exponential(8m), next: done }
  done: { end: won, revenue: 100 }
scenarios:
  second-clerk:
    resources.clerk.count: 2
  same:
    steps.work.duration: "*1"
simulation: { horizon: 2d, replications: 5, seed: 3 }
)yaml";

bpm::Variant variant(const bpm::Process& base, const char* scenario) {
  bpm::Process process = base;
  bpm::apply_scenario(process, scenario);
  bpm::require_valid(process);
  return {scenario, process};
}

bpm::CompareOptions two_replications(std::vector<std::string> metrics = {}) {
  bpm::CompareOptions options;
  options.replications = 2;
  options.seed = 1;
  options.metrics = std::move(metrics);
  return options;
}

const bpm::MetricDelta& find(const bpm::VariantComparison& v, const std::string& metric) {
  for (const auto& d : v.deltas) {
    if (d.metric == metric) return d;
  }
  FAIL("no metric " << metric);
  throw 0;
}

}  // namespace

TEST_CASE("compare detects a known improvement and no difference for an identical variant", "[optimize][compare]") {
  const bpm::Process base = bpm::parse_process(kModel, "queue.yaml");
  bpm::require_valid(base);
  const bpm::Comparison c =
      bpm::compare_variants(base, {variant(base, "second-clerk"), variant(base, "same")}, bpm::CompareOptions{});
  REQUIRE(c.variants.size() == 2);
  CHECK(c.replications == 5);
  CHECK(c.seed == 3);

  const bpm::MetricDelta& better = find(c.variants[0], "cycle_time.mean");
  CHECK(better.significant);
  CHECK(better.difference.mean < 0.0);
  CHECK(better.difference.mean + better.difference.half_width < 0.0);
  CHECK(better.variant_mean < better.baseline_mean);

  // Same streams, same model: every replication is identical, so every difference is exactly 0.
  for (const bpm::MetricDelta& d : c.variants[1].deltas) {
    INFO(d.metric);
    CHECK_FALSE(d.significant);
    if (std::isfinite(d.difference.mean)) CHECK(d.difference.mean == 0.0);
  }
}

TEST_CASE("default metrics: objectives first, then the key KPIs the run has", "[optimize][compare]") {
  const bpm::Process base = bpm::parse_process(kModel, "queue.yaml");
  const bpm::Comparison c = bpm::compare_variants(base, {variant(base, "same")}, two_replications());
  std::vector<std::string> names;
  for (const auto& d : c.variants[0].deltas) names.push_back(d.metric);
  CHECK(names ==
        std::vector<std::string>{"cycle_time.mean", "cycle_time.p90", "win_rate", "revenue.per_case", "cost.per_case"});
}

TEST_CASE("default metrics: the rostered cost joins when a variant changes a pool's servers", "[optimize][compare]") {
  // A second clerk, idle most of the time, costs nothing in cost.per_case (worked hours only).
  const bpm::Process base = bpm::parse_process(kModel, "queue.yaml");
  const bpm::Comparison c =
      bpm::compare_variants(base, {variant(base, "same"), variant(base, "second-clerk")}, two_replications());
  std::vector<std::string> names;
  for (const auto& d : c.variants[1].deltas) names.push_back(d.metric);
  CHECK(names == std::vector<std::string>{"cycle_time.mean", "cycle_time.p90", "win_rate", "revenue.per_case",
                                          "cost.per_case", "cost.rostered_per_case"});
  CHECK(find(c.variants[1], "cost.rostered_per_case").difference.mean > 0.0);
  CHECK(bpm::changes_staffing(base, variant(base, "second-clerk").process));
  CHECK_FALSE(bpm::changes_staffing(base, variant(base, "same").process));
}

TEST_CASE("compare refuses unknown metrics", "[optimize][compare]") {
  const bpm::Process base = bpm::parse_process(kModel, "queue.yaml");
  CHECK_THROWS_AS(bpm::compare_variants(base, {variant(base, "same")}, two_replications({"nope"})), bpm::UsageError);
}

TEST_CASE("KPI names of the process are metrics: compare -m, objectives, per-replication values",
          "[optimize][compare]") {
  // The KPI tree of the process: a renamed metric and a formula over two metrics; an objective
  // on each.
  const std::string yaml = std::string(kModel) + R"yaml(
kpis:
  cost_per_claim: { formula: cost.per_case }
  margin: { formula: "revenue.per_case - cost.per_case" }
)yaml";
  bpm::Process base = bpm::parse_process(yaml, "queue.yaml");
  base.objectives.push_back(bpm::Objective{});
  base.objectives.back().kpi = "margin";
  const bpm::Comparison c =
      bpm::compare_variants(base, {variant(base, "second-clerk")}, two_replications({"cost_per_claim", "margin"}));
  const bpm::MetricDelta& cost = find(c.variants[0], "cost_per_claim");
  const bpm::MetricDelta& margin = find(c.variants[0], "margin");
  // Evaluated per replication, then paired: the KPI's difference is the metrics' difference.
  const bpm::Comparison direct = bpm::compare_variants(base, {variant(base, "second-clerk")},
                                                       two_replications({"cost.per_case", "revenue.per_case"}));
  const bpm::MetricDelta& cost_metric = find(direct.variants[0], "cost.per_case");
  const bpm::MetricDelta& revenue = find(direct.variants[0], "revenue.per_case");
  CHECK(cost.unit == bpm::MetricUnit::Money);  // a formula that is one name keeps its unit
  CHECK(cost.difference.mean == Approx(cost_metric.difference.mean));
  CHECK(cost.difference.half_width == Approx(cost_metric.difference.half_width));
  CHECK(margin.baseline_mean == Approx(revenue.baseline_mean - cost_metric.baseline_mean));
  CHECK(margin.difference.mean == Approx(revenue.difference.mean - cost_metric.difference.mean));

  // Objectives on KPI names are among the default metrics, in objective order.
  const bpm::Comparison defaults = bpm::compare_variants(base, {variant(base, "same")}, two_replications());
  std::vector<std::string> names;
  for (const auto& d : defaults.variants[0].deltas) names.push_back(d.metric);
  REQUIRE(names.size() >= 2);
  CHECK(names[0] == "cycle_time.mean");
  CHECK(names[1] == "margin");
}
