// BPMN 2.0 XML of a process. The document is built with pugixml in schema order (the XSD fixes
// the order of child elements: documentation, extensionElements, incoming, outgoing, then the
// element's own content) and written with two-space indentation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <pugixml.hpp>
#include <sstream>

#include "bpm/design/bpmn.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/model/writer.hpp"
#include "design/bpmn_conditions.hpp"
#include "design/bpmn_graph.hpp"
#include "design/bpmn_layout.hpp"
#include "design/bpsim.hpp"
#include "design/dist_text.hpp"
#include "design/labels.hpp"
#include "io/xml_escape.hpp"

namespace bpm {
namespace {

using design::BpmnFlow;
using design::BpmnGraph;
using design::BpmnKind;
using design::BpmnLayout;
using design::BpmnNode;
using design::NodePurpose;

constexpr const char* kBpmnNs = "http://www.omg.org/spec/BPMN/20100524/MODEL";
constexpr const char* kBpmnDiNs = "http://www.omg.org/spec/BPMN/20100524/DI";
constexpr const char* kDcNs = "http://www.omg.org/spec/DD/20100524/DC";
constexpr const char* kDiNs = "http://www.omg.org/spec/DD/20100524/DI";
constexpr const char* kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* kZeebeNs = "http://camunda.org/schema/zeebe/1.0";
constexpr const char* kCamundaNs = "http://camunda.org/schema/1.0/bpmn";
constexpr const char* kModelerNs = "http://camunda.org/schema/modeler/1.0";
/// The language of condition expressions: the process format's own (share/doc/process-format.md).
constexpr const char* kExpressionLanguage = "urn:bpmkit:expression";
/// The language of a drawn branch's "condition": the probability that the branch is taken.
constexpr const char* kProbabilityLanguage = "urn:bpmkit:probability";
/// The process variable by which an engine matches the message a wait's receive task waits for.
constexpr const char* kCorrelationVariable = "case_id";

// pugixml takes C strings and would write NUL as the end of the text, other controls as
// character references that XML 1.0 forbids: xml_safe replaces them first.
void attr(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}

void number(pugi::xml_node node, const char* name, double value) { attr(node, name, design::number_text(value)); }

pugi::xml_node text_child(pugi::xml_node parent, const char* name, std::string_view text) {
  pugi::xml_node child = parent.append_child(name);
  child.append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
  return child;
}

/// The sections of the process file that BPMN has no place for, as canonical YAML: the file
/// without `start` and `steps`, which the flow elements carry. `fragments` is kept: it gives
/// import their order, descriptions and the fragments no step calls.
std::string model_section(const Process& process) {
  Process rest = process;
  rest.steps.clear();
  rest.written_steps.clear();  // the calls are sub-processes; `fragments` stays, as written
  rest.start.clear();
  const std::string yaml = to_yaml(rest);
  std::string out;
  std::istringstream lines(yaml);
  std::string line;
  bool blank = false;
  while (std::getline(lines, line)) {
    if (line.rfind("start:", 0) == 0 || line.rfind("steps:", 0) == 0) continue;
    if (line.empty()) {
      if (blank) continue;
      blank = true;
    } else {
      blank = false;
    }
    out += line + '\n';
  }
  return out;
}

class Exporter {
 public:
  Exporter(const Process& process, BpmnFlavour flavour)
      : p_(process),
        flavour_(flavour),
        g_(design::build_bpmn_graph(process)),
        layout_(design::layout_bpmn(g_)),
        unit_(design::bpsim_unit(process.time_unit_seconds)) {}

  std::string run() {
    pugi::xml_node declaration = doc_.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    definitions_ = doc_.append_child("bpmn:definitions");
    attr(definitions_, "xmlns:bpmn", kBpmnNs);
    attr(definitions_, "xmlns:bpmndi", kBpmnDiNs);
    attr(definitions_, "xmlns:dc", kDcNs);
    attr(definitions_, "xmlns:di", kDiNs);
    attr(definitions_, "xmlns:xsi", kXsiNs);
    if (executable()) {
      const bool zeebe = flavour_ == BpmnFlavour::Camunda8;
      attr(definitions_, zeebe ? "xmlns:zeebe" : "xmlns:camunda", zeebe ? kZeebeNs : kCamundaNs);
      attr(definitions_, "xmlns:modeler", kModelerNs);
    } else {
      attr(definitions_, "xmlns:bpm", kBpmnExtensionNamespace);
      attr(definitions_, "xmlns:bpsim", design::kBpsimNamespace);
    }
    attr(definitions_, "id", "Definitions_1");
    attr(definitions_, "targetNamespace", fmt::format("urn:bpmkit:process:{}", design::xml_name(p_.name)));
    if (!executable()) attr(definitions_, "expressionLanguage", kExpressionLanguage);
    attr(definitions_, "exporter", "bpmkit");
    if (flavour_ == BpmnFlavour::Camunda8) {
      attr(definitions_, "modeler:executionPlatform", "Camunda Cloud");
      attr(definitions_, "modeler:executionPlatformVersion", "8.8.0");
    } else if (flavour_ == BpmnFlavour::Camunda7) {
      attr(definitions_, "modeler:executionPlatform", "Camunda Platform");
      attr(definitions_, "modeler:executionPlatformVersion", "7.24.0");
    }
    process_id_ = "Process_" + design::xml_name(p_.name);

    pugi::xml_node collaboration = definitions_.append_child("bpmn:collaboration");
    attr(collaboration, "id", "Collaboration_1");
    pugi::xml_node participant = collaboration.append_child("bpmn:participant");
    attr(participant, "id", "Participant_1");
    attr(participant, "name", p_.name);
    attr(participant, "processRef", process_id_);
    if (!executable()) write_resources();
    // A stream's own start event is a message start: engines allow one blank start event only.
    for (const BpmnNode& node : g_.nodes) {
      if (node.stream.empty()) continue;
      pugi::xml_node message = definitions_.append_child("bpmn:message");
      attr(message, "id", "Message_" + node.id);
      attr(message, "name", node.stream);
    }
    // A wait with timers is a receive task: it waits for a message named after its step.
    for (const BpmnNode& node : g_.nodes) {
      if (node.kind == BpmnKind::ReceiveTask) write_wait_message(node);
    }
    // The errors that ends inside calls throw, for the outermost call to catch (errorCode: the
    // outcome; Zeebe requires one, Camunda 7 matches by it).
    for (const design::BpmnError& error : g_.errors) {
      pugi::xml_node e = definitions_.append_child("bpmn:error");
      attr(e, "id", error.id);
      attr(e, "name", error.name);
      attr(e, "errorCode", error.code);
    }
    write_process();
    // The callees of calls of other process files, each a process of its own (a callee may call
    // another file in turn, which appends to the list).
    for (std::size_t i = 0; i < callees_.size(); ++i) write_callee(callees_[i]);
    write_diagram();
    if (!executable()) write_bpsim();

    std::ostringstream out;
    doc_.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
    return out.str();
  }

 private:
  const Process& p_;
  BpmnFlavour flavour_;
  BpmnGraph g_;
  BpmnLayout layout_;
  design::BpsimUnit unit_;
  pugi::xml_document doc_;
  pugi::xml_node definitions_;
  std::string process_id_;
  std::vector<std::size_t> callees_;  // call activities whose callee process is still to write

  static std::string resource_id(const std::string& resource) { return "Resource_" + design::xml_name(resource); }

  [[nodiscard]] bool executable() const { return flavour_ != BpmnFlavour::Model; }

  /// A call of a fragment that is another process file: a call activity of a process of its own.
  [[nodiscard]] bool calls_file(const BpmnNode& node) const {
    if (node.kind != BpmnKind::SubProcess) return false;
    const auto f = std::find_if(p_.fragments.begin(), p_.fragments.end(),
                                [&](const Fragment& fragment) { return fragment.id == node.fragment; });
    return f != p_.fragments.end() && !f->file.empty();
  }

  /// The process a call activity calls: one per call, since each call's copy has steps of its own.
  [[nodiscard]] std::string callee_id(const BpmnNode& node) const {
    return process_id_ + "." + design::xml_name(node.call);
  }

  /// Whether node v is drawn in a callee's process rather than in the main one.
  [[nodiscard]] bool in_callee(std::size_t v) const {
    for (auto c = g_.nodes[v].parent; c; c = g_.nodes[*c].parent) {
      if (calls_file(g_.nodes[*c])) return true;
    }
    return false;
  }

  /// The candidate group of a pool's work: the pool's role, else the pool itself.
  [[nodiscard]] std::string candidate_group(const std::string& resource) const {
    const Resource* r = p_.find_resource(resource);
    return r != nullptr && !r->role.empty() ? r->role : resource;
  }

  /// The process variable an engine routes a drawn branch by (the deciding task's worker or
  /// user sets it): `route_<gateway>`.
  [[nodiscard]] std::string route_variable(const BpmnNode& gateway) const {
    std::string name = "route_" + gateway.id;
    for (char& c : name) c = (c == '-' || c == '.') ? '_' : c;
    return name;
  }

  void write_resources() {
    for (const Resource& resource : p_.resources) {
      pugi::xml_node node = definitions_.append_child("bpmn:resource");
      attr(node, "id", resource_id(resource.id));
      attr(node, "name", resource.id);
    }
  }

  void write_process() {
    pugi::xml_node process = definitions_.append_child("bpmn:process");
    attr(process, "id", process_id_);
    attr(process, "name", p_.name);
    attr(process, "isExecutable", executable() ? "true" : "false");
    // Camunda 7.20+ refuses to deploy without a history time to live.
    if (flavour_ == BpmnFlavour::Camunda7) attr(process, "camunda:historyTimeToLive", "P180D");
    if (!p_.description.empty()) text_child(process, "bpmn:documentation", p_.description);
    if (!executable()) {
      pugi::xml_node extension = process.append_child("bpmn:extensionElements");
      pugi::xml_node model = extension.append_child("bpm:model");
      attr(model, "format", "yaml");
      model.append_child(pugi::node_cdata).set_value(model_section(p_).c_str());
    }

    if (!g_.lanes.empty()) {
      pugi::xml_node lane_set = process.append_child("bpmn:laneSet");
      attr(lane_set, "id", "LaneSet_1");
      for (const auto& role : g_.lanes) {
        pugi::xml_node lane = lane_set.append_child("bpmn:lane");
        attr(lane, "id", "Lane_" + design::xml_name(role));
        const Role* found = p_.find_role(role);
        attr(lane, "name", found && !found->name.empty() ? found->name : role);
        if (!executable()) attr(lane, "bpm:role", role);
        for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
          if (g_.nodes[v].lane == role && !in_callee(v)) text_child(lane, "bpmn:flowNodeRef", g_.nodes[v].id);
        }
      }
    }
    write_scope(process, std::nullopt);
  }

  /// The flow nodes and sequence flows of the process (scope none) or of one sub-process.
  void write_scope(pugi::xml_node parent, std::optional<std::size_t> scope) {
    for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
      if (g_.nodes[v].parent != scope) continue;
      if (calls_file(g_.nodes[v])) {
        write_call_activity(parent, v);
      } else if (g_.nodes[v].kind == BpmnKind::SubProcess) {
        write_sub_process(parent, v);
      } else {
        write_node(parent, g_.nodes[v]);
      }
    }
    for (const auto& flow : g_.flows) {
      if (g_.nodes[flow.from].parent == scope) write_flow(parent, flow);
    }
  }

  /// A call of a fragment: a sub-process with the steps of the call's copy inside. `bpm:step` is
  /// the call's id, `bpm:call` the fragment's.
  void write_sub_process(pugi::xml_node parent, std::size_t v) {
    const BpmnNode& node = g_.nodes[v];
    pugi::xml_node e = parent.append_child("bpmn:subProcess");
    attr(e, "id", node.id);
    attr(e, "name", node.name);
    if (!executable()) {
      attr(e, "bpm:step", node.call);
      attr(e, "bpm:call", node.fragment);
    }
    if (!node.description.empty()) text_child(e, "bpmn:documentation", node.description);
    write_flow_refs(e, node);
    write_scope(e, v);
  }

  /// A call of another process file: a call activity whose callee, a process of its own written
  /// after the main one, holds the steps of the call's copy. `bpm:step` and `bpm:call` as for a
  /// sub-process; engines get their own way to name the callee and to pass the case's data.
  void write_call_activity(pugi::xml_node parent, std::size_t v) {
    const BpmnNode& node = g_.nodes[v];
    pugi::xml_node e = parent.append_child("bpmn:callActivity");
    attr(e, "id", node.id);
    attr(e, "name", node.name);
    attr(e, "calledElement", callee_id(node));
    if (!executable()) {
      attr(e, "bpm:step", node.call);
      attr(e, "bpm:call", node.fragment);
    }
    if (!node.description.empty()) text_child(e, "bpmn:documentation", node.description);
    if (flavour_ == BpmnFlavour::Camunda8) {
      pugi::xml_node called = e.append_child("bpmn:extensionElements").append_child("zeebe:calledElement");
      attr(called, "processId", callee_id(node));
      attr(called, "propagateAllChildVariables", "true");
    } else if (flavour_ == BpmnFlavour::Camunda7) {
      pugi::xml_node extension = e.append_child("bpmn:extensionElements");
      attr(extension.append_child("camunda:in"), "variables", "all");
      attr(extension.append_child("camunda:out"), "variables", "all");
    }
    write_flow_refs(e, node);
    callees_.push_back(v);
  }

  void write_callee(std::size_t v) {
    const BpmnNode& node = g_.nodes[v];
    pugi::xml_node process = definitions_.append_child("bpmn:process");
    attr(process, "id", callee_id(node));
    attr(process, "name", node.name);
    attr(process, "isExecutable", executable() ? "true" : "false");
    if (flavour_ == BpmnFlavour::Camunda7) attr(process, "camunda:historyTimeToLive", "P180D");
    write_scope(process, v);
  }

  static const char* element_name(BpmnKind kind) {
    switch (kind) {
      case BpmnKind::StartEvent: return "bpmn:startEvent";
      case BpmnKind::EndEvent: return "bpmn:endEvent";
      case BpmnKind::Task: return "bpmn:task";
      case BpmnKind::UserTask: return "bpmn:userTask";
      case BpmnKind::ReceiveTask: return "bpmn:receiveTask";
      case BpmnKind::TimerEvent: return "bpmn:intermediateCatchEvent";
      case BpmnKind::BoundaryTimer:
      case BpmnKind::BoundaryError: return "bpmn:boundaryEvent";
      case BpmnKind::ExclusiveGateway: return "bpmn:exclusiveGateway";
      case BpmnKind::InclusiveGateway: return "bpmn:inclusiveGateway";
      case BpmnKind::ParallelGateway: return "bpmn:parallelGateway";
      case BpmnKind::SubProcess: return "bpmn:subProcess";
    }
    return "bpmn:task";
  }

  static void write_raci(pugi::xml_node extension, const Raci& raci) {
    if (raci.responsible.empty() && raci.accountable.empty() && raci.consulted.empty() && raci.informed.empty()) {
      return;
    }
    pugi::xml_node node = extension.append_child("bpm:raci");
    const auto roles = [&](const char* duty, const std::vector<std::string>& ids) {
      for (const auto& id : ids) attr(node.append_child(duty), "role", id);
    };
    roles("bpm:responsible", raci.responsible);
    roles("bpm:accountable", raci.accountable);
    roles("bpm:consulted", raci.consulted);
    roles("bpm:informed", raci.informed);
  }

  /// A flow node for an engine: service tasks with a job type (Zeebe) or an external topic
  /// (Camunda 7) named after the step, user tasks for the candidate group of their pool's role,
  /// no simulation data.
  void write_executable_node(pugi::xml_node process, const BpmnNode& node) {
    const bool zeebe = flavour_ == BpmnFlavour::Camunda8;
    const char* name = node.kind == BpmnKind::Task ? "bpmn:serviceTask" : element_name(node.kind);
    pugi::xml_node e = process.append_child(name);
    attr(e, "id", node.id);
    if (!node.name.empty()) attr(e, "name", node.name);
    const bool gateway = node.kind == BpmnKind::ExclusiveGateway || node.kind == BpmnKind::InclusiveGateway ||
                         node.kind == BpmnKind::ParallelGateway;
    if (gateway)
      attr(e, "gatewayDirection", node.converging ? "Converging" : node.diverging ? "Diverging" : "Unspecified");
    if (node.default_flow) attr(e, "default", g_.flows[*node.default_flow].id);
    const Step* step = node.step ? &p_.steps[*node.step] : nullptr;
    const bool drawn = gateway && node.diverging && node.kind != BpmnKind::ParallelGateway &&
                       std::any_of(node.outgoing.begin(), node.outgoing.end(),
                                   [&](std::size_t f) { return needs_route(g_.flows[f]); });
    std::string documentation = node.purpose == NodePurpose::Step && step ? step->description : std::string();
    if (node.kind == BpmnKind::ReceiveTask && step && step->wait) {
      documentation += fmt::format(
          "{}The simulation model draws this wait from {}: the time until message '{}' arrives. The engine waits "
          "for that message, correlated by the process variable '{}'.",
          documentation.empty() ? "" : "\n", design::distribution_text(*step->wait), step->id, kCorrelationVariable);
    }
    if (drawn) {
      documentation += fmt::format(
          "{}The simulation model draws this decision; the engine takes the flows whose target id "
          "is in the process variable '{}' (set by the work before it).",
          documentation.empty() ? "" : "\n", route_variable(node));
    }
    if (!documentation.empty()) text_child(e, "bpmn:documentation", documentation);
    if (step && node.purpose == NodePurpose::Step && (node.kind == BpmnKind::Task || node.kind == BpmnKind::UserTask)) {
      if (zeebe) {
        pugi::xml_node extension = e.append_child("bpmn:extensionElements");
        if (node.kind == BpmnKind::UserTask) {
          extension.append_child("zeebe:userTask");
          attr(extension.append_child("zeebe:assignmentDefinition"), "candidateGroups",
               candidate_group(step->resource));
          // A task list shows a form: an external one named after the step, for the team to provide.
          attr(extension.append_child("zeebe:formDefinition"), "externalReference", fmt::format("forms/{}", step->id));
        } else {
          attr(extension.append_child("zeebe:taskDefinition"), "type", step->id);
        }
      } else if (node.kind == BpmnKind::UserTask) {
        attr(e, "camunda:candidateGroups", candidate_group(step->resource));
      } else {
        attr(e, "camunda:type", "external");
        attr(e, "camunda:topic", step->id);
      }
    }
    write_flow_refs(e, node);
    if (node.purpose == NodePurpose::Step && step && step->instances) write_multi_instance(e, *step->instances);
    write_event_definition(e, node, step);
  }

  /// BPMN's multi-instance marker. The model flavour keeps the count exactly in `bpm:instances`
  /// (a distribution) or `bpm:instances-of` (an expression) and shows the mean as the
  /// cardinality; Camunda 7 takes the cardinality as JUEL; Zeebe knows no cardinality, only an
  /// input collection, so it gets the list 1..n in FEEL.
  void write_multi_instance(pugi::xml_node e, const Instances& instances) const {
    pugi::xml_node mi = e.append_child("bpmn:multiInstanceLoopCharacteristics");
    attr(mi, "isSequential", instances.parallel ? "false" : "true");
    const std::string mean = instances.count ? design::number_text(std::round(instances.count->mean())) : std::string();
    switch (flavour_) {
      case BpmnFlavour::Model: {
        if (instances.count) {
          attr(mi, "bpm:instances", design::distribution_text(*instances.count));
        } else {
          attr(mi, "bpm:instances-of", instances.count_of->text());
        }
        const std::string cardinality = instances.count ? mean : instances.count_of->text();
        attr(text_child(mi, "bpmn:loopCardinality", cardinality), "xsi:type", "bpmn:tFormalExpression");
        break;
      }
      case BpmnFlavour::Camunda7: {
        const std::string cardinality = instances.count ? mean : design::expression_to_juel(instances.count_of->text());
        attr(text_child(mi, "bpmn:loopCardinality", cardinality), "xsi:type", "bpmn:tFormalExpression");
        break;
      }
      case BpmnFlavour::Camunda8: {
        std::string n = instances.count ? mean : design::expression_to_feel(instances.count_of->text());
        if (!n.empty() && n.front() == '=') n = n.substr(1);
        pugi::xml_node loop = mi.append_child("bpmn:extensionElements").append_child("zeebe:loopCharacteristics");
        attr(loop, "inputCollection", fmt::format("=for i in 1..({}) return i", design::trim_text(n)));
        break;
      }
    }
  }

  void write_flow_refs(pugi::xml_node e, const BpmnNode& node) const {
    for (const std::size_t f : node.incoming) text_child(e, "bpmn:incoming", g_.flows[f].id);
    for (const std::size_t f : node.outgoing) text_child(e, "bpmn:outgoing", g_.flows[f].id);
  }

  /// The message a receive task (a wait with timers) waits for. Zeebe correlates it by a key.
  void write_wait_message(const BpmnNode& node) {
    pugi::xml_node message = definitions_.append_child("bpmn:message");
    attr(message, "id", "Message_" + node.id);
    attr(message, "name", p_.steps[*node.step].id);
    if (flavour_ == BpmnFlavour::Camunda8) {
      attr(message.append_child("bpmn:extensionElements").append_child("zeebe:subscription"), "correlationKey",
           fmt::format("={}", kCorrelationVariable));
    }
  }

  /// The ISO 8601 duration of a timer for engines, which take one value: the mean of the
  /// distribution (exact for a constant), over the case attributes when its parameters depend on
  /// them (the estimate `analyze` uses). The exact text stays in the bpmkit extension. Nothing
  /// when there is no estimate (the parameters read attributes that steps set).
  void write_time_duration(pugi::xml_node definition, const Distribution& d, const std::string& key) const {
    const DrawMoments moments = draw_moments(p_, d, key);
    if (!std::isfinite(moments.mean)) return;
    // An estimate is written to the second: its last digits would be noise of the draws.
    const double mean = moments.estimated ? std::round(moments.mean) : moments.mean;
    attr(text_child(definition, "bpmn:timeDuration", design::iso_duration(mean)), "xsi:type", "bpmn:tFormalExpression");
  }

  /// A wait's timer (its mean: write_time_duration); a receive task's message; an end's
  /// terminate definition when parallel tokens can be in flight.
  void write_event_definition(pugi::xml_node e, const BpmnNode& node, const Step* step) const {
    if (node.kind == BpmnKind::ReceiveTask) attr(e, "messageRef", "Message_" + node.id);
    if (!node.stream.empty()) {
      pugi::xml_node message = e.append_child("bpmn:messageEventDefinition");
      attr(message, "id", "MessageDefinition_" + node.id);
      attr(message, "messageRef", "Message_" + node.id);
    }
    if (node.kind == BpmnKind::TimerEvent && step) {
      pugi::xml_node timer = e.append_child("bpmn:timerEventDefinition");
      attr(timer, "id", "Timer_" + node.id);
      if (step->wait) write_time_duration(timer, *step->wait, "steps." + step->id + ".wait");
    }
    // An end inside a call throws its error, which the outermost call catches. A sub-process's
    // own end events return from the call: plain, as BPMN completes it.
    if (node.kind == BpmnKind::EndEvent && node.purpose == NodePurpose::Step && node.error) {
      pugi::xml_node error = e.append_child("bpmn:errorEventDefinition");
      attr(error, "id", "ErrorDefinition_" + node.id);
      attr(error, "errorRef", g_.errors[*node.error].id);
    } else if (node.kind == BpmnKind::EndEvent && g_.terminate && node.purpose != NodePurpose::Return &&
               (step == nullptr || step->terminate)) {
      attr(e.append_child("bpmn:terminateEventDefinition"), "id", "Terminate_" + node.id);
    }
  }

  /// A flow out of a deciding gateway that is not its default and has no condition of its own.
  [[nodiscard]] bool needs_route(const BpmnFlow& flow) const {
    const BpmnNode& source = g_.nodes[flow.from];
    if (source.kind != BpmnKind::ExclusiveGateway && source.kind != BpmnKind::InclusiveGateway) return false;
    if (!source.diverging || is_default(flow)) return false;
    return condition_of(flow) == nullptr;
  }

  /// The `when` a flow stands for, if any.
  [[nodiscard]] const Expression* condition_of(const BpmnFlow& flow) const {
    const BpmnNode& source = g_.nodes[flow.from];
    if (!source.step || source.purpose != NodePurpose::Step) return nullptr;
    const Step& step = p_.steps[*source.step];
    for (const std::size_t b : flow.branches) {
      if (b < step.branches.size() && step.branches[b].when) return &*step.branches[b].when;
    }
    return nullptr;
  }

  void write_executable_flow(pugi::xml_node process, const BpmnFlow& flow) {
    const bool zeebe = flavour_ == BpmnFlavour::Camunda8;
    pugi::xml_node e = process.append_child("bpmn:sequenceFlow");
    attr(e, "id", flow.id);
    attr(e, "sourceRef", g_.nodes[flow.from].id);
    attr(e, "targetRef", g_.nodes[flow.to].id);
    if (!flow.name.empty()) attr(e, "name", flow.name);
    std::string text;
    if (const Expression* when = condition_of(flow)) {
      text = zeebe ? design::expression_to_feel(when->text()) : design::expression_to_juel(when->text());
    } else if (needs_route(flow)) {
      const BpmnNode& source = g_.nodes[flow.from];
      const std::string variable = route_variable(source);
      const std::string target = g_.nodes[flow.to].id;
      if (source.kind == BpmnKind::InclusiveGateway) {
        text = zeebe ? fmt::format("=list contains({}, \"{}\")", variable, target)
                     : fmt::format("${{{}.contains('{}')}}", variable, target);
      } else {
        text = zeebe ? fmt::format("={} = \"{}\"", variable, target) : fmt::format("${{{} == '{}'}}", variable, target);
      }
    }
    if (!text.empty()) {
      pugi::xml_node expression = text_child(e, "bpmn:conditionExpression", text);
      attr(expression, "xsi:type", "bpmn:tFormalExpression");
    }
  }

  /// A task's (or a wait's receive task's) timeout or escalation: a boundary timer event on its
  /// border. Engines need one duration (write_time_duration); the model flavour keeps the
  /// distribution in `bpm:after`.
  void write_boundary_timer(pugi::xml_node process, const BpmnNode& node) {
    const Step& step = p_.steps[*node.step];
    const StepTimer& timer = node.patience ? *step.abandon : (node.interrupting ? *step.timeout : *step.escalate);
    const char* kind = node.patience ? "abandon" : (node.interrupting ? "timeout" : "escalate");
    pugi::xml_node e = process.append_child("bpmn:boundaryEvent");
    attr(e, "id", node.id);
    attr(e, "name", node.name);
    if (!node.interrupting) attr(e, "cancelActivity", "false");
    attr(e, "attachedToRef", g_.nodes[*node.attached].id);
    if (!executable()) {
      attr(e, "bpm:after", design::distribution_text(timer.after));
      if (node.patience) attr(e, "bpm:timer", "abandon");
    }
    if (!timer.description.empty()) text_child(e, "bpmn:documentation", timer.description);
    write_flow_refs(e, node);
    pugi::xml_node definition = e.append_child("bpmn:timerEventDefinition");
    attr(definition, "id", "Timer_" + node.id);
    write_time_duration(definition, timer.after, fmt::format("steps.{}.{}", step.id, kind));
  }

  /// An outermost call's catch of the error that ends inside it throw: interrupting (BPMN allows
  /// no other error boundary), its one flow to the end event of the process with their outcome.
  void write_boundary_error(pugi::xml_node process, const BpmnNode& node) const {
    pugi::xml_node e = process.append_child("bpmn:boundaryEvent");
    attr(e, "id", node.id);
    attr(e, "name", node.name);
    attr(e, "cancelActivity", "true");
    attr(e, "attachedToRef", g_.nodes[*node.attached].id);
    write_flow_refs(e, node);
    pugi::xml_node definition = e.append_child("bpmn:errorEventDefinition");
    attr(definition, "id", "ErrorDefinition_" + node.id);
    attr(definition, "errorRef", g_.errors[*node.error].id);
  }

  void write_node(pugi::xml_node process, const BpmnNode& node) {
    if (node.kind == BpmnKind::BoundaryTimer) {
      write_boundary_timer(process, node);
      return;
    }
    if (node.kind == BpmnKind::BoundaryError) {
      write_boundary_error(process, node);
      return;
    }
    if (executable()) {
      write_executable_node(process, node);
      return;
    }
    pugi::xml_node e = process.append_child(element_name(node.kind));
    attr(e, "id", node.id);
    if (!node.name.empty()) attr(e, "name", node.name);
    const bool gateway = node.kind == BpmnKind::ExclusiveGateway || node.kind == BpmnKind::InclusiveGateway ||
                         node.kind == BpmnKind::ParallelGateway;
    if (gateway)
      attr(e, "gatewayDirection", node.converging ? "Converging" : node.diverging ? "Diverging" : "Unspecified");
    if (node.default_flow) attr(e, "default", g_.flows[*node.default_flow].id);
    const Step* step = node.step ? &p_.steps[*node.step] : nullptr;
    pugi::xml_node extension;
    if (!node.stream.empty()) attr(e, "bpm:stream", node.stream);
    if (node.purpose == NodePurpose::Step) {
      attr(e, "bpm:step", step->id);
      switch (step->kind) {
        case StepKind::Task:
          if (!step->resource.empty()) attr(e, "bpm:resource", step->resource);
          if (!step->other_resources.empty()) attr(e, "bpm:policy", pool_policy_name(step->policy));
          if (step->duration) attr(e, "bpm:duration", design::distribution_text(*step->duration));
          if (step->cost != 0.0) number(e, "bpm:cost", step->cost);
          if (step->cost_formula) attr(e, "bpm:cost-formula", step->cost_formula->text());
          if (step->priority != 0) attr(e, "bpm:priority", std::to_string(step->priority));
          if (step->priority_expression) attr(e, "bpm:priority-formula", step->priority_expression->text());
          if (step->batch) {
            attr(e, "bpm:batch-size", std::to_string(step->batch->size));
            if (step->batch->timeout) attr(e, "bpm:batch-timeout", design::distribution_text(*step->batch->timeout));
          }
          break;
        case StepKind::Wait:
          if (step->wait) attr(e, "bpm:wait", design::distribution_text(*step->wait));
          if (!step->logged) attr(e, "bpm:log", "false");
          break;
        case StepKind::End:
          attr(e, "bpm:outcome", step->outcome);
          if (step->revenue) attr(e, "bpm:revenue", step->revenue->text());
          if (!step->terminate) attr(e, "bpm:terminate", "false");
          break;
        default: break;
      }
      if (!step->description.empty()) text_child(e, "bpmn:documentation", step->description);
      const Raci& raci = step->raci;
      const bool has_raci =
          !raci.responsible.empty() || !raci.accountable.empty() || !raci.consulted.empty() || !raci.informed.empty();
      if (has_raci || !step->set.empty() || !step->other_resources.empty()) {
        extension = e.append_child("bpmn:extensionElements");
        if (has_raci) write_raci(extension, raci);
        // Several pools for one task: the others, in order; `set:` in the order written.
        for (const auto& pool : step->other_resources) attr(extension.append_child("bpm:pool"), "id", pool);
        for (const Assignment& a : step->set) {
          pugi::xml_node item = extension.append_child("bpm:set");
          attr(item, "attribute", a.attribute);
          attr(item, "value", a.value.text());
        }
      }
    } else if (node.purpose == NodePurpose::ReworkCheck) {
      attr(e, "bpm:rework-of", step->id);
      number(e, "bpm:rework", step->rework->p);
      if (!step->rework->to.empty()) attr(e, "bpm:rework-to", step->rework->to);
      text_child(
          e, "bpmn:documentation",
          fmt::format(
              "{} of the work is found faulty on completion and goes {}", design::percent(step->rework->p),
              step->rework->to.empty() ? std::string("back to the task") : fmt::format("to '{}'", step->rework->to)));
    }
    write_flow_refs(e, node);
    if (node.kind == BpmnKind::UserTask && step) {
      pugi::xml_node performer = e.append_child("bpmn:performer");
      attr(performer, "id", "Performer_" + node.id);
      text_child(performer, "bpmn:resourceRef", resource_id(step->resource));
    }
    if (node.purpose == NodePurpose::Step && step && step->instances) write_multi_instance(e, *step->instances);
    write_event_definition(e, node, step);
  }

  [[nodiscard]] bool is_default(const BpmnFlow& flow) const {
    const auto& fallback = g_.nodes[flow.from].default_flow;
    return fallback && &g_.flows[*fallback] == &flow;
  }

  void write_flow(pugi::xml_node process, const BpmnFlow& flow) {
    if (executable()) {
      write_executable_flow(process, flow);
      return;
    }
    pugi::xml_node e = process.append_child("bpmn:sequenceFlow");
    attr(e, "id", flow.id);
    attr(e, "sourceRef", g_.nodes[flow.from].id);
    attr(e, "targetRef", g_.nodes[flow.to].id);
    if (!flow.name.empty()) attr(e, "name", flow.name);
    if (flow.rework) attr(e, "bpm:kind", "rework");
    const BpmnNode& source = g_.nodes[flow.from];
    const Step* step = source.step && source.purpose == NodePurpose::Step ? &p_.steps[*source.step] : nullptr;
    const Expression* condition = nullptr;
    if (step && !flow.branches.empty()) {
      std::string documentation;
      for (const std::size_t b : flow.branches) {
        if (!step->branches[b].description.empty()) {
          documentation += (documentation.empty() ? "" : "\n") + step->branches[b].description;
        }
      }
      if (!documentation.empty()) text_child(e, "bpmn:documentation", documentation);
      pugi::xml_node extension = e.append_child("bpmn:extensionElements");
      for (const std::size_t b : flow.branches) {
        const Branch& branch = step->branches[b];
        pugi::xml_node item = extension.append_child("bpm:branch");
        attr(item, "index", std::to_string(b));
        if (branch.when) {
          attr(item, "when", branch.when->text());
          condition = &*branch.when;
        }
        if (branch.p) number(item, "p", *branch.p);
        if (!branch.description.empty()) attr(item, "description", branch.description);
      }
    }
    if (condition != nullptr) {
      pugi::xml_node expression = text_child(e, "bpmn:conditionExpression", condition->text());
      attr(expression, "xsi:type", "bpmn:tFormalExpression");
    } else if (flow.probability && !is_default(flow) &&
               (source.kind == BpmnKind::ExclusiveGateway || source.kind == BpmnKind::InclusiveGateway)) {
      // Every flow out of a deciding gateway needs a condition or must be its default (engines
      // and bpmnlint's conditional-flows insist): a drawn branch states its probability.
      pugi::xml_node expression = text_child(e, "bpmn:conditionExpression", design::number_text(*flow.probability));
      attr(expression, "xsi:type", "bpmn:tFormalExpression");
      attr(expression, "language", kProbabilityLanguage);
    }
  }

  static void bounds(pugi::xml_node parent, const design::Bounds& b) {
    pugi::xml_node node = parent.append_child("dc:Bounds");
    number(node, "x", b.x);
    number(node, "y", b.y);
    number(node, "width", b.width);
    number(node, "height", b.height);
  }

  void write_diagram() {
    pugi::xml_node diagram = definitions_.append_child("bpmndi:BPMNDiagram");
    attr(diagram, "id", "BPMNDiagram_1");
    pugi::xml_node plane = diagram.append_child("bpmndi:BPMNPlane");
    attr(plane, "id", "BPMNPlane_1");
    attr(plane, "bpmnElement", "Collaboration_1");
    auto shape = [&](const std::string& element, const design::Bounds& b, bool horizontal) {
      pugi::xml_node node = plane.append_child("bpmndi:BPMNShape");
      attr(node, "id", element + "_di");
      attr(node, "bpmnElement", element);
      if (horizontal) attr(node, "isHorizontal", "true");
      bounds(node, b);
      return node;
    };
    shape("Participant_1", layout_.pool, true);
    for (std::size_t l = 0; l < g_.lanes.size(); ++l) {
      shape("Lane_" + design::xml_name(g_.lanes[l]), layout_.lanes[l], true);
    }
    write_plane(plane, std::nullopt);
    // Each sub-process has a plane of its own, which bpmn.io and Camunda Modeler open when one
    // drills down into the collapsed shape.
    for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
      if (g_.nodes[v].kind != BpmnKind::SubProcess) continue;
      pugi::xml_node sub = definitions_.append_child("bpmndi:BPMNDiagram");
      attr(sub, "id", "BPMNDiagram_" + g_.nodes[v].id);
      pugi::xml_node sub_plane = sub.append_child("bpmndi:BPMNPlane");
      attr(sub_plane, "id", "BPMNPlane_" + g_.nodes[v].id);
      attr(sub_plane, "bpmnElement", calls_file(g_.nodes[v]) ? callee_id(g_.nodes[v]) : g_.nodes[v].id);
      write_plane(sub_plane, v);
    }
  }

  /// The shapes and edges of the nodes and flows of one scope (the process, or a sub-process).
  void write_plane(pugi::xml_node plane, std::optional<std::size_t> scope) {
    for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
      if (g_.nodes[v].parent != scope) continue;
      pugi::xml_node node = plane.append_child("bpmndi:BPMNShape");
      attr(node, "id", g_.nodes[v].id + "_di");
      attr(node, "bpmnElement", g_.nodes[v].id);
      if (g_.nodes[v].kind == BpmnKind::SubProcess && !calls_file(g_.nodes[v])) attr(node, "isExpanded", "false");
      bounds(node, layout_.nodes[v]);
      if (g_.nodes[v].kind == BpmnKind::ExclusiveGateway) attr(node, "isMarkerVisible", "true");
      if (layout_.node_labels[v].width > 0.0) bounds(node.append_child("bpmndi:BPMNLabel"), layout_.node_labels[v]);
    }
    for (std::size_t f = 0; f < g_.flows.size(); ++f) {
      if (g_.nodes[g_.flows[f].from].parent != scope) continue;
      pugi::xml_node edge = plane.append_child("bpmndi:BPMNEdge");
      attr(edge, "id", g_.flows[f].id + "_di");
      attr(edge, "bpmnElement", g_.flows[f].id);
      for (const auto& point : layout_.flows[f]) {
        pugi::xml_node waypoint = edge.append_child("di:waypoint");
        number(waypoint, "x", point.x);
        number(waypoint, "y", point.y);
      }
      if (layout_.flow_labels[f].width > 0.0) bounds(edge.append_child("bpmndi:BPMNLabel"), layout_.flow_labels[f]);
    }
  }

  /// A distribution's BPSim element, its parameters at their expected values where they are
  /// expressions of case attributes (the exact text stays in the bpmkit extension).
  bool append_distribution(pugi::xml_node parent, const Distribution& d, std::string_view key) const {
    const auto fixed = design::at_expected_parameters(p_, d, key);
    return fixed && design::append_bpsim_distribution(parent, *fixed, unit_);
  }

  /// BPSim scenario with what other simulation tools understand: arrivals, processing times,
  /// fixed costs, priorities, routing probabilities, resource quantities and hourly costs.
  void write_bpsim() {
    pugi::xml_node relationship = definitions_.append_child("bpmn:relationship");
    attr(relationship, "type", "BPSimData");
    pugi::xml_node extension = relationship.append_child("bpmn:extensionElements");
    pugi::xml_node data = extension.append_child("bpsim:BPSimData");
    pugi::xml_node scenario = data.append_child("bpsim:Scenario");
    attr(scenario, "id", "Scenario_1");
    attr(scenario, "name", p_.name);
    pugi::xml_node parameters = scenario.append_child("bpsim:ScenarioParameters");
    attr(parameters, "baseTimeUnit", unit_.name);
    if (p_.simulation.replications > 0) attr(parameters, "replication", std::to_string(p_.simulation.replications));
    if (p_.simulation.seed > 0) attr(parameters, "seed", std::to_string(p_.simulation.seed));

    auto element = [&](const std::string& ref) {
      pugi::xml_node node = scenario.append_child("bpsim:ElementParameters");
      attr(node, "elementRef", ref);
      return node;
    };
    {
      pugi::xml_node start = element(g_.nodes.front().id);
      pugi::xml_node timer = start.append_child("bpsim:ControlParameters").append_child("bpsim:InterTriggerTimer");
      if (!append_distribution(timer, p_.arrivals.every, "arrivals.every")) start.parent().remove_child(start);
    }
    for (const BpmnNode& node : g_.nodes) {
      if (node.purpose != NodePurpose::Step ||
          (node.kind != BpmnKind::Task && node.kind != BpmnKind::UserTask && node.kind != BpmnKind::ReceiveTask))
        continue;
      const Step& step = p_.steps[*node.step];
      pugi::xml_node e = element(node.id);
      bool any = false;
      // A wait's receive task takes as long as the wait: other simulators delay the case by it.
      const std::optional<Distribution>& duration = step.kind == StepKind::Wait ? step.wait : step.duration;
      if (duration) {
        pugi::xml_node time = e.append_child("bpsim:TimeParameters");
        const std::string key = fmt::format("steps.{}.{}", step.id, step.kind == StepKind::Wait ? "wait" : "duration");
        if (append_distribution(time.append_child("bpsim:ProcessingTime"), *duration, key)) {
          any = true;
        } else {
          e.remove_child(time);
        }
      }
      if (step.cost != 0.0) {
        pugi::xml_node cost = e.append_child("bpsim:CostParameters").append_child("bpsim:FixedCost");
        number(cost.append_child("bpsim:FloatingParameter"), "value", step.cost);
        any = true;
      }
      if (step.priority != 0) {
        pugi::xml_node priority = e.append_child("bpsim:PriorityParameters").append_child("bpsim:Priority");
        number(priority.append_child("bpsim:NumericParameter"), "value", step.priority);
        any = true;
      }
      if (!any) scenario.remove_child(e);
    }
    for (const BpmnFlow& flow : g_.flows) {
      if (!flow.probability) continue;
      pugi::xml_node control = element(flow.id).append_child("bpsim:ControlParameters");
      number(control.append_child("bpsim:Probability").append_child("bpsim:FloatingParameter"), "value",
             *flow.probability);
    }
    for (const Resource& resource : p_.resources) {
      pugi::xml_node e = element(resource_id(resource.id));
      pugi::xml_node quantity = e.append_child("bpsim:ResourceParameters").append_child("bpsim:Quantity");
      number(quantity.append_child("bpsim:NumericParameter"), "value", resource.count);
      if (resource.cost_per_hour != 0.0) {
        // BPSim's unit cost is per base time unit.
        pugi::xml_node cost = e.append_child("bpsim:CostParameters").append_child("bpsim:UnitCost");
        number(cost.append_child("bpsim:FloatingParameter"), "value", resource.cost_per_hour * unit_.seconds / 3600.0);
      }
    }
    text_child(relationship, "bpmn:source", process_id_);
    text_child(relationship, "bpmn:target", process_id_);
  }
};

}  // namespace

std::string export_bpmn(const Process& process, BpmnFlavour flavour) { return Exporter(process, flavour).run(); }

}  // namespace bpm
