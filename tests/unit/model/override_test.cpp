#include <catch2/catch.hpp>

#include <string>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"

namespace {

constexpr const char* kModel = R"(process: overrides
time_unit: minutes
calendars:
  office: { mon-fri: "09:00-17:00" }
  late: { mon-fri: "13:00-21:00" }
resources:
  clerk: { count: 2, cost_per_hour: 40, calendar: office }
arrivals:
  every: exponential(30m)
  attributes:
    size: uniform(1, 5)
    segment: { smb: 0.7, ent: 0.3 }
start: check
steps:
  check:
    resource: clerk
    duration: triangular(10m, 20m, 40m)
    cost: 5
    priority: 1
    rework: 0.1
    next: route
  route:
    xor:
      - { to: pause, when: "segment == 'ent'" }
      - { to: pause, p: 0.6 }
      - { to: done, p: 0.4 }
  pause: { wait: 2h, next: fan }
  fan:
    or:
      - { to: a, p: 0.5 }
      - { to: b, p: 0.5 }
  a: { duration: 5, next: meet }
  b: { duration: 5, next: meet }
  meet: { join: [a, b], next: done }
  done: { end: ok }
scenarios:
  faster:
    steps.check.duration: "*0.5"
    resources.clerk.count: "+1"
  broken:
    resources.clerk.count: 0
simulation: { horizon: 30d, replications: 10, seed: 3 }
)";

bpm::Process model() { return bpm::parse_process(kModel, "model.yaml"); }

bpm::Override set(const std::string& path, const std::string& value) {
  return bpm::Override{path, value, bpm::Location{"scenario.yaml", 7, 3}};
}

bpm::Process& step_apply(bpm::Process& p, const std::string& path, const std::string& value) {
  bpm::apply_override(p, set(path, value));
  return p;
}

const bpm::Step& step(const bpm::Process& p, const char* id) { return *p.find_step(id); }

/// The message of the ModelError an override throws, after checking its location.
std::string error_of(const std::string& path, const std::string& value) {
  bpm::Process p = model();
  try {
    bpm::apply_override(p, set(path, value));
  } catch (const bpm::ModelError& e) {
    CHECK(e.where() == bpm::Location{"scenario.yaml", 7, 3});
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("override paths of steps", "[model][override]") {
  bpm::Process p = model();

  SECTION("duration: a literal in the file's syntax, bare numbers in time_unit") {
    step_apply(p, "steps.check.duration", "exponential(15m)");
    CHECK(step(p, "check").duration->kind == bpm::DistKind::Exponential);
    CHECK(step(p, "check").duration->mean() == Approx(900.0));
    step_apply(p, "steps.check.duration", "12");
    CHECK(step(p, "check").duration->kind == bpm::DistKind::Constant);
    CHECK(step(p, "check").duration->mean() == Approx(720.0));
  }
  SECTION("*k scales every sample of a distribution") {
    step_apply(p, "steps.check.duration", "*0.8");
    CHECK(step(p, "check").duration->scale == Approx(0.8));
    CHECK(step(p, "check").duration->mean() == Approx(0.8 * (10 + 20 + 40) / 3.0 * 60));
    step_apply(p, "steps.check.duration", "*0.5");
    CHECK(step(p, "check").duration->scale == Approx(0.4));
  }
  SECTION("wait") {
    step_apply(p, "steps.pause.wait", "*3");
    CHECK(step(p, "pause").wait->mean() == Approx(6 * 3600.0));
  }
  SECTION("cost: literal, scale, add") {
    CHECK(step_apply(p, "steps.check.cost", "12.5").find_step("check")->cost == 12.5);
    CHECK(step_apply(p, "steps.check.cost", "*2").find_step("check")->cost == 25.0);
    CHECK(step_apply(p, "steps.check.cost", "+5").find_step("check")->cost == 30.0);
    CHECK(step_apply(p, "steps.check.cost", "-10").find_step("check")->cost == 20.0);
  }
  SECTION("priority: a whole number; -k subtracts") {
    CHECK(step_apply(p, "steps.check.priority", "7").find_step("check")->priority == 7);
    CHECK(step_apply(p, "steps.check.priority", "-9").find_step("check")->priority == -2);
  }
  SECTION("rework.p, also on a task without rework") {
    CHECK(step_apply(p, "steps.check.rework.p", "*2").find_step("check")->rework->p == Approx(0.2));
    CHECK(step_apply(p, "steps.check.rework.p", "5%").find_step("check")->rework->p == Approx(0.05));
    step_apply(p, "steps.a.rework.p", "0.3");
    REQUIRE(step(p, "a").rework);
    CHECK(step(p, "a").rework->p == Approx(0.3));
    CHECK(step(p, "a").rework->to.empty());
  }
  SECTION("gateway branches by 0-based index") {
    step_apply(p, "steps.route.xor.1.p", "0.7");
    CHECK(*step(p, "route").branches[1].p == Approx(0.7));
    step_apply(p, "steps.route.xor.2.p", "+0.1");
    CHECK(*step(p, "route").branches[2].p == Approx(0.5));
    step_apply(p, "steps.fan.or.0.p", "*0.5");
    CHECK(*step(p, "fan").branches[0].p == Approx(0.25));
    step_apply(p, "steps.route.xor.0.p", "0.2");
    CHECK(*step(p, "route").branches[0].p == Approx(0.2));
    CHECK(step(p, "route").branches[0].when.has_value());
  }
}

TEST_CASE("override paths of resources, arrivals and simulation", "[model][override]") {
  bpm::Process p = model();
  const auto& clerk = *p.find_resource("clerk");

  SECTION("resources") {
    step_apply(p, "resources.clerk.count", "+3");
    CHECK(clerk.count == 5);
    step_apply(p, "resources.clerk.count", "*2");
    CHECK(clerk.count == 10);
    step_apply(p, "resources.clerk.cost_per_hour", "55");
    CHECK(clerk.cost_per_hour == 55.0);
    step_apply(p, "resources.clerk.calendar", "late");
    CHECK(clerk.calendar == "late");
  }
  SECTION("arrivals") {
    step_apply(p, "arrivals.every", "*0.5");
    CHECK(p.arrivals.every.mean() == Approx(900.0));
    step_apply(p, "arrivals.every", "exponential(20m)");
    CHECK(p.arrivals.every.mean() == Approx(1200.0));
    step_apply(p, "arrivals.attributes.size", "*2");
    CHECK(p.find_attribute("size")->numeric.mean() == Approx(6.0));
    step_apply(p, "arrivals.attributes.size", "normal(10, 2)");
    CHECK(p.find_attribute("size")->numeric.mean() == Approx(10.0));
    step_apply(p, "arrivals.attributes.size", "-5");
    CHECK(p.find_attribute("size")->numeric.mean() == Approx(-5.0));
    step_apply(p, "arrivals.attributes.segment", "{smb: 0.4, ent: 0.6}");
    CHECK(p.find_attribute("segment")->weights == std::vector<double>{0.4, 0.6});
  }
  SECTION("simulation") {
    step_apply(p, "simulation.horizon", "60d");
    CHECK(*p.simulation.horizon == 60 * 86400.0);
    step_apply(p, "simulation.horizon", "+1w");
    CHECK(*p.simulation.horizon == 67 * 86400.0);
    step_apply(p, "simulation.replications", "40");
    CHECK(p.simulation.replications == 40);
    step_apply(p, "simulation.seed", "99");
    CHECK(p.simulation.seed == 99);
    step_apply(p, "simulation.cases", "500");
    CHECK(*p.simulation.cases == 500);
    step_apply(p, "simulation.warmup", "2d");
    CHECK(p.simulation.warmup_time == 2 * 86400.0);
    step_apply(p, "simulation.warmup", "{cases: 50}");
    CHECK(p.simulation.warmup_cases == 50);
    CHECK(p.simulation.warmup_time == 0.0);
    step_apply(p, "simulation.start", "2026-03-02T08:00");
    CHECK(bpm::format_datetime(p.simulation.start) == "2026-03-02T08:00:00");
  }
}

TEST_CASE("override errors are located at the override", "[model][override]") {
  SECTION("unknown paths with a did-you-mean over the valid paths") {
    CHECK(error_of("steps.chek.duration", "5") ==
          "unknown override path 'steps.chek.duration' (did you mean 'steps.check.duration'?)");
    CHECK(error_of("resources.clerk.cuont", "5") ==
          "unknown override path 'resources.clerk.cuont' (did you mean 'resources.clerk.count'?)");
    CHECK(error_of("stages.check.duration", "5") ==
          "unknown override path 'stages.check.duration': paths start with steps., resources., arrivals. or "
          "simulation.");
    CHECK(error_of("steps.nowhere.duration", "5") == "steps.nowhere.duration: unknown step 'nowhere'");
    CHECK(error_of("resources.boss.count", "5") == "resources.boss.count: unknown resource 'boss'");
    CHECK(error_of("simulation.speed", "5") ==
          "unknown override path 'simulation.speed' (did you mean 'simulation.seed'?)");
  }
  SECTION("a field the step kind does not have") {
    CHECK(error_of("steps.pause.duration", "5") ==
          "steps.pause.duration: step 'pause' is a wait step, which has no duration");
    CHECK(error_of("steps.route.or.0.p", "0.5") ==
          "steps.route.or.0.p: step 'route' is a xor step, which has no or branches");
  }
  SECTION("values that would make the model invalid") {
    CHECK(error_of("resources.clerk.count", "0") ==
          "resources.clerk.count: must be between 1 and 1000000, but the override makes it 0");
    CHECK(error_of("resources.clerk.count", "-2") ==
          "resources.clerk.count: must be between 1 and 1000000, but the override makes it 0");
    CHECK(error_of("resources.clerk.count", "*1.25") ==
          "resources.clerk.count: must be a whole number, but the override makes it 2.5");
    CHECK(error_of("steps.check.rework.p", "1.5") ==
          "steps.check.rework.p: a probability must be between 0 and 1, but the override makes it 1.5");
    CHECK(error_of("steps.check.cost", "-6") == "steps.check.cost: must not be negative, but the override makes it -1");
    CHECK(error_of("steps.route.xor.3.p", "0.5") ==
          "steps.route.xor.3.p: step 'route' has branches 0 to 2 (counted from 0), not '3'");
    CHECK(error_of("steps.route.xor.0.p", "*2") ==
          "steps.route.xor.0.p: branch 0 of step 'route' has no probability to change; give one, e.g. 0.5");
    CHECK(error_of("resources.clerk.calendar", "offce") ==
          "resources.clerk.calendar: unknown calendar 'offce' (did you mean 'office'?)");
    CHECK(error_of("steps.check.duration", "+5m") ==
          "steps.check.duration: '+k'/'-k' add to numbers; scale a distribution with '*k' or give a new one");
    CHECK(error_of("arrivals.attributes.size", "+1") ==
          "arrivals.attributes.size: '+k'/'-k' add to numbers; scale a distribution with '*k' or give a new one");
    CHECK(error_of("steps.check.duration", "*-1") == "steps.check.duration: the factor must not be negative, not -1");
    CHECK(
        error_of("arrivals.attributes.segment", "uniform(1, 2)") ==
        "arrivals.attributes.segment: attribute 'segment' is categorical: give its weights, e.g. \"{a: 0.6, b: 0.4}\"");
    CHECK(error_of("arrivals.attributes.segment", "{smb: 0.5, ent: 0.4}") ==
          "arrivals.attributes.segment: the category weights sum to 0.9, not 1");
    CHECK(error_of("simulation.replications", "0") ==
          "simulation.replications: must be between 1 and 1000000, but the override makes it 0");
  }
  SECTION("syntax errors of the value use the loader's parsers") {
    const std::string message = error_of("steps.check.duration", "triangle(1, 2, 3)");
    CHECK(message.rfind("steps.check.duration: distribution: ", 0) == 0);
    CHECK(message.find("triangle") != std::string::npos);
    CHECK(error_of("steps.check.cost", "cheap") == "steps.check.cost: 'cheap' is not a number");
  }
}

TEST_CASE("scenarios", "[model][override]") {
  bpm::Process p = model();
  SECTION("a scenario applies its overrides in order") {
    bpm::apply_scenario(p, "faster");
    CHECK(step(p, "check").duration->scale == Approx(0.5));
    CHECK(p.find_resource("clerk")->count == 3);
  }
  SECTION("an unknown scenario is a usage error listing the scenarios") {
    try {
      bpm::apply_scenario(p, "fastr");
      FAIL("no error");
    } catch (const bpm::UsageError& e) {
      CHECK(std::string(e.what()) ==
            "unknown scenario 'fastr' (did you mean 'faster'?); scenarios in model.yaml: faster, broken");
    }
  }
  SECTION("an invalid value in a scenario is located in the file") {
    try {
      bpm::apply_scenario(p, "broken");
      FAIL("no error");
    } catch (const bpm::ModelError& e) {
      CHECK(
          e.diagnostic() ==
          "model.yaml:41:5: error: resources.clerk.count: must be between 1 and 1000000, but the override makes it 0");
    }
  }
}

TEST_CASE("option --set PATH=VALUE", "[model][override]") {
  const bpm::Override o = bpm::parse_set_option("steps.check.duration = *0.8");
  CHECK(o.path == "steps.check.duration");
  CHECK(o.value == "*0.8");
  CHECK(o.where.file == "--set");
  CHECK(bpm::parse_set_option("arrivals.every=exponential(mean: 5m)").value == "exponential(mean: 5m)");
  CHECK_THROWS_AS(bpm::parse_set_option("resources.clerk.count"), bpm::UsageError);
  CHECK_THROWS_AS(bpm::parse_set_option("=5"), bpm::UsageError);
  CHECK_THROWS_AS(bpm::parse_set_option("resources.clerk.count="), bpm::UsageError);
}

TEST_CASE("override_paths lists what each element offers", "[model][override]") {
  const auto paths = bpm::override_paths(model());
  for (const char* expected :
       {"steps.check.duration", "steps.check.rework.p", "steps.route.xor.2.p", "steps.fan.or.1.p", "steps.pause.wait",
        "resources.clerk.calendar", "arrivals.attributes.segment", "simulation.warmup"}) {
    CHECK(std::find(paths.begin(), paths.end(), expected) != paths.end());
  }
  CHECK(std::find(paths.begin(), paths.end(), "steps.pause.duration") == paths.end());
}

TEST_CASE("overrides of pools with members", "[model][override][members]") {
  bpm::Process p = bpm::parse_process(R"yaml(process: p
calendars: { c: { daily: "08:00-12:00" } }
arrivals: { every: 1h }
resources:
  r: { cost_per_hour: 10, members: { ann: { speed: 2 }, bob: {} } }
start: a
steps:
  a: { resource: r, duration: 1h, next: e }
  e: { end: ok }
)yaml",
                                      "t.yaml");
  bpm::apply_override(p, bpm::Override{"resources.r.members.bob.speed", "1.5", {}});
  bpm::apply_override(p, bpm::Override{"resources.r.members.ann.speed", "*0.5", {}});
  bpm::apply_override(p, bpm::Override{"resources.r.members.ann.cost_per_hour", "+5", {}});
  bpm::apply_override(p, bpm::Override{"resources.r.members.bob.calendar", "c", {}});
  CHECK(p.resources[0].members[1].speed == 1.5);
  CHECK(p.resources[0].members[0].speed == 1.0);
  CHECK(p.resources[0].members[0].cost_per_hour == 15.0);
  CHECK(p.resources[0].members[1].calendar == "c");
  CHECK_THROWS_WITH(bpm::apply_override(p, bpm::Override{"resources.r.count", "3", {}}),
                    Catch::Contains("pool 'r' names its members"));
  CHECK_THROWS_WITH(bpm::apply_override(p, bpm::Override{"resources.r.members.cy.speed", "3", {}}),
                    Catch::Contains("member"));
  CHECK_THROWS_WITH(bpm::apply_override(p, bpm::Override{"resources.r.members.ann.speed", "0", {}}),
                    Catch::Contains("positive"));
}

TEST_CASE("a priority override may be an expression over the case attributes", "[model][override]") {
  bpm::Process p = model();
  step_apply(p, "steps.check.priority", "size");
  REQUIRE(step(p, "check").priority_expression);
  CHECK(step(p, "check").priority_expression->text() == "size");
  const std::vector<bpm::Value> slots{bpm::Value::number(4.0), bpm::Value::number(0.0)};
  CHECK(step(p, "check").priority_expression->eval(slots.data()).num == 4.0);
  step_apply(p, "steps.check.priority", "-size");
  CHECK(step(p, "check").priority_expression->eval(slots.data()).num == -4.0);
  // A number replaces the expression again.
  step_apply(p, "steps.check.priority", "3");
  CHECK_FALSE(step(p, "check").priority_expression);
  CHECK(step(p, "check").priority == 3);

  CHECK(error_of("steps.check.priority", "sise") == "steps.check.priority: expression: unknown name 'sise'");
  bpm::Process q = model();
  step_apply(q, "steps.check.priority", "size * 2");
  try {
    step_apply(q, "steps.check.priority", "+1");
    FAIL("no error");
  } catch (const bpm::ModelError& e) {
    CHECK(std::string(e.what()) ==
          "steps.check.priority: the priority of step 'check' is an expression: give a number or another expression");
  }
}

TEST_CASE("a computed attribute takes a new formula over the attributes above it", "[model][override]") {
  bpm::Process p = bpm::parse_process(R"yaml(process: f
arrivals:
  every: exponential(30m)
  attributes:
    size: uniform(1, 5)
    score: { formula: "logistic(size - 3)" }
    later: uniform(0, 1)
start: done
steps:
  done: { end: ok }
simulation: { horizon: 1d }
)yaml",
                                      "f.yaml");
  bpm::apply_override(p, set("arrivals.attributes.score", "size / 5"));
  const std::vector<bpm::Value> slots{bpm::Value::number(4.0), bpm::Value::number(0.0), bpm::Value::number(0.0)};
  CHECK(p.find_attribute("score")->formula->eval(slots.data()).num == Approx(0.8));
  try {
    bpm::apply_override(p, set("arrivals.attributes.score", "later * 2"));
    FAIL("no error");
  } catch (const bpm::ModelError& e) {
    CHECK(std::string(e.what()) == "arrivals.attributes.score: expression: unknown name 'later'");
  }
}

TEST_CASE("a branch condition override is a routing policy", "[model][override]") {
  bpm::Process p = model();
  step_apply(p, "steps.route.xor.0.when", "size >= 3 and segment == 'ent'");
  const bpm::Branch& branch = step(p, "route").branches[0];
  REQUIRE(branch.when);
  const auto ent = p.strings.find("ent");
  REQUIRE(ent);
  const std::vector<bpm::Value> big_ent{bpm::Value::number(4.0), bpm::Value::string(*ent)};
  const std::vector<bpm::Value> small_ent{bpm::Value::number(2.0), bpm::Value::string(*ent)};
  CHECK(branch.when->holds(big_ent.data()));
  CHECK_FALSE(branch.when->holds(small_ent.data()));
  CHECK(error_of("steps.route.xor.1.when", "size > 1") ==
        "steps.route.xor.1.when: branch 1 of step 'route' has no condition to change (it is drawn by probability)");
  CHECK(error_of("steps.route.xor.0.when", "sise > 1") == "steps.route.xor.0.when: expression: unknown name 'sise'");
  CHECK(error_of("steps.route.xor.0.whn", "size > 1") ==
        "unknown override path 'steps.route.xor.0.whn' (did you mean 'steps.route.xor.0.when'?)");
}

namespace {

const char* const kConstructs = R"yaml(process: constructs
time_unit: minutes
resources:
  juniors: { count: 2, cost_per_hour: 30 }
  seniors: { count: 1, cost_per_hour: 60 }
arrivals: { every: exponential(10m), attributes: { parties: "uniform(1, 4)" } }
start: call
steps:
  call: { resource: juniors, duration: 5m, abandon: { after: exponential(10m), to: lost }, next: docs }
  docs: { wait: 2d, timeout: { after: 10d, to: lost }, escalate: { after: 5d, to: chase }, next: assess }
  chase: { duration: 1m, next: chased }
  chased: { end: chased, terminate: false }
  assess: { resource: [juniors, seniors], policy: first, duration: 20m, next: check }
  check: { resource: seniors, duration: 10m, instances: { count: poisson(2) }, next: pay }
  pay: { resource: seniors, duration: 1h, batch: { size: 5, timeout: 1w }, next: done }
  done: { end: paid }
  lost: { end: lost }
)yaml";

bpm::Process constructs() { return bpm::parse_process(kConstructs, "constructs.yaml"); }

void apply(bpm::Process& p, const std::string& path, const std::string& value) {
  bpm::apply_override(p, bpm::Override{path, value, bpm::Location{"--set", 0, 0}});
}

std::string override_error(const std::string& path, const std::string& value) {
  bpm::Process p = constructs();
  try {
    apply(p, path, value);
  } catch (const bpm::ModelError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("override paths of the constructs: timers, batches, instances, policies", "[model][override]") {
  SECTION("a timer's after: a new distribution, or scaled") {
    bpm::Process p = constructs();
    apply(p, "steps.call.abandon.after", "exponential(20m)");
    CHECK(step(p, "call").abandon->after.mean() == Approx(1200.0));
    apply(p, "steps.docs.timeout.after", "*0.5");
    CHECK(step(p, "docs").timeout->after.mean() == Approx(5 * 86400.0));
    apply(p, "steps.docs.escalate.after", "3d");
    CHECK(step(p, "docs").escalate->after.mean() == Approx(3 * 86400.0));
    CHECK_THAT(override_error("steps.assess.timeout.after", "1h"), Catch::Contains("step 'assess' has no timeout"));
    CHECK_THAT(override_error("steps.call.abandon.after", "+5"), Catch::Contains("scale a distribution"));
  }
  SECTION("a batch's size and timeout") {
    bpm::Process p = constructs();
    apply(p, "steps.pay.batch.size", "10");
    CHECK(step(p, "pay").batch->size == 10);
    apply(p, "steps.pay.batch.size", "+2");
    CHECK(step(p, "pay").batch->size == 12);
    apply(p, "steps.pay.batch.timeout", "2d");
    CHECK(step(p, "pay").batch->timeout->mean() == Approx(2 * 86400.0));
    CHECK_THAT(override_error("steps.pay.batch.size", "0"), Catch::Contains("between 1 and 1000000"));
    CHECK_THAT(override_error("steps.pay.batch.size", "2.5"), Catch::Contains("whole number"));
    CHECK_THAT(override_error("steps.check.batch.size", "3"), Catch::Contains("step 'check' is not a batch task"));
  }
  SECTION("a multi-instance count: a count, scaled, or an expression") {
    bpm::Process p = constructs();
    apply(p, "steps.check.instances.count", "poisson(4)");
    CHECK(step(p, "check").instances->count->mean() == Approx(4.0));
    apply(p, "steps.check.instances.count", "*0.5");
    CHECK(step(p, "check").instances->count->mean() == Approx(2.0));
    apply(p, "steps.check.instances.count", "parties + 1");
    CHECK_FALSE(step(p, "check").instances->count);
    REQUIRE(step(p, "check").instances->count_of);
    CHECK(step(p, "check").instances->count_of->text() == "parties + 1");
    CHECK_THAT(override_error("steps.check.instances.count", "1e12"),
               Catch::Contains("more than the 1000 instances one visit may run"));
    CHECK_THAT(override_error("steps.check.instances.count", "claimants"), Catch::Contains("unknown name"));
    CHECK_THAT(override_error("steps.pay.instances.count", "3"), Catch::Contains("not a multi-instance task"));
  }
  SECTION("the policy of a task several pools can do") {
    bpm::Process p = constructs();
    apply(p, "steps.assess.policy", "cheapest");
    CHECK(step(p, "assess").policy == bpm::PoolPolicy::Cheapest);
    apply(p, "steps.assess.policy", "shortest_queue");
    CHECK(step(p, "assess").policy == bpm::PoolPolicy::ShortestQueue);
    CHECK_THAT(override_error("steps.assess.policy", "cheapst"), Catch::Contains("not 'cheapst'"));
    CHECK_THAT(override_error("steps.pay.policy", "first"), Catch::Contains("step 'pay' has one pool"));
  }
  SECTION("override_paths offers each of them where the step has the construct") {
    const auto paths = bpm::override_paths(constructs());
    const auto has = [&](const char* path) { return std::find(paths.begin(), paths.end(), path) != paths.end(); };
    for (const char* path :
         {"steps.call.abandon.after", "steps.docs.timeout.after", "steps.docs.escalate.after", "steps.pay.batch.size",
          "steps.pay.batch.timeout", "steps.check.instances.count", "steps.assess.policy"}) {
      INFO(path);
      CHECK(has(path));
    }
    CHECK_FALSE(has("steps.pay.policy"));
    CHECK_FALSE(has("steps.assess.batch.size"));
    CHECK_FALSE(has("steps.call.timeout.after"));
  }
  SECTION("an arrival's size is bounded as in the file") {
    bpm::Process p = constructs();
    CHECK_THAT(override_error("arrivals.size", "poisson(1e9)"),
               Catch::Contains("more than the 100000 cases one arrival may bring"));
    apply(p, "arrivals.size", "poisson(3)");
    CHECK(p.arrivals.size->mean() == Approx(3.0));
  }
}
