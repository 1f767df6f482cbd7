#include <catch2/catch.hpp>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/io/input.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/model/writer.hpp"
#include "bpmn_test_support.hpp"
#include "design_test_support.hpp"

namespace {

using bpmntest::step;
using bpmntest::strip_extensions;

std::string data(const std::string& name) { return bpm::read_all(std::string(BPM_TEST_DATA) + "/bpmn/" + name); }

}  // namespace

TEST_CASE("import(export(x)) is x for every sample", "[design][bpmn]") {
  // Equivalence is the strongest there is: the same canonical YAML (bpm-design fmt), byte for
  // byte. The flow travels as BPMN elements (boundary timers and multi-instance markers too), the
  // rest in the bpmkit extension.
  for (const auto& file : designtest::interchange_files()) {
    INFO(file);
    const bpm::Process original = bpm::load_process(file);
    const bpm::BpmnImport back = bpm::import_bpmn(bpm::export_bpmn(original), "x.bpmn");
    CHECK(back.warnings.empty());
    CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(original));
    CHECK_NOTHROW(bpm::require_valid(back.process));
  }
}

TEST_CASE("without bpmkit extensions the routing and times come back from BPSim", "[design][bpmn]") {
  const bpm::Process original = designtest::model(R"yaml(
process: plain
roles: { clerk: Clerk }
resources: { clerks: { role: clerk, count: 3, cost_per_hour: 60 } }
arrivals: { every: exponential(10m) }
start: work
steps:
  work: { resource: clerks, duration: "triangular(5m, 10m, 20m)", cost: 4, rework: 0.1, next: route }
  route:
    xor:
      - { to: fork, p: 0.7 }
      - { to: rejected, p: 0.3 }
  fork: { and: [auto, pause] }
  auto: { duration: "gamma(shape: 2, scale: 3m)", next: sync }
  pause: { wait: 2h, next: sync }
  sync: { join: [auto, pause], next: done }
  done: { end: done }
  rejected: { end: rejected }
)yaml");
  const bpm::BpmnImport back = bpm::import_bpmn(strip_extensions(bpm::export_bpmn(original)), "plain.bpmn");
  const bpm::Process& p = back.process;
  CHECK(back.warnings.empty());
  CHECK_NOTHROW(bpm::require_valid(p));
  // Names become ids; the rework check becomes a gateway of its own.
  CHECK(step(p, "work").duration == original.steps[0].duration);
  CHECK(step(p, "work").resource == "clerks");
  CHECK(step(p, "work").cost == 4.0);
  CHECK(step(p, "work").next == "work-ok?");
  CHECK(step(p, "auto").duration == original.find_step("auto")->duration);
  CHECK(step(p, "pause").wait->mean() == 7200.0);
  CHECK(step(p, "sync").kind == bpm::StepKind::Join);
  REQUIRE(p.find_resource("clerks") != nullptr);
  CHECK(p.find_resource("clerks")->count == 3);
  CHECK(p.find_resource("clerks")->cost_per_hour == Approx(60.0));
  CHECK(p.arrivals.every == original.arrivals.every);
  // Same outcome probabilities and the same expected work: the routing survived.
  const auto a = bpm::analyze_routing(original);
  const auto b = bpm::analyze_routing(p);
  REQUIRE(b.finite);
  REQUIRE(a.outcomes.size() == b.outcomes.size());
  for (std::size_t i = 0; i < a.outcomes.size(); ++i) CHECK(b.outcomes[i].second == Approx(a.outcomes[i].second));
  CHECK(b.visits[*bpm::step_index(p, "work")] == Approx(a.visits[0]));
}

TEST_CASE("a wait's timeout and escalation come back from its receive task's boundary timers", "[design][bpmn]") {
  // Without the bpmkit extension too: the receive task is the wait, BPSim gives its time, the
  // boundary timers its timeout and escalation and where they lead.
  for (const char* name : {"constructs/timers-batches.yaml", "bpmn/wait-timers-fragment.yaml"}) {
    INFO(name);
    const bpm::Process original = bpm::load_process(std::string(BPM_TEST_DATA) + "/" + name);
    const bpm::BpmnImport back = bpm::import_bpmn(strip_extensions(bpm::export_bpmn(original)), "plain.bpmn");
    CHECK_NOTHROW(bpm::require_valid(back.process));
    // Stripped, steps are named after their labels: the waits are matched in the order written.
    std::vector<const bpm::Step*> waits;
    for (const bpm::Step& t : back.process.steps) {
      if (t.kind == bpm::StepKind::Wait) waits.push_back(&t);
    }
    std::size_t next_wait = 0;
    for (const bpm::Step& s : original.steps) {
      if (s.kind != bpm::StepKind::Wait) continue;
      INFO(s.id);
      REQUIRE(next_wait < waits.size());
      const bpm::Step* found = waits[next_wait++];
      REQUIRE(found->wait);
      // BPSim's parameters are the expected ones (exact as the mean for an exponential).
      CHECK(found->wait->mean() ==
            Approx(bpm::draw_moments(original, *s.wait, "steps." + s.id + ".wait").mean).epsilon(1e-3));
      REQUIRE(found->timeout);
      // A timer's ISO duration: its mean, over the case attributes where it depends on them (to the second).
      const auto timer_mean = [&](const bpm::StepTimer& t, const char* kind) {
        return bpm::draw_moments(original, t.after, "steps." + s.id + "." + kind).mean;
      };
      CHECK(found->timeout->after.mean() == Approx(timer_mean(*s.timeout, "timeout")).margin(0.5));
      CHECK(found->timeout->description == s.timeout->description);
      REQUIRE(found->escalate);
      CHECK(found->escalate->after.mean() == Approx(timer_mean(*s.escalate, "escalate")).margin(0.5));
      const bpm::Step* chase = back.process.find_step(found->escalate->to);
      REQUIRE(chase != nullptr);
      CHECK(chase->kind == bpm::StepKind::Task);
      CHECK(chase->resource == original.find_step(s.escalate->to)->resource);
    }
  }
  const bpm::Process timers = bpm::load_process(std::string(BPM_TEST_DATA) + "/constructs/timers-batches.yaml");
  const bpm::BpmnImport back = bpm::import_bpmn(strip_extensions(bpm::export_bpmn(timers)), "plain.bpmn");
  CHECK(step(back.process, "documents").timeout->to == "end-rejected");
  CHECK(step(back.process, "documents").next == "assess");
  CHECK(step(back.process, "documents").wait == timers.find_step("documents")->wait);  // exponential(2d) via BPSim
}

TEST_CASE("an event-based gateway racing a timer against a message is a wait with a timeout", "[design][bpmn]") {
  // The way modellers draw "no documents in 10 days: reject" (tests/data/bpmn/ebg.bpmn).
  const bpm::BpmnImport imported = bpm::import_bpmn(data("ebg.bpmn"), "ebg.bpmn");
  const bpm::Process& p = imported.process;
  CHECK_NOTHROW(bpm::require_valid(p));
  CHECK(p.start == "documents-received");
  const bpm::Step& wait = step(p, "documents-received");
  CHECK(wait.kind == bpm::StepKind::Wait);
  REQUIRE(wait.timeout);
  CHECK(wait.timeout->after.mean() == 10 * 86400.0);
  CHECK(wait.timeout->to == "end-rejected");
  CHECK_FALSE(wait.escalate);
  CHECK(wait.next == "assess");
  CHECK(p.find_step("g") == nullptr);  // no gateway step: the wait is the choice
  for (const auto& w : imported.warnings) CHECK(w.message.find("event-based") == std::string::npos);
  CHECK(std::none_of(p.steps.begin(), p.steps.end(), [](const bpm::Step& s) { return s.kind == bpm::StepKind::Xor; }));

  // Two messages, or a timer against a task, are no wait: an exclusive choice, warned, as before.
  std::string two_messages = data("ebg.bpmn");
  const std::string timer =
      "<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P10D</bpmn:timeDuration>"
      "</bpmn:timerEventDefinition>";
  REQUIRE(two_messages.find(timer) != std::string::npos);
  two_messages.replace(two_messages.find(timer), timer.size(), "<bpmn:messageEventDefinition/>");
  const bpm::BpmnImport other = bpm::import_bpmn(two_messages, "ebg2.bpmn");
  CHECK(std::any_of(other.warnings.begin(), other.warnings.end(), [](const auto& w) {
    return w.message.find("eventBasedGateway 'g' is not supported") != std::string::npos;
  }));
  CHECK(std::any_of(other.process.steps.begin(), other.process.steps.end(),
                    [](const bpm::Step& s) { return s.kind == bpm::StepKind::Xor; }));
}

TEST_CASE("a file from another modeller maps lanes, tasks, gateways and timers", "[design][bpmn]") {
  const bpm::BpmnImport imported = bpm::import_bpmn(data("camunda-order.bpmn"), "camunda-order.bpmn");
  const bpm::Process& p = imported.process;
  CHECK(p.name == "Order handling");
  REQUIRE(p.roles.size() == 2);
  CHECK(p.roles[0].id == "sales-desk");
  CHECK(p.roles[0].name == "Sales Desk");
  CHECK(p.start == "check-order");
  CHECK(step(p, "check-order").resource == "sales-desk");
  CHECK(step(p, "check-order").description == "Stock, price and customer data");
  CHECK(step(p, "send-invoice").resource.empty());  // a service task is automatic
  CHECK(step(p, "glue-dries").kind == bpm::StepKind::Wait);
  CHECK(step(p, "glue-dries").wait->mean() == 7200.0);
  // The merge gateway disappears: both ways lead to the parallel split.
  const bpm::Step& decision = step(p, "large-order?");
  REQUIRE(decision.branches.size() == 2);
  CHECK(decision.branches[0].to == "approve-order");
  CHECK(decision.branches[1].to == "gateway-fork");
  CHECK(step(p, "approve-order").next == "gateway-fork");
  CHECK(step(p, "gateway-join").join_of == std::vector<std::string>{"glue-dries", "send-invoice"});
  CHECK(step(p, "end-order-shipped").outcome == "order-shipped");
  CHECK_NOTHROW(bpm::require_valid(p));

  std::vector<std::string> warnings;
  for (const auto& w : imported.warnings) warnings.push_back(w.str());
  // The boundary timer 'Too late' is the task's timeout: carried exactly, no warning.
  CHECK(warnings.size() == 9);
  REQUIRE(step(p, "pick-and-pack").timeout);
  CHECK(step(p, "pick-and-pack").timeout->after.mean() == 86400.0);
  CHECK(step(p, "pick-and-pack").timeout->to == "end-too-late");
  CHECK(step(p, "pick-and-pack").next == "glue-dries");
  CHECK(std::count(warnings.begin(), warnings.end(),
                   "camunda-order.bpmn:85:7: warning: condition '${amount > 1000}' is not a condition over case "
                   "attributes (unknown name 'amount'): the branch is drawn with a probability instead "
                   "[bpmn-import]") == 1);
  CHECK(std::count(warnings.begin(), warnings.end(),
                   "camunda-order.bpmn:30:5: warning: task 'check-order' has no processing time: 30m assumed "
                   "[bpmn-import]") == 1);
}

TEST_CASE("BPSim parameters give times, probabilities, arrivals and pools", "[design][bpmn]") {
  const bpm::BpmnImport imported = bpm::import_bpmn(data("bpsim-claims.bpmn"), "bpsim-claims.bpmn");
  const bpm::Process& p = imported.process;
  CHECK(imported.warnings.empty());
  CHECK(p.arrivals.every.kind == bpm::DistKind::Exponential);
  CHECK(p.arrivals.every.mean() == Approx(1800.0));
  const bpm::Step& assess = step(p, "assess-claim");
  CHECK(assess.duration->kind == bpm::DistKind::Triangular);
  CHECK(assess.duration->mean() == Approx((0.25 + 0.5 + 1.5) / 3 * 3600.0));
  CHECK(assess.cost == 12.5);
  CHECK(assess.resource == "adjuster");
  CHECK(step(p, "pay-out").duration->mean() == Approx(300.0));
  REQUIRE(p.find_resource("adjuster") != nullptr);
  CHECK(p.find_resource("adjuster")->count == 3);
  CHECK(p.find_resource("adjuster")->cost_per_hour == Approx(45.0));
  const bpm::Step& valid = step(p, "valid?");
  REQUIRE(valid.branches.size() == 2);
  CHECK(*valid.branches[0].p == 0.8);
  CHECK(*valid.branches[1].p == 0.2);
  CHECK_NOTHROW(bpm::require_valid(p));
}

TEST_CASE("malformed XML and non-BPMN documents get a located error", "[design][bpmn]") {
  try {
    (void)bpm::import_bpmn(data("malformed.bpmn"), "malformed.bpmn");
    FAIL("expected an error");
  } catch (const bpm::ModelError& e) {
    CHECK(e.diagnostic() == "malformed.bpmn:5:5: error: malformed XML: Start-end tags mismatch");
  }
  try {
    (void)bpm::import_bpmn("<?xml version=\"1.0\"?>\n\n  <svg xmlns=\"http://www.w3.org/2000/svg\"/>\n", "x.svg");
    FAIL("expected an error");
  } catch (const bpm::ModelError& e) {
    CHECK(e.diagnostic() == "x.svg:3:3: error: not a BPMN 2.0 document: the root element is not bpmn:definitions");
  }
  CHECK_THROWS_WITH(bpm::import_bpmn("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>", "e.bpmn"),
                    "the BPMN document has no process");
}
