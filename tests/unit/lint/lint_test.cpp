#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "bpm/io/input.hpp"
#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::yaml_text;

namespace {

/// Every rule's concern satisfied: owner, objective with target, RACI, used definitions, a
/// join for the split, probabilities summing to 1, a pool with room to spare.
constexpr std::string_view kClean = R"yaml(
process: clean
owner: Operations Manager
objectives:
  - { kpi: cycle_time.p90, target: "<= 2d" }
  - { kpi: handled_per_day, target: ">= 5" }
roles:
  clerk: Clerk
  lead: Team Lead
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerks: { role: clerk, count: 2, calendar: office }
arrivals:
  every: exponential(1h)
  calendar: office
  attributes:
    tier: { gold: 0.2, basic: 0.8 }
start: intake
steps:
  intake:
    resource: clerks
    duration: triangular(5m, 10m, 20m)
    raci: { accountable: lead }
    next: split
  split: { and: [check, file] }
  check: { resource: clerks, duration: 10m, raci: { accountable: lead }, rework: 0.1, next: joined }
  file: { wait: 1h, next: joined }
  joined: { join: [check, file], next: route }
  route:
    xor:
      - { to: done, when: "tier == 'gold'" }
      - { to: done, p: 0.9 }
      - { to: intake, p: 0.1 }
  done: { end: completed }
slas:
  same_day: { from: arrival, to: end, within: 8h }
kpis:
  handled_per_day: { formula: "throughput", unit: cases/day }
)yaml";

}  // namespace

TEST_CASE("a model that satisfies every rule has no findings", "[lint]") {
  const auto all = lint_yaml(kClean);
  for (const auto& d : all) UNSCOPED_INFO(d.str());
  CHECK(all.empty());
}

TEST_CASE("rule levels come from the config", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, next: b }
  b: { duration: 1h }
  done: { end: ok }
)yaml");
  SECTION("recommended") {
    const auto all = lint_yaml(text);
    REQUIRE(of_rule(all, "process-owner").size() == 1);
    CHECK(of_rule(all, "process-owner")[0].severity == bpm::Severity::Warning);
    CHECK(of_rule(all, "no-implicit-end")[0].severity == bpm::Severity::Error);
  }
  SECTION("off, info and promoted") {
    bpm::LintConfig config = bpm::LintConfig::recommended();
    config.set("process-owner", bpm::RuleLevel::Off);
    config.set("no-implicit-end", bpm::RuleLevel::Info);
    config.set("raci-accountable", bpm::RuleLevel::Error);
    const auto all = lint_yaml(text, config);
    CHECK(of_rule(all, "process-owner").empty());
    REQUIRE(of_rule(all, "no-implicit-end").size() == 1);
    CHECK(of_rule(all, "no-implicit-end")[0].severity == bpm::Severity::Info);
    REQUIRE(of_rule(all, "raci-accountable").size() == 2);
    CHECK(of_rule(all, "raci-accountable")[0].severity == bpm::Severity::Error);
  }
  SECTION("findings come in file order") {
    const auto all = lint_yaml(text);
    for (std::size_t i = 1; i < all.size(); ++i) {
      CHECK(std::pair(all[i - 1].where.line, all[i - 1].where.column) <=
            std::pair(all[i].where.line, all[i].where.column));
    }
  }
}

TEST_CASE("require_valid throws the first error of the recommended rules", "[lint]") {
  const auto with_error = bpm::test::parse_yaml(R"yaml(
process: p
owner: o
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, next: nowhere }
  done: { end: ok }
)yaml");
  try {
    bpm::require_valid(with_error);
    FAIL("no ModelError");
  } catch (const bpm::ModelError& e) {
    CHECK(e.diagnostic() == "t.yaml:6:22: error: step 'a' continues to undefined step 'nowhere' [undefined-step]");
  }
  // An overloaded pool does not stop a run: the simulation shows what happens.
  CHECK_NOTHROW(bpm::require_valid(bpm::test::parse_yaml(R"yaml(
process: p
owner: o
arrivals: { every: 30m }
resources:
  clerk: { count: 1 }
start: a
steps:
  a: { resource: clerk, duration: 1h, next: done }
  done: { end: ok }
)yaml")));
  // Warnings alone (no owner, no RACI) do not stop a run.
  CHECK_NOTHROW(bpm::require_valid(bpm::test::parse_yaml(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, next: done }
  done: { end: ok }
)yaml")));
}

TEST_CASE("validate_text reports schema errors, then lint findings of clean files", "[lint]") {
  const auto config = bpm::LintConfig::recommended();
  SECTION("a schema error stops before the lint") {
    const auto all = bpm::validate_text(
        "process: p\nstart: a\narrivals: { every: 1h }\nsteps:\n  a: { duration: 1h, nxt: b }\n", "s.yaml", config);
    REQUIRE(all.size() == 1);
    CHECK(all[0].rule == "schema");
    CHECK(all[0].where == bpm::Location{"s.yaml", 5, 22});
  }
  SECTION("malformed YAML is a located syntax error") {
    const auto all = bpm::validate_text("process: p\nsteps: [a\n", "s.yaml", config);
    REQUIRE(all.size() == 1);
    CHECK(all[0].rule == "syntax");
    CHECK(all[0].where.line > 0);
  }
  SECTION("a schema-clean file gets the lint") {
    const auto all = bpm::validate_text(yaml_text(kClean), "c.yaml", config);
    CHECK(all.empty());
  }
}

TEST_CASE("rule ids are unique and each is documented in share/doc/lint-rules.md", "[lint]") {
  std::ifstream doc(std::string(BPM_SOURCE_DIR) + "/share/doc/lint-rules.md");
  REQUIRE(doc.good());
  std::stringstream text;
  text << doc.rdbuf();
  std::set<std::string_view> seen;
  for (const auto& rule : bpm::lint_rules()) {
    INFO(rule.id);
    CHECK(seen.insert(rule.id).second);
    CHECK(text.str().find("### `" + std::string(rule.id) + "`") != std::string::npos);
  }
}

TEST_CASE("the sample processes have no errors", "[lint]") {
  const std::filesystem::path dir = std::filesystem::path(BPM_SOURCE_DIR) / "processes";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const auto all =
        bpm::validate_text(bpm::read_all(entry.path().string()), entry.path().string(), bpm::LintConfig::recommended());
    for (const auto& d : all) UNSCOPED_INFO(d.str());
    CHECK_FALSE(bpm::has_errors(all));
  }
  CHECK(files >= 4);
}
