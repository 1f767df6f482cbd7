#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::yaml_text;

namespace {

std::string with_wait(std::string_view wait, std::string_view timers) {
  return yaml_text(R"yaml(
process: p
owner: o
arrivals: { every: 1h }
start: docs
steps:
  docs: { wait: )yaml") +
         std::string(wait) + ", " + std::string(timers) + R"yaml(, next: assess }
  assess: { duration: 10m, raci: { responsible: clerk, accountable: clerk }, next: done }
  remind: { duration: 5m, raci: { responsible: clerk, accountable: clerk }, next: reminded }
  reminded: { end: reminded, terminate: false }
  reject: { end: rejected }
  done: { end: ok }
roles: { clerk: Clerk }
)yaml";
}

}  // namespace

TEST_CASE("timer-never-fires: a timer after the step always ends", "[lint][timers]") {
  SECTION("a deadline the wait can pass is fine") {
    const auto all = lint_yaml(with_wait("exponential(4d)", "timeout: { after: 10d, to: reject }"));
    CHECK(of_rule(all, "timer-never-fires").empty());
    CHECK(of_rule(all, "timer-always-fires").empty());
    for (const auto& d : of_rule(all, "no-disconnected")) {
      CHECK(d.message.find("'reject'") == std::string::npos);  // reached through the timeout
    }
  }
  SECTION("a deadline after the longest wait never fires") {
    const std::string text = with_wait("\"uniform(1h, 4h)\"", "timeout: { after: 1d, to: reject }");
    require_one(lint_yaml(text), "timer-never-fires", text, "{ after: 1d", "the timeout of 'docs' never fires");
  }
  SECTION("an escalation at the very end never fires (the step ends first)") {
    const std::string text = with_wait("4h", "timeout: { after: 1d, to: reject }, escalate: { after: 4h, to: remind }");
    const auto all = lint_yaml(text);
    CHECK(of_rule(all, "timer-never-fires").size() == 2);
  }
}

TEST_CASE("timer-always-fires: a timeout before the step can end", "[lint][timers]") {
  const std::string text = with_wait("30d", "timeout: { after: 10d, to: reject }");
  require_one(lint_yaml(text), "timer-always-fires", text, "{ after: 10d", "'assess' is never reached");
}

TEST_CASE("timers and steps whose times depend on the case are not compared", "[lint][timers][data]") {
  // No bounds before a run: neither rule may guess from the expressions' placeholder values.
  std::string text = with_wait("\"uniform(days * 1d, days * 1d)\"", "timeout: { after: 10d, to: reject }");
  text.replace(text.find("every: 1h }"), 11, "every: 1h, attributes: { days: \"uniform(1, 30)\" } }");
  auto all = lint_yaml(text);
  CHECK(of_rule(all, "timer-never-fires").empty());
  CHECK(of_rule(all, "timer-always-fires").empty());
  text = with_wait("30d", "timeout: { after: \"uniform(days * 1d, days * 1d)\", to: reject }");
  text.replace(text.find("every: 1h }"), 11, "every: 1h, attributes: { days: \"uniform(1, 40)\" } }");
  all = lint_yaml(text);
  CHECK(of_rule(all, "timer-always-fires").empty());
  CHECK(of_rule(all, "schema").empty());
}

TEST_CASE("a timer's target must be a step", "[lint][timers]") {
  const std::string text = with_wait("exponential(4d)", "timeout: { after: 10d, to: rejct }");
  const auto found = of_rule(lint_yaml(text), "undefined-step");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].message,
             Catch::Contains("the timeout of 'docs' goes to undefined step 'rejct' (did you mean 'reject'?)"));
}

TEST_CASE("batch-size and batch-without-timeout", "[lint][batch]") {
  const auto batch = [](std::string_view spec) {
    return yaml_text(R"yaml(
process: p
owner: o
arrivals: { every: 1h }
start: pay
steps:
  pay: { duration: 1h, batch: )yaml") +
           std::string(spec) + R"yaml(, raci: { responsible: clerk, accountable: clerk }, next: done }
  done: { end: ok }
roles: { clerk: Clerk }
)yaml";
  };
  const std::string zero = batch("{ size: 0, timeout: 1d }");
  require_one(lint_yaml(zero), "batch-size", zero, "{ size: 0", "has size 0");
  const std::string open = batch("{ size: 5 }");
  require_one(lint_yaml(open), "batch-without-timeout", open, "{ size: 5", "has no timeout");
  const auto fine = lint_yaml(batch("{ size: 5, timeout: 1d }"));
  CHECK(of_rule(fine, "batch-size").empty());
  CHECK(of_rule(fine, "batch-without-timeout").empty());
}
