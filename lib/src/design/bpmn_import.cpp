// BPMN 2.0 XML to a process. The flow nodes become steps in document order; pass-through
// gateways (one way out) disappear; bpmkit's own extensions give exact values, BPSim parameters
// approximate ones, and documented defaults fill the rest, each default reported as a warning.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/model/loader.hpp"
#include "design/bpsim.hpp"
#include "design/dist_text.hpp"
#include "design/labels.hpp"

namespace bpm {
namespace {

using design::local_name;

constexpr const char* kBpmnNs = "http://www.omg.org/spec/BPMN/20100524/MODEL";
constexpr std::string_view kProbabilityLanguage = "urn:bpmkit:probability";
constexpr double kDefaultTask = 1800.0;      // 30 minutes
constexpr double kDefaultTimer = 86400.0;    // 1 day
constexpr const char* kDefaultArrivals = "exponential(1h)";
constexpr const char* kPlaceholder = "__bpmn_import__";

/// Line and column (1-based) of byte offsets in the XML text.
class Positions {
 public:
  explicit Positions(std::string_view text) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  [[nodiscard]] std::pair<int, int> at(std::ptrdiff_t offset) const {
    if (offset < 0) return {0, 0};
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<std::size_t>(offset));
    const auto line = static_cast<std::size_t>(it - line_starts_.begin());
    return {static_cast<int>(line), static_cast<int>(static_cast<std::size_t>(offset) - line_starts_[line - 1] + 1)};
  }

 private:
  std::vector<std::size_t> line_starts_;
};

enum class Kind : std::uint8_t {
  Start, End, Task, Timer, OtherCatch, ThrowEvent, Exclusive, Inclusive, Parallel, EventBased, Complex, Ignored
};

struct Node {
  pugi::xml_node xml;
  Kind kind = Kind::Task;
  std::string id;
  std::vector<std::size_t> in;   // flow indices
  std::vector<std::size_t> out;  // flow indices, in the node's <outgoing> order
  std::string lane;              // role id
  std::string step_id;           // the step it becomes (empty when it does not become one)
  std::string split_id;          // join-and-fork gateways: the split step after the join
  bool folded = false;           // a rework check folded into its task
};

struct Flow {
  pugi::xml_node xml;
  std::string id;
  std::size_t from = 0;
  std::size_t to = 0;
};

Kind classify(std::string_view name, pugi::xml_node e) {
  if (name == "startEvent") return Kind::Start;
  if (name == "endEvent") return Kind::End;
  if (name == "task" || name == "userTask" || name == "manualTask" || name == "serviceTask" || name == "scriptTask" ||
      name == "businessRuleTask" || name == "sendTask" || name == "receiveTask" || name == "callActivity" ||
      name == "subProcess" || name == "adHocSubProcess" || name == "transaction") {
    return Kind::Task;
  }
  if (name == "intermediateCatchEvent") {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "timerEventDefinition") return Kind::Timer;
    }
    return Kind::OtherCatch;
  }
  if (name == "intermediateThrowEvent") return Kind::ThrowEvent;
  if (name == "exclusiveGateway") return Kind::Exclusive;
  if (name == "inclusiveGateway") return Kind::Inclusive;
  if (name == "parallelGateway") return Kind::Parallel;
  if (name == "eventBasedGateway") return Kind::EventBased;
  if (name == "complexGateway") return Kind::Complex;
  return Kind::Ignored;
}

/// "Review documents" -> "review-documents": a step id from a name.
std::string slug(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (c == '?') {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string trim(std::string_view text) {
  std::size_t b = 0;
  std::size_t e = text.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

class Importer {
 public:
  Importer(std::string_view xml, std::string file) : text_(xml), file_(std::move(file)), positions_(xml) {}

  BpmnImport run() {
    const pugi::xml_parse_result parsed = doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) throw ModelError(where(parsed.offset), fmt::format("malformed XML: {}", parsed.description()));
    const pugi::xml_node definitions = doc_.document_element();
    if (local_name(definitions.name()) != "definitions" || !in_bpmn_namespace(definitions)) {
      throw ModelError(where(definitions), "not a BPMN 2.0 document: the root element is not bpmn:definitions");
    }
    find_prefixes(definitions);
    const pugi::xml_node process = pick_process(definitions);
    read_bpsim(definitions);
    read_resources(definitions);
    base_process(process);
    read_lanes(process);
    read_graph(process);
    name_steps();
    build_steps();
    result_.process.source = file_;
    std::stable_sort(result_.warnings.begin(), result_.warnings.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return std::move(result_);
  }

 private:
  std::string_view text_;
  std::string file_;
  Positions positions_;
  pugi::xml_document doc_;
  BpmnImport result_;
  std::set<std::string> bpmn_prefixes_;  // prefixes bound to the BPMN model namespace ("" = default)
  std::string ext_prefix_;               // bound to the bpmkit extension namespace
  std::map<std::string, pugi::xml_node> bpsim_;  // elementRef -> ElementParameters
  double bpsim_unit_ = 60.0;
  std::map<std::string, std::string> resources_;  // bpmn:resource id -> name
  std::map<std::string, std::string> resource_element_;  // resource id in the process -> bpmn:resource id
  bool own_model_ = false;                        // the file carries bpm:model
  std::vector<Node> nodes_;
  std::vector<Flow> flows_;
  std::map<std::string, std::size_t> node_index_;
  std::map<std::string, std::string> lane_of_;  // flow node id -> role id
  std::vector<std::pair<std::string, std::string>> lanes_;  // role id, name

  Location where(std::ptrdiff_t offset) const {
    const auto [line, column] = positions_.at(offset);
    return Location{file_, line, column};
  }
  // pugixml reports an element's offset at its name; the tag starts one byte earlier.
  Location where(pugi::xml_node node) const { return where(node.offset_debug() > 0 ? node.offset_debug() - 1 : -1); }

  void warn(pugi::xml_node node, std::string message) {
    result_.warnings.push_back(Diagnostic{where(node), Severity::Warning, std::move(message), "bpmn-import"});
  }

  bool in_bpmn_namespace(pugi::xml_node e) const {
    const std::string_view name = e.name();
    const auto colon = name.find(':');
    const std::string prefix(colon == std::string_view::npos ? "" : name.substr(0, colon));
    // Before the prefixes are known, accept any declaration of the BPMN namespace on the root.
    if (bpmn_prefixes_.empty()) {
      const std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
      return std::string_view(e.attribute(attribute.c_str()).value()) == kBpmnNs;
    }
    return bpmn_prefixes_.count(prefix) > 0;
  }

  void find_prefixes(pugi::xml_node root) {
    for (const pugi::xml_attribute a : root.attributes()) {
      const std::string_view name = a.name();
      const std::string_view value = a.value();
      std::string prefix;
      if (name == "xmlns") {
        prefix = "";
      } else if (name.rfind("xmlns:", 0) == 0) {
        prefix = std::string(name.substr(6));
      } else {
        continue;
      }
      if (value == kBpmnNs) bpmn_prefixes_.insert(prefix);
      if (value == kBpmnExtensionNamespace) ext_prefix_ = prefix;
    }
  }

  /// An attribute of the bpmkit extension namespace, or nullptr.
  const char* ext(pugi::xml_node e, std::string_view name) const {
    if (ext_prefix_.empty()) return nullptr;
    const pugi::xml_attribute a = e.attribute(fmt::format("{}:{}", ext_prefix_, name).c_str());
    return a ? a.value() : nullptr;
  }

  pugi::xml_node ext_child(pugi::xml_node e, std::string_view name) const {
    if (ext_prefix_.empty()) return {};
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) != "extensionElements") continue;
      for (pugi::xml_node x = c.first_child(); x; x = x.next_sibling()) {
        if (std::string_view(x.name()) == fmt::format("{}:{}", ext_prefix_, name)) return x;
      }
    }
    return {};
  }

  pugi::xml_node pick_process(pugi::xml_node definitions) {
    std::vector<pugi::xml_node> processes;
    for (pugi::xml_node e = definitions.first_child(); e; e = e.next_sibling()) {
      if (local_name(e.name()) == "process") processes.push_back(e);
    }
    if (processes.empty()) throw ModelError(where(definitions), "the BPMN document has no process");
    // The process with the most flow elements: collaborations often add empty pools.
    auto size = [](pugi::xml_node p) { return std::distance(p.begin(), p.end()); };
    const auto best = std::max_element(processes.begin(), processes.end(),
                                       [&](pugi::xml_node a, pugi::xml_node b) { return size(a) < size(b); });
    for (const auto& p : processes) {
      if (p != *best) warn(p, fmt::format("process '{}' is not imported: only one process per file is", p.attribute("id").value()));
    }
    return *best;
  }

  void read_bpsim(pugi::xml_node definitions) {
    // BPSimData may sit in a relationship's or the process's extensionElements: search the tree.
    pugi::xml_node scenario;
    std::function<void(pugi::xml_node)> find = [&](pugi::xml_node n) {
      for (pugi::xml_node c = n.first_child(); c && !scenario; c = c.next_sibling()) {
        if (local_name(c.name()) == "Scenario" && local_name(n.name()) == "BPSimData") {
          scenario = c;
          return;
        }
        find(c);
      }
    };
    find(definitions);
    if (!scenario) return;
    for (pugi::xml_node c = scenario.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "ScenarioParameters") {
        const char* unit = c.attribute("baseTimeUnit").value();
        if (*unit != '\0') {
          if (const auto seconds = design::bpsim_unit_seconds(unit)) {
            bpsim_unit_ = *seconds;
          } else {
            warn(c, fmt::format("unknown BPSim baseTimeUnit '{}': minutes assumed", unit));
          }
        }
      } else if (local_name(c.name()) == "ElementParameters") {
        bpsim_[c.attribute("elementRef").value()] = c;
      }
    }
  }

  /// The distribution under ElementParameters/<group>/<parameter>, e.g. TimeParameters/ProcessingTime.
  std::optional<Distribution> bpsim_distribution(const std::string& element, std::string_view group,
                                                 std::string_view parameter, bool is_time) {
    const auto it = bpsim_.find(element);
    if (it == bpsim_.end()) return std::nullopt;
    for (pugi::xml_node g = it->second.first_child(); g; g = g.next_sibling()) {
      if (local_name(g.name()) != group) continue;
      for (pugi::xml_node p = g.first_child(); p; p = p.next_sibling()) {
        if (local_name(p.name()) != parameter) continue;
        std::string unsupported;
        const auto text = design::bpsim_distribution_text(p, &unsupported);
        if (!text) {
          if (!unsupported.empty()) warn(p, fmt::format("BPSim parameter '{}' is not supported: default used", unsupported));
          return std::nullopt;
        }
        try {
          return design::parse_distribution_text(*text, is_time, bpsim_unit_);
        } catch (const SyntaxError& e) {
          warn(p, fmt::format("BPSim {} '{}' is not usable ({}): default used", parameter, *text, e.what()));
          return std::nullopt;
        }
      }
    }
    return std::nullopt;
  }

  std::optional<double> bpsim_number(const std::string& element, std::string_view group, std::string_view parameter) {
    const auto d = bpsim_distribution(element, group, parameter, false);
    if (!d || d->kind != DistKind::Constant) return std::nullopt;
    return d->p[0];
  }

  void read_resources(pugi::xml_node definitions) {
    for (pugi::xml_node e = definitions.first_child(); e; e = e.next_sibling()) {
      if (local_name(e.name()) != "resource") continue;
      const std::string id = e.attribute("id").value();
      resources_[id] = e.attribute("name").value();
      resource_element_[slug(resources_[id].empty() ? id : resources_[id])] = id;
    }
  }

  /// The process's other sections: from bpm:model when the file carries it, else defaults.
  void base_process(pugi::xml_node process) {
    const pugi::xml_node model = ext_child(process, "model");
    if (model) {
      own_model_ = true;
      const std::string yaml =
          std::string(model.child_value()) + fmt::format("\nstart: {0}\nsteps:\n  {0}: {{ end: imported }}\n", kPlaceholder);
      LoadResult loaded = parse_process_text(yaml, file_);
      if (!loaded.process) {
        // Diagnostics point into the section: shift them to where it starts in the XML.
        const Location at = where(model);
        const Diagnostic& first = loaded.diagnostics.front();
        throw ModelError(Location{file_, at.line + std::max(first.where.line - 1, 0), first.where.column},
                         fmt::format("in {}:model: {}", ext_prefix_, first.message));
      }
      result_.process = std::move(*loaded.process);
      result_.process.steps.clear();
      return;
    }
    Process& p = result_.process;
    p.name = process.attribute("name").empty() ? process.attribute("id").value() : process.attribute("name").value();
    if (const char* d = process.child_value(prefixed("documentation").c_str()); *d != '\0') p.description = trim(d);
    p.simulation.start = parse_datetime("2026-01-05T00:00");
    p.simulation.horizon = 30.0 * 86400.0;
  }

  std::string prefixed(std::string_view local) const {
    const std::string prefix = bpmn_prefixes_.empty() ? std::string() : *bpmn_prefixes_.begin();
    return prefix.empty() ? std::string(local) : fmt::format("{}:{}", prefix, local);
  }

  void read_lanes(pugi::xml_node process) {
    std::function<void(pugi::xml_node)> walk = [&](pugi::xml_node lane_set) {
      for (pugi::xml_node lane = lane_set.first_child(); lane; lane = lane.next_sibling()) {
        if (local_name(lane.name()) != "lane") continue;
        const char* role_attr = ext(lane, "role");
        const std::string name = lane.attribute("name").value();
        std::string role = role_attr ? role_attr : slug(name);
        if (role.empty()) role = lane.attribute("id").value();
        bool has_children = false;
        for (pugi::xml_node c = lane.first_child(); c; c = c.next_sibling()) {
          if (local_name(c.name()) == "childLaneSet") {
            walk(c);
            has_children = true;
          }
        }
        lanes_.emplace_back(role, name.empty() ? role : name);
        for (pugi::xml_node c = lane.first_child(); c; c = c.next_sibling()) {
          // A child lane is more specific than its parent.
          if (local_name(c.name()) == "flowNodeRef" && (!has_children || lane_of_.count(trim(c.child_value())) == 0)) {
            lane_of_[trim(c.child_value())] = role;
          }
        }
      }
    };
    for (pugi::xml_node c = process.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "laneSet") walk(c);
    }
    if (own_model_) return;
    for (const auto& [role, name] : lanes_) {
      if (result_.process.find_role(role)) continue;
      result_.process.roles.push_back(Role{role, name, Location{}});
    }
  }

  void read_graph(pugi::xml_node process) {
    std::vector<pugi::xml_node> flow_elements;
    for (pugi::xml_node e = process.first_child(); e; e = e.next_sibling()) {
      if (e.type() != pugi::node_element) continue;
      const std::string_view name = local_name(e.name());
      if (name == "sequenceFlow") {
        flow_elements.push_back(e);
        continue;
      }
      if (name == "documentation" || name == "extensionElements" || name == "laneSet" || name == "ioSpecification" ||
          name == "property") {
        continue;
      }
      const Kind kind = classify(name, e);
      if (kind == Kind::Ignored) {
        warn(e, fmt::format("{} '{}' has no counterpart in the process format: ignored", name,
                            e.attribute("name").empty() ? e.attribute("id").value() : e.attribute("name").value()));
        continue;
      }
      Node node;
      node.xml = e;
      node.kind = kind;
      node.id = e.attribute("id").value();
      node.lane = lane_of_.count(node.id) ? lane_of_[node.id] : std::string();
      node_index_[node.id] = nodes_.size();
      nodes_.push_back(std::move(node));
    }
    for (const pugi::xml_node e : flow_elements) {
      const auto from = node_index_.find(e.attribute("sourceRef").value());
      const auto to = node_index_.find(e.attribute("targetRef").value());
      if (from == node_index_.end() || to == node_index_.end()) {
        warn(e, fmt::format("sequence flow '{}' connects an element that is not imported: ignored", e.attribute("id").value()));
        continue;
      }
      flows_.push_back(Flow{e, e.attribute("id").value(), from->second, to->second});
      nodes_[from->second].out.push_back(flows_.size() - 1);
      nodes_[to->second].in.push_back(flows_.size() - 1);
    }
    // Keep each node's outgoing flows in the order of its <outgoing> list when it has one: that
    // is the order of an xor's branches, whose conditions are tested in order.
    for (Node& node : nodes_) {
      std::vector<std::string> order;
      for (pugi::xml_node c = node.xml.first_child(); c; c = c.next_sibling()) {
        if (local_name(c.name()) == "outgoing") order.push_back(trim(c.child_value()));
      }
      auto position = [&](std::size_t f) {
        return static_cast<std::size_t>(std::find(order.begin(), order.end(), flows_[f].id) - order.begin());
      };
      std::stable_sort(node.out.begin(), node.out.end(), [&](std::size_t a, std::size_t b) { return position(a) < position(b); });
      std::vector<std::string> in_order;
      for (pugi::xml_node c = node.xml.first_child(); c; c = c.next_sibling()) {
        if (local_name(c.name()) == "incoming") in_order.push_back(trim(c.child_value()));
      }
      auto in_position = [&](std::size_t f) {
        return static_cast<std::size_t>(std::find(in_order.begin(), in_order.end(), flows_[f].id) - in_order.begin());
      };
      std::stable_sort(node.in.begin(), node.in.end(), [&](std::size_t a, std::size_t b) { return in_position(a) < in_position(b); });
    }
  }

  [[nodiscard]] bool is_gateway(Kind k) const {
    return k == Kind::Exclusive || k == Kind::Inclusive || k == Kind::Parallel || k == Kind::EventBased || k == Kind::Complex;
  }

  /// A node that passes its token straight on: a gateway with one way out that does not
  /// synchronise, or an intermediate throw event.
  [[nodiscard]] bool transparent(const Node& n) const {
    if (n.kind == Kind::ThrowEvent) return n.out.size() == 1;
    if (n.kind == Kind::Exclusive || n.kind == Kind::EventBased || n.kind == Kind::Complex) return n.out.size() == 1;
    if (n.kind == Kind::Inclusive || n.kind == Kind::Parallel) return n.out.size() == 1 && n.in.size() <= 1;
    return false;
  }

  [[nodiscard]] bool is_rework_check(const Node& n) const {
    return ext(n.xml, "rework") != nullptr && n.kind == Kind::Exclusive && n.in.size() == 1 &&
           nodes_[flows_[n.in.front()].from].kind == Kind::Task;
  }

  void name_steps() {
    std::set<std::string> used;
    auto unique = [&](std::string id) {
      if (id.empty()) id = "step";
      std::string candidate = id;
      for (int k = 2; used.count(candidate) > 0; ++k) candidate = fmt::format("{}-{}", id, k);
      used.insert(candidate);
      return candidate;
    };
    // Ids the file fixes first, so that generated ones never take them.
    for (Node& n : nodes_) {
      if (const char* id = ext(n.xml, "step")) {
        n.step_id = id;
        used.insert(n.step_id);
      }
    }
    for (Node& n : nodes_) {
      if (!n.step_id.empty() || n.kind == Kind::Start || transparent(n)) continue;
      if (is_rework_check(n)) {
        n.folded = true;
        continue;
      }
      const std::string name = n.xml.attribute("name").value();
      std::string wanted = n.kind == Kind::End ? std::string() : slug(name);
      if (n.kind == Kind::End) wanted = "end-" + (name.empty() ? std::string("done") : slug(name));
      if (wanted.empty() || wanted == "end-") wanted = slug(n.id);
      n.step_id = unique(wanted);
    }
    for (Node& n : nodes_) {
      const bool joins = n.in.size() > 1 && (n.kind == Kind::Parallel || n.kind == Kind::Inclusive);
      if (joins && n.out.size() > 1) n.split_id = unique(n.step_id + "-split");
    }
  }

  /// The step a flow into node `v` reaches: through pass-through nodes to the first real step.
  std::string reach(std::size_t v) const {
    std::set<std::size_t> seen;
    while (transparent(nodes_[v]) && seen.insert(v).second) v = flows_[nodes_[v].out.front()].to;
    return nodes_[v].step_id;
  }

  /// The step that a flow leaves from, for a join's inputs (a rework check counts as its task).
  std::string owner(std::size_t v) const {
    std::set<std::size_t> seen;
    while ((transparent(nodes_[v]) || nodes_[v].folded) && nodes_[v].in.size() == 1 && seen.insert(v).second) {
      v = flows_[nodes_[v].in.front()].from;
    }
    return nodes_[v].step_id;
  }

  /// The first <documentation> of an element.
  std::string documentation(pugi::xml_node e) const {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "documentation") return trim(c.child_value());
    }
    return {};
  }

  Distribution time_distribution(pugi::xml_node e, const char* attribute, const char* what) {
    try {
      return design::parse_distribution_text(attribute, true, result_.process.time_unit_seconds);
    } catch (const SyntaxError& err) {
      throw ModelError(where(e), fmt::format("{} '{}': {}", what, attribute, err.what()));
    }
  }

  /// An expression over the case attributes, bound to their slots as the loader binds it.
  Expression expression(const std::string& text) {
    Process& p = result_.process;
    Expression parsed = Expression::parse(text, p.strings);
    parsed.bind([&](std::string_view name) -> std::optional<std::uint32_t> {
      const auto& attributes = p.arrivals.attributes;
      for (std::size_t i = 0; i < attributes.size(); ++i) {
        if (attributes[i].name == name) return static_cast<std::uint32_t>(i);
      }
      return std::nullopt;
    });
    return parsed;
  }

  /// A condition from the file, or nullopt with a warning when it is not one the process format
  /// can evaluate over case attributes (e.g. an engine's `${approved}` over process variables).
  std::optional<Expression> condition(pugi::xml_node e, std::string text, bool strict) {
    text = trim(text);
    if (text.size() > 3 && (text[0] == '$' || text[0] == '#') && text[1] == '{' && text.back() == '}') {
      text = trim(std::string_view(text).substr(2, text.size() - 3));
    }
    try {
      return expression(text);
    } catch (const SyntaxError& err) {
      if (strict) throw ModelError(where(e), fmt::format("condition '{}': {}", text, err.what()));
      warn(e, fmt::format("condition '{}' is not a condition over case attributes ({}): the branch is drawn with a "
                          "probability instead",
                          text, err.what()));
      return std::nullopt;
    }
  }

  void read_raci(pugi::xml_node e, Raci& raci) const {
    const pugi::xml_node node = ext_child(e, "raci");
    if (!node) return;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      const std::string_view duty = local_name(c.name());
      const std::string role = c.attribute("role").value();
      if (duty == "responsible") raci.responsible.push_back(role);
      if (duty == "accountable") raci.accountable.push_back(role);
      if (duty == "consulted") raci.consulted.push_back(role);
      if (duty == "informed") raci.informed.push_back(role);
    }
  }

  /// The single way on from a node (next), or "" with a warning when there is none.
  std::string next_of(const Node& n) {
    if (n.out.empty()) {
      warn(n.xml, fmt::format("'{}' has no outgoing flow: the case stalls there", n.id));
      return {};
    }
    return reach(flows_[n.out.front()].to);
  }

  Step task_step(const Node& n) {
    Step s;
    s.id = n.step_id;
    s.kind = StepKind::Task;
    s.description = documentation(n.xml);
    const std::string name = local_name(n.xml.name()).data();
    if (name == "subProcess" || name == "callActivity" || name == "adHocSubProcess" || name == "transaction") {
      warn(n.xml, fmt::format("{} '{}' is imported as one task: its inner flow is not", name, n.id));
    }
    if (const char* resource = ext(n.xml, "resource")) {
      s.resource = resource;
    } else if (ext(n.xml, "step") == nullptr) {
      s.resource = performer(n);
      if (s.resource.empty() && !n.lane.empty() && name != "serviceTask" && name != "scriptTask" &&
          name != "businessRuleTask" && name != "sendTask") {
        s.resource = n.lane;  // the lane's role works as a pool of its own
      }
      if (!s.resource.empty()) ensure_resource(s.resource, n.lane);
    }
    if (const char* duration = ext(n.xml, "duration")) {
      s.duration = time_distribution(n.xml, duration, "bpm:duration");
    } else if (auto d = bpsim_distribution(n.id, "TimeParameters", "ProcessingTime", true)) {
      s.duration = std::move(d);
    } else {
      s.duration = design::parse_distribution_text(fmt::format("{}s", kDefaultTask), true, 1.0);
      warn(n.xml, fmt::format("task '{}' has no processing time: {} assumed", s.id, humanize_duration(kDefaultTask)));
    }
    if (const char* cost = ext(n.xml, "cost")) {
      s.cost = std::strtod(cost, nullptr);
    } else if (const auto c = bpsim_number(n.id, "CostParameters", "FixedCost")) {
      s.cost = *c;
    }
    if (const char* priority = ext(n.xml, "priority")) {
      s.priority = static_cast<int>(std::strtol(priority, nullptr, 10));
    } else if (const auto pr = bpsim_number(n.id, "PriorityParameters", "Priority")) {
      s.priority = static_cast<int>(*pr);
    }
    read_raci(n.xml, s.raci);
    // A rework check right after the task folds back into it.
    if (n.out.size() == 1) {
      const Node& after = nodes_[flows_[n.out.front()].to];
      if (after.folded) {
        Rework rework;
        rework.p = std::strtod(ext(after.xml, "rework"), nullptr);
        if (const char* to = ext(after.xml, "rework-to")) rework.to = to;
        s.rework = rework;
        for (const std::size_t f : after.out) {
          const char* kind = ext(flows_[f].xml, "kind");
          if (kind == nullptr || std::string_view(kind) != "rework") s.next = reach(flows_[f].to);
        }
        return s;
      }
    }
    if (n.out.size() > 1) {
      warn(n.xml, fmt::format("task '{}' has {} outgoing flows: only the first is followed (model the split with a "
                              "gateway)",
                              s.id, n.out.size()));
    }
    s.next = next_of(n);
    return s;
  }

  std::string performer(const Node& n) const {
    for (pugi::xml_node c = n.xml.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local_name(c.name());
      if (name != "performer" && name != "humanPerformer" && name != "potentialOwner") continue;
      for (pugi::xml_node r = c.first_child(); r; r = r.next_sibling()) {
        if (local_name(r.name()) != "resourceRef") continue;
        const std::string ref = trim(r.child_value());
        const auto colon = ref.find(':');
        const std::string id = colon == std::string::npos ? ref : ref.substr(colon + 1);
        const auto it = resources_.find(id);
        return slug(it != resources_.end() && !it->second.empty() ? it->second : id);
      }
    }
    return {};
  }

  void ensure_resource(const std::string& id, const std::string& lane) {
    Process& p = result_.process;
    if (p.find_resource(id)) return;
    Resource resource;
    resource.id = id;
    resource.role = p.find_role(lane) ? lane : std::string();
    if (resource.role.empty() && p.find_role(id)) resource.role = id;
    const auto known = resource_element_.find(id);
    const std::string element = known != resource_element_.end() ? known->second : fmt::format("Resource_{}", id);
    if (const auto count = bpsim_number(element, "ResourceParameters", "Quantity")) resource.count = static_cast<int>(*count);
    if (const auto cost = bpsim_number(element, "CostParameters", "UnitCost")) {
      resource.cost_per_hour = *cost * 3600.0 / bpsim_unit_;
    }
    p.resources.push_back(std::move(resource));
  }

  Step wait_step(const Node& n) {
    Step s;
    s.id = n.step_id;
    s.kind = StepKind::Wait;
    s.description = documentation(n.xml);
    read_raci(n.xml, s.raci);
    if (const char* wait = ext(n.xml, "wait")) {
      s.wait = time_distribution(n.xml, wait, "bpm:wait");
    } else {
      std::optional<double> seconds;
      if (n.kind == Kind::Timer) {
        for (pugi::xml_node c = n.xml.first_child(); c; c = c.next_sibling()) {
          if (local_name(c.name()) != "timerEventDefinition") continue;
          for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling()) {
            const std::string_view kind = local_name(t.name());
            if (kind == "timeDuration") {
              seconds = design::parse_iso_duration(t.child_value());
              if (!seconds) warn(t, fmt::format("timer duration '{}' is not an ISO 8601 duration", trim(t.child_value())));
            } else if (kind == "timeDate" || kind == "timeCycle") {
              warn(t, fmt::format("timer {} is not supported: only durations are", kind));
            }
          }
        }
      } else {
        warn(n.xml, fmt::format("catch event '{}' is not a timer: imported as a wait", n.id));
      }
      if (!seconds) {
        warn(n.xml, fmt::format("wait '{}' has no duration: {} assumed", s.id, humanize_duration(kDefaultTimer)));
        seconds = kDefaultTimer;
      }
      s.wait = design::parse_distribution_text(fmt::format("{}s", design::number_text(*seconds)), true, 1.0);
    }
    s.next = next_of(n);
    return s;
  }

  std::vector<Branch> branches(const Node& n, bool exclusive) {
    std::vector<std::pair<std::size_t, Branch>> indexed;  // original branch index, branch
    const std::string default_flow = n.xml.attribute("default").value();
    std::vector<std::size_t> open;  // branches that got neither condition nor probability
    for (const std::size_t f : n.out) {
      const Flow& flow = flows_[f];
      const std::string to = reach(flow.to);
      bool described = false;
      for (pugi::xml_node ext_node = ext_child(flow.xml, "branch"); ext_node; ext_node = ext_node.next_sibling()) {
        if (local_name(ext_node.name()) != "branch") continue;
        described = true;
        Branch b;
        b.to = to;
        if (!ext_node.attribute("when").empty()) b.when = condition(ext_node, ext_node.attribute("when").value(), true);
        if (!ext_node.attribute("p").empty()) b.p = ext_node.attribute("p").as_double();
        b.description = ext_node.attribute("description").value();
        indexed.emplace_back(static_cast<std::size_t>(ext_node.attribute("index").as_uint()), std::move(b));
      }
      if (described) continue;
      Branch b;
      b.to = to;
      b.description = documentation(flow.xml);
      for (pugi::xml_node c = flow.xml.first_child(); c; c = c.next_sibling()) {
        if (local_name(c.name()) != "conditionExpression") continue;
        if (std::string_view(c.attribute("language").value()) == kProbabilityLanguage) {
          b.p = std::strtod(c.child_value(), nullptr);
        } else if (!trim(c.child_value()).empty()) {
          b.when = condition(c, c.child_value(), false);
        }
      }
      if (!b.p) {
        if (const auto p = bpsim_number(flow.id, "ControlParameters", "Probability")) b.p = *p;
      }
      if (!b.when && !b.p) {
        if (exclusive) {
          open.push_back(indexed.size());
        } else {
          b.p = 1.0;  // an unconditional branch of an inclusive gateway is always taken
        }
      }
      indexed.emplace_back(1000000 + indexed.size(), std::move(b));
    }
    if (!open.empty()) {
      // The xor's branches with neither condition nor probability (its default among them) share
      // what the others leave, so that the drawn probabilities add up to one.
      double known = 0.0;
      for (const auto& [index, branch] : indexed) known += branch.p.value_or(0.0);
      const double share = std::max(0.0, 1.0 - known) / static_cast<double>(open.size());
      const bool only_default = open.size() == 1 && flows_[n.out[open.front()]].id == default_flow;
      if (!only_default) {
        warn(n.xml, fmt::format("gateway '{}': {} without condition or probability: {} assumed", n.id,
                                open.size() == 1 ? std::string("a branch") : fmt::format("{} branches", open.size()),
                                open.size() == 1 ? fmt::format("p {}", design::number_text(share))
                                                 : fmt::format("equal shares of {}", design::number_text(share))));
      }
      for (const std::size_t i : open) indexed[i].second.p = share;
    }
    std::stable_sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Branch> out;
    for (auto& [index, branch] : indexed) out.push_back(std::move(branch));
    return out;
  }

  Step gateway_step(const Node& n, const std::string& id) {
    Step s;
    s.id = id;
    s.description = documentation(n.xml);
    switch (n.kind) {
      case Kind::Parallel:
        s.kind = StepKind::And;
        for (const std::size_t f : n.out) s.targets.push_back(reach(flows_[f].to));
        break;
      case Kind::Inclusive:
        s.kind = StepKind::Or;
        s.branches = branches(n, false);
        break;
      case Kind::EventBased:
      case Kind::Complex:
        warn(n.xml, fmt::format("{} '{}' is not supported: imported as an exclusive gateway with equal shares",
                                local_name(n.xml.name()), n.id));
        s.kind = StepKind::Xor;
        for (const std::size_t f : n.out) s.branches.push_back(Branch{reach(flows_[f].to), std::nullopt, 1.0 / static_cast<double>(n.out.size()), Location{}});
        break;
      default:
        s.kind = StepKind::Xor;
        s.branches = branches(n, true);
        break;
    }
    return s;
  }

  void build_steps() {
    Process& p = result_.process;
    std::vector<Step> steps;
    const Node* start = nullptr;
    for (const Node& n : nodes_) {
      if (n.kind != Kind::Start) continue;
      if (start != nullptr) {
        warn(n.xml, fmt::format("start event '{}' is not imported: only one start event is", n.id));
        continue;
      }
      start = &n;
    }
    if (start == nullptr) throw ModelError(where(doc_.document_element()), "the process has no start event");
    if (start->out.empty()) throw ModelError(where(start->xml), "the start event has no outgoing flow");
    if (!own_model_) {
      if (auto every = bpsim_distribution(start->id, "ControlParameters", "InterTriggerTimer", true)) {
        p.arrivals.every = *every;
      } else {
        p.arrivals.every = parse_distribution(kDefaultArrivals, true, 60.0);
        warn(start->xml, fmt::format("no arrival rate (BPSim InterTriggerTimer): arrivals.every {} assumed", kDefaultArrivals));
      }
    }
    if (start->out.size() > 1) {
      // Several flows out of the start event run in parallel: an explicit split.
      Step split;
      split.id = "start-split";
      split.kind = StepKind::And;
      for (const std::size_t f : start->out) split.targets.push_back(reach(flows_[f].to));
      p.start = split.id;
      steps.push_back(std::move(split));
    } else {
      p.start = reach(flows_[start->out.front()].to);
    }
    // BPMN's plain end event ends only its token. Where no two tokens can be in flight (no
    // parallel or inclusive split, no flows out of one element in parallel) that equals ending the
    // case, so `terminate: false` is written only where it matters.
    const bool parallel = std::any_of(nodes_.begin(), nodes_.end(), [](const Node& n) {
      const bool exclusive = n.kind == Kind::Exclusive || n.kind == Kind::EventBased || n.kind == Kind::Complex;
      return n.out.size() > 1 && !exclusive;
    });
    for (const Node& n : nodes_) {
      if (n.step_id.empty() || n.folded || n.kind == Kind::Start) continue;
      switch (n.kind) {
        case Kind::Task: steps.push_back(task_step(n)); break;
        case Kind::Timer:
        case Kind::OtherCatch: steps.push_back(wait_step(n)); break;
        case Kind::End: {
          Step s;
          s.id = n.step_id;
          s.kind = StepKind::End;
          s.description = documentation(n.xml);
          if (const char* outcome = ext(n.xml, "outcome")) {
            s.outcome = outcome;
          } else {
            s.outcome = slug(n.xml.attribute("name").value());
            if (s.outcome.empty()) s.outcome = "done";
          }
          if (const char* revenue = ext(n.xml, "revenue")) s.revenue = condition(n.xml, revenue, true);
          if (parallel) {
            s.terminate = false;
            for (pugi::xml_node c = n.xml.first_child(); c; c = c.next_sibling()) {
              if (local_name(c.name()) == "terminateEventDefinition") s.terminate = true;
            }
          }
          steps.push_back(std::move(s));
          break;
        }
        case Kind::ThrowEvent: {
          // A throw event with no way on, or several: an end, or a parallel split.
          Step s = gateway_step(Node{n.xml, Kind::Parallel, n.id, n.in, n.out, n.lane, n.step_id, "", false}, n.step_id);
          if (n.out.empty()) {
            s.kind = StepKind::End;
            s.outcome = slug(n.xml.attribute("name").value());
            if (s.outcome.empty()) s.outcome = "done";
          }
          steps.push_back(std::move(s));
          break;
        }
        case Kind::Exclusive:
        case Kind::Inclusive:
        case Kind::Parallel:
        case Kind::EventBased:
        case Kind::Complex: {
          const bool joins = n.in.size() > 1 && (n.kind == Kind::Parallel || n.kind == Kind::Inclusive);
          if (joins) {
            Step join;
            join.id = n.step_id;
            join.kind = StepKind::Join;
            join.description = documentation(n.xml);
            for (const std::size_t f : n.in) join.join_of.push_back(owner(flows_[f].from));
            join.next = n.out.empty() ? std::string() : (n.out.size() > 1 ? n.split_id : reach(flows_[n.out.front()].to));
            if (n.out.empty()) warn(n.xml, fmt::format("'{}' has no outgoing flow: the case stalls there", n.id));
            steps.push_back(std::move(join));
            if (n.out.size() > 1) steps.push_back(gateway_step(n, n.split_id));
          } else if (n.out.empty()) {
            warn(n.xml, fmt::format("gateway '{}' has no outgoing flow: imported as an end", n.id));
            Step s;
            s.id = n.step_id;
            s.kind = StepKind::End;
            s.outcome = "done";
            steps.push_back(std::move(s));
          } else {
            steps.push_back(gateway_step(n, n.step_id));
          }
          break;
        }
        case Kind::Start:
        case Kind::Ignored: break;
      }
    }
    p.steps = std::move(steps);
  }
};

}  // namespace

BpmnImport import_bpmn(std::string_view xml, const std::string& file_name) { return Importer(xml, file_name).run(); }

}  // namespace bpm
