// The loader's reading of the process format's constructs, and its located errors.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "bpm/model/loader.hpp"
#include "../lint/lint_test_support.hpp"

namespace {

using bpm::test::parse_yaml;
using bpm::test::position_of;
using bpm::test::yaml_text;

/// Exactly the errors of a file that does not load; the first is at `needle` and says `fragment`.
void require_error(std::string_view yaml, std::string_view needle, std::string_view fragment) {
  const std::string text = yaml_text(yaml);
  const bpm::LoadResult loaded = bpm::parse_process_text(text, "t.yaml");
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE_FALSE(loaded.process.has_value());
  REQUIRE_FALSE(loaded.diagnostics.empty());
  const auto [line, column] = position_of(text, needle);
  const bpm::Diagnostic& d = loaded.diagnostics.front();
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
  CHECK_THAT(d.message, Catch::Matchers::Contains(std::string(fragment)));
}

}  // namespace

TEST_CASE("a step may carry a display name", "[model][loader]") {
  SECTION("on every kind of step") {
    const bpm::Process p = parse_yaml(R"(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { name: Check the claim, duration: 1h, next: g }
  g: { name: "Complete?", xor: [{ to: e, p: 1 }] }
  e: { name: Claim settled, end: settled }
)");
    CHECK(p.steps[0].name == "Check the claim");
    CHECK(p.steps[1].name == "Complete?");
    CHECK(p.steps[2].name == "Claim settled");
    CHECK(p.steps[0].id == "a");
  }
  SECTION("which must not be empty") {
    require_error(R"(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { name: "", duration: 1h, next: e }
  e: { end: ok }
)",
                  "\"\"", "display name must not be empty");
  }
}

TEST_CASE("a pool may name its members", "[model][loader][members]") {
  const std::string steps = "start: a\nsteps:\n  a: { resource: r, duration: 1h, next: e }\n  e: { end: ok }\n";
  SECTION("as a list or a mapping; count follows") {
    const bpm::Process p = parse_yaml("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: [ann, bob] }\n"
                                      "  s: { cost_per_hour: 10, members: { cy: { speed: 2, cost_per_hour: 12 }, dee: ~ } }\n" +
                                      steps);
    REQUIRE(p.resources[0].members.size() == 2);
    CHECK(p.resources[0].count == 2);
    CHECK(p.resources[0].members[1].id == "bob");
    CHECK(p.resources[1].members[0].speed == 2.0);
    CHECK(p.resources[1].member_cost(p.resources[1].members[0]) == 12.0);
    CHECK(p.resources[1].member_cost(p.resources[1].members[1]) == 10.0);
    CHECK(p.find_member_pool("dee") == &p.resources[1]);
  }
  SECTION("not together with count") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { count: 2, members: [ann, bob] }\n" + steps,
                  "2, members", "give either 'count' or 'members'");
  }
  SECTION("with unique ids") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: [ann] }\n  s: { members: [bob, ann] }\n" +
                      steps,
                  "ann] }\nstart", "'ann' is already a member of pool 'r'");
  }
  SECTION("with a positive speed") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: { ann: { speed: 0 } } }\n" + steps,
                  "0 }", "speed must be a positive number");
  }
  SECTION("and known keys") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: { ann: { sped: 2 } } }\n" + steps,
                  "sped", "did you mean 'speed'");
  }
}
