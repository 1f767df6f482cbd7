#include "lint_test_support.hpp"

using bpm::test::lint_yaml;
using bpm::test::of_rule;
using bpm::test::require_one;
using bpm::test::with_head;
using bpm::test::yaml_text;

TEST_CASE("process-owner: the process names its owner", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { end: ok }
)yaml");
  require_one(lint_yaml(text), "process-owner", text, "process:", "the process has no owner");
}

TEST_CASE("objective-target: every objective has a target", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { end: ok }
objectives:
  - { kpi: cycle_time.p90 }
)yaml");
  require_one(lint_yaml(text), "objective-target", text, "{ kpi", "objective 'cycle_time.p90' has no target");
}

TEST_CASE("unknown-kpi: objectives and formulas name known metrics", "[lint]") {
  SECTION("an objective, with a hint") {
    const std::string text = with_head(R"yaml(
  a: { end: ok }
objectives:
  - { kpi: cycle_tme.p90, target: "<= 2d" }
)yaml");
    require_one(lint_yaml(text), "unknown-kpi", text, "{ kpi",
                "objective 'cycle_tme.p90' names an unknown metric or KPI (did you mean 'cycle_time.p90'?)");
  }
  SECTION("win_rate needs a won outcome") {
    const std::string text = with_head(R"yaml(
  a: { end: ok }
objectives:
  - { kpi: win_rate, target: ">= 0.3" }
)yaml");
    require_one(lint_yaml(text), "unknown-kpi", text, "{ kpi",
                "objective 'win_rate' needs an end step with the outcome 'won'");
  }
  SECTION("a formula, at the kpi; per-step, per-outcome and kpi names are known") {
    const std::string text = with_head(R"yaml(
  a: { duration: 5m, next: b }
  b: { end: ok }
kpis:
  done_share: "outcome.ok.rate * 100"
  handled: { formula: "steps.a.count + done_share + steps.b.count" }
)yaml");
    require_one(lint_yaml(text), "unknown-kpi", text,
                "handled:", "kpi 'handled' uses unknown metric or KPI 'steps.b.count' (did you mean 'steps.a.count'?)");
  }
  SECTION("an end step has no step metrics: the tools measure tasks and timer waits") {
    const std::string text = with_head(R"yaml(
  a: { duration: 5m, next: b }
  b: { end: ok }
kpis:
  ended: "steps.b.count"
)yaml");
    require_one(lint_yaml(text), "unknown-kpi", text,
                "ended:", "kpi 'ended' uses unknown metric or KPI 'steps.b.count' (did you mean 'steps.a.count'?)");
  }
}

TEST_CASE("kpi-cycle: KPI formulas do not depend on themselves", "[lint]") {
  const std::string text = with_head(R"yaml(
  a: { end: ok }
kpis:
  x: "y + 1"
  y: "z * 2"
  z: "x - cases.arrived"
)yaml");
  require_one(lint_yaml(text), "kpi-cycle", text, "x:", "kpi 'x' depends on itself: x -> y -> z -> x");
}

TEST_CASE("unused definitions are reported where they are defined", "[lint]") {
  const std::string text = yaml_text(R"yaml(
process: p
roles:
  clerk: Clerk
  spare: Spare
calendars:
  office: { mon-fri: "09:00-17:00" }
  night: { mon-fri: "22:00-24:00" }
  weekend: { sat-sun: "10:00-14:00" }
arrivals:
  every: 1h
  attributes:
    tier: { gold: 0.5, basic: 0.5 }
    size: uniform(1, 9)
resources:
  clerks: { role: clerk, count: 1, calendar: office }
  idle: { count: 1 }
start: a
steps:
  a: { resource: clerks, duration: 1h, next: g }
  g:
    xor:
      - { to: done, when: "tier == 'gold'" }
      - { to: done, p: 1 }
  done: { end: ok }
scenarios:
  nights:
    resources.clerks.calendar: night
)yaml");
  const auto all = lint_yaml(text);
  require_one(all, "unused-role", text, "spare:", "role 'spare' is not used by any resource or RACI assignment");
  require_one(all, "unused-calendar", text, "weekend:", "calendar 'weekend' is not used");
  require_one(all, "unused-resource", text, "idle:", "resource 'idle' is not used by any task");
  require_one(all, "unused-attribute", text, "uniform(1, 9)",
              "attribute 'size' is not used by any condition or revenue");
  CHECK(of_rule(all, "unused-attribute")[0].severity == bpm::Severity::Info);
}
