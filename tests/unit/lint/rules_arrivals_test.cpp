#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::yaml_text;

TEST_CASE("arrival streams are references and roots of the flow", "[lint][arrivals]") {
  const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals:
  streams:
    web: { every: 1h, calendar: ofice }
    partners: { every: 2h, start: fast }
    mail: { every: 3h, start: nowhere }
start: a
steps:
  a: { duration: 10m, next: done }
  fast: { duration: 1m, next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "undefined-calendar", text, "web:", "arrival stream 'web' uses undefined calendar 'ofice'");
  require_one(all, "undefined-step", text, "mail:", "arrival stream 'mail' starts at undefined step 'nowhere'");
  CHECK(of_rule(all, "no-disconnected").empty());  // 'fast' is where the partners' cases start
}

TEST_CASE("invalid-distribution: arrivals that never come", "[lint][arrivals]") {
  SECTION("a rate profile whose hours the calendar never opens") {
    const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals:
  rate: { sat-sun: 5/h }
  calendar: office
start: done
steps:
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "invalid-distribution", text,
                "rate:", "the rates are 0 whenever calendar 'office' is open");
  }
  SECTION("batches that are always empty") {
    const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h, size: 0 }
start: done
steps:
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "invalid-distribution", text, "{ every", "size 0 is never 1 or more");
  }
}
