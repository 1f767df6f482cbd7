#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::yaml_text;

namespace {
constexpr std::string_view kRoles = R"yaml(process: p
roles: { clerk: Clerk, lead: Lead, boss: Boss }
arrivals: { every: 1h }
start: a
steps:
)yaml";
}

TEST_CASE("raci-accountable: every task has an accountable role", "[lint]") {
  SECTION("no raci at all: at the step") {
    const std::string text = std::string(kRoles) + yaml_text(R"yaml(
  a: { duration: 1h, raci: { accountable: lead }, next: b }
  b: { duration: 1h, next: done }
  done: { end: ok }
)yaml");
    const auto all = lint_yaml(text);
    require_one(all, "raci-accountable", text, "b: {", "task 'b' has no accountable role");
    CHECK(of_rule(all, "raci-accountable")[0].severity == bpm::Severity::Warning);
  }
  SECTION("raci without accountable: at the raci mapping") {
    const std::string text = std::string(kRoles) + yaml_text(R"yaml(
  a: { duration: 1h, raci: { responsible: [clerk] }, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "raci-accountable", text, "{ responsible", "task 'a' has no accountable role");
  }
}

TEST_CASE("raci-single-accountable: no more than one accountable role", "[lint]") {
  const std::string text = std::string(kRoles) + yaml_text(R"yaml(
  a: { duration: 1h, raci: { accountable: [lead, boss] }, next: done }
  done: { end: ok }
)yaml");
  require_one(lint_yaml(text), "raci-single-accountable", text, "{ accountable",
              "task 'a' has 2 accountable roles (lead, boss): exactly one role is accountable");
}
