#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::yaml_text;

TEST_CASE("data-parameters: durations and costs invalid for some attribute values", "[lint][data]") {
  SECTION("an sd that can be negative, a cost that can be negative") {
    const std::string text = yaml_text(R"yaml(
process: p
arrivals:
  every: 1h
  attributes: { x: "uniform(-1, 1)", kind: { a: 0.5, b: 0.5 } }
start: t
steps:
  t: { duration: "normal(1h, x * 1h)", cost: "10 * x", next: done }
  done: { end: ok }
)yaml");
    const auto all = lint_yaml(text);
    CHECK(of_rule(all, "unused-attribute").size() == 1);  // kind; x is read by the duration and the cost
    const auto found = of_rule(all, "data-parameters");
    REQUIRE(found.size() == 2);
    CHECK_THAT(found[0].message, Catch::Contains("the duration of 't' (normal(1h, x * 1h)) has invalid parameters"));
    CHECK_THAT(found[0].message, Catch::Contains("e.g. with x = -"));
    CHECK(found[0].where.column == 8);  // at duration:
    CHECK_THAT(found[1].message, Catch::Contains("the cost of 't' (10 * x) is negative"));
  }
  SECTION("parameters that are valid for every value") {
    const std::string text = yaml_text(R"yaml(
process: p
arrivals:
  every: 1h
  attributes: { x: "uniform(0, 1)" }
start: t
steps:
  t: { duration: "normal(1h, x * 1h)", cost: "10 * x", next: w }
  w: { wait: "exponential(1h + x * 1h)", set: { y: "x - 2" }, next: u }
  u: { duration: "exponential(y * 1h)", next: done }
  done: { end: ok }
)yaml");
    // 'u' reads y, which a step sets: it cannot be checked before a run.
    CHECK(of_rule(lint_yaml(text), "data-parameters").empty());
  }
}
