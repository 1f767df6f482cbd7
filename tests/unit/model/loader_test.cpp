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
