#include <catch2/catch.hpp>

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
  auto files = designtest::interchange_files();
  files.push_back(std::string(BPM_TEST_DATA) + "/constructs/timers-batches.yaml");  // a wait's timers, batches
  for (const auto& file : files) {
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
