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
    require_one(all, "negative-duration", text,
                "duration:", "duration of 'a' normal(30m, 10m) may be negative; add min: 0");
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

TEST_CASE("invalid-distribution: arrivals faster than the time resolution", "[lint]") {
  // Below a millisecond the clock (seconds since 1970 in a double) stops between arrivals.
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: "1e-300" }
start: a
steps:
  a: { end: ok }
)yaml");
  require_one(lint_yaml(text), "invalid-distribution", text, "{ every", "below the time resolution of 1ms");
  CHECK(of_rule(lint_yaml(yaml_text(R"yaml(
process: p
arrivals: { every: 0.002s }
start: a
steps:
  a: { end: ok }
)yaml")),
                "invalid-distribution")
            .empty());
}

TEST_CASE("simulation-window: the run ends before the year 10000", "[lint]") {
  const std::string late = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { end: ok }
simulation: { start: 9999-12-31T23:59, horizon: 1d }
)yaml");
  require_one(lint_yaml(late), "simulation-window", late, "{ start",
              "the simulation runs from 9999-12-31T23:59:00 for 1d, past 9999-12-31T23:59:59");
  const std::string long_run = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { end: ok }
simulation: { horizon: 1e300d }
)yaml");
  require_one(lint_yaml(long_run), "simulation-window", long_run, "{ horizon", "past 9999-12-31T23:59:59");
  CHECK(of_rule(lint_yaml(yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { end: ok }
simulation: { horizon: 1000w }
)yaml")),
                "simulation-window")
            .empty());
}
