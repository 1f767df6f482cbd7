// What engines' diagrams say about who works and how long, beyond lanes and BPSim resources:
// candidate groups and assignees of Camunda 7/8, Activiti, Flowable and jBPM, and the placeholder
// values jBPM's modeller writes into BPSim.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bpm/design/bpmn.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/writer.hpp"

namespace {

std::string bpmn(const std::string& namespaces, const std::string& body, const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" )" +
         namespaces + R"( id="d" targetNamespace="t">
<bpmn:process id="P" name="Test">
<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/>
)" + body +
         R"(
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="e"/><bpmn:endEvent id="e"/>
</bpmn:process>
)" + extra +
         "</bpmn:definitions>\n";
}

const bpm::Step& step(const bpm::Process& p, const std::string& id) {
  const bpm::Step* s = p.find_step(id);
  INFO("step " << id << " in\n" << bpm::to_yaml(p));
  REQUIRE(s != nullptr);
  return *s;
}

const bpm::Diagnostic* warning(const bpm::BpmnImport& imported, const std::string& fragment) {
  const auto it = std::find_if(imported.warnings.begin(), imported.warnings.end(),
                               [&](const bpm::Diagnostic& d) { return d.message.find(fragment) != std::string::npos; });
  return it == imported.warnings.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("candidate groups and assignees of engine dialects name the task's pool", "[design][bpmn][assignment]") {
  SECTION("Camunda 7 candidate groups: a role's pool") {
    const auto imported = bpm::import_bpmn(
        bpmn(R"(xmlns:camunda="http://camunda.org/schema/1.0/bpmn")",
             R"(<bpmn:userTask id="a" name="Approve" camunda:candidateGroups="Accounting, management"/>)"),
        "c7.bpmn");
    CHECK(step(imported.process, "approve").resource == "accounting");
    REQUIRE(imported.process.find_resource("accounting") != nullptr);
    CHECK_NOTHROW(bpm::require_valid(imported.process));
  }
  SECTION("Camunda 8 assignment definition") {
    const auto imported = bpm::import_bpmn(
        bpmn(
            R"(xmlns:zeebe="http://camunda.org/schema/zeebe/1.0")",
            R"(<bpmn:userTask id="a" name="Approve"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="sales"/></bpmn:extensionElements></bpmn:userTask>)"),
        "c8.bpmn");
    CHECK(step(imported.process, "approve").resource == "sales");
  }
  SECTION("jBPM potential owner, Activiti assignee: a person's pool, used where no lane says more") {
    const auto jbpm = bpm::import_bpmn(
        bpmn(
            "",
            R"(<bpmn:userTask id="a" name="Interview"><bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>jdoe</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner></bpmn:userTask>)"),
        "jbpm.bpmn");
    CHECK(step(jbpm.process, "interview").resource == "jdoe");
    const auto activiti = bpm::import_bpmn(bpmn(R"(xmlns:activiti="http://activiti.org/bpmn")",
                                                R"(<bpmn:userTask id="a" name="Check" activiti:assignee="kermit"/>)"),
                                           "activiti.bpmn");
    CHECK(step(activiti.process, "check").resource == "kermit");
  }
  SECTION("an expression names nobody before run time: warned at the element, the lane is used") {
    const auto imported = bpm::import_bpmn(
        bpmn(
            R"(xmlns:camunda="http://camunda.org/schema/1.0/bpmn")",
            R"(<bpmn:laneSet id="ls"><bpmn:lane id="l" name="Approvers"><bpmn:flowNodeRef>a</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
<bpmn:userTask id="a" name="Approve" camunda:candidateGroups="${approverGroups}"/>)"),
        "expr.bpmn");
    CHECK(step(imported.process, "approve").resource == "approvers");
    const bpm::Diagnostic* w = warning(imported, "candidate group '${approverGroups}' of 'Approve'");
    REQUIRE(w != nullptr);
    CHECK(w->where.line == 6);  // the userTask's line
  }
  SECTION("service tasks stay automatic whatever they name") {
    const auto imported =
        bpm::import_bpmn(bpmn(R"(xmlns:camunda="http://camunda.org/schema/1.0/bpmn")",
                              R"(<bpmn:serviceTask id="a" name="Charge" camunda:candidateGroups="billing"/>)"),
                         "svc.bpmn");
    CHECK(step(imported.process, "charge").resource.empty());
  }
}

TEST_CASE("jBPM's BPSim placeholders: zero times are defaulted, per-task staff and unit cost are said",
          "[design][bpmn][assignment]") {
  const std::string bpsim = R"(<bpmn:relationship type="BPSimData"><bpmn:extensionElements>
<bpsim:BPSimData><bpsim:Scenario id="default"><bpsim:ScenarioParameters/>
<bpsim:ElementParameters elementRef="a">
<bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:NormalDistribution mean="0" standardDeviation="0"/></bpsim:ProcessingTime></bpsim:TimeParameters>
<bpsim:ResourceParameters><bpsim:Quantity><bpsim:FloatingParameter value="0"/></bpsim:Quantity></bpsim:ResourceParameters>
<bpsim:CostParameters><bpsim:UnitCost><bpsim:FloatingParameter value="0"/></bpsim:UnitCost></bpsim:CostParameters>
</bpsim:ElementParameters>
<bpsim:ElementParameters elementRef="b">
<bpsim:TimeParameters><bpsim:ProcessingTime><bpsim:NormalDistribution mean="20" standardDeviation="0"/></bpsim:ProcessingTime></bpsim:TimeParameters>
</bpsim:ElementParameters>
</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements></bpmn:relationship>
)";
  const auto imported = bpm::import_bpmn(
      bpmn(
          R"(xmlns:bpsim="http://www.bpsim.org/schemas/1.0")",
          R"(<bpmn:task id="a" name="Zero"/><bpmn:task id="b" name="Twenty"/><bpmn:sequenceFlow id="fb" sourceRef="s" targetRef="b"/>)",
          bpsim),
      "jbpm.bpmn");
  REQUIRE(step(imported.process, "zero").duration);
  CHECK(step(imported.process, "zero").duration->mean() == 1800.0);
  CHECK(step(imported.process, "twenty").duration->mean() == 20.0 * 60.0);  // BPSim's default unit: minutes
  const bpm::Diagnostic* zero = warning(imported, "BPSim ProcessingTime of task 'zero' is zero");
  REQUIRE(zero != nullptr);
  CHECK(zero->where.line > 0);
  const bpm::Diagnostic* staff = warning(imported, "BPSim Quantity, UnitCost of task 'zero' not carried");
  REQUIRE(staff != nullptr);
  CHECK(staff->where.line > 0);
}

TEST_CASE("a default flow beside a condition that is not carried is named as such", "[design][bpmn][assignment]") {
  const auto imported = bpm::import_bpmn(bpmn("", R"(<bpmn:exclusiveGateway id="a" name="Big?" default="d"/>
<bpmn:endEvent id="x"/><bpmn:endEvent id="y"/>
<bpmn:sequenceFlow id="c" sourceRef="a" targetRef="x"><bpmn:conditionExpression>ask the boss</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="d" sourceRef="a" targetRef="y"/>)"),
                                         "default.bpmn");
  // The template's own flow a -> e is a third, plain branch.
  const bpm::Diagnostic* w = warning(imported,
                                     "gateway 'Big?': the default flow, a branch whose condition is not "
                                     "carried and a branch without condition or probability: equal shares "
                                     "of 0.333");
  std::string all;
  for (const auto& d : imported.warnings) all += d.message + "\n";
  INFO(all);
  CHECK(w != nullptr);
}
