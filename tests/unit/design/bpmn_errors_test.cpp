// An `end` inside a fragment ends the whole case. BPMN says so with an error end event inside the
// sub-process (or called process) and an interrupting error boundary event on the outermost call
// that leads to an end event: what export writes and import reads back, from bpmkit's files with
// or without its extension and from other tools' files (design/bpmn_errors.cpp matches the
// boundaries with the errors).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <pugixml.hpp>
#include <sstream>

#include "bpm/design/bpmn.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/model/writer.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpmn_test_support.hpp"
#include "design_test_support.hpp"

namespace {

using bpmntest::step;
using bpmntest::strip_extensions;
using bpmntest::warned;

/// Nested calls (outer runs a, which calls b) with two ends in the innermost fragment.
const char* kNested = R"yaml(
process: nested-ends
arrivals: { every: exponential(30m) }
start: intake
steps:
  intake: { duration: 10m, next: outer }
  outer: { call: a, next: after }
  after: { duration: 5m, next: done }
  done: { end: done }
fragments:
  a:
    steps:
      work: { duration: 5m, next: inner }
      inner: { call: b, next: return }
  b:
    steps:
      check:
        xor:
          - { to: return, p: 0.5 }
          - { to: lost, p: 0.3 }
          - { to: dropped, p: 0.2 }
      lost: { end: lost }
      dropped: { end: dropped }
)yaml";

/// A call beside a parallel branch: its ends terminate the case, or (terminate: false) only
/// their branch.
const char* kParallel = R"yaml(
process: parallel-ends
arrivals: { every: exponential(30m) }
start: split
steps:
  split: { and: [ship, checks] }
  ship: { duration: 1h, next: join }
  checks: { call: kyc, next: checked }
  checked: { duration: 1m, next: join }
  join: { join: [ship, checked], next: done }
  done: { end: done }
fragments:
  kyc:
    steps:
      look: { duration: 5m, next: decide }
      decide:
        xor:
          - { to: return, p: 0.6 }
          - { to: refused, p: 0.2 }
          - { to: parked, p: 0.2 }
      refused: { end: refused }
      parked: { end: parked, terminate: false }
)yaml";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string warnings_text(const bpm::BpmnImport& imported) {
  std::string out;
  for (const auto& d : imported.warnings) out += std::to_string(d.where.line) + ": " + d.message + "\n";
  return out;
}

/// The outcome probabilities of a process, by outcome.
std::map<std::string, double> outcomes(const bpm::Process& p) {
  const auto routing = bpm::analyze_routing(p);
  REQUIRE(routing.finite);
  std::map<std::string, double> out;
  for (const auto& [outcome, share] : routing.outcomes) out[outcome] += share;
  return out;
}

/// A definitions document around `body` (flow elements of process P) and `extra` (root elements
/// after it).
std::string bpmn(const std::string& body, const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
<bpmn:process id="P" name="Test">
<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/>
<bpmn:task id="a" name="Intake"/><bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="sub"/>
)" + body +
         "\n</bpmn:process>\n" + extra + "</bpmn:definitions>\n";
}

/// A sub-process `sub` whose check either returns or ends in an error end event throwing
/// `thrown` (an errorEventDefinition's attributes), then "After" and the end "Done".
std::string sub_process(const std::string& thrown, const std::string& boundaries) {
  return R"(<bpmn:subProcess id="sub" name="Screening">
  <bpmn:startEvent id="ss"/><bpmn:task id="check" name="Check"/><bpmn:exclusiveGateway id="g"/>
  <bpmn:endEvent id="ok"/>
  <bpmn:endEvent id="bad" name="Bad"><bpmn:errorEventDefinition )" +
         thrown + R"(/></bpmn:endEvent>
  <bpmn:sequenceFlow id="h1" sourceRef="ss" targetRef="check"/><bpmn:sequenceFlow id="h2" sourceRef="check" targetRef="g"/>
  <bpmn:sequenceFlow id="h3" sourceRef="g" targetRef="ok"/><bpmn:sequenceFlow id="h4" sourceRef="g" targetRef="bad"/>
</bpmn:subProcess>
<bpmn:task id="after" name="After"/><bpmn:endEvent id="done" name="Done"/>
<bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="after"/><bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="done"/>
)" + boundaries;
}

}  // namespace

TEST_CASE("an end inside a call is an error end event, caught on the outermost call", "[design][bpmn][errors]") {
  const bpm::Process p = designtest::model(kNested);
  const std::string xml = bpm::export_bpmn(p);
  // One root error per outcome, with the errorCode engines match by.
  CHECK_THAT(xml, Catch::Contains("<bpmn:error id=\"Error_lost\" name=\"Lost\" errorCode=\"lost\" />"));
  CHECK_THAT(xml, Catch::Contains("<bpmn:error id=\"Error_dropped\" name=\"Dropped\" errorCode=\"dropped\" />"));
  CHECK(count(xml, "<bpmn:error ") == 2);
  // The ends inside the innermost sub-process throw them; the bpmkit extension stays on them.
  CHECK_THAT(xml, Catch::Contains("<bpmn:endEvent id=\"Step_outer.inner.lost\" name=\"Lost\" "
                                  "bpm:step=\"outer.inner.lost\" bpm:outcome=\"lost\">"));
  CHECK_THAT(xml, Catch::Contains("<bpmn:errorEventDefinition id=\"ErrorDefinition_Step_outer.inner.lost\" "
                                  "errorRef=\"Error_lost\" />"));
  // The outermost call catches them, each with an interrupting boundary leading to an end event
  // of the process; the inner call catches nothing, so the error goes on out to it.
  CHECK_THAT(xml, Catch::Contains("<bpmn:boundaryEvent id=\"Caught_outer_lost\" name=\"Lost\" cancelActivity=\"true\" "
                                  "attachedToRef=\"SubProcess_outer\">"));
  CHECK_THAT(xml, Catch::Contains("<bpmn:errorEventDefinition id=\"ErrorDefinition_Caught_outer_lost\" "
                                  "errorRef=\"Error_lost\" />"));
  CHECK(count(xml, "<bpmn:boundaryEvent ") == 2);
  CHECK(count(xml, "attachedToRef=\"SubProcess_outer.inner\"") == 0);
  CHECK_THAT(xml, Catch::Contains("<bpmn:endEvent id=\"End_outer_lost\" name=\"Lost\">"));
  CHECK_THAT(xml, Catch::Contains("sourceRef=\"Caught_outer_lost\" targetRef=\"End_outer_lost\""));
  // No parallel tokens: the ends are plain, as the process's own ends are.
  CHECK(count(xml, "terminateEventDefinition") == 0);
  // Diagram interchange: the boundary on the call's bottom border, the end and the flow drawn.
  CHECK_THAT(xml, Catch::Contains("bpmnElement=\"Caught_outer_lost\""));
  CHECK_THAT(xml, Catch::Contains("bpmnElement=\"End_outer_lost\""));
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  const auto bounds = [&](const std::string& element) {
    const pugi::xml_node shape = doc.find_node([&](const pugi::xml_node& n) {
      return std::string_view(n.name()) == "bpmndi:BPMNShape" && element == n.attribute("bpmnElement").value();
    });
    REQUIRE(shape);
    const pugi::xml_node b = shape.child("dc:Bounds");
    return std::array<double, 4>{b.attribute("x").as_double(), b.attribute("y").as_double(),
                                 b.attribute("width").as_double(), b.attribute("height").as_double()};
  };
  const auto call = bounds("SubProcess_outer");
  for (const char* boundary : {"Caught_outer_lost", "Caught_outer_dropped"}) {
    const auto b = bounds(boundary);
    CHECK(b[1] + b[3] / 2.0 == Approx(call[1] + call[3]));  // its centre on the bottom border
    CHECK(b[0] + b[2] / 2.0 > call[0]);
    CHECK(b[0] + b[2] / 2.0 < call[0] + call[2]);
  }
  CHECK(bounds("Caught_outer_lost")[0] != bounds("Caught_outer_dropped")[0]);

  SECTION("beside a parallel branch, the ends caught terminate as the process's own do") {
    const std::string parallel = bpm::export_bpmn(designtest::model(kParallel));
    CHECK_THAT(parallel, Catch::Contains("<bpmn:error id=\"Error_refused\" name=\"Refused\" errorCode=\"refused\" />"));
    // terminate: false ends only the branch: an error of its own, caught by a plain end.
    CHECK_THAT(parallel, Catch::Contains("<bpmn:error id=\"Error_parked_branch\" name=\"Parked (its branch)\" "
                                         "errorCode=\"parked:branch\" />"));
    CHECK_THAT(parallel, Catch::Contains("<bpmn:terminateEventDefinition id=\"Terminate_End_checks_refused\" />"));
    CHECK_THAT(parallel, Catch::Contains("<bpmn:endEvent id=\"End_checks_parked_branch\" name=\"Parked\">"));
    CHECK(count(parallel, "Terminate_End_checks_parked") == 0);
    CHECK(count(parallel, "Terminate_Step_checks.") == 0);  // the inner ends throw, they do not terminate
  }
  SECTION("the engines' flavours carry them too, with the errorCode Zeebe requires") {
    for (const auto flavour : {bpm::BpmnFlavour::Camunda8, bpm::BpmnFlavour::Camunda7}) {
      const std::string engine = bpm::export_bpmn(p, flavour);
      CHECK_THAT(engine, Catch::Contains("<bpmn:error id=\"Error_lost\" name=\"Lost\" errorCode=\"lost\" />"));
      CHECK(count(engine, "<bpmn:boundaryEvent ") == 2);
      CHECK(count(engine, "errorRef=\"Error_lost\"") == 2);  // the throw and the catch
    }
  }
  SECTION("a process without ends inside calls has no errors; one with them has") {
    for (const auto& file : designtest::sample_files()) {
      INFO(file);
      const bpm::Process sample = bpm::load_process(file);
      const bool ends_inside = std::any_of(sample.steps.begin(), sample.steps.end(), [](const bpm::Step& s) {
        return s.kind == bpm::StepKind::End && !s.origin.empty();
      });
      const std::string sample_xml = bpm::export_bpmn(sample);
      if (ends_inside) {
        CHECK(count(sample_xml, "<bpmn:error ") > 0);
      } else {
        CHECK(count(sample_xml, "error") == 0);
      }
    }
  }
}

TEST_CASE("ends inside fragments come back from BPMN, with or without the bpmkit extension", "[design][bpmn][errors]") {
  for (const char* yaml : {kNested, kParallel}) {
    const bpm::Process original = designtest::model(yaml);
    INFO(original.name);
    const std::string xml = bpm::export_bpmn(original);
    const bpm::BpmnImport back = bpm::import_bpmn(xml, "x.bpmn");
    CHECK(back.warnings.empty());
    CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(original));

    // Without the extension the calls are plain sub-processes, imported inline: an error end
    // caught on its way to an end is that end, so the case ends there as in the original, with
    // the same outcome, as often.
    const bpm::BpmnImport plain = bpm::import_bpmn(strip_extensions(xml), "x.bpmn");
    CHECK(plain.warnings.empty());
    CHECK_NOTHROW(bpm::require_valid(plain.process));
    const auto expected = outcomes(original);
    const auto got = outcomes(plain.process);
    REQUIRE(got.size() == expected.size());
    for (const auto& [outcome, share] : expected) CHECK(got.at(outcome) == Approx(share));
    // Engines' exports (no extension, no BPSim) keep where the case ends.
    const bpm::BpmnImport zeebe = bpm::import_bpmn(bpm::export_bpmn(original, bpm::BpmnFlavour::Camunda8), "x.bpmn");
    for (const auto& [outcome, share] : expected) CHECK(outcomes(zeebe.process).count(outcome) == 1);
  }
  const bpm::Process parallel =
      bpm::import_bpmn(strip_extensions(bpm::export_bpmn(designtest::model(kParallel))), "x.bpmn").process;
  CHECK(step(parallel, "end-refused").terminate);
  CHECK_FALSE(step(parallel, "end-parked").terminate);  // a plain end caught: only its branch
  CHECK(step(parallel, "end-refused").outcome == "refused");
  CHECK(parallel.find_step("end-done") != nullptr);
  CHECK(parallel.steps.size() == designtest::model(kParallel).steps.size());  // no leftover boundary or end
}

TEST_CASE("without the extension the ends inside a fragment still end the case, in simulation",
          "[design][bpmn][errors]") {
  // Three cases in four end inside the fragment. Read as returns (what a plain end event inside a
  // sub-process means in BPMN), every case would be opened.
  const bpm::Process original = designtest::model(R"yaml(
process: mostly-rejected
arrivals: { every: 30m }
start: intake
steps:
  intake: { duration: 10m, next: kyc }
  kyc: { call: screen, next: open-account }
  open-account: { duration: 15m, next: opened }
  opened: { end: opened }
fragments:
  screen:
    steps:
      check: { duration: 20m, next: decide }
      decide:
        xor:
          - { to: return, p: 0.25 }
          - { to: rejected, p: 0.75 }
      rejected: { end: rejected }
simulation: { horizon: 5d, replications: 10, seed: 3 }
)yaml");
  const bpm::BpmnImport plain = bpm::import_bpmn(strip_extensions(bpm::export_bpmn(original)), "x.bpmn");
  REQUIRE_NOTHROW(bpm::require_valid(plain.process));
  for (const bpm::Process* p : {&original, &plain.process}) {
    const bpm::SimulationResult run = bpm::simulate(*p, bpm::SimulationOptions{});
    const int rate = run.metric_index("outcome.rejected.rate");
    REQUIRE(rate >= 0);
    const std::vector<double> rates = run.column(static_cast<std::size_t>(rate));
    double mean = 0.0;
    for (const double r : rates) mean += r / static_cast<double>(rates.size());
    double variance = 0.0;
    for (const double r : rates) variance += (r - mean) * (r - mean) / static_cast<double>(rates.size() - 1);
    // The 99.9% confidence interval of the mean over 10 replications (t = 4.781) holds 0.75.
    const double half_width = 4.781 * std::sqrt(variance / static_cast<double>(rates.size()));
    INFO(p->name << ": rejected rate " << mean << " +- " << half_width);
    CHECK(std::abs(mean - 0.75) <= half_width);
    CHECK(half_width < 0.1);
  }
}

TEST_CASE("an end in a fragment of a called file is caught on the call activity", "[design][bpmn][errors]") {
  const std::string dir = std::string(BPM_TEST_DATA) + "/constructs/call-end/";
  const bpm::Process original = bpm::load_process(dir + "main.yaml");
  const std::string xml = bpm::export_bpmn(original);
  // The error end sits in the sub-process inside the callee process; the call activity in the
  // main process catches it.
  CHECK_THAT(xml, Catch::Contains("<bpmn:boundaryEvent id=\"Caught_kyc-applicant_fraud\" name=\"Fraud\" "
                                  "cancelActivity=\"true\" attachedToRef=\"CallActivity_kyc-applicant\">"));
  CHECK_THAT(xml, Catch::Contains("<bpmn:endEvent id=\"Step_kyc-applicant.review-case.fraud\""));
  CHECK(count(xml, "<bpmn:boundaryEvent ") == 1);
  const bpm::BpmnImport back = bpm::import_bpmn(xml, dir + "main.bpmn");
  CHECK(back.warnings.empty());
  CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(original));
  // Without the extension the callee becomes a fragment again, its error end an end of it.
  const bpm::BpmnImport plain = bpm::import_bpmn(strip_extensions(xml), dir + "main.bpmn");
  CHECK_NOTHROW(bpm::require_valid(plain.process));
  REQUIRE(plain.process.fragments.size() == 1);
  const auto& fragment = plain.process.fragments.front().steps;
  const auto fraud =
      std::find_if(fragment.begin(), fragment.end(), [](const bpm::Step& s) { return s.kind == bpm::StepKind::End; });
  REQUIRE(fraud != fragment.end());
  CHECK(fraud->outcome == "fraud");
  const auto expected = outcomes(original);
  const auto got = outcomes(plain.process);
  REQUIRE(got.size() == expected.size());
  for (const auto& [outcome, share] : expected) CHECK(got.at(outcome) == Approx(share));
}

TEST_CASE("other tools' error end events and error boundary events", "[design][bpmn][errors]") {
  const std::string errors = R"(<bpmn:error id="E1" name="Rejected" errorCode="REJ"/>
<bpmn:error id="E2" name="Also rejected" errorCode="REJ"/><bpmn:error id="Any" name="Any"/>
)";
  SECTION("caught by errorCode on the sub-process, leading to an end: that end, where it is thrown") {
    const auto imported = bpm::import_bpmn(bpmn(sub_process(R"(errorRef="E1")", R"(
<bpmn:boundaryEvent id="b" name="Rejected" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="E2"/></bpmn:boundaryEvent>
<bpmn:exclusiveGateway id="m"/><bpmn:endEvent id="rej" name="Rejected"/>
<bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="m"/><bpmn:sequenceFlow id="f5" sourceRef="m" targetRef="rej"/>)"),
                                                errors),
                                           "e.bpmn");
    const bpm::Process& p = imported.process;
    INFO(warnings_text(imported));
    CHECK_FALSE(warned(imported, "boundary"));
    CHECK_FALSE(warned(imported, "error"));
    CHECK(step(p, "end-bad").kind == bpm::StepKind::End);
    CHECK(step(p, "end-bad").outcome == "rejected");  // the end the catch leads to names it
    CHECK(p.find_step("end-rejected") == nullptr);    // the boundary's end is this end: not a step
    CHECK(step(p, "check").next == "g");
    CHECK(step(p, "g").branches.size() == 2);
    CHECK(step(p, "g").branches[1].to == "end-bad");
    CHECK(step(p, "g").branches[0].to == "after");  // the plain end returns
    CHECK_NOTHROW(bpm::require_valid(p));
  }
  SECTION("a catch-all boundary (no errorRef) leading to work: the case goes on there") {
    const auto imported = bpm::import_bpmn(bpmn(sub_process("", R"(
<bpmn:boundaryEvent id="b" name="Failed" attachedToRef="sub"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
<bpmn:task id="handle" name="Handle"/><bpmn:endEvent id="handled" name="Handled"/>
<bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="handle"/><bpmn:sequenceFlow id="f5" sourceRef="handle" targetRef="handled"/>)")),
                                           "e.bpmn");
    const bpm::Process& p = imported.process;
    INFO(warnings_text(imported));
    CHECK_FALSE(warned(imported, "boundary"));
    CHECK_FALSE(warned(imported, "error"));
    CHECK(step(p, "g").branches[1].to == "handle");
    CHECK(step(p, "handle").next == "end-handled");
    CHECK(p.find_step("end-bad") == nullptr);
    // No assumed share: the boundary is reached exactly when the error end is.
    CHECK(p.find_step("screening-boundary") == nullptr);
    CHECK_NOTHROW(bpm::require_valid(p));
  }
  SECTION("a boundary naming an error without errorCode catches any; one naming another code does not") {
    const auto imported = bpm::import_bpmn(bpmn(sub_process(R"(errorRef="E1")", R"(
<bpmn:boundaryEvent id="other" name="Other" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="X"/></bpmn:boundaryEvent>
<bpmn:boundaryEvent id="b" name="Failed" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Any"/></bpmn:boundaryEvent>
<bpmn:endEvent id="failed" name="Failed"/><bpmn:endEvent id="o" name="Other"/>
<bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="failed"/><bpmn:sequenceFlow id="f5" sourceRef="other" targetRef="o"/>)"),
                                                errors + R"(<bpmn:error id="X" errorCode="OTHER"/>)"),
                                           "e.bpmn");
    const bpm::Process& p = imported.process;
    INFO(warnings_text(imported));
    CHECK(step(p, "end-bad").outcome == "failed");
    // The other boundary catches nothing thrown inside: an error of the activity's own, a branch
    // with an assumed share as before.
    CHECK(warned(imported, "error boundary event 'Other' on 'Screening' becomes an exclusive branch after it"));
  }
  SECTION("an error nobody catches ends the whole case, said") {
    const auto imported = bpm::import_bpmn(bpmn(sub_process(R"(errorRef="E1")", ""), errors), "e.bpmn");
    const bpm::Process& p = imported.process;
    INFO(warnings_text(imported));
    CHECK(step(p, "end-bad").kind == bpm::StepKind::End);
    CHECK(step(p, "end-bad").outcome == "bad");  // its own name
    const auto said = std::find_if(imported.warnings.begin(), imported.warnings.end(),
                                   [](const bpm::Diagnostic& d) { return d.message.find("error end") == 0; });
    REQUIRE(said != imported.warnings.end());
    CHECK(said->message ==
          "error end event 'Bad' throws 'Rejected', which no error boundary event around it catches: imported as an "
          "end of the whole case");
    CHECK(said->where.line == 9);
    CHECK(said->where.column == 3);
    CHECK_NOTHROW(bpm::require_valid(p));
  }
  SECTION("a non-interrupting error boundary is not BPMN: read as interrupting, said") {
    const auto imported = bpm::import_bpmn(bpmn(sub_process(R"(errorRef="E1")", R"(
<bpmn:boundaryEvent id="b" name="Rejected" attachedToRef="sub" cancelActivity="false"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
<bpmn:endEvent id="rej" name="Rejected"/><bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="rej"/>)"),
                                                errors),
                                           "e.bpmn");
    INFO(warnings_text(imported));
    CHECK(warned(imported,
                 "error boundary event 'Rejected' has cancelActivity=\"false\", which BPMN does not "
                 "allow (an error always interrupts its activity): read as interrupting"));
    CHECK(step(imported.process, "end-bad").outcome == "rejected");
  }
  SECTION("nested: the innermost sub-process with a matching boundary catches; others let it through") {
    const auto imported = bpm::import_bpmn(bpmn(R"(<bpmn:subProcess id="sub" name="Outer">
  <bpmn:startEvent id="os"/><bpmn:subProcess id="in" name="Inner">
    <bpmn:startEvent id="is"/><bpmn:task id="t" name="Work"/><bpmn:exclusiveGateway id="g"/>
    <bpmn:endEvent id="ok"/><bpmn:endEvent id="bad" name="Bad"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:endEvent>
    <bpmn:sequenceFlow id="i1" sourceRef="is" targetRef="t"/><bpmn:sequenceFlow id="i2" sourceRef="t" targetRef="g"/>
    <bpmn:sequenceFlow id="i3" sourceRef="g" targetRef="ok"/><bpmn:sequenceFlow id="i4" sourceRef="g" targetRef="bad"/>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="wrong" name="Other" attachedToRef="in"><bpmn:errorEventDefinition errorRef="X"/></bpmn:boundaryEvent>
  <bpmn:endEvent id="oe"/><bpmn:endEvent id="we" name="Other"/>
  <bpmn:sequenceFlow id="o1" sourceRef="os" targetRef="in"/><bpmn:sequenceFlow id="o2" sourceRef="in" targetRef="oe"/>
  <bpmn:sequenceFlow id="o3" sourceRef="wrong" targetRef="we"/>
</bpmn:subProcess>
<bpmn:boundaryEvent id="b" name="Refused" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="E2"/></bpmn:boundaryEvent>
<bpmn:endEvent id="refused" name="Refused"/><bpmn:endEvent id="done" name="Done"/>
<bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="done"/><bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="refused"/>)",
                                                errors + R"(<bpmn:error id="X" errorCode="OTHER"/>)"),
                                           "e.bpmn");
    const bpm::Process& p = imported.process;
    INFO(warnings_text(imported));
    CHECK(step(p, "end-bad").outcome == "refused");  // caught on Outer, by code
    // The boundary on Inner catches nothing thrown inside: an error of the activity's own, a
    // branch after it with an assumed share, as before.
    CHECK(warned(imported, "error boundary event 'Other' on 'Inner' becomes an exclusive branch after it"));
    CHECK(p.find_step("end-refused") == nullptr);
    CHECK_NOTHROW(bpm::require_valid(p));
  }
  SECTION("thrown in a called process, caught on the call activity; calls that catch alike share a fragment") {
    const std::string callee = R"(<bpmn:process id="Q" name="Screening"><bpmn:startEvent id="qs"/>
<bpmn:task id="q1" name="Check"/><bpmn:exclusiveGateway id="qg"/><bpmn:endEvent id="qok"/>
<bpmn:endEvent id="qbad" name="Bad"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:endEvent>
<bpmn:sequenceFlow id="h1" sourceRef="qs" targetRef="q1"/><bpmn:sequenceFlow id="h2" sourceRef="q1" targetRef="qg"/>
<bpmn:sequenceFlow id="h3" sourceRef="qg" targetRef="qok"/><bpmn:sequenceFlow id="h4" sourceRef="qg" targetRef="qbad"/>
</bpmn:process>
)";
    const auto calls = [&](const std::string& second_outcome) {
      return bpm::import_bpmn(bpmn(R"(<bpmn:callActivity id="sub" name="First" calledElement="Q"/>
<bpmn:callActivity id="c2" name="Second" calledElement="Q"/><bpmn:endEvent id="done" name="Done"/>
<bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="c2"/><bpmn:sequenceFlow id="f3" sourceRef="c2" targetRef="done"/>
<bpmn:boundaryEvent id="b1" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
<bpmn:boundaryEvent id="b2" attachedToRef="c2"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
<bpmn:endEvent id="r1" name="Rejected"/><bpmn:endEvent id="r2" name=")" +
                                       second_outcome +
                                       R"("/>
<bpmn:sequenceFlow id="f4" sourceRef="b1" targetRef="r1"/><bpmn:sequenceFlow id="f5" sourceRef="b2" targetRef="r2"/>)",
                                   errors + callee),
                              "e.bpmn");
    };
    const auto alike = calls("Rejected");
    INFO(warnings_text(alike));
    CHECK_FALSE(warned(alike, "boundary"));
    CHECK_FALSE(warned(alike, "inline"));
    REQUIRE(alike.process.fragments.size() == 1);
    CHECK(step(alike.process, "first.end-bad").outcome == "rejected");
    CHECK(step(alike.process, "second.end-bad").outcome == "rejected");
    CHECK_NOTHROW(bpm::require_valid(alike.process));
    const auto unlike = calls("Escalated");
    REQUIRE(unlike.process.fragments.size() == 2);
    CHECK(step(unlike.process, "first.end-bad").outcome == "rejected");
    CHECK(step(unlike.process, "second.end-bad-2").outcome == "escalated");
    CHECK_NOTHROW(bpm::require_valid(unlike.process));
  }
}
