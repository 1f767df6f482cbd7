// How the importer turns BPMN structure the process format has no element for into steps:
// boundary events, sub-processes, call activities, implicit splits, link events, several start
// events and pools, engine conditions, names, and malformed input.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/writer.hpp"
#include "bpmn_test_support.hpp"

namespace {

using bpmntest::step;
using bpmntest::warned;

/// A definitions document around `body` (flow elements of one process) and `extra` (root
/// elements after it).
std::string bpmn(const std::string& body, const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
<bpmn:process id="P" name="Test">
)" + body +
         "\n</bpmn:process>\n" + extra + "</bpmn:definitions>\n";
}

const char* kLine = R"(
<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/>
)";

}  // namespace

TEST_CASE("an activity with several outgoing flows splits in parallel, or inclusively when conditioned",
          "[design][bpmn][structure]") {
  const auto parallel = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:task id="a" name="A"/><bpmn:task id="b" name="B"/><bpmn:task id="c" name="C"/>
<bpmn:parallelGateway id="j"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="c"/>
<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="j"/><bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="j"/>
<bpmn:sequenceFlow id="f5" sourceRef="j" targetRef="e"/>)"),
                                         "p.bpmn");
  CHECK(step(parallel.process, "a").next == "a-split");
  CHECK(step(parallel.process, "a-split").kind == bpm::StepKind::And);
  CHECK(step(parallel.process, "a-split").targets == std::vector<std::string>{"b", "c"});
  CHECK(step(parallel.process, "j").join_of == std::vector<std::string>{"b", "c"});
  CHECK_NOTHROW(bpm::require_valid(parallel.process));

  const auto inclusive = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:task id="a" name="A"/><bpmn:endEvent id="b" name="Big"/><bpmn:endEvent id="c" name="Small"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"><bpmn:conditionExpression>0.3</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="c"/>)"),
                                          "i.bpmn");
  const auto& split = step(inclusive.process, "a-split");
  CHECK(split.kind == bpm::StepKind::Or);
  REQUIRE(split.branches.size() == 2);
  CHECK(split.branches[0].p == 0.3);  // a probability written as the condition (BIMP, Signavio)
  CHECK(split.branches[1].p == 1.0);  // unconditioned flow of an inclusive split: always taken
}

TEST_CASE("an activity or event without outgoing flow ends its path (BPMN implicit end), said and located",
          "[design][bpmn][structure]") {
  // Open-BPMN, Camunda and others let a path stop at a task or catch event: BPMN ends it there.
  const auto imported = bpm::import_bpmn(bpmn(R"(
<bpmn:startEvent id="s"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"><bpmn:conditionExpression>ready</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w"/>
<bpmn:task id="a" name="Check"/>
<bpmn:intermediateCatchEvent id="w" name="Reply"/>)"),
                                         "open.bpmn");
  CHECK(step(imported.process, "check").next == "check-end");
  CHECK(step(imported.process, "check-end").kind == bpm::StepKind::End);
  CHECK(step(imported.process, "reply").next == "reply-end");
  CHECK(step(imported.process, "reply-end").kind == bpm::StepKind::End);
  CHECK(warned(imported, "'Check' has no outgoing flow: its path ends there (a BPMN implicit end)"));
  // The start's flows are all taken: the condition on one of them is said to be dropped.
  CHECK(step(imported.process, "start-split").kind == bpm::StepKind::And);
  CHECK(warned(imported, "condition 'ready' on a flow out of start event"));
  for (const auto& w : imported.warnings) CHECK(w.where.line > 0);
  const auto diagnostics =
      bpm::validate_text(bpm::to_yaml(imported.process), "open.yaml", bpm::LintConfig::recommended());
  CHECK_FALSE(bpm::has_errors(diagnostics));
}

TEST_CASE("boundary timers become the task's timeout or escalation, exactly and silently",
          "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:userTask id="a" name="Review"/>
<bpmn:boundaryEvent id="t" name="10 days" attachedToRef="a">
  <bpmn:documentation>No answer in 10 days</bpmn:documentation>
  <bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="r" name="Remind" attachedToRef="a" cancelActivity="false">
  <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:task id="n" name="Send reminder"/>
<bpmn:endEvent id="ok" name="Done"/><bpmn:endEvent id="late" name="Rejected"/><bpmn:endEvent id="sent" name="Reminded"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="ok"/>
<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="late"/>
<bpmn:sequenceFlow id="f3" sourceRef="r" targetRef="n"/>
<bpmn:sequenceFlow id="f4" sourceRef="n" targetRef="sent"/>)"),
                                         "t.bpmn");
  const bpm::Step& review = step(imported.process, "review");
  CHECK(review.next == "end-done");
  REQUIRE(review.timeout);
  CHECK(review.timeout->after.mean() == 10.0 * 86400.0);
  CHECK(review.timeout->to == "end-rejected");
  CHECK(review.timeout->description == "No answer in 10 days");
  CHECK(review.timeout->where.line == 8);  // the boundary event
  REQUIRE(review.escalate);
  CHECK(review.escalate->after.mean() == 7.0 * 86400.0);
  CHECK(review.escalate->to == "send-reminder");
  // The escalation runs beside the task: BPMN's plain ends end only their own token.
  CHECK_FALSE(step(imported.process, "end-reminded").terminate);
  CHECK_FALSE(step(imported.process, "end-done").terminate);
  CHECK_FALSE(warned(imported, "boundary event"));
  CHECK_NOTHROW(bpm::require_valid(imported.process));
  const auto diagnostics = bpm::validate_text(bpm::to_yaml(imported.process), "t.yaml", bpm::LintConfig::recommended());
  CHECK_FALSE(bpm::has_errors(diagnostics));
}

TEST_CASE("multi-instance markers become instances; what cannot be carried is said", "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:userTask id="a" name="Check director">
  <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>
<bpmn:userTask id="b" name="Call references">
  <bpmn:multiInstanceLoopCharacteristics camunda:collection="${references}" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"/>
</bpmn:userTask>
<bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/><bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="e"/>)"),
                                         "mi.bpmn");
  const bpm::Step& check = step(imported.process, "check-director");
  REQUIRE(check.instances);
  CHECK_FALSE(check.instances->parallel);
  REQUIRE(check.instances->count);
  CHECK(check.instances->count->mean() == 3.0);
  CHECK_FALSE(step(imported.process, "call-references").instances);
  CHECK(warned(imported,
               "multi-instance marker on 'Call references' (parallel) is not carried: its count is the size "
               "of a collection known only at run time; it runs once per visit"));
  CHECK_NOTHROW(bpm::require_valid(imported.process));
}

TEST_CASE("loop markers become a rework of the task; what cannot be carried is said", "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:userTask id="a" name="Fix draft">
  <bpmn:standardLoopCharacteristics><bpmn:loopCondition>0.2</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
</bpmn:userTask>
<bpmn:userTask id="b" name="Ask again">
  <bpmn:standardLoopCharacteristics loopMaximum="3"><bpmn:loopCondition>${!answered}</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
</bpmn:userTask>
<bpmn:userTask id="c" name="Sign">
  <bpmn:standardLoopCharacteristics loopMaximum="1" testBefore="true"/>
</bpmn:userTask>
<bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/><bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="c"/>
<bpmn:sequenceFlow id="f3" sourceRef="c" targetRef="e"/>)"),
                                         "loop.bpmn");
  // A probability as the condition: done again with it after each execution, exactly.
  const bpm::Step& fix = step(imported.process, "fix-draft");
  REQUIRE(fix.rework);
  CHECK(fix.rework->p == 0.2);
  CHECK(fix.rework->to.empty());
  CHECK(fix.next == "ask-again");
  CHECK_FALSE(warned(imported, "'Fix draft'"));
  // An engine's condition says nothing of how often: 0.5, bounded at 3 executions, whose mean
  // (1 - 0.5^3) / (1 - 0.5) = 1.75 a rework of p = 1 - 1/1.75 = 0.4286 gives.
  const bpm::Step& ask = step(imported.process, "ask-again");
  REQUIRE(ask.rework);
  CHECK(ask.rework->p == Approx(0.4286).margin(1e-9));
  CHECK(warned(imported,
               "loop marker on 'Ask again' carried as rework p 0.4286 (mean 1.75 executions): its loop "
               "condition '${!answered}' is not a probability: repeated with probability 0.5; at most 3 "
               "executions (loopMaximum)"));
  // At most one execution: no loop at all.
  CHECK_FALSE(step(imported.process, "sign").rework);
  CHECK(warned(imported, "loop marker on 'Sign': the task runs once per visit"));
  for (const auto& w : imported.warnings) CHECK(w.where.line > 0);
  CHECK_NOTHROW(bpm::require_valid(imported.process));
}

TEST_CASE(
    "other boundary events, and timers the format has no place for, become an exclusive branch after their "
    "activity, located and said",
    "[design][bpmn][structure]") {
  // The timer sits on a multi-instance task, which takes no timeout.
  const auto imported = bpm::import_bpmn(bpmn(std::string(kLine) + R"(
<bpmn:userTask id="a" name="Review"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>1</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
<bpmn:boundaryEvent id="t" name="10 days" attachedToRef="a">
  <bpmn:timerEventDefinition><bpmn:timeDuration>PT45M</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="m" name="Cancelled" attachedToRef="a" cancelActivity="false"><bpmn:messageEventDefinition/></bpmn:boundaryEvent>
<bpmn:endEvent id="ok" name="Done"/><bpmn:endEvent id="late" name="Rejected"/><bpmn:endEvent id="x" name="Cancel"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="ok"/>
<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="late"/>
<bpmn:sequenceFlow id="f3" sourceRef="m" targetRef="x"/>)",
                                              R"(<bpmn:relationship type="BPSimData"><bpmn:extensionElements>
<bpsim:BPSimData xmlns:bpsim="http://www.bpsim.org/schemas/2.0"><bpsim:Scenario id="S"><bpsim:ScenarioParameters baseTimeUnit="min"/>
<bpsim:ElementParameters elementRef="a"><bpsim:TimeParameters><bpsim:ProcessingTime>
<bpsim:NegativeExponentialDistribution mean="30"/></bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>
</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements><bpmn:source>P</bpmn:source><bpmn:target>P</bpmn:target></bpmn:relationship>
)"),
                                         "b.bpmn");
  const auto& decision = step(imported.process, "review-boundary");
  CHECK(step(imported.process, "review").next == "review-boundary");
  REQUIRE(decision.kind == bpm::StepKind::Xor);
  REQUIRE(decision.branches.size() == 3);
  CHECK(decision.branches[0].to == "end-done");
  CHECK(decision.branches[1].to == "end-rejected");
  // P(exponential(30m) > 45m) = exp(-1.5) = 0.2231, estimated from 20000 draws (sd 0.003).
  CHECK(*decision.branches[1].p == Approx(std::exp(-1.5)).margin(0.012));
  CHECK(decision.branches[2].to == "end-cancel");
  CHECK(decision.branches[2].p == 0.1);
  CHECK(*decision.branches[0].p == Approx(1.0 - *decision.branches[1].p - 0.1));
  CHECK(warned(imported, "timer boundary event '10 days' on 'Review' becomes an exclusive branch"));
  CHECK(warned(imported, "(a multi-instance task takes no timeout)"));
  CHECK(warned(imported, "non-interrupting message boundary event 'Cancelled'"));
  for (const auto& w : imported.warnings) CHECK(w.where.line > 0);
  CHECK_NOTHROW(bpm::require_valid(imported.process));
}

TEST_CASE("expanded sub-processes are imported inline, called processes as calls; event sub-processes are skipped",
          "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(
      bpmn(std::string(kLine) + R"(
<bpmn:subProcess id="a" name="Check">
  <bpmn:startEvent id="is"/><bpmn:task id="i1" name="Inner"/><bpmn:endEvent id="ie"/>
  <bpmn:sequenceFlow id="g1" sourceRef="is" targetRef="i1"/><bpmn:sequenceFlow id="g2" sourceRef="i1" targetRef="ie"/>
</bpmn:subProcess>
<bpmn:callActivity id="c" name="KYC" calledElement="Q"/>
<bpmn:subProcess id="ev" triggeredByEvent="true"><bpmn:startEvent id="es"/></bpmn:subProcess>
<bpmn:endEvent id="e" name="Done"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="c"/><bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="e"/>)",
           R"(<bpmn:process id="Q"><bpmn:startEvent id="qs"/><bpmn:task id="q1" name="Verify identity"/>
<bpmn:endEvent id="qe"/><bpmn:sequenceFlow id="h1" sourceRef="qs" targetRef="q1"/><bpmn:sequenceFlow id="h2" sourceRef="q1" targetRef="qe"/></bpmn:process>
)"),
      "s.bpmn");
  const bpm::Process& p = imported.process;
  CHECK(p.start == "inner");
  // The call activity is a call of the called process, a fragment; its end event returns.
  CHECK(step(p, "inner").next == "kyc.verify-identity");
  CHECK(step(p, "kyc.verify-identity").next == "end-done");
  REQUIRE(p.fragments.size() == 1);
  CHECK(p.fragments.front().id == "q");
  REQUIRE(p.written_steps.size() == 3);
  CHECK(p.written_steps[1].id == "kyc");
  CHECK(p.written_steps[1].call == "q");
  CHECK(p.written_steps[1].next == "end-done");
  CHECK(warned(imported, "event sub-process 'ev' is skipped"));
  CHECK_FALSE(warned(imported, "is not imported"));  // the called process is not a process of its own
  CHECK_NOTHROW(bpm::require_valid(p));
}

TEST_CASE("two call activities of one process share its fragment; its ends return", "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(
      bpmn(
          std::string(kLine) + R"(
<bpmn:task id="a" name="Intake"/><bpmn:callActivity id="c1" name="KYC applicant" calledElement="Q"/>
<bpmn:callActivity id="c2" name="KYC guarantor" calledElement="Q"/>
<bpmn:endEvent id="e" name="Done"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="c1"/><bpmn:sequenceFlow id="f2" sourceRef="c1" targetRef="c2"/>
<bpmn:sequenceFlow id="f3" sourceRef="c2" targetRef="e"/>)",
          R"(<bpmn:process id="Q" name="Know your customer"><bpmn:startEvent id="qs"/><bpmn:task id="q1" name="Verify identity"/>
<bpmn:exclusiveGateway id="qg"/><bpmn:task id="q2" name="Review"/><bpmn:endEvent id="qe1" name="Clear"/>
<bpmn:endEvent id="qe2" name="Reviewed"/>
<bpmn:sequenceFlow id="h1" sourceRef="qs" targetRef="q1"/><bpmn:sequenceFlow id="h2" sourceRef="q1" targetRef="qg"/>
<bpmn:sequenceFlow id="h3" sourceRef="qg" targetRef="qe1"/><bpmn:sequenceFlow id="h4" sourceRef="qg" targetRef="q2"/>
<bpmn:sequenceFlow id="h5" sourceRef="q2" targetRef="qe2"/></bpmn:process>
)"),
      "two.bpmn");
  const bpm::Process& p = imported.process;
  REQUIRE(p.fragments.size() == 1);
  const bpm::Fragment& kyc = p.fragments.front();
  CHECK(kyc.id == "know-your-customer");
  CHECK(kyc.steps.size() == 3);  // the task, the decision, the review; its ends return
  REQUIRE(p.written_steps.size() == 4);
  CHECK(p.written_steps[0].next == "kyc-applicant");
  CHECK(p.written_steps[1].id == "kyc-applicant");
  CHECK(p.written_steps[1].call == "know-your-customer");
  CHECK(p.written_steps[1].next == "kyc-guarantor");
  CHECK(p.written_steps[2].id == "kyc-guarantor");
  CHECK(p.written_steps[2].call == "know-your-customer");
  CHECK(p.written_steps[2].next == "end-done");
  CHECK(p.find_step("kyc-guarantor.review") != nullptr);
  CHECK(p.find_step("kyc-applicant.review")->next == "kyc-guarantor.verify-identity");
  CHECK_NOTHROW(bpm::require_valid(p));
}

TEST_CASE("link events connect, several start events merge, --process picks a pool", "[design][bpmn][structure]") {
  const auto links = bpm::import_bpmn(bpmn(R"(
<bpmn:startEvent id="s1" name="Web"/><bpmn:startEvent id="s2" name="Phone"/>
<bpmn:task id="a" name="A"/><bpmn:task id="b" name="B"/>
<bpmn:intermediateThrowEvent id="lt"><bpmn:linkEventDefinition name="go"/></bpmn:intermediateThrowEvent>
<bpmn:intermediateCatchEvent id="lc"><bpmn:linkEventDefinition name="go"/></bpmn:intermediateCatchEvent>
<bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="s1" targetRef="a"/><bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="a"/>
<bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="lt"/><bpmn:sequenceFlow id="f4" sourceRef="lc" targetRef="b"/>
<bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="e"/>)"),
                                      "l.bpmn");
  CHECK(links.process.start == "start-events");
  CHECK(step(links.process, "start-events").branches.size() == 2);
  CHECK(step(links.process, "a").next == "b");
  CHECK(warned(links, "2 start events"));
  CHECK_NOTHROW(bpm::require_valid(links.process));

  const std::string two_pools = bpmn(
      std::string(kLine) + R"(<bpmn:task id="a"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="e"/>)",
      R"(<bpmn:process id="Other"><bpmn:startEvent id="o1"/><bpmn:task id="o2" name="Elsewhere"/><bpmn:endEvent id="o3"/>
<bpmn:sequenceFlow id="k1" sourceRef="o1" targetRef="o2"/><bpmn:sequenceFlow id="k2" sourceRef="o2" targetRef="o3"/></bpmn:process>
<bpmn:collaboration id="C"><bpmn:participant id="PartOther" processRef="Other"/></bpmn:collaboration>
)");
  bpm::BpmnImportOptions options;
  options.process_id = "PartOther";  // a participant's id picks its process
  const auto other = bpm::import_bpmn(two_pools, "two.bpmn", options);
  CHECK(other.process.start == "elsewhere");
  options.process_id = "Nope";
  CHECK_THROWS_WITH(bpm::import_bpmn(two_pools, "two.bpmn", options),
                    Catch::Contains("no process or participant 'Nope'"));
}

TEST_CASE("engine conditions become expressions where the case attributes exist, else named probabilities",
          "[design][bpmn][structure]") {
  const std::string model = R"(<bpmn:extensionElements><bpm:model xmlns:bpm="urn:bpmkit:bpmn:1" format="yaml"><![CDATA[
process: Test
arrivals:
  every: exponential(1h)
  attributes:
    amount: uniform(0, 2000)
    tier: { gold: 0.5, basic: 0.5 }
]]></bpm:model></bpmn:extensionElements>)";
  auto flows = [&](const std::string& c1, const std::string& c2) {
    return bpmn(
        model + kLine +
        R"(<bpmn:exclusiveGateway id="a" default="f2"/><bpmn:endEvent id="x" name="X"/><bpmn:endEvent id="y" name="Y"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="x"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">)" +
        c1 + R"(</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="y">)" +
        c2 + "</bpmn:sequenceFlow>");
  };
  const std::string xmlns_fix = "xmlns:bpm=\"urn:bpmkit:bpmn:1\" ";
  auto with_ns = [&](std::string text) {
    text.insert(text.find("xmlns:xsi"), xmlns_fix);
    return text;
  };
  const auto juel = bpm::import_bpmn(with_ns(flows("${amount gt 1000 &amp;&amp; tier == 'gold'}", "")), "j.bpmn");
  REQUIRE(step(juel.process, "a").branches[0].when.has_value());
  CHECK(step(juel.process, "a").branches[0].when->text() == "amount > 1000 && tier == 'gold'");
  const auto feel = bpm::import_bpmn(with_ns(flows("= amount &gt; 1000 and tier = \"gold\"", "")), "f.bpmn");
  REQUIRE(step(feel.process, "a").branches[0].when.has_value());
  CHECK(step(feel.process, "a").branches[0].when->text() == "amount > 1000 and tier == \"gold\"");
  const auto unknown = bpm::import_bpmn(with_ns(flows("${approved}", "")), "u.bpmn");
  CHECK_FALSE(step(unknown.process, "a").branches[0].when.has_value());
  CHECK(warned(unknown, "condition '${approved}' is not a condition over case attributes"));
}

TEST_CASE("names are kept as written, messages stay on one line, bad bytes are located errors",
          "[design][bpmn][structure]") {
  const auto imported = bpm::import_bpmn(bpmn(std::string(kLine) + R"x(
<bpmn:userTask id="a" name="Prüfen &amp; freigeben&#13;&#10;(4-Augen)"/><bpmn:endEvent id="e" name="Erledigt"/>
<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="e"/>)x"),
                                         "n.bpmn");
  const bpm::Step& a = step(imported.process, "pr-fen-freigeben-4-augen");
  CHECK(a.name == "Prüfen & freigeben\r\n(4-Augen)");
  for (const auto& w : imported.warnings) {
    CHECK(w.message.find('\n') == std::string::npos);
    CHECK(w.message.find('\r') == std::string::npos);
  }
  // Character references survive the way back: export writes them again, import reads them.
  const auto back = bpm::import_bpmn(bpm::export_bpmn(imported.process), "back.bpmn");
  CHECK(step(back.process, "pr-fen-freigeben-4-augen").name == a.name);

  std::string bad = bpmn(std::string(kLine) + "<bpmn:task id=\"a\" name=\"caf\xC3\"/>");
  try {
    (void)bpm::import_bpmn(bad, "bad.bpmn");
    FAIL("no error");
  } catch (const bpm::ModelError& e) {
    CHECK(e.where().line == 6);
    CHECK(std::string(e.what()).find("invalid UTF-8") != std::string::npos);
  }
}
