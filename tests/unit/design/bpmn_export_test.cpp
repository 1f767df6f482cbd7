// The BPMN export against the OMG schema (xmllint), a reference check the schema does not do,
// and bpmnlint's structural rules that a modeller relies on to display and execute a model.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>

#include <unistd.h>

#include "bpm/design/bpmn.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "design/bpsim.hpp"
#include "design_test_support.hpp"

namespace {

std::string local(const char* name) {
  const std::string text(name);
  const auto colon = text.find(':');
  return colon == std::string::npos ? text : text.substr(colon + 1);
}

void collect(pugi::xml_node node, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    out.push_back(c);
    collect(c, out);
  }
}

/// Every reference of the document resolves to an element of the right kind.
void check_references(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  std::vector<pugi::xml_node> all;
  collect(doc, all);
  std::map<std::string, std::string> kind_of;  // id -> local element name
  for (const auto& e : all) {
    if (!e.attribute("id").empty()) {
      INFO("duplicate id " << e.attribute("id").value());
      CHECK(kind_of.emplace(e.attribute("id").value(), local(e.name())).second);
    }
  }
  auto resolves = [&](const std::string& id, std::initializer_list<const char*> kinds) {
    INFO("reference " << id);
    const auto it = kind_of.find(id);
    REQUIRE(it != kind_of.end());
    bool ok = kinds.size() == 0;
    for (const char* k : kinds) ok = ok || it->second == k;
    CHECK(ok);
  };
  std::map<std::string, std::pair<std::string, std::string>> flows;  // id -> source, target
  for (const auto& e : all) {
    const std::string name = local(e.name());
    if (name == "sequenceFlow") {
      resolves(e.attribute("sourceRef").value(), {});
      resolves(e.attribute("targetRef").value(), {});
      flows[e.attribute("id").value()] = {e.attribute("sourceRef").value(), e.attribute("targetRef").value()};
    }
    if (name == "BPMNShape" || name == "BPMNEdge" || name == "BPMNPlane")
      resolves(e.attribute("bpmnElement").value(), {});
    if (name == "flowNodeRef") resolves(e.child_value(), {});
    if (name == "participant") resolves(e.attribute("processRef").value(), {"process"});
    if (name == "resourceRef") resolves(e.child_value(), {"resource"});
    if (!e.attribute("default").empty()) resolves(e.attribute("default").value(), {"sequenceFlow"});
  }
  // incoming/outgoing agree with the flows' ends.
  for (const auto& e : all) {
    const std::string name = local(e.name());
    if (name != "incoming" && name != "outgoing") continue;
    const auto flow = flows.find(e.child_value());
    INFO(name << " " << e.child_value() << " of " << e.parent().attribute("id").value());
    REQUIRE(flow != flows.end());
    const std::string owner = e.parent().attribute("id").value();
    CHECK((name == "incoming" ? flow->second.second : flow->second.first) == owner);
  }
}

struct NodeInfo {
  std::string kind;
  std::string name;
  int in = 0;
  int out = 0;
};

std::map<std::string, NodeInfo> flow_nodes(const std::string& xml) {
  pugi::xml_document doc;
  doc.load_string(xml.c_str());
  std::map<std::string, NodeInfo> nodes;
  const pugi::xml_node process = doc.document_element().child("bpmn:process");
  for (pugi::xml_node e = process.first_child(); e; e = e.next_sibling()) {
    const std::string kind = local(e.name());
    if (kind == "sequenceFlow" || kind == "laneSet" || kind == "documentation" || kind == "extensionElements") continue;
    nodes[e.attribute("id").value()] = NodeInfo{kind, e.attribute("name").value()};
  }
  for (pugi::xml_node e = process.child("bpmn:sequenceFlow"); e; e = e.next_sibling("bpmn:sequenceFlow")) {
    ++nodes[e.attribute("sourceRef").value()].out;
    ++nodes[e.attribute("targetRef").value()].in;
  }
  return nodes;
}

}  // namespace

TEST_CASE("every sample exports to BPMN that the OMG schema accepts", "[design][bpmn]") {
  // The samples and tests/data/bpmn/timers-instances.yaml (boundary timers, multi-instance).
  const std::string xsd = std::string(BPM_TEST_DATA) + "/bpmn-xsd/BPMN20.xsd";
  const bool xmllint = designtest::have_program("xmllint");
  if (!xmllint) WARN("xmllint is not installed (apt-get install libxml2-utils): schema check skipped");
  // One directory per test process: suites of several checkouts run at once on one machine, and
  // one's clean-up must not delete another's files.
  const auto dir = std::filesystem::temp_directory_path() / ("bpm-design-export-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& file : designtest::interchange_files()) {
    INFO(file);
    const std::string xml = bpm::export_bpmn(bpm::load_process(file));
    check_references(xml);
    if (xmllint) {
      const auto path = dir / (std::filesystem::path(file).stem().string() + ".bpmn");
      std::ofstream(path) << xml;
      const auto result = designtest::run_command("xmllint --noout --schema '" + xsd + "' '" + path.string() + "'");
      INFO(result.output);
      CHECK(result.status == 0);
      CHECK(result.output.find("validates") != std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("exported BPMN follows the modelling rules bpmn.io and bpmnlint rely on", "[design][bpmn]") {
  for (const auto& file : designtest::interchange_files()) {
    INFO(file);
    const std::string xml = bpm::export_bpmn(bpm::load_process(file));
    for (const auto& [id, node] : flow_nodes(xml)) {
      INFO(id << " (" << node.kind << ")");
      const bool gateway = node.kind.find("Gateway") != std::string::npos;
      // No gateway both joins and forks; no task or event joins implicitly (fake-join).
      if (gateway) CHECK_FALSE((node.in > 1 && node.out > 1));
      if (!gateway) CHECK(node.in <= 1);
      // Names on every task and event and on every forking gateway (label-required).
      if (!gateway || node.out > 1) CHECK_FALSE(node.name.empty());
      // No superfluous gateway: one in, one out.
      if (gateway) CHECK_FALSE((node.in == 1 && node.out == 1));
      if (node.kind != "startEvent" && node.kind != "boundaryEvent") CHECK(node.in >= 1);
      if (node.kind != "endEvent") CHECK(node.out >= 1);
    }
    // Diagram interchange: a shape for every flow node and an edge for every flow.
    pugi::xml_document doc;
    doc.load_string(xml.c_str());
    std::set<std::string> drawn;
    for (pugi::xml_node e = doc.document_element().child("bpmndi:BPMNDiagram").child("bpmndi:BPMNPlane").first_child();
         e; e = e.next_sibling()) {
      drawn.insert(e.attribute("bpmnElement").value());
    }
    for (const auto& [id, node] : flow_nodes(xml)) CHECK(drawn.count(id) == 1);
    for (pugi::xml_node e = doc.document_element().child("bpmn:process").child("bpmn:sequenceFlow"); e;
         e = e.next_sibling("bpmn:sequenceFlow")) {
      CHECK(drawn.count(e.attribute("id").value()) == 1);
    }
  }
}

TEST_CASE("the BPMN layout never overlaps two shapes and keeps them inside their lanes", "[design][bpmn]") {
  for (const auto& file : designtest::interchange_files()) {
    INFO(file);
    pugi::xml_document doc;
    const std::string xml = bpm::export_bpmn(bpm::load_process(file));
    doc.load_string(xml.c_str());
    struct Box {
      double x, y, w, h;
    };
    std::map<std::string, Box> boxes;
    for (pugi::xml_node e =
             doc.document_element().child("bpmndi:BPMNDiagram").child("bpmndi:BPMNPlane").child("bpmndi:BPMNShape");
         e; e = e.next_sibling("bpmndi:BPMNShape")) {
      const pugi::xml_node b = e.child("dc:Bounds");
      boxes[e.attribute("bpmnElement").value()] = {b.attribute("x").as_double(), b.attribute("y").as_double(),
                                                   b.attribute("width").as_double(), b.attribute("height").as_double()};
    }
    const auto nodes = flow_nodes(xml);
    // A boundary event sits on its task's border, by definition over it.
    std::map<std::string, std::string> attached;
    for (pugi::xml_node e = doc.document_element().child("bpmn:process").child("bpmn:boundaryEvent"); e;
         e = e.next_sibling("bpmn:boundaryEvent")) {
      attached[e.attribute("id").value()] = e.attribute("attachedToRef").value();
    }
    for (auto a = nodes.begin(); a != nodes.end(); ++a) {
      for (auto b = std::next(a); b != nodes.end(); ++b) {
        if (attached[a->first] == b->first || attached[b->first] == a->first) continue;
        const Box& p = boxes[a->first];
        const Box& q = boxes[b->first];
        const bool overlap = p.x + p.w >= q.x && q.x + q.w >= p.x && p.y + p.h >= q.y && q.y + q.h >= p.y;
        INFO(a->first << " and " << b->first);
        CHECK_FALSE(overlap);
      }
    }
    for (pugi::xml_node lane = doc.document_element().child("bpmn:process").child("bpmn:laneSet").child("bpmn:lane");
         lane; lane = lane.next_sibling("bpmn:lane")) {
      const Box& l = boxes[lane.attribute("id").value()];
      for (pugi::xml_node ref = lane.child("bpmn:flowNodeRef"); ref; ref = ref.next_sibling("bpmn:flowNodeRef")) {
        const Box& n = boxes[ref.child_value()];
        INFO(ref.child_value() << " in " << lane.attribute("id").value());
        CHECK((n.x >= l.x && n.y >= l.y && n.x + n.w <= l.x + l.w && n.y + n.h <= l.y + l.h));
      }
    }
  }
}

TEST_CASE("the export maps steps to BPMN elements", "[design][bpmn]") {
  const bpm::Process p = designtest::model(R"yaml(
process: shapes
roles: { clerk: Clerk }
resources: { clerks: { role: clerk, count: 3, cost_per_hour: 60 } }
arrivals: { every: exponential(10m) }
start: work
steps:
  work: { resource: clerks, duration: "triangular(5m, 10m, 20m)", rework: 0.1, next: fork }
  fork: { and: [auto, pause] }
  auto: { duration: 1m, next: sync }
  pause: { wait: 2h, next: sync }
  sync: { join: [auto, pause], next: done }
  done: { end: finished }
)yaml");
  const std::string xml = bpm::export_bpmn(p);
  CHECK(xml.find("<bpmn:userTask id=\"Step_work\" name=\"Work\" bpm:step=\"work\" bpm:resource=\"clerks\" "
                 "bpm:duration=\"triangular(5m, 10m, 20m)\">") != std::string::npos);
  CHECK(xml.find("<bpmn:performer id=\"Performer_Step_work\">") != std::string::npos);
  CHECK(xml.find("<bpmn:task id=\"Step_auto\" name=\"Auto\"") != std::string::npos);
  CHECK(xml.find("<bpmn:exclusiveGateway id=\"Rework_work\" name=\"Work OK?\" gatewayDirection=\"Diverging\"") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:parallelGateway id=\"Step_fork\" name=\"Fork\" gatewayDirection=\"Diverging\"") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:parallelGateway id=\"Step_sync\" name=\"Sync\" gatewayDirection=\"Converging\"") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT2H</bpmn:timeDuration>") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:terminateEventDefinition") != std::string::npos);
  CHECK(xml.find("<bpmn:lane id=\"Lane_clerk\" name=\"Clerk\" bpm:role=\"clerk\">") != std::string::npos);
  // BPSim: processing time in the base unit (minutes), the rework probability, the pool.
  CHECK(xml.find("<bpsim:TriangularDistribution min=\"5\" mode=\"10\" max=\"20\" />") != std::string::npos);
  CHECK(xml.find("<bpsim:FloatingParameter value=\"0.1\" />") != std::string::npos);
  CHECK(xml.find("<bpsim:ElementParameters elementRef=\"Resource_clerks\">") != std::string::npos);
  CHECK(xml.find("<bpsim:UnitCost>\n") != std::string::npos);
}

TEST_CASE("timeouts, escalations and patience are boundary timers on the task's border; instances its marker",
          "[design][bpmn]") {
  const std::string file = std::string(BPM_TEST_DATA) + "/bpmn/timers-instances.yaml";
  const bpm::Process p = bpm::load_process(file);
  const std::string xml = bpm::export_bpmn(p);
  CHECK(xml.find("<bpmn:boundaryEvent id=\"Timeout_assess\" name=\"Timeout 1d\" attachedToRef=\"Step_assess\" "
                 "bpm:after=\"1d\">") != std::string::npos);
  CHECK(xml.find("<bpmn:boundaryEvent id=\"Escalate_assess\" name=\"Escalate ~3h\" cancelActivity=\"false\" "
                 "attachedToRef=\"Step_assess\" bpm:after=\"uniform(2h, 4h)\">") != std::string::npos);
  CHECK(xml.find("<bpmn:boundaryEvent id=\"Abandon_register\" name=\"Abandon ~2h\" attachedToRef=\"Step_register\" "
                 "bpm:after=\"exponential(2h)\" bpm:timer=\"abandon\">") != std::string::npos);
  // Engines get the mean as an ISO 8601 duration.
  CHECK(xml.find("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT3H</bpmn:timeDuration>") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:multiInstanceLoopCharacteristics isSequential=\"false\" bpm:instances-of=\"items\">") !=
        std::string::npos);
  CHECK(xml.find("<bpmn:multiInstanceLoopCharacteristics isSequential=\"true\" bpm:instances=\"poisson(2)\">") !=
        std::string::npos);
  // DI: each timer's shape is centred on its task's bottom border.
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  std::map<std::string, pugi::xml_node> bounds;
  for (pugi::xml_node e =
           doc.document_element().child("bpmndi:BPMNDiagram").child("bpmndi:BPMNPlane").child("bpmndi:BPMNShape");
       e; e = e.next_sibling("bpmndi:BPMNShape")) {
    bounds[e.attribute("bpmnElement").value()] = e.child("dc:Bounds");
  }
  for (const auto& [timer, task] : std::map<std::string, std::string>{{"Timeout_assess", "Step_assess"},
                                                                      {"Escalate_assess", "Step_assess"},
                                                                      {"Abandon_register", "Step_register"}}) {
    INFO(timer);
    REQUIRE(bounds.count(timer) == 1);
    const pugi::xml_node t = bounds[timer];
    const pugi::xml_node k = bounds[task];
    const double cx = t.attribute("x").as_double() + t.attribute("width").as_double() / 2.0;
    const double cy = t.attribute("y").as_double() + t.attribute("height").as_double() / 2.0;
    CHECK(cy == k.attribute("y").as_double() + k.attribute("height").as_double());
    CHECK(cx > k.attribute("x").as_double());
    CHECK(cx < k.attribute("x").as_double() + k.attribute("width").as_double());
  }
  // Camunda 7 takes the cardinality as JUEL; Zeebe only an input collection.
  const std::string c7 = bpm::export_bpmn(p, bpm::BpmnFlavour::Camunda7);
  CHECK(c7.find("<bpmn:loopCardinality xsi:type=\"bpmn:tFormalExpression\">${items}</bpmn:loopCardinality>") !=
        std::string::npos);
  const std::string c8 = bpm::export_bpmn(p, bpm::BpmnFlavour::Camunda8);
  CHECK(c8.find("<zeebe:loopCharacteristics inputCollection=\"=for i in 1..(items) return i\" />") !=
        std::string::npos);
  CHECK(c8.find("<zeebe:loopCharacteristics inputCollection=\"=for i in 1..(2) return i\" />") != std::string::npos);
  CHECK(c8.find("bpm:") == std::string::npos);
}

TEST_CASE("a wait with timers is a receive task with boundary timers, so that every timer's target has a way in",
          "[design][bpmn]") {
  const bpm::Process p = bpm::load_process(std::string(BPM_TEST_DATA) + "/constructs/timers-batches.yaml");
  for (const auto flavour : {bpm::BpmnFlavour::Model, bpm::BpmnFlavour::Camunda7, bpm::BpmnFlavour::Camunda8}) {
    const std::string xml = bpm::export_bpmn(p, flavour);
    INFO(xml);
    const auto nodes = flow_nodes(xml);
    REQUIRE(nodes.count("Step_documents") == 1);
    CHECK(nodes.at("Step_documents").kind == "receiveTask");
    // Without the boundary timers' flows, 'chase' and 'rejected' would start with every case.
    CHECK(nodes.at("Step_chase").in == 1);
    CHECK(nodes.at("Step_rejected").in == 1);
    CHECK(nodes.at("Timeout_documents").out == 1);
    CHECK(nodes.at("Escalate_documents").out == 1);
    CHECK(xml.find("<bpmn:receiveTask id=\"Step_documents\" name=\"Documents\"") != std::string::npos);
    CHECK(xml.find("messageRef=\"Message_Step_documents\"") != std::string::npos);
    CHECK(xml.find("<bpmn:message id=\"Message_Step_documents\" name=\"documents\"") != std::string::npos);
    CHECK(xml.find("attachedToRef=\"Step_documents\"") != std::string::npos);
    CHECK(xml.find("cancelActivity=\"false\" attachedToRef=\"Step_documents\"") != std::string::npos);
    CHECK(xml.find("bpm:timeout-after") == std::string::npos);  // no longer an attribute only
  }
  const std::string model = bpm::export_bpmn(p);
  CHECK(model.find("<bpmn:boundaryEvent id=\"Timeout_documents\" name=\"Timeout 5d\" attachedToRef=\"Step_documents\" "
                   "bpm:after=\"5d\">") != std::string::npos);
  CHECK(model.find("<bpmn:documentation>no documents in 5 days</bpmn:documentation>") != std::string::npos);
  // Other simulators get the wait as the receive task's processing time.
  const auto parameters = model.find("<bpsim:ElementParameters elementRef=\"Step_documents\">");
  REQUIRE(parameters != std::string::npos);
  const std::string element =
      model.substr(parameters, model.find("</bpsim:ElementParameters>", parameters) - parameters);
  CHECK(element.find("<bpsim:NegativeExponentialDistribution mean=\"48\" />") != std::string::npos);
  const std::string c8 = bpm::export_bpmn(p, bpm::BpmnFlavour::Camunda8);
  CHECK(c8.find("<zeebe:subscription correlationKey=\"=case_id\" />") != std::string::npos);
}

TEST_CASE("no export writes nan or a zero duration for a duration that depends on case attributes", "[design][bpmn]") {
  // Engines and other simulators take numbers: the expected value over the case attributes
  // stands in for an expression (the estimate analyze uses); the exact text stays in bpm:.
  auto files = designtest::interchange_files();
  for (const char* name : {"arrivals.yaml", "data.yaml", "members.yaml", "several-pools.yaml",
                           "call-file/onboarding.yaml", "call-nested/main.yaml"}) {
    files.push_back(std::string(BPM_TEST_DATA) + "/constructs/" + name);
  }
  const std::regex not_a_number("[^A-Za-z](-?nan|-?inf)[^A-Za-z]");
  for (const auto& file : files) {
    const bpm::Process p = bpm::load_process(file);
    // A wait of 0s (a decision point that only sets data) is PT0S rightly: every other is not.
    std::size_t zero = 0;
    for (const bpm::Step& s : p.steps) {
      if (s.wait && !s.wait->data_dependent() && s.wait->mean() == 0.0) ++zero;
    }
    for (const auto flavour : {bpm::BpmnFlavour::Model, bpm::BpmnFlavour::Camunda7, bpm::BpmnFlavour::Camunda8}) {
      INFO(file << " flavour " << static_cast<int>(flavour));
      const std::string xml = bpm::export_bpmn(p, flavour);
      CHECK_FALSE(std::regex_search(xml, not_a_number));
      std::size_t zero_durations = 0;
      for (auto at = xml.find(">PT0S<"); at != std::string::npos; at = xml.find(">PT0S<", at + 1)) ++zero_durations;
      CHECK(zero_durations == zero);
    }
  }
  // The data-dependent waits of the constructs' files and the sample: their expected values (a
  // wait with timers is a receive task, whose length is in its BPSim data, not a timer).
  const bpm::Process claims = bpm::parse_process(R"yaml(
process: documents
arrivals:
  every: exponential(1h)
  attributes: { line: { home: 0.3, motor: 0.7 }, amount: "uniform(100, 900)" }
start: documents
steps:
  documents: { wait: "lognormal(mean: 16h + (line == 'home') * 16h, sd: 1.5d)", next: late }
  late: { wait: "uniform(1h, 2h + amount * 1m)", timeout: { after: 3d, to: done }, next: done }
  done: { end: done }
)yaml",
                                                 "documents.yaml");
  const std::string xml = bpm::export_bpmn(claims);
  std::size_t checked = 0;
  for (const bpm::Step& s : claims.steps) {
    if (s.kind != bpm::StepKind::Wait || !s.wait || !s.wait->data_dependent() || s.timeout || s.escalate) continue;
    INFO(s.id);
    ++checked;
    const double mean = bpm::draw_moments(claims, *s.wait, "steps." + s.id + ".wait").mean;
    REQUIRE(std::isfinite(mean));
    CHECK(mean > 0.0);
    CHECK(xml.find(">" + bpm::design::iso_duration(std::round(mean)) + "<") != std::string::npos);  // to the second
  }
  CHECK(checked > 0);
}
