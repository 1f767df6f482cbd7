#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::yaml_text;

TEST_CASE("resource-count: a pool has at least one server", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
resources:
  clerks: { count: 0 }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "resource-count", text, "clerks: {",
              "resource 'clerks' has count 0: a pool needs at least 1 server");
  CHECK(of_rule(all, "resource-overload").empty());
}

TEST_CASE("calendar-never-open: a calendar opens at some time", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
calendars:
  never: { daily: closed }
arrivals: { every: 1h }
resources:
  clerks: { count: 1, calendar: never }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "calendar-never-open", text, "never: {", "calendar 'never' is never open");
  CHECK(of_rule(all, "resource-overload").empty());
}

TEST_CASE("resource-overload: offered load against capacity, with the numbers", "[lint]") {
  SECTION("around the clock: 336 cases a week, 2 visits of 1h each, 3 servers") {
    const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 30m }
resources:
  clerks: { count: 3 }
start: a
steps:
  a: { resource: clerks, duration: 1h, rework: 0.5, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "resource-overload", text, "clerks: {",
                "resource 'clerks' is overloaded: 336 cases/week × 2h of work each = 672h of work in 168 open hours");
    const auto found = of_rule(lint_yaml(text), "resource-overload");
    CHECK_THAT(found[0].message,
               Catch::Matchers::EndsWith("an offered load of 4 Erlangs > 3 servers (utilisation 133%); the queue grows "
                                         "without bound"));
  }
  SECTION("office hours: 80 cases a week of 1h on one clerk open 40h") {
    const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals: { every: 30m, calendar: office }
resources:
  clerks: { count: 1, calendar: office }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
    const auto found = of_rule(lint_yaml(text), "resource-overload");
    REQUIRE(found.size() == 1);
    // 80 h of work a week for 40 open hours: 2 Erlangs while open, on 1 server.
    CHECK_THAT(found[0].message, Catch::Matchers::StartsWith("resource 'clerks' is overloaded: 80 cases/week × 1h of "
                                                             "work each = 80h of work in 40 open hours a week"));
    CHECK_THAT(found[0].message,
               Catch::Matchers::Contains("an offered load of 2 Erlangs > 1 server (utilisation 200%)"));
  }
  SECTION("three clerks carry it") {
    const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals: { every: 30m, calendar: office }
resources:
  clerks: { count: 3, calendar: office }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
    CHECK(of_rule(lint_yaml(text), "resource-overload").empty());
  }
}

TEST_CASE("resource-overload: the load uses the mean of the distribution as simulated", "[lint]") {
  // normal(10m, 20m, min: 0) is drawn by resampling below 0: its mean is 10 + 20 φ(0.5)/Φ(0.5) =
  // 20.18 minutes, not 10. One arrival every 20 minutes on one clerk is a utilisation of 1.009:
  // overloaded, although the untruncated mean would say 50%.
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 20m }
resources:
  clerk: { count: 1 }
start: a
steps:
  a: { resource: clerk, duration: "normal(10m, 20m, min: 0)", next: done }
  done: { end: ok }
)yaml");
  const auto found = of_rule(lint_yaml(text), "resource-overload");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].message,
             Catch::Matchers::Contains("an offered load of 1.01 Erlangs > 1 server (utilisation 101%)"));
}
