#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::with_head;
using bpm::test::yaml_text;

TEST_CASE("superfluous-gateway: a gateway has more than one branch", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g: { xor: [{ to: done, p: 1 }] }
  done: { end: ok }
)yaml");
  require_one(lint_yaml(text), "superfluous-gateway", text, "g: {",
              "gateway 'g' has a single branch: continue with `next: done`");
}

TEST_CASE("conditional-flows: each branch has when or p, not both", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals: { every: 1h, attributes: { tier: { gold: 0.2, basic: 0.8 } } }
start: a
steps:
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: done, when: "tier == 'gold'", p: 0.5 }
      - { to: done }
      - { to: done, p: 1 }
  done: { end: ok }
)yaml");
  const auto found = of_rule(lint_yaml(text), "conditional-flows");
  REQUIRE(found.size() == 2);
  CHECK(found[0].where.line == 8);
  CHECK(found[0].where.column == 9);
  CHECK(found[0].message == "the branch of 'g' to 'done' has both 'when' and 'p': a branch is chosen by one of them");
  CHECK(found[1].where.line == 9);
  CHECK(found[1].where.column == 9);
  CHECK(found[1].message == "the branch of 'g' to 'done' has neither 'when' nor 'p'");
}

TEST_CASE("gateway-probabilities: xor p branches sum to 1", "[lint]") {
  SECTION("0.5 + 0.4") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: done, p: 0.5 }
      - { to: a, p: 0.4 }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "gateway-probabilities", text,
                "xor:", "the p branches of xor gateway 'g' sum to 0.9, not 1");
  }
  SECTION("within 1e-6 of 1 is fine; or branches are independent draws") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: done, p: 0.3333333 }
      - { to: h, p: 0.6666667 }
  h:
    or:
      - { to: done, p: 0.9 }
      - { to: done, p: 0.9 }
  done: { end: ok }
)yaml");
    CHECK(of_rule(lint_yaml(text), "gateway-probabilities").empty());
  }
}

TEST_CASE("gateway-fallback: a gateway of conditions only may match none", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
arrivals:
  every: 1h
  attributes: { size: "uniform(1, 10)" }
start: a
steps:
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: done, when: "size > 5" }
      - { to: a, when: "size < 3" }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "gateway-fallback", text,
              "xor:", "every branch of gateway 'g' has a 'when' condition and none has 'p'");
  CHECK(of_rule(all, "gateway-fallback")[0].severity == bpm::Severity::Warning);
}
