#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::with_head;
using bpm::test::yaml_text;

TEST_CASE("end-event-required: a process has an end step", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: b }
  b: { duration: 1h, next: a }
)yaml");
  require_one(lint_yaml(text), "end-event-required", text, "steps:", "the process has no end step");
}

TEST_CASE("no-disconnected: every step is reachable from the start", "[lint]") {
  SECTION("one step") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: done }
  orphan:
    duration: 1h
    next: done
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "no-disconnected", text,
                "orphan:", "step 'orphan' cannot be reached from the start step 'a'");
  }
  SECTION("reported at the root of the unreachable part, naming what follows it") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: done }
  island: { duration: 1h, next: shore }
  shore: { duration: 1h, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "no-disconnected", text, "island:",
                "step 'island' cannot be reached from the start step 'a' (nor can 'shore', which follows it)");
  }
  SECTION("an unreachable cycle, at its first step") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: done }
  c1: { duration: 1h, next: c2 }
  c2:
    xor:
      - { to: c1, p: 0.5 }
      - { to: done, p: 0.5 }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "no-disconnected", text,
                "c1:", "step 'c1' cannot be reached from the start step 'a' (nor can 'c2', which follows it)");
  }
}

TEST_CASE("no-implicit-end: tasks, waits and joins continue somewhere", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: b }
  b: { wait: 2d }
  done: { end: ok }
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "no-implicit-end", text, "b: { wait", "wait 'b' has no 'next' and is not an end");
}

TEST_CASE("no-loop-exit: a loop has a way out", "[lint]") {
  SECTION("two steps that only lead to each other") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, next: g }
  g:
    xor:
      - { to: b, p: 1 }
      - { to: done, p: 0 }
  b: { duration: 1h, next: g }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "no-loop-exit", text, "g:", "steps 'g', 'b' form a loop with no way out");
  }
  SECTION("rework with p 1") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, rework: 1, next: done }
  done: { end: ok }
)yaml");
    require_one(lint_yaml(text), "no-loop-exit", text, "a:", "step 'a' repeats forever");
  }
  SECTION("a loop left with some probability is fine") {
    const std::string text = with_head(R"yaml(
  a: { duration: 1h, rework: 0.3, next: g }
  g:
    xor:
      - { to: a, p: 0.8 }
      - { to: done, p: 0.2 }
  done: { end: ok }
)yaml");
    CHECK(of_rule(lint_yaml(text), "no-loop-exit").empty());
  }
}
