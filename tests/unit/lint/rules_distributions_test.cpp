#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::with_head;
using bpm::test::yaml_text;

TEST_CASE("negative-duration: a duration that can go negative needs min: 0", "[lint]") {
  SECTION("normal without min") {
    const std::string text = with_head(R"yaml(
  a:
    duration: normal(30m, 10m)
    next: done
  done: { end: ok }
)yaml");
    const auto all = lint_yaml(text);
    require_one(all, "negative-duration", text, "duration:", "duration of 'a' normal(30m, 10m) may be negative; add min: 0");
    CHECK(of_rule(all, "negative-duration")[0].severity == bpm::Severity::Warning);
  }
  SECTION("min: 0 silences it") {
    const std::string text = with_head(R"yaml(
  a: { duration: "normal(30m, 10m, min: 0)", next: done }
  done: { end: ok }
)yaml");
    CHECK(of_rule(lint_yaml(text), "negative-duration").empty());
  }
}

TEST_CASE("invalid-distribution: arrivals take time", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 0 }
start: a
steps:
  a: { end: ok }
)yaml");
  require_one(lint_yaml(text), "invalid-distribution", text, "{ every",
              "arrivals every 0s has mean 0: cases would arrive infinitely fast");
}
