// The constructs of real processes (issue 13) in the views: diagrams, BPMN interchange and the
// analytic model's list of what has no closed form.
#include <catch2/catch.hpp>

#include "bpm/design/analytic.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/design/render.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/writer.hpp"
#include "design_test_support.hpp"

namespace {

const char* const kBranchEnds = R"yaml(
process: branch-ends
arrivals: { every: 1h }
start: s
steps:
  s: { and: [a, b] }
  a: { duration: 10m, next: shipped }
  b: { duration: 20m, next: billed }
  shipped: { end: shipped, terminate: false }
  billed: { end: billed }
)yaml";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("ends of one branch are drawn thin, and BPMN keeps them plain", "[design][end]") {
  const bpm::Process p = designtest::model(kBranchEnds);
  const std::string dot = bpm::render_dot(p, {});
  CHECK(count(dot, "penwidth=3") == 1);  // only the terminating end
  CHECK(count(dot, "penwidth=1,") == 1);
  const std::string mermaid = bpm::render_mermaid(p, {});
  CHECK_THAT(mermaid, Catch::Contains("(((\"Billed\")))"));
  CHECK_THAT(mermaid, Catch::Contains("((\"Shipped\"))"));
  CHECK_THAT(mermaid, !Catch::Contains("(((\"Shipped\")))"));

  const std::string xml = bpm::export_bpmn(p);
  CHECK(count(xml, "<bpmn:terminateEventDefinition") == 1);
  const bpm::BpmnImport back = bpm::import_bpmn(xml, "x.bpmn");
  CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(p));
}

TEST_CASE("plain end events of a diagram with parallel flows end only their token", "[design][end][bpmn]") {
  const bpm::Process p = designtest::model(kBranchEnds);
  // No extension attribute carries it: the end events' definitions alone say which ends terminate.
  std::string xml = bpm::export_bpmn(p);
  const bpm::BpmnImport back = bpm::import_bpmn(xml, "x.bpmn");
  for (const bpm::Step& s : back.process.steps) {
    if (s.kind != bpm::StepKind::End) continue;
    INFO(s.id);
    CHECK(s.terminate == (s.outcome == "billed"));
  }
  // A sequential diagram: a plain end is written as a terminating one (they mean the same).
  const bpm::Process sequential = designtest::model(R"yaml(
process: seq
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 10m, next: done }
  done: { end: done }
)yaml");
  const bpm::BpmnImport seq = bpm::import_bpmn(bpm::export_bpmn(sequential), "s.bpmn");
  CHECK(seq.process.find_step("done")->terminate);
}

TEST_CASE("analyze names ends of one branch after a split as having no closed form", "[design][end][analytic]") {
  const auto limits = bpm::analytic_limits(designtest::model(kBranchEnds));
  REQUIRE(limits.size() == 1);
  CHECK_THAT(limits.front(), Catch::Contains("terminate: false"));
}

TEST_CASE("timers are dotted edges and batches are named on their task", "[design][timers][batch]") {
  const bpm::Process p = designtest::model(R"yaml(
process: claims
arrivals: { every: 1h }
resources: { desk: { count: 2 }, finance: { count: 1 } }
start: docs
steps:
  docs: { wait: exponential(4d), timeout: { after: 10d, to: reject }, escalate: { after: 7d, to: remind }, next: answer }
  answer: { resource: desk, duration: 5m, abandon: { after: exponential(10m), to: reject }, next: pay }
  pay: { resource: finance, duration: 2h, batch: { size: 50, timeout: 7d }, next: paid }
  remind: { duration: 5m, next: reminded }
  reminded: { end: reminded, terminate: false }
  reject: { end: rejected }
  paid: { end: paid }
)yaml");
  const std::string dot = bpm::render_dot(p, {});
  CHECK_THAT(dot, Catch::Contains("label=\"timeout 10d\", style=dotted"));
  CHECK_THAT(dot, Catch::Contains("label=\"escalate 1w\", style=dotted"));
  CHECK_THAT(dot, Catch::Contains("label=\"abandon exponential(10m)\", style=dotted"));
  CHECK_THAT(dot, Catch::Contains("batch of 50 or 1w"));
  const std::string mermaid = bpm::render_mermaid(p, {});
  CHECK_THAT(mermaid, Catch::Contains("-.->|\"timeout 10d\"|"));
  const auto limits = bpm::analytic_limits(p);
  // answer's abandonment, pay's batches; the timers of the wait docs have a closed form.
  CHECK(limits.size() == 2);
  for (const std::string& limit : limits) CHECK(limit.find("'docs'") == std::string::npos);
}

TEST_CASE("multi-instance tasks carry their marker into diagrams and BPMN", "[design][instances]") {
  const bpm::Process p = designtest::model(R"yaml(
process: kyc
arrivals: { every: 1h }
start: check
steps:
  check: { duration: 30m, instances: { count: poisson(3), parallel: false }, next: done }
  done: { end: done }
)yaml");
  CHECK_THAT(bpm::render_dot(p, {}), Catch::Contains("× poisson(3) in sequence"));
  const std::string xml = bpm::export_bpmn(p);
  CHECK_THAT(xml, Catch::Contains(
                      "<bpmn:multiInstanceLoopCharacteristics isSequential=\"true\" bpm:instances=\"poisson(3)\">"));
  CHECK_THAT(xml, Catch::Contains(">3</bpmn:loopCardinality>"));
}

TEST_CASE("a call of a fragment is a BPMN sub-process, and import gives the call back", "[design][fragments][bpmn]") {
  const bpm::Process p = bpm::load_process(std::string(BPM_TEST_DATA) + "/constructs/fragments.yaml");
  const std::string xml = bpm::export_bpmn(p);
  // Two calls of kyc, each with its nested call of chase: four sub-processes, each with a start
  // event, and a diagram plane of its own for drilling down.
  CHECK(count(xml, "<bpmn:subProcess ") == 4);
  CHECK_THAT(xml, Catch::Contains("<bpmn:subProcess id=\"SubProcess_kyc-applicant\" name=\"KYC of the applicant\" "
                                  "bpm:step=\"kyc-applicant\" bpm:call=\"kyc\">"));
  CHECK_THAT(xml, Catch::Contains("bpm:step=\"kyc-applicant.documents\" bpm:call=\"chase\""));
  CHECK_THAT(xml, Catch::Contains("<bpmn:startEvent id=\"StartEvent_kyc-applicant\""));
  CHECK_THAT(xml, Catch::Contains("<bpmndi:BPMNPlane id=\"BPMNPlane_SubProcess_kyc-applicant\" "
                                  "bpmnElement=\"SubProcess_kyc-applicant\">"));
  CHECK_THAT(xml, Catch::Contains("bpmnElement=\"SubProcess_kyc-guarantor\" isExpanded=\"false\""));
  // Inside the sub-process a step shows its own name; the fragment's end stays an end there.
  CHECK_THAT(xml, Catch::Contains("name=\"Check id\" bpm:step=\"kyc-applicant.check-id\""));
  CHECK_THAT(xml, Catch::Contains("bpm:step=\"kyc-applicant.rejected\" bpm:outcome=\"rejected\""));

  const bpm::BpmnImport back = bpm::import_bpmn(xml, "x.bpmn");
  CHECK(back.warnings.empty());
  REQUIRE(back.process.written_steps.size() == p.written_steps.size());
  CHECK(back.process.written_steps[1].call == "kyc");
  CHECK(back.process.fragments.size() == 2);
  CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(p));
  const bpm::Step* rejected = back.process.find_step("kyc-guarantor.rejected");
  REQUIRE(rejected != nullptr);
  CHECK(rejected->kind == bpm::StepKind::End);

  SECTION("a sub-process edited in a modeller keeps its edit, expanded, with a warning") {
    std::string edited = xml;
    const std::string from =
        "bpm:step=\"kyc-guarantor.check-id\" bpm:resource=\"compliance\" "
        "bpm:duration=\"exponential(20m)\"";
    const auto at = edited.find(from);
    REQUIRE(at != std::string::npos);
    edited.replace(at, from.size(),
                   "bpm:step=\"kyc-guarantor.check-id\" bpm:resource=\"compliance\" "
                   "bpm:duration=\"exponential(25m)\"");
    const bpm::BpmnImport changed = bpm::import_bpmn(edited, "x.bpmn");
    REQUIRE(changed.warnings.size() == 1);
    CHECK_THAT(changed.warnings.front().message, Catch::Contains("keeps them expanded"));
    CHECK(changed.warnings.front().where.line > 0);
    CHECK(changed.process.fragments.empty());
    const bpm::Step* check = changed.process.find_step("kyc-guarantor.check-id");
    REQUIRE(check != nullptr);
    CHECK(check->duration->mean() == Approx(25.0 * 60.0));
    CHECK_NOTHROW(bpm::require_valid(changed.process));
  }
}

TEST_CASE("a call of another process file goes to BPMN and back", "[design][fragments][bpmn]") {
  // bpm:model keeps `file: kyc.yaml`, read again relative to the BPMN file.
  const std::string dir = std::string(BPM_TEST_DATA) + "/constructs/call-file/";
  const bpm::Process p = bpm::load_process(dir + "onboarding.yaml");
  const std::string xml = bpm::export_bpmn(p);
  // A call activity whose callee, a process of its own beside the caller (and with more flow
  // nodes than it), holds the call's copy; import takes the caller as the process.
  CHECK_THAT(xml,
             Catch::Contains("<bpmn:callActivity id=\"CallActivity_check-applicant\" name=\"KYC of the applicant\" "
                             "calledElement=\"Process_onboarding-calls-kyc.check-applicant\" "
                             "bpm:step=\"check-applicant\" bpm:call=\"kyc\""));
  CHECK_THAT(xml, Catch::Contains("<bpmn:process id=\"Process_onboarding-calls-kyc.check-applicant\""));
  CHECK_THAT(xml, Catch::Contains("bpmnElement=\"Process_onboarding-calls-kyc.check-applicant\""));
  CHECK_THAT(xml, !Catch::Contains("bpmn:subProcess"));
  CHECK_THAT(xml, Catch::Contains("bpm:resource=\"kyc.compliance\""));
  const bpm::BpmnImport back = bpm::import_bpmn(xml, dir + "onboarding.bpmn");
  CHECK(back.warnings.empty());
  CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(p));
}

TEST_CASE("calls of files within calls of files are call activities of processes of their own",
          "[design][fragments][bpmn]") {
  const std::string dir = std::string(BPM_TEST_DATA) + "/constructs/call-nested/";
  const bpm::Process p = bpm::load_process(dir + "main.yaml");
  const std::string xml = bpm::export_bpmn(p);
  std::size_t processes = 0;
  for (auto at = xml.find("<bpmn:process "); at != std::string::npos; at = xml.find("<bpmn:process ", at + 1))
    ++processes;
  CHECK(processes == 5);  // main, k1, k2, and each call's call of id.yaml
  CHECK_THAT(
      xml, Catch::Contains("calledElement=\"Process_main.k2.check-id\" bpm:step=\"k2.check-id\" bpm:call=\"kyc.idc\""));
  const bpm::BpmnImport back = bpm::import_bpmn(xml, dir + "main.bpmn");
  CHECK(back.warnings.empty());
  CHECK(bpm::to_yaml(back.process) == bpm::to_yaml(p));
}
