// Computed attributes (`score: { formula: ... }`) and per-case priorities (`priority: score`) as
// the loader reads them: what binds, and the located errors of what does not.
#include <catch2/catch.hpp>

#include <string>

#include "bpm/model/loader.hpp"

namespace {

std::string process_with(const std::string& attributes,
                         const std::string& demo = "{ resource: ae, duration: 30m, next: done }") {
  return "process: p\nresources:\n  ae: { count: 1 }\narrivals:\n  every: exponential(30m)\n  attributes:\n" +
         attributes + "start: demo\nsteps:\n  demo: " + demo + "\n  done: { end: ok }\nsimulation: { horizon: 1d }\n";
}

/// The diagnostics of loading `text`, one per line.
std::string diagnostics(const std::string& text) {
  const bpm::LoadResult result = bpm::parse_process_text(text, "p.yaml");
  std::string out;
  for (const auto& d : result.diagnostics) out += d.str() + "\n";
  return out;
}

}  // namespace

TEST_CASE("a computed attribute reads the attributes declared above it", "[model]") {
  const std::string ok = process_with(
      "    source: { web: 0.6, referral: 0.4 }\n"
      "    value: uniform(1000, 5000)\n"
      "    score: { formula: \"logistic(-1 + 0.8 * (source == 'referral') + 0.0002 * value)\" }\n");
  const bpm::Process p = bpm::parse_process(ok, "p.yaml");
  const bpm::Attribute* score = p.find_attribute("score");
  REQUIRE(score != nullptr);
  REQUIRE(score->formula);
  CHECK_FALSE(score->categorical);
  const auto referral = p.strings.find("referral");
  REQUIRE(referral);
  const std::vector<bpm::Value> slots{bpm::Value::string(*referral), bpm::Value::number(1000), bpm::Value::number(0)};
  CHECK(score->formula->eval(slots.data()).num == Approx(0.5));  // -1 + 0.8 + 0.2 = 0
  CHECK(p.attribute_slot("score") == 2u);

  CHECK(diagnostics(process_with("    score: { formula: \"logistic(value)\" }\n    value: uniform(1, 2)\n")) ==
        "p.yaml:7:33: error: attribute 'score' formula: unknown name 'value' (a formula reads the attributes declared "
        "above it) [schema]\n");
  CHECK(diagnostics(process_with("    score: { formula: \"sigmoid(1)\" }\n")) ==
        "p.yaml:7:24: error: attribute 'score' formula: unknown function 'sigmoid' (the functions are exp, ln and "
        "logistic) [schema]\n");
  CHECK_THAT(diagnostics(process_with("    score: { formula: \"1\", unit: x }\n")), Catch::Contains("unit"));
}

TEST_CASE("priority is a whole number or an expression over the case attributes", "[model]") {
  const std::string attributes = "    value: uniform(1, 2)\n";
  const bpm::Process p = bpm::parse_process(
      process_with(attributes, "{ resource: ae, duration: 30m, priority: value, next: done }"), "p.yaml");
  const bpm::Step& demo = *p.find_step("demo");
  REQUIRE(demo.priority_expression);
  CHECK(demo.priority == 0);
  CHECK(bpm::parse_process(process_with(attributes, "{ resource: ae, duration: 30m, priority: -3, next: done }"),
                           "p.yaml")
            .find_step("demo")
            ->priority == -3);
  CHECK(diagnostics(process_with(attributes, "{ resource: ae, duration: 30m, priority: valeu, next: done }")) ==
        "p.yaml:10:50: error: step 'demo' priority: unknown name 'valeu' (case attributes are declared under "
        "arrivals.attributes or set by a step's set:) [schema]\n");
  CHECK_THAT(diagnostics(process_with(attributes, "{ resource: ae, duration: 30m, priority: 2.5, next: done }")),
             Catch::Contains("priority"));
}
