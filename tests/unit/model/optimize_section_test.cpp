// The optimize: section: loading, located errors, canonical writing and its lint rule.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/writer.hpp"

namespace {

constexpr const char* kHead = R"yaml(process: p
resources:
  sdr: { count: 2, cost_per_hour: 40 }
  ae: { count: 4, cost_per_hour: 90 }
arrivals: { every: exponential(30m) }
start: work
steps:
  work: { resource: sdr, duration: 10m, next: sell }
  sell: { resource: ae, duration: 20m, next: done }
  done: { end: won }
slas:
  first_touch: { from: arrival, to: work.start, within: 4h }
simulation: { horizon: 5d, replications: 10 }
)yaml";

std::vector<std::string> errors(const std::string& optimize) {
  const bpm::LoadResult result = bpm::parse_process_text(std::string(kHead) + optimize, "p.yaml");
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.push_back(d.str());
  return out;
}

std::vector<std::string> lint_errors(const std::string& optimize) {
  const auto diagnostics = bpm::validate_text(std::string(kHead) + optimize, "p.yaml", bpm::LintConfig::recommended());
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    if (d.rule == "optimize-reference") out.push_back(d.str());
  }
  return out;
}

}  // namespace

TEST_CASE("the optimize section loads and round-trips through the canonical writer", "[model][optimize]") {
  const std::string text = std::string(kHead) + R"yaml(optimize:
  vary: { resources.sdr.count: 1..6, resources.ae.count: 2..10 }
  minimize: [cycle_time.p90, cost.rostered_per_case]
  maximize: win_rate
  subject_to: ["sla.first_touch >= 95%", "resources.*.utilisation <= 0.85", "cycle_time.p90 <= 21d"]
  budget: 400
)yaml";
  const bpm::Process p = bpm::parse_process(text, "p.yaml");
  REQUIRE(p.optimize);
  const bpm::OptimizeSettings& o = *p.optimize;
  REQUIRE(o.vary.size() == 2);
  CHECK(o.vary[0].path == "resources.sdr.count");
  CHECK(o.vary[0].low == 1);
  CHECK(o.vary[0].high == 6);
  CHECK(o.vary[1].low == 2);
  CHECK(o.vary[1].high == 10);
  CHECK(o.minimize == std::vector<std::string>{"cycle_time.p90", "cost.rostered_per_case"});
  CHECK(o.maximize == std::vector<std::string>{"win_rate"});
  REQUIRE(o.subject_to.size() == 3);
  CHECK(o.subject_to[0].metric == "sla.first_touch");
  CHECK(o.subject_to[0].target.value == Approx(0.95));
  CHECK(o.subject_to[0].target.higher_is_better());
  CHECK(o.subject_to[1].metric == "resources.*.utilisation");
  CHECK(o.subject_to[2].target.is_duration);
  CHECK(o.subject_to[2].target.value == 21 * 86400.0);
  CHECK(o.budget == 400);
  CHECK(lint_errors(text.substr(std::string(kHead).size())).empty());

  const std::string canonical = bpm::to_yaml(p);
  CHECK(canonical.find("optimize:\n"
                       "  vary: { resources.sdr.count: 1..6, resources.ae.count: 2..10 }\n"
                       "  minimize: [cycle_time.p90, cost.rostered_per_case]\n"
                       "  maximize: [win_rate]\n"
                       "  subject_to: [\"sla.first_touch >= 95%\", \"resources.*.utilisation <= 0.85\", "
                       "\"cycle_time.p90 <= 21d\"]\n"
                       "  budget: 400\n") != std::string::npos);
  const bpm::Process again = bpm::parse_process(canonical, "p.yaml");
  REQUIRE(again.optimize);
  CHECK(again.optimize->minimize == o.minimize);
  CHECK(again.optimize->maximize == o.maximize);
  CHECK(again.optimize->budget == o.budget);
  REQUIRE(again.optimize->vary.size() == 2);
  CHECK(again.optimize->vary[1].high == 10);
  CHECK(again.optimize->subject_to[1].text == o.subject_to[1].text);
  CHECK(bpm::to_yaml(again) == canonical);
}

TEST_CASE("the optimize section's defaults and short forms", "[model][optimize]") {
  const bpm::Process p = bpm::parse_process(
      std::string(kHead) + "optimize: { vary: { resources.ae.count: 3..3 }, minimize: cycle_time.mean }\n", "p.yaml");
  REQUIRE(p.optimize);
  CHECK(p.optimize->budget == 200);
  CHECK(p.optimize->minimize == std::vector<std::string>{"cycle_time.mean"});
  CHECK(p.optimize->subject_to.empty());
  CHECK(!bpm::parse_process(kHead, "p.yaml").optimize);
}

TEST_CASE("the loader locates errors of the optimize section", "[model][optimize]") {
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 5..3 }\n  minimize: cycle_time.mean\n") ==
        std::vector<std::string>{"p.yaml:15:31: error: optimize vary 'resources.ae.count': the range 5..3 is empty "
                                 "(write the smaller bound first, e.g. 3..5) [schema]"});
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 3 }\n  minimize: cycle_time.mean\n") ==
        std::vector<std::string>{
            "p.yaml:15:31: error: optimize vary 'resources.ae.count' must be a range of whole numbers such as 2..10, "
            "not '3' [schema]"});
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 1..3 }\n  minimise: cycle_time.mean\n") ==
        std::vector<std::string>{
            "p.yaml:15:3: error: optimize needs 'minimize' or 'maximize' (metrics, e.g. [cycle_time.p90, "
            "cost.rostered_per_case]) [schema]",
            "p.yaml:16:3: error: unknown key 'minimise' in optimize (did you mean 'minimize'?) [schema]"});
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 1..3 }\n  minimize: [cycle_time.mean, cycle_time.mean]\n") ==
        std::vector<std::string>{
            "p.yaml:16:31: error: optimize minimize: 'cycle_time.mean' is already an objective [schema]"});
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 1..3 }\n  minimize: cycle_time.mean\n"
               "  subject_to: [\"sla.first_touch ~ 0.9\"]\n") ==
        std::vector<std::string>{"p.yaml:17:16: error: an optimize constraint is 'METRIC OP VALUE', e.g. "
                                 "\"sla.first_touch >= 0.95\", not 'sla.first_touch ~ 0.9' [schema]"});
  CHECK(errors("optimize:\n  vary: { resources.ae.count: 1..3 }\n  minimize: cycle_time.mean\n  budget: 0\n").size() ==
        1);
}

TEST_CASE("lint optimize-reference checks paths, ranges and metrics", "[model][optimize][lint]") {
  CHECK(lint_errors("optimize:\n  vary: { resources.ea.count: 1..3, simulation.seed: 1..2 }\n"
                    "  minimize: [cost_per_case]\n  maximize: [win_rate]\n"
                    "  subject_to: [\"sla.first_tuch >= 0.9\", \"resources.*.utilisation <= 0.8\", "
                    "\"steps.*.count >= 1\"]\n") ==
        std::vector<std::string>{
            "p.yaml:15:11: error: optimize vary: unknown override path 'resources.ea.count' (did you mean "
            "'resources.ae.count'?) [optimize-reference]",
            "p.yaml:15:37: error: optimize vary: 'simulation.seed' is a run setting, not a decision about the process "
            "[optimize-reference]",
            "p.yaml:16:14: error: optimize objective 'cost_per_case' is not a metric of this process (did you mean "
            "'cost.per_case'?) [optimize-reference]",
            "p.yaml:18:16: error: optimize constraint metric 'sla.first_tuch' is not a metric of this process (did you "
            "mean 'sla.first_touch'?) [optimize-reference]",
            "p.yaml:18:75: error: optimize constraint 'steps.*.count >= 1': a wildcard stands for the pool id only, as "
            "in resources.*.utilisation [optimize-reference]"});
  CHECK(lint_errors("optimize:\n  vary: { resources.ae.count: 0..3 }\n  minimize: cycle_time.mean\n") ==
        std::vector<std::string>{"p.yaml:15:11: error: optimize vary: resources.ae.count: must be between 1 and "
                                 "1000000, but the override makes it 0 [optimize-reference]"});
}

TEST_CASE("lint optimize-reference rejects metrics only an event log measures", "[model][optimize][lint]") {
  // bpm-kpi knows these names (the registry's sources: log only), but no evaluation of
  // bpm-optimize can produce them, nor a KPI built on one.
  CHECK(lint_errors("kpis:\n  variety: { formula: \"variants.count * 2\" }\n  twice: { formula: \"variety * 2\" }\n"
                    "optimize:\n  vary: { resources.ae.count: 1..3 }\n  minimize: [littles_law.ratio, twice]\n"
                    "  subject_to: [\"variants.count <= 5\", \"cycle_time.p90 <= 5d\"]\n") ==
        std::vector<std::string>{
            "p.yaml:19:14: error: optimize objective 'littles_law.ratio' is measured only from event logs (bpm-kpi): "
            "a simulation cannot produce it [optimize-reference]",
            "p.yaml:19:33: error: optimize objective 'twice' uses 'variants.count', which is measured only from event "
            "logs (bpm-kpi): a simulation cannot produce it [optimize-reference]",
            "p.yaml:20:16: error: optimize constraint metric 'variants.count' is measured only from event logs "
            "(bpm-kpi): a simulation cannot produce it [optimize-reference]"});
  // The same names are fine where a log is read: objectives checked by bpm-kpi --check.
  CHECK(lint_errors("objectives:\n  - { kpi: variants.count, target: \"<= 5\" }\n").empty());
}
