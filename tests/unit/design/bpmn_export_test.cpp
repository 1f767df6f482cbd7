// The BPMN export against the OMG schema (xmllint), a reference check the schema does not do,
// and bpmnlint's structural rules that a modeller relies on to display and execute a model.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <string>

#include <unistd.h>

#include "bpm/design/bpmn.hpp"
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
  const std::string xsd = std::string(BPM_TEST_DATA) + "/bpmn-xsd/BPMN20.xsd";
  const bool xmllint = designtest::have_program("xmllint");
  if (!xmllint) WARN("xmllint is not installed (apt-get install libxml2-utils): schema check skipped");
  // One directory per test process: suites of several checkouts run at once on one machine, and
  // one's clean-up must not delete another's files.
  const auto dir = std::filesystem::temp_directory_path() / ("bpm-design-export-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& file : designtest::sample_files()) {
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
  for (const auto& file : designtest::sample_files()) {
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
      if (node.kind != "startEvent") CHECK(node.in >= 1);
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
  for (const auto& file : designtest::sample_files()) {
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
    for (auto a = nodes.begin(); a != nodes.end(); ++a) {
      for (auto b = std::next(a); b != nodes.end(); ++b) {
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
