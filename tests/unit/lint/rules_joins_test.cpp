#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::position_of;
using bpm::test::require_one;
using bpm::test::with_head;

TEST_CASE("fake-join: parallel branches meet only at a join", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { and: [b, c] }
  b: { duration: 1h, next: merge }
  c: { duration: 1h, next: merge }
  merge: { duration: 1h, next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(
      all, "fake-join", text, "merge: {",
      "step 'merge' is reached by the branches 'b', 'c' of parallel split 'a' without a join: it runs once per branch");
  CHECK(of_rule(all, "split-without-join").empty());
}

TEST_CASE("split-without-join: a parallel split has a matching join", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { and: [b, c] }
  b: { duration: 1h, next: won }
  c: { duration: 1h, next: lost }
  won: { end: won }
  lost: { end: lost }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "split-without-join", text, "a: {", "parallel split 'a' has no matching join");
  CHECK(of_rule(all, "fake-join").empty());
}

TEST_CASE("join-input: a join's inputs are the steps that continue to it", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { and: [b, c] }
  b: { duration: 1h, next: j }
  c: { duration: 1h, next: d }
  d: { duration: 1h, next: j }
  j: { join: [b, c], next: done }
  done: { end: ok }
)yaml");
  const auto found = of_rule(lint_yaml(text), "join-input");
  REQUIRE(found.size() == 2);
  CHECK(found[0].where.line == position_of(text, "next: j }\n  j:").first);
  CHECK(found[0].where.column == position_of(text, "next: j }\n  j:").second);
  CHECK(found[0].message == "step 'd' continues to join 'j' but is not one of its inputs [b, c]");
  CHECK(found[1].where.line == position_of(text, "join:").first);
  CHECK(found[1].where.column == position_of(text, "join:").second);
  CHECK(found[1].message == "join 'j' waits for 'c', which never continues to 'j': the join would wait forever");
}

TEST_CASE("join-without-split: a join synchronises branches of one split", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: b, p: 0.5 }
      - { to: c, p: 0.5 }
  b: { duration: 1h, next: j }
  c: { duration: 1h, next: j }
  j: { join: [b, c], next: done }
  done: { end: ok }
)yaml");
  require_one(lint_yaml(text), "join-without-split", text, "j: {",
              "no parallel split separates the inputs 'b', 'c' of join 'j'");
}

TEST_CASE("nested splits with their joins and a loop back to the split are clean", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { and: [b, c] }
  b: { and: [b1, b2] }
  b1: { duration: 1h, next: jb }
  b2: { duration: 1h, rework: 0.1, next: jb }
  jb: { join: [b1, b2], next: j }
  c: { duration: 1h, next: j }
  j: { join: [jb, c], next: g }
  g:
    xor:
      - { to: a, p: 0.25 }
      - { to: done, p: 0.75 }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  for (const char* rule : {"fake-join", "split-without-join", "join-input", "join-without-split", "no-loop-exit"}) {
    INFO(rule);
    CHECK(of_rule(all, rule).empty());
  }
}

TEST_CASE("a branch may reach its join through several exclusive inputs", "[lint]") {
  // The branch of `t` reaches `j` by the xor's branch or by `u`: both are inputs of the join, as
  // a call that returns in two places stands for both of its returning steps.
  const std::string text = with_head(R"yaml(
  p: { and: [t, y] }
  t: { duration: 5m, next: s }
  s:
    xor:
      - { to: j, p: 0.5 }
      - { to: u, p: 0.5 }
  u: { duration: 5m, next: j }
  y: { duration: 10m, next: j }
  j: { join: [s, u, y], next: done }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  for (const char* rule : {"fake-join", "split-without-join", "join-input", "join-without-split"}) {
    INFO(rule);
    CHECK(of_rule(all, rule).empty());
  }
  SECTION("but every input must lie on a branch of the split, and two branches must bring them") {
    const std::string one_branch = with_head(R"yaml(
  t: { duration: 5m, next: s }
  s:
    xor:
      - { to: j, p: 0.5 }
      - { to: u, p: 0.5 }
  u: { duration: 5m, next: j }
  j: { join: [s, u], next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(one_branch), "join-without-split", one_branch, "j: {",
                "no parallel split separates the inputs 's', 'u' of join 'j'");
  }
}
