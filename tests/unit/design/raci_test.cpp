#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/design/raci.hpp"
#include "design_test_support.hpp"

namespace {

const char* const kTeam = R"yaml(
process: team
roles: { clerk: Clerk, boss: Boss, audit: Auditor }
resources: { clerks: { role: clerk, count: 2 } }
arrivals: { every: 1h }
start: enter
steps:
  enter: { resource: clerks, duration: 5m, raci: { accountable: boss, informed: [audit] }, next: check }
  check: { duration: 1m, raci: { accountable: [boss, audit] }, next: sign }
  sign: { resource: clerks, duration: 2m, raci: { responsible: boss, consulted: [clerk] }, next: done }
  done: { end: done }
)yaml";

}  // namespace

TEST_CASE("the RACI matrix flags steps without R and without exactly one A", "[design][raci]") {
  const bpm::RaciMatrix m = bpm::raci_matrix(designtest::model(kTeam));
  CHECK(m.roles == std::vector<std::string>{"clerk", "boss", "audit"});
  REQUIRE(m.rows.size() == 3);
  CHECK(m.rows[0].cells == std::vector<std::string>{"R", "A", "I"});
  CHECK(m.rows[0].issues.empty());
  CHECK(m.rows[1].cells == std::vector<std::string>{"", "A", "A"});
  CHECK(m.rows[1].issues == std::vector<std::string>{"no R", "2 A"});
  // An explicit responsible replaces the resource's role.
  CHECK(m.rows[2].cells == std::vector<std::string>{"C", "R", ""});
  CHECK(m.rows[2].issues == std::vector<std::string>{"no A"});
}

TEST_CASE("the RACI matrix prints as a table, Markdown and CSV", "[design][raci]") {
  const bpm::RaciMatrix m = bpm::raci_matrix(designtest::model(kTeam));
  CHECK(bpm::format_raci(m, bpm::RaciFormat::Table) ==
        "step   clerk  boss  audit  issues\n"
        "enter    R     A      I\n"
        "check    .     A      A    no R, 2 A\n"
        "sign     C     R      .    no A\n"
        "3 steps, 2 flagged (every step wants an R and exactly one A)\n");
  CHECK(bpm::format_raci(m, bpm::RaciFormat::Csv) ==
        "step,clerk,boss,audit,issues\nenter,R,A,I,\ncheck,,A,A,\"no R, 2 A\"\nsign,C,R,,no A\n");
  const std::string markdown = bpm::format_raci(m, bpm::RaciFormat::Markdown);
  CHECK(markdown.rfind("| step | clerk | boss | audit | issues |\n|---|:---:|:---:|:---:|---|\n", 0) == 0);
  CHECK(markdown.find("| check |  | A | A | **no R, 2 A** |\n") != std::string::npos);
  CHECK_THROWS_AS(bpm::parse_raci_format("html"), bpm::UsageError);
}

TEST_CASE("a playbook lists a role's work in flow order with its duties", "[design][playbook]") {
  const bpm::Process p = designtest::model(kTeam);
  const std::string boss = bpm::playbook_markdown(p, "boss");
  CHECK(boss.rfind("# Playbook: Boss (`boss`)\n", 0) == 0);
  CHECK(boss.find("1. **Sign** (`sign`)\n   - Takes 2m (`2m`), from pool `clerks`.\n   - Done 1.00 times per case") !=
        std::string::npos);
  CHECK(boss.find("## Accountable for\n\n- **Enter** (`enter`), done by Clerk\n- **Check** (`check`) — nobody is "
                  "responsible for it\n") != std::string::npos);
  const std::string clerk = bpm::playbook_markdown(p, "clerk");
  CHECK(clerk.find("You work in the pool `clerks` (2 people).") != std::string::npos);
  CHECK(clerk.find("1. **Enter**") < clerk.find("## Consulted on\n\n- **Sign**"));
  CHECK_THROWS_WITH(bpm::playbook_markdown(p, "ceo"), "unknown role 'ceo' (roles: clerk, boss, audit)");
}

TEST_CASE("every sample has a RACI matrix and a playbook per role", "[design][raci]") {
  for (const auto& file : designtest::sample_files()) {
    INFO(file);
    const bpm::Process p = bpm::load_process(file);
    const bpm::RaciMatrix m = bpm::raci_matrix(p);
    CHECK_FALSE(m.rows.empty());
    for (const auto& row : m.rows) CHECK(row.issues.empty());
    for (const auto& role : m.roles) CHECK(bpm::playbook_markdown(p, role).find("## Targets") != std::string::npos);
  }
}
