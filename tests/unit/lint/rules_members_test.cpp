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
  SECTION("the pool's holidays close its members too: no warning for them") {
    const std::string holidays = yaml_text(R"yaml(
process: p
calendars:
  office: { mon-fri: "08:00-18:00", holidays: [2026-12-25, 2026-12-28], exceptions: { 2026-12-24: "08:00-12:00" } }
  mornings: { mon-fri: "08:00-13:00" }
  late: { mon-fri: "08:00-19:00" }
arrivals: { every: 1h }
resources:
  desk: { calendar: office, members: { ann: { calendar: mornings }, ben: { calendar: late } } }
start: a
steps:
  a: { resource: desk, duration: 10m, next: done }
  done: { end: ok }
)yaml");
    // ann's weekly hours lie inside the pool's; ben's 18:00-19:00 does not, holidays or not.
    require_one(lint_yaml(holidays), "member-calendar", holidays,
                "ben:", "member 'ben' has hours outside those of pool 'desk'");
  }
  SECTION("a member's own dated exception outside the pool's hours that day counts") {
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

TEST_CASE("the shipped insurance-claims sample has no member-calendar finding", "[lint][members]") {
  const bpm::Process p = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/insurance-claims.yaml");
  const auto all = bpm::lint(p, bpm::LintConfig::recommended());
  CHECK(of_rule(all, "member-calendar").empty());
  CHECK(of_rule(all, "member-never-available").empty());
  // The test means something: the sample's pool has holidays and members with their own hours.
  const bpm::Resource* handlers = p.find_resource("handlers");
  REQUIRE(handlers != nullptr);
  REQUIRE(p.find_calendar(handlers->calendar) != nullptr);
  CHECK_FALSE(p.find_calendar(handlers->calendar)->exceptions.empty());
  CHECK(std::any_of(handlers->members.begin(), handlers->members.end(),
                    [](const bpm::Member& m) { return !m.calendar.empty(); }));
}
