#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::yaml_text;

namespace {

std::string with_member_calendar(std::string_view hours) {
  return yaml_text(R"yaml(
process: p
owner: o
calendars:
  office: { mon-fri: "09:00-17:00" }
  own: { )yaml") +
         std::string(hours) + R"yaml( }
arrivals: { every: 1h, calendar: office }
resources:
  desk:
    calendar: office
    members:
      ann: { calendar: own }
      ben: {}
start: a
steps:
  a: { resource: desk, duration: 10m, next: done }
  done: { end: ok }
)yaml";
}

}  // namespace

TEST_CASE("member-calendar: a member's hours lie within its pool's", "[lint][members]") {
  SECTION("hours inside the pool's are fine") {
    const auto all = lint_yaml(with_member_calendar(R"(mon-wed: "09:00-13:00")"));
    CHECK(of_rule(all, "member-calendar").empty());
    CHECK(of_rule(all, "member-never-available").empty());
  }
  SECTION("hours partly outside are never worked") {
    const std::string text = with_member_calendar(R"(mon-sat: "08:00-13:00")");
    require_one(lint_yaml(text), "member-calendar", text,
                "ann:", "member 'ann' has hours outside those of pool 'desk'");
  }
  SECTION("hours that never meet the pool's") {
    const std::string text = with_member_calendar(R"(sat-sun: "09:00-17:00")");
    const auto all = lint_yaml(text);
    require_one(all, "member-never-available", text, "ann:", "member 'ann' never works");
    CHECK(of_rule(all, "member-calendar").empty());
  }
  SECTION("an exception of the pool's counts too") {
    const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00", holidays: [2026-12-25] }
  own: { mon-fri: "09:00-12:00", exceptions: { 2026-12-25: "09:00-10:00" } }
arrivals: { every: 1h }
resources:
  desk: { calendar: office, members: { ann: { calendar: own } } }
start: a
steps:
  a: { resource: desk, duration: 10m, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "member-calendar", text, "ann:", "outside");
  }
}

TEST_CASE("members' calendars are references like the pools'", "[lint][members]") {
  const std::string text = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals: { every: 1h }
resources:
  desk: { members: { ann: { calendar: ofice } } }
start: a
steps:
  a: { resource: desk, duration: 10m, next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "undefined-calendar", text, "ann:", "did you mean 'office'?");
  CHECK(of_rule(all, "unused-calendar").size() == 1);  // 'office' itself is unused
}
