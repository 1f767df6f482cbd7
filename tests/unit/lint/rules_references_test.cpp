#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::require_one;
using bpm::test::with_head;
using bpm::test::yaml_text;

TEST_CASE("start-event-required: the start step must exist", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
start: bx
steps:
  b: { end: done }
)yaml");
  require_one(lint_yaml(text), "start-event-required", text, "bx",
              "start step 'bx' is not defined (did you mean 'b'?)");
}

TEST_CASE("undefined-step: every target names a step", "[lint]") {
  SECTION("next, at the next key, with a hint") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: dnoe }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "undefined-step", text, "next: dnoe",
                "step 'a' continues to undefined step 'dnoe' (did you mean 'done'?)");
  }
  SECTION("a gateway branch, at the branch") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: done, p: 0.5 }
      - { to: elsewhere, p: 0.5 }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "undefined-step", text, "{ to: elsewhere",
                "gateway 'g' has a branch to undefined step 'elsewhere'");
  }
  SECTION("a parallel split and its join, at their keys") {
    const std::string text = with_head(R"yaml(
  a: { and: [b, c] }
  b: { duration: 1h, next: j }
  j: { join: [b, c], next: done }
  done: { end: ok }
)yaml");
    const auto found = bpm::test::of_rule(lint_yaml(text), "undefined-step");
    REQUIRE(found.size() == 2);
    CHECK(found[0].where.line == bpm::test::position_of(text, "and:").first);
    CHECK(found[0].where.column == bpm::test::position_of(text, "and:").second);
    CHECK(found[0].message == "parallel split 'a' starts undefined step 'c'");
    CHECK(found[1].where.line == bpm::test::position_of(text, "join:").first);
    CHECK(found[1].where.column == bpm::test::position_of(text, "join:").second);
    CHECK(found[1].message == "join 'j' waits for undefined step 'c'");
  }
  SECTION("a rework target, at the rework mapping") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, rework: { p: 0.1, to: redo }, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "undefined-step", text, "{ p: 0.1", "rework of 'a' goes to undefined step 'redo'");
  }
}

TEST_CASE("undefined-resource: a task's resource is defined", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
resources:
  clerks: { count: 1 }
start: a
steps:
  a: { resource: clerk, duration: 1h, next: done }
  done: { end: ok }
)yaml");
  require_one(lint_yaml(text), "undefined-resource", text, "resource: clerk",
              "step 'a' uses undefined resource 'clerk' (did you mean 'clerks'?)");
}

TEST_CASE("undefined-role: resources and RACI name defined roles", "[lint]") {
  SECTION("a resource's role, at the resource") {
    const std::string text = yaml_text(R"yaml(
process: p
roles: { clerk: Clerk }
arrivals: { every: 1h }
resources:
  clerks: { role: clerc, count: 1 }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "undefined-role", text, "clerks: {",
                "resource 'clerks' has undefined role 'clerc' (did you mean 'clerk'?)");
  }
  SECTION("a RACI role, at the raci mapping") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, raci: { accountable: boss }, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "undefined-role", text, "{ accountable",
                "step 'a': accountable 'boss' is not a defined role");
  }
}

TEST_CASE("undefined-calendar: resources and arrivals name defined calendars", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals: { every: 1h, calendar: ofice }
resources:
  clerks: { count: 1, calendar: offfice }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: done }
  done: { end: ok }
)yaml");
  const auto found = bpm::test::of_rule(lint_yaml(text), "undefined-calendar");
  REQUIRE(found.size() == 2);
  CHECK(found[0].where.line == 4);
  CHECK(found[0].where.column == bpm::test::position_of(text, "{ every").second);
  CHECK(found[0].message == "arrivals use undefined calendar 'ofice' (did you mean 'office'?)");
  CHECK(found[1].where.line == bpm::test::position_of(text, "clerks: {").first);
  CHECK(found[1].where.column == 3);
  CHECK(found[1].message == "resource 'clerks' uses undefined calendar 'offfice' (did you mean 'office'?)");
}

TEST_CASE("sla-endpoint: SLA endpoints name defined steps", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: done }
  done: { end: ok }
slas:
  quick: { from: arrival, to: aa.end, within: 4h }
)yaml");
  require_one(lint_yaml(text), "sla-endpoint", text,
              "quick:", "sla 'quick': 'aa.end' names undefined step 'aa' (did you mean 'a'?)");
}

TEST_CASE("scenario-override: every scenario applies to the model", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: done }
  done: { end: ok }
scenarios:
  faster:
    steps.a.duration: "*0.5"
  typo:
    steps.aa.duration: "*0.5"
)yaml");
  require_one(lint_yaml(text), "scenario-override", text, "steps.aa",
              "scenario 'typo': unknown override path 'steps.aa.duration' (did you mean 'steps.a.duration'?)");
}
