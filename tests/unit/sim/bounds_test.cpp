// The bounds of what one case or one arrival may bring (process.hpp kMaxInstances,
// kMaxArrivalSize): a literal beyond is a located error at load, a draw or an attribute's value
// beyond stops the run with an error naming the step or stream and the bound.
#include <catch2/catch.hpp>

#include <string>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "engine_test_support.hpp"

namespace {

std::string first_error(const std::string& yaml) {
  const bpm::LoadResult r = bpm::parse_process_text(yaml, "bounds.yaml");
  for (const bpm::Diagnostic& d : r.diagnostics) {
    if (d.severity == bpm::Severity::Error) return d.where.str() + ": " + d.message;
  }
  return {};
}

std::string instances(const std::string& count, const std::string& attributes = "") {
  return "process: p\narrivals: { every: 1h" + attributes +
         " }\nstart: t\nsteps:\n  t: { duration: 1m, instances: { count: " + count +
         " }, next: done }\n  done: { end: done }\nsimulation: { cases: 3, replications: 1, seed: 1 }\n";
}

std::string arrivals(const std::string& size) {
  return "process: p\narrivals: { every: 1h, size: \"" + size +
         "\" }\nstart: t\nsteps:\n  t: { duration: 1m, next: done }\n  done: { end: done }\n"
         "simulation: { horizon: 1d, replications: 1, seed: 1 }\n";
}

}  // namespace

TEST_CASE("a count literal beyond the bound is a located error at load", "[sim][bounds][model]") {
  CHECK(
      first_error(instances("1e12")) ==
      "bounds.yaml:5:42: step 't' instances count: its mean is 1e+12, more than the 1000 instances one visit may run");
  CHECK(first_error(instances("poisson(5000)")).find("bounds.yaml:5:42: ") == 0);
  CHECK(first_error(instances("1000")).empty());
  CHECK(first_error(arrivals("poisson(1e9)")) ==
        "bounds.yaml:2:30: arrivals size: its mean is 1e+09, more than the 100000 cases one arrival may bring");
  CHECK(first_error(arrivals("poisson(300)")).empty());
}

TEST_CASE("a count beyond the bound at run time names the step and the bound", "[sim][bounds]") {
  SECTION("an attribute counts the instances") {
    const bpm::Process p = simtest::model(instances("n", ", attributes: { n: \"uniform(1e9, 2e9)\" }"));
    CHECK_THROWS_WITH(simtest::run(p), Catch::Contains("case 1 at step 't': ") &&
                                           Catch::Contains("instances in one visit, more than the 1000 allowed") &&
                                           !Catch::Contains("max_steps_per_case"));
  }
  SECTION("a draw of a long-tailed count") {
    const bpm::Process p = simtest::model(instances("\"uniform(100, 1899)\""));
    CHECK_THROWS_WITH(simtest::run(p), Catch::Contains("step 't'") && Catch::Contains("more than the 1000 allowed"));
  }
  SECTION("up to the bound, a visit runs every instance") {
    const bpm::Process p = simtest::model(instances("n", ", attributes: { n: \"uniform(999.6, 1000.4)\" }"));
    bpm::SimulationOptions options;
    options.replications = 1;
    const auto r = simtest::run(p, options);
    CHECK(simtest::mean(r, "steps.t.count") == 3000.0);
  }
  SECTION("an arrival's size") {
    const bpm::Process p = simtest::model(arrivals("uniform(0, 190000)"));
    CHECK_THROWS_WITH(simtest::run(p), Catch::Contains("arrivals: an arrival of ") &&
                                           Catch::Contains("more than the 100000 one arrival"));
  }
}
