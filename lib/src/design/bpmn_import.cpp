// BPMN 2.0 XML to a process. The flow nodes become steps in document order; pass-through
// gateways (one way out) disappear; bpmkit's own extensions give exact values, BPSim, QBP or
// Prosimos parameters approximate ones, and documented defaults fill the rest, each default
// reported as a warning. Before steps are built the graph is rewritten into what the process
// format can say: expanded sub-processes and called processes inline, error end events as ways
// out to the boundary that catches them (or, leading straight to an end, as that end), other
// boundary events as a decision after their activity, several outgoing flows of an activity as
// an explicit split, link events as flows, several start events merged through an exclusive
// gateway.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/design/bpmn.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/model/writer.hpp"
#include "core/random.hpp"
#include "design/bpmn_conditions.hpp"
#include "design/bpmn_errors.hpp"
#include "design/bpsim.hpp"
#include "design/dist_text.hpp"
#include "design/labels.hpp"
#include "design/prosimos.hpp"
#include "design/qbp.hpp"
#include "model/fragments.hpp"

namespace bpm {
namespace {

using design::local_name;
using design::trim_text;

constexpr const char* kBpmnNs = "http://www.omg.org/spec/BPMN/20100524/MODEL";
constexpr double kDefaultTask = 1800.0;     // 30 minutes
constexpr double kDefaultTimer = 86400.0;   // 1 day
constexpr double kDefaultEventShare = 0.1;  // a non-timer boundary event's branch
constexpr double kTargetUtilisation = 0.5;  // sizing of defaulted arrivals and pools
constexpr int kMaxCallDepth = 16;           // nested call activities / sub-processes
constexpr const char* kPlaceholder = "__bpmn_import__";
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

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

/// Offset of the first byte that is not part of well-formed UTF-8, or npos.
std::size_t invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    unsigned code = c & (0x3Fu >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size()) return i;
      const auto d = static_cast<unsigned char>(text[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      code = (code << 6) | (d & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

enum class Kind : std::uint8_t {
  Start,
  End,
  Task,
  Timer,
  OtherCatch,
  ThrowEvent,
  Exclusive,
  Inclusive,
  Parallel,
  EventBased,
  Complex,
  Pass,  // a node that only passes its token on: sub-process entry/exit, link catch, boundary event
  Ignored
};

struct Node {
  pugi::xml_node xml;  // the element (synthetic nodes: the element they were made for)
  Kind kind = Kind::Task;
  std::string id;                // unique: the XML id, prefixed inside inlined called processes
  std::string xml_id;            // the XML id, for parameters keyed by element
  std::vector<std::size_t> in;   // flow indices
  std::vector<std::size_t> out;  // flow indices, in the node's <outgoing> order
  std::string lane;              // role id
  std::string step_id;           // the step it becomes (empty when it does not become one)
  std::string split_id;          // join-and-fork gateways: the split step after the join
  std::string default_flow;      // id of the default flow (an xor's or an implicit split's)
  std::string wanted_id;         // synthetic nodes: the step id they ask for
  bool folded = false;           // a rework check folded into its task
  bool synthetic = false;
  bool exact_rest = false;               // branches without p share the rest silently (a boundary decision)
  bool top_level = true;                 // directly in the imported process (start events count only there)
  std::optional<Distribution> duration;  // tasks: resolved before steps are built
  std::size_t outcome_node = kNone;      // an error end whose catch leads straight to this end
  pugi::xml_node error;                  // an error end event: its errorEventDefinition
};

struct Flow {
  pugi::xml_node xml;  // null for synthetic flows
  std::string id;
  std::size_t from = 0;
  std::size_t to = 0;
  std::optional<double> p;  // synthetic branches: their probability
};

/// Whether an end event is a terminate end event.
bool has_terminate_definition(pugi::xml_node e) {
  for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
    if (local_name(c.name()) == "terminateEventDefinition") return true;
  }
  return false;
}

Kind classify(std::string_view name, pugi::xml_node e) {
  if (name == "startEvent") return Kind::Start;
  // A receive task waits for a message, as a catch event does: a wait (no one works on it). With
  // a loop or multi-instance marker it stays a task, since only a task repeats.
  if (name == "receiveTask") {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      const std::string_view child = local_name(c.name());
      if (child == "multiInstanceLoopCharacteristics" || child == "standardLoopCharacteristics") return Kind::Task;
    }
    return Kind::OtherCatch;
  }
  if (name == "endEvent") return Kind::End;
  if (name == "task" || name == "userTask" || name == "manualTask" || name == "serviceTask" || name == "scriptTask" ||
      name == "businessRuleTask" || name == "sendTask" || name == "receiveTask" || name == "callActivity" ||
      name == "subProcess" || name == "adHocSubProcess" || name == "transaction" || name == "callChoreography" ||
      name == "choreographyTask" || name == "subChoreography") {
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

/// A name for a one-line message: line breaks and tabs become spaces, runs of spaces one.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

pugi::xml_node child_named(pugi::xml_node e, std::string_view local) {
  for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
    if (local_name(c.name()) == local) return c;
  }
  return {};
}

bool is_sequential(pugi::xml_node multi) { return std::string_view(multi.attribute("isSequential").value()) == "true"; }

/// The kind of an event's definition ("timer", "message", ...; "none" without one), inline or
/// referred to by `eventDefinitionRef` (a root element, as some tools write it).
std::string event_type(pugi::xml_node e) {
  for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c.name());
    const auto at = name.find("EventDefinition");
    if (at != std::string_view::npos && at > 0) return std::string(name.substr(0, at));
    if (name == "eventDefinitionRef") {
      const std::string ref = trim_text(c.child_value());
      for (pugi::xml_node r = e.root().first_child().first_child(); r; r = r.next_sibling()) {
        const std::string_view root_name = local_name(r.name());
        const auto end = root_name.find("EventDefinition");
        if (end != std::string_view::npos && end > 0 && ref == r.attribute("id").value()) {
          return std::string(root_name.substr(0, end));
        }
      }
    }
  }
  return "none";
}

/// The report's categories, in the order they are printed.
const std::vector<std::string>& categories() {
  static const std::vector<std::string> kCategories = {
      "flow nodes", "sub-processes", "boundary events", "routing", "conditions", "durations",     "waits",
      "arrivals",   "resources",     "calendars",       "costs",   "simulation", "other elements"};
  return kCategories;
}

class Importer {
 public:
  Importer(std::string_view xml, std::string file, const BpmnImportOptions& options)
      : text_(xml), file_(std::move(file)), options_(options), positions_(xml) {
    for (const auto& c : categories()) result_.report.push_back(ImportTally{c, 0, 0, 0});
  }

  BpmnImport run() {
    if (const auto bad = invalid_utf8(text_); bad != std::string_view::npos) {
      throw ModelError(where(static_cast<std::ptrdiff_t>(bad)), "invalid UTF-8 (the file must be UTF-8 encoded)");
    }
    const pugi::xml_parse_result parsed = doc_.load_buffer(
        text_.data(), text_.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
    if (!parsed) throw ModelError(where(parsed.offset), fmt::format("malformed XML: {}", parsed.description()));
    const pugi::xml_node definitions = doc_.document_element();
    if (local_name(definitions.name()) != "definitions" || !in_bpmn_namespace(definitions)) {
      throw ModelError(where(definitions), "not a BPMN 2.0 document: the root element is not bpmn:definitions");
    }
    find_prefixes(definitions);
    errors_ = design::ErrorIndex(definitions);
    index_processes(definitions);
    const pugi::xml_node process = pick_process(definitions);
    read_bpsim(definitions);
    read_external(definitions);
    read_resources(definitions);
    base_process(process);
    read_lanes(process);
    read_message_flows(definitions, process);
    read_graph(process);
    collect_slot_names();  // before rewrite_graph: boundary timers' `bpm:after` may read attributes
    rewrite_graph();
    name_steps();
    resolve_durations();
    build_steps();
    apply_external();
    size_defaults();
    restore_calls();
    calls_of_processes();
    result_.process.source = file_;
    std::stable_sort(result_.warnings.begin(), result_.warnings.end(), [](const Diagnostic& a, const Diagnostic& b) {
      if (a.where.file != b.where.file) return a.where.file < b.where.file;
      return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    result_.report.erase(std::remove_if(result_.report.begin(), result_.report.end(),
                                        [](const ImportTally& t) { return t.carried + t.defaulted + t.dropped == 0; }),
                         result_.report.end());
    return std::move(result_);
  }

 private:
  std::string_view text_;
  std::string file_;
  const BpmnImportOptions& options_;
  Positions positions_;
  pugi::xml_document doc_;
  BpmnImport result_;
  std::set<std::string> bpmn_prefixes_;          // prefixes bound to the BPMN model namespace ("" = default)
  std::string ext_prefix_;                       // bound to the bpmkit extension namespace
  std::map<std::string, pugi::xml_node> bpsim_;  // elementRef -> ElementParameters
  double bpsim_unit_ = 60.0;
  std::optional<design::ExternalParameters> external_;      // QBP or Prosimos
  std::map<std::string, std::string> resources_;            // bpmn:resource id -> name
  std::map<std::string, std::string> resource_element_;     // resource id in the process -> bpmn:resource id
  std::map<std::string, pugi::xml_node> processes_;         // process id -> element
  std::map<std::string, std::string> participant_process_;  // participant id -> process id
  std::set<std::string> message_targets_;                   // elements of the process a message flow reaches
  bool own_model_ = false;                                  // the file carries bpm:model
  bool arrivals_known_ = false;
  std::set<std::string> defaulted_pools_;  // resources whose count is a default
  std::vector<Node> nodes_;
  std::vector<Flow> flows_;
  std::map<std::string, std::size_t> node_index_;           // unique id -> node (flows into an element)
  std::map<std::string, std::size_t> exit_index_;           // expanded sub-process id -> its exit node
  std::map<std::string, std::string> lane_of_;              // flow node id -> role id
  std::vector<std::pair<std::string, std::string>> lanes_;  // role id, name
  std::vector<pugi::xml_node> boundaries_;                  // boundary events, with the prefix of their scope
  std::vector<std::string> boundary_prefix_;
  std::vector<pugi::xml_node> pending_flows_;
  std::vector<std::string> pending_prefix_;
  std::multimap<std::string, std::size_t> pending_by_source_;  // "<prefix>\n<sourceRef>" -> pending flow
  std::vector<std::string> call_stack_;
  std::map<pugi::xml_node, pugi::xml_node> caller_of_;  // a called process -> its (first) call activity
  design::ErrorIndex errors_;
  std::map<std::string, design::ErrorCatchers> error_boundaries_;  // activity node id -> its error boundaries

  // ---- locations, warnings, report ------------------------------------------------------------

  Location where(std::ptrdiff_t offset) const {
    const auto [line, column] = positions_.at(offset);
    return Location{file_, line, column};
  }
  // pugixml reports an element's offset at its name; the tag starts one byte earlier.
  Location where(pugi::xml_node node) const { return where(node.offset_debug() > 0 ? node.offset_debug() - 1 : -1); }

  void warn(pugi::xml_node node, std::string message) {
    result_.warnings.push_back(Diagnostic{where(node), Severity::Warning, std::move(message), "bpmn-import"});
  }

  ImportTally& tally(std::string_view category) {
    for (auto& t : result_.report) {
      if (t.category == category) return t;
    }
    result_.report.push_back(ImportTally{std::string(category), 0, 0, 0});
    return result_.report.back();
  }
  void carried(std::string_view category, int n = 1) { tally(category).carried += n; }
  void defaulted(std::string_view category) { ++tally(category).defaulted; }
  void dropped(std::string_view category) { ++tally(category).dropped; }

  /// The element's name on one line, else its id: how messages name an element.
  static std::string label(pugi::xml_node e) {
    const std::string name = one_line(e.attribute("name").value());
    return name.empty() ? std::string(e.attribute("id").value()) : name;
  }
  std::string label(const Node& n) const { return n.synthetic ? n.id : label(n.xml); }

  // ---- namespaces and extensions --------------------------------------------------------------

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
    if (ext_prefix_.empty() || !e) return nullptr;
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

  std::string prefixed(std::string_view local) const {
    const std::string prefix = bpmn_prefixes_.empty() ? std::string() : *bpmn_prefixes_.begin();
    return prefix.empty() ? std::string(local) : fmt::format("{}:{}", prefix, local);
  }

  // ---- which process --------------------------------------------------------------------------

  void index_processes(pugi::xml_node definitions) {
    for (pugi::xml_node e = definitions.first_child(); e; e = e.next_sibling()) {
      const std::string_view name = local_name(e.name());
      if (name == "process") processes_[e.attribute("id").value()] = e;
      if (name == "collaboration") {
        for (pugi::xml_node p = e.first_child(); p; p = p.next_sibling()) {
          if (local_name(p.name()) == "participant" && !p.attribute("processRef").empty()) {
            participant_process_[p.attribute("id").value()] = p.attribute("processRef").value();
          }
        }
      }
    }
  }

  static std::size_t flow_node_count(pugi::xml_node p) {
    std::size_t n = 0;
    for (pugi::xml_node c = p.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local_name(c.name());
      if (name != "sequenceFlow" && name != "laneSet" && name != "documentation" && name != "extensionElements" &&
          classify(name, c) != Kind::Ignored) {
        ++n;
      }
    }
    return n;
  }

  pugi::xml_node pick_process(pugi::xml_node definitions) {
    std::vector<pugi::xml_node> processes;
    for (pugi::xml_node e = definitions.first_child(); e; e = e.next_sibling()) {
      if (local_name(e.name()) == "process") processes.push_back(e);
    }
    if (processes.empty()) throw ModelError(where(definitions), "the BPMN document has no process");
    pugi::xml_node chosen;
    if (!options_.process_id.empty()) {
      std::string id = options_.process_id;
      if (participant_process_.count(id) > 0) id = participant_process_.at(id);
      const auto it = processes_.find(id);
      if (it == processes_.end()) {
        std::string known;
        for (const auto& p : processes)
          known += fmt::format("{}'{}'", known.empty() ? "" : ", ", p.attribute("id").value());
        throw ModelError(
            where(definitions),
            fmt::format("no process or participant '{}' in the document (processes: {})", options_.process_id, known));
      }
      chosen = it->second;
    } else {
      // The process with the most flow nodes (collaborations often add empty pools) among those
      // no call activity calls: a callee is part of its caller.
      std::vector<pugi::xml_node> callers;
      for (const auto& p : processes) {
        if (!called_somewhere(p.attribute("id").value())) callers.push_back(p);
      }
      if (callers.empty()) callers = processes;
      chosen = *std::max_element(callers.begin(), callers.end(), [](pugi::xml_node a, pugi::xml_node b) {
        return flow_node_count(a) < flow_node_count(b);
      });
    }
    // Processes that the chosen one calls are imported inline; the others are named once.
    for (const auto& p : processes) {
      if (p == chosen || flow_node_count(p) == 0 || called_somewhere(p.attribute("id").value())) continue;
      warn(p, fmt::format("process '{}' ({} flow nodes) is not imported: one process is imported per run; "
                          "choose it by its process id, {}",
                          label(p), flow_node_count(p), p.attribute("id").value()));
      dropped("flow nodes");
    }
    return chosen;
  }

  /// Every element below `root`, depth first, without recursion (hostile files nest deeply).
  template <typename Visit>
  static void each_descendant(pugi::xml_node root, Visit visit) {
    std::vector<pugi::xml_node> stack{root};
    while (!stack.empty()) {
      const pugi::xml_node n = stack.back();
      stack.pop_back();
      for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) {
        if (c.type() != pugi::node_element) continue;
        visit(c);
        stack.push_back(c);
      }
    }
  }

  bool called_somewhere(const std::string& process_id) const {
    bool called = false;
    for (const auto& [id, p] : processes_) {
      if (id == process_id) continue;
      each_descendant(p, [&](pugi::xml_node c) {
        called =
            called || (local_name(c.name()) == "callActivity" && process_id == c.attribute("calledElement").value());
      });
    }
    return called;
  }

  void read_message_flows(pugi::xml_node definitions, pugi::xml_node process) {
    // Message flows between pools: the imported process's catch events and receive tasks wait
    // for them; its sends go nowhere. Both are said once per flow.
    std::map<std::string, pugi::xml_node> own;
    each_descendant(process, [&](pugi::xml_node c) {
      if (!c.attribute("id").empty()) own[c.attribute("id").value()] = c;
    });
    for (const auto& [participant, process_id] : participant_process_) {
      if (process_id == process.attribute("id").value()) own[participant] = process;
    }
    for (pugi::xml_node e = definitions.first_child(); e; e = e.next_sibling()) {
      if (local_name(e.name()) != "collaboration") continue;
      for (pugi::xml_node m = e.first_child(); m; m = m.next_sibling()) {
        if (local_name(m.name()) != "messageFlow") continue;
        const std::string source = m.attribute("sourceRef").value();
        const std::string target = m.attribute("targetRef").value();
        const auto in = own.find(target);
        if (in != own.end() && own.count(source) == 0) {
          const std::string_view kind = local_name(in->second.name());
          if (kind == "intermediateCatchEvent" || kind == "receiveTask" || kind == "startEvent") {
            message_targets_.insert(target);
            warn(m, fmt::format("message flow '{}' from another pool: '{}' waits for it{}", label(m), label(in->second),
                                kind == "intermediateCatchEvent" ? " (a wait of default duration)" : ""));
          } else {
            warn(m,
                 fmt::format("message flow '{}' from another pool into '{}' is not modelled: it does not wait for it",
                             label(m), label(in->second)));
          }
          dropped("other elements");
        } else if (own.count(source) > 0 && in == own.end()) {
          warn(m,
               fmt::format("message flow '{}' to another pool is not modelled: the sender goes straight on", label(m)));
          dropped("other elements");
        }
      }
    }
  }

  // ---- simulation parameters ------------------------------------------------------------------

  void read_bpsim(pugi::xml_node definitions) {
    // BPSimData may sit in a relationship's or the process's extensionElements: search the tree.
    pugi::xml_node scenario;
    each_descendant(definitions, [&](pugi::xml_node c) {
      if (!scenario && local_name(c.name()) == "Scenario" && local_name(c.parent().name()) == "BPSimData") scenario = c;
    });
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

  void read_external(pugi::xml_node definitions) {
    if (!options_.params_json.empty()) {
      external_ = design::read_prosimos(options_.params_json, options_.params_file);
    } else {
      external_ = design::read_qbp(definitions, [this](pugi::xml_node n) { return where(n); });
    }
    if (!external_) return;
    for (auto& w : external_->warnings) result_.warnings.push_back(w);
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
          if (!unsupported.empty())
            warn(p, fmt::format("BPSim parameter '{}' is not supported: default used", unsupported));
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
      arrivals_known_ = true;
      const std::string yaml = std::string(model.child_value()) +
                               fmt::format("\nstart: {0}\nsteps:\n  {0}: {{ end: imported }}\n", kPlaceholder);
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
    // The process's name, else its pool's, else the document's, else its id.
    p.name = process.attribute("name").value();
    for (const auto& [participant, process_id] : participant_process_) {
      if (!p.name.empty()) break;
      if (process_id != process.attribute("id").value()) continue;
      for (pugi::xml_node e = doc_.document_element().first_child(); e && p.name.empty(); e = e.next_sibling()) {
        if (local_name(e.name()) != "collaboration") continue;
        for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
          if (participant == c.attribute("id").value()) p.name = c.attribute("name").value();
        }
      }
    }
    if (p.name.empty()) p.name = doc_.document_element().attribute("name").value();
    if (p.name.empty()) p.name = process.attribute("id").value();
    p.name = one_line(p.name);
    if (const char* d = process.child_value(prefixed("documentation").c_str()); *d != '\0')
      p.description = trim_text(d);
    p.simulation.start = parse_datetime("2026-01-05T00:00");
    p.simulation.horizon = 30.0 * 86400.0;
  }

  void read_lanes(pugi::xml_node process) {
    int depth = 0;
    std::function<void(pugi::xml_node)> walk = [&](pugi::xml_node lane_set) {
      if (++depth > kMaxCallDepth) {
        warn(lane_set, fmt::format("lanes nested deeper than {} levels: the inner ones are not read", kMaxCallDepth));
        --depth;
        return;
      }
      for (pugi::xml_node lane = lane_set.first_child(); lane; lane = lane.next_sibling()) {
        if (local_name(lane.name()) != "lane") continue;
        const char* role_attr = ext(lane, "role");
        const std::string name = one_line(lane.attribute("name").value());
        std::string role = role_attr ? role_attr : slug(name);
        if (role.empty()) role = slug(lane.attribute("id").value());
        if (role.empty()) role = "lane";
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
          if (local_name(c.name()) == "flowNodeRef" &&
              (!has_children || lane_of_.count(trim_text(c.child_value())) == 0)) {
            lane_of_[trim_text(c.child_value())] = role;
          }
        }
      }
      --depth;
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

  // ---- the graph ------------------------------------------------------------------------------

  std::size_t add_node(Node node) {
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }

  std::size_t add_flow(std::size_t from, std::size_t to, std::string id, pugi::xml_node xml = {}) {
    flows_.push_back(Flow{xml, std::move(id), from, to, std::nullopt});
    nodes_[from].out.push_back(flows_.size() - 1);
    nodes_[to].in.push_back(flows_.size() - 1);
    return flows_.size() - 1;
  }

  /// A node that the element's own children make into a flow of its own (an expanded
  /// sub-process), as opposed to a collapsed one that stays one task.
  static bool has_inner_flow(pugi::xml_node e) {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "sequenceFlow") return true;
    }
    return false;
  }

  void read_graph(pugi::xml_node process) {
    collect(process, "", "", true, 0);
    // Some tools write a pool's sequence flows into another process element (ADONIS): a flow
    // whose two ends are both imported belongs here, wherever it is written.
    for (const auto& [id, other] : processes_) {
      if (other == process) continue;
      for (pugi::xml_node e = other.first_child(); e; e = e.next_sibling()) {
        if (local_name(e.name()) != "sequenceFlow" || !in_bpmn_namespace(e)) continue;
        if (node_index_.count(e.attribute("sourceRef").value()) == 0 ||
            node_index_.count(e.attribute("targetRef").value()) == 0) {
          continue;
        }
        warn(e, fmt::format(
                    "sequence flow '{}' is written in process '{}' but connects elements of the imported one: used",
                    label(e), id));
        pending_flows_.push_back(e);
        pending_prefix_.emplace_back();
      }
    }
    std::set<std::string> boundary_ids;
    for (std::size_t b = 0; b < boundaries_.size(); ++b) {
      boundary_ids.insert(boundary_prefix_[b] + boundaries_[b].attribute("id").value());
    }
    for (std::size_t i = 0; i < pending_flows_.size(); ++i) {
      const pugi::xml_node e = pending_flows_[i];
      const std::string& prefix = pending_prefix_[i];
      if (boundary_ids.count(prefix + e.attribute("sourceRef").value()) > 0) continue;  // boundary_events()
      const std::string source = prefix + e.attribute("sourceRef").value();
      const std::string target = prefix + e.attribute("targetRef").value();
      std::size_t from = kNone;
      if (const auto exit = exit_index_.find(source); exit != exit_index_.end()) {
        from = exit->second;
      } else if (const auto node = node_index_.find(source); node != node_index_.end()) {
        from = node->second;
      }
      const auto to = node_index_.find(target);
      if (from == kNone || to == node_index_.end()) {
        warn(e, fmt::format("sequence flow '{}' connects an element that is not imported: ignored", label(e)));
        dropped("routing");
        continue;
      }
      add_flow(from, to->second, prefix + e.attribute("id").value(), e);
    }
    // Keep each node's outgoing flows in the order of its <outgoing> list when it has one: that
    // is the order of an xor's branches, whose conditions are tested in order.
    for (Node& node : nodes_) {
      if (node.synthetic) continue;
      std::vector<std::string> order;
      std::vector<std::string> in_order;
      for (pugi::xml_node c = node.xml.first_child(); c; c = c.next_sibling()) {
        if (local_name(c.name()) == "outgoing") order.push_back(trim_text(c.child_value()));
        if (local_name(c.name()) == "incoming") in_order.push_back(trim_text(c.child_value()));
      }
      auto position = [&](const std::vector<std::string>& list, std::size_t f) {
        const std::string own = flows_[f].xml ? std::string(flows_[f].xml.attribute("id").value()) : flows_[f].id;
        return static_cast<std::size_t>(std::find(list.begin(), list.end(), own) - list.begin());
      };
      std::stable_sort(node.out.begin(), node.out.end(),
                       [&](std::size_t a, std::size_t b) { return position(order, a) < position(order, b); });
      std::stable_sort(node.in.begin(), node.in.end(),
                       [&](std::size_t a, std::size_t b) { return position(in_order, a) < position(in_order, b); });
    }
  }

  /// Reads the flow nodes of a process or an expanded sub-process; ids get `prefix` (inside an
  /// inlined called process) so that two calls of one process stay apart.
  void collect(pugi::xml_node scope, const std::string& prefix, const std::string& lane, bool top, int depth) {
    for (pugi::xml_node e = scope.first_child(); e; e = e.next_sibling()) {
      // Elements of other namespaces are a tool's own additions (layout, styling): not BPMN.
      if (e.type() != pugi::node_element || !in_bpmn_namespace(e)) continue;
      const std::string_view name = local_name(e.name());
      if (name == "sequenceFlow") {
        pending_flows_.push_back(e);
        pending_prefix_.push_back(prefix);
        continue;
      }
      if (name == "documentation" || name == "extensionElements" || name == "laneSet" || name == "ioSpecification" ||
          name == "property" || name == "incoming" || name == "outgoing" ||
          name == "multiInstanceLoopCharacteristics" || name == "standardLoopCharacteristics" ||
          name == "dataInputAssociation" || name == "dataOutputAssociation" || name == "inputOutputSpecification" ||
          name == "completionCondition") {
        continue;
      }
      if (name == "boundaryEvent") {
        boundaries_.push_back(e);
        boundary_prefix_.push_back(prefix);
        continue;
      }
      const std::string id = prefix + e.attribute("id").value();
      const std::string own_lane =
          lane_of_.count(e.attribute("id").value()) ? lane_of_[e.attribute("id").value()] : lane;
      if ((name == "subProcess" || name == "transaction" || name == "adHocSubProcess") &&
          std::string_view(e.attribute("triggeredByEvent").value()) == "true") {
        warn(e, fmt::format("event sub-process '{}' is skipped: the process format has no event-triggered sub-process",
                            label(e)));
        dropped("sub-processes");
        continue;
      }
      // The start event of an arrival stream with a first step of its own (bpmkit's export): the
      // stream, in bpm:model, brings its cases to that step; the event only passes them on.
      const Kind kind = name == "startEvent" && ext(e, "stream") != nullptr ? Kind::Pass : classify(name, e);
      if (kind == Kind::Ignored) {
        warn(e, fmt::format("{} '{}' has no counterpart in the process format: ignored", name, label(e)));
        dropped("other elements");
        continue;
      }
      // A task's multi-instance marker becomes `instances:` (task_instances) and its loop marker
      // a rework (loop_marker); the inner flow of a sub-process or call runs once per visit.
      const pugi::xml_node multi = child_named(e, "multiInstanceLoopCharacteristics");
      const bool expanded_sub = (name == "subProcess" || name == "transaction" || name == "adHocSubProcess") &&
                                has_inner_flow(e) && depth < kMaxCallDepth;
      pugi::xml_node callee;
      if (name == "callActivity") {
        const std::string called = trim_text(e.attribute("calledElement").value());
        const auto it = processes_.find(called);
        if (it != processes_.end() && has_inner_flow(it->second) && depth < kMaxCallDepth &&
            std::find(call_stack_.begin(), call_stack_.end(), called) == call_stack_.end()) {
          callee = it->second;
        } else if (it != processes_.end() &&
                   std::find(call_stack_.begin(), call_stack_.end(), called) != call_stack_.end()) {
          warn(e, fmt::format("call activity '{}' calls '{}' recursively: imported as one task", label(e), called));
          dropped("sub-processes");
        } else if (called.empty()) {
          warn(e, fmt::format("call activity '{}' names no called element: imported as one task", label(e)));
          dropped("sub-processes");
        } else {
          warn(e, fmt::format("call activity '{}': the called element '{}' is not a process in this file: imported as "
                              "one task",
                              label(e), called));
          dropped("sub-processes");
        }
      }
      const pugi::xml_node loop = child_named(e, "standardLoopCharacteristics");
      if ((expanded_sub || callee) && loop) {
        warn(loop, fmt::format("loop marker on '{}' is not carried: its inner flow runs once per visit", label(e)));
        dropped("flow nodes");
      } else if (loop && kind != Kind::Task) {
        warn(loop, fmt::format("loop marker on '{}' is not carried: it runs once per visit", label(e)));
        dropped("flow nodes");
      }
      if ((expanded_sub || callee) && multi) {
        warn(multi, fmt::format("multi-instance marker on '{}' ({}) is not carried: its inner flow runs once per visit",
                                label(e), is_sequential(multi) ? "sequential" : "parallel"));
        dropped("flow nodes");
      }
      if (expanded_sub || callee) {
        // Entry and exit nodes around the inner flow: flows into the element reach the entry,
        // flows out of it leave from the exit.
        Node entry;
        entry.xml = e;
        entry.kind = Kind::Pass;
        entry.id = id;
        entry.xml_id = e.attribute("id").value();
        entry.lane = own_lane;
        entry.top_level = top;
        node_index_[id] = add_node(entry);
        Node exit = entry;
        exit.id = id + "#exit";
        exit.synthetic = true;
        exit_index_[id] = add_node(exit);
        const std::size_t first_inner = nodes_.size();
        if (callee) {
          caller_of_.emplace(callee, e);
          call_stack_.push_back(callee.attribute("id").value());
          collect(callee, id + "/", own_lane, false, depth + 1);
          call_stack_.pop_back();
        } else {
          collect(e, prefix, own_lane, false, depth + 1);
        }
        inner_ranges_.push_back({node_index_[id], exit_index_[id], first_inner, nodes_.size()});
        carried("sub-processes");
        continue;
      }
      if (name == "subProcess" || name == "transaction" || name == "adHocSubProcess") {
        warn(e, fmt::format("{} '{}' has no inner flow: imported as one task", name, label(e)));
        dropped("sub-processes");
      }
      Node node;
      node.xml = e;
      node.kind = kind;
      node.id = id;
      node.xml_id = e.attribute("id").value();
      node.lane = own_lane;
      node.top_level = top;
      if (name == "endEvent") node.error = errors_.definition(e);
      const std::string key = node.id;
      node_index_[key] = add_node(std::move(node));
      carried("flow nodes");
    }
  }

  struct InnerRange {
    std::size_t entry;
    std::size_t exit;
    std::size_t first;
    std::size_t last;  // one past
  };
  std::vector<InnerRange> inner_ranges_;

  std::size_t synthetic_node(const Node& origin, Kind kind, const std::string& suffix, const std::string& wanted) {
    Node node;
    node.xml = origin.xml;
    node.kind = kind;
    node.id = origin.id + "#" + suffix;
    node.xml_id = origin.xml_id;
    node.lane = origin.lane;
    node.synthetic = true;
    node.wanted_id = wanted;
    node.top_level = origin.top_level;
    return add_node(std::move(node));
  }

  /// Moves node `from`'s outgoing flows to leave from `to` instead.
  void move_outgoing(std::size_t from, std::size_t to) {
    for (const std::size_t f : nodes_[from].out) {
      flows_[f].from = to;
      nodes_[to].out.push_back(f);
    }
    nodes_[from].out.clear();
  }

  void rewrite_graph() {
    link_sub_processes();
    link_events();
    implicit_splits();
    boundary_events();
    event_based_waits();
    error_ends();
    implicit_ends();
  }

  /// An event-based gateway that races one timer against one other event (a message, a signal, a
  /// receive task: what the case waits for) is a wait with a timeout, as modellers draw "no
  /// documents in 10 days: reject". The other event becomes the wait and the timer its timeout,
  /// exactly; other event-based gateways stay an exclusive choice with a warning (gateway_step).
  void event_based_waits() {
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      if (nodes_[v].kind != Kind::EventBased || nodes_[v].out.size() != 2) continue;
      std::size_t timer_flow = kNone;
      std::size_t timer = kNone;
      std::size_t other = kNone;
      for (const std::size_t f : nodes_[v].out) {
        const std::size_t to = flows_[f].to;
        if (nodes_[to].kind == Kind::Timer && timer == kNone) {
          timer_flow = f;
          timer = to;
        } else if (nodes_[to].kind == Kind::OtherCatch) {
          other = to;
        }
      }
      // Each event reached from the gateway only: the timer is no wait of its own elsewhere.
      if (timer == kNone || other == kNone || nodes_[timer].in.size() != 1 || nodes_[other].in.size() != 1) continue;
      if (std::any_of(step_timers_.begin(), step_timers_.end(),
                      [&](const StepTimerNode& t) { return t.activity == other && t.interrupting; })) {
        continue;  // the receive task has a timeout of its own already
      }
      const auto after = boundary_timer_after(nodes_[timer].xml);
      if (!after) continue;
      std::erase(nodes_[v].out, timer_flow);  // the gateway passes its token to the wait
      std::erase(nodes_[timer].in, timer_flow);
      nodes_[timer].kind = Kind::Pass;  // leads where the timeout leads
      step_timers_.push_back({other, timer, *after, true, false, nodes_[timer].xml});
      carried("routing");
    }
  }

  /// BPMN 2.0 (10.5.3) lets a path end without an end event: an activity or intermediate event of
  /// the process with no outgoing flow ends its path there. Such a node gets an end after it.
  void implicit_ends() {
    const std::size_t count = nodes_.size();
    for (std::size_t v = 0; v < count; ++v) {
      const Node& n = nodes_[v];
      if (!n.out.empty() || n.synthetic || !n.top_level) continue;
      if (n.kind != Kind::Task && n.kind != Kind::Timer && n.kind != Kind::OtherCatch) continue;
      warn(n.xml, fmt::format("'{}' has no outgoing flow: its path ends there (a BPMN implicit end), imported as "
                              "an end after it",
                              label(n)));
      const std::size_t end = synthetic_node(nodes_[v], Kind::End, "end", "");
      add_flow(v, end, nodes_[v].id + "#implicit-end");
      defaulted("routing");
    }
  }

  void link_sub_processes() {
    for (const InnerRange& r : inner_ranges_) {
      std::vector<std::size_t> starts;
      std::vector<std::size_t> ends;
      // In a call of bpmkit's export, an end event with a step of its own is the fragment's end,
      // which ends the case (its other ends return from the call); an error end event throws
      // (error_ends()). Neither returns.
      const bool call = ext(nodes_[r.entry].xml, "call") != nullptr;
      bool throws = false;
      for (std::size_t v = r.first; v < r.last; ++v) {
        Node& n = nodes_[v];
        if (n.kind == Kind::Start && !n.top_level && belongs_directly(v, r)) starts.push_back(v);
        if (!belongs_directly(v, r)) continue;
        if (throws_error(n)) {
          throws = true;
        } else if (n.kind == Kind::End && !(call && ext(n.xml, "step") != nullptr)) {
          ends.push_back(v);
        }
      }
      // Without a start event the inner flow begins at the nodes nothing flows into.
      if (starts.empty()) {
        for (std::size_t v = r.first; v < r.last; ++v) {
          if (nodes_[v].in.empty() && belongs_directly(v, r) && nodes_[v].kind != Kind::Start) starts.push_back(v);
        }
      }
      for (const std::size_t s : starts) {
        if (nodes_[s].kind == Kind::Start) nodes_[s].kind = Kind::Pass;
        add_flow(r.entry, s, nodes_[r.entry].id + "#enter");
      }
      if (starts.size() > 1) {
        // Several ways in run in parallel, as BPMN starts every none start event of a sub-process.
        const std::size_t split = synthetic_node(nodes_[r.entry], Kind::Parallel, "split", "");
        move_outgoing(r.entry, split);
        add_flow(r.entry, split, nodes_[r.entry].id + "#to-split");
      }
      // The inner ends hand the token back; without an end, the nodes with no way out do.
      if (ends.empty() && (call || throws)) continue;  // every path ends the case or throws
      if (ends.empty()) {
        for (std::size_t v = r.first; v < r.last; ++v) {
          if (nodes_[v].out.empty() && belongs_directly(v, r) && nodes_[v].kind != Kind::Start) ends.push_back(v);
        }
      }
      for (const std::size_t e : ends) {
        if (nodes_[e].kind == Kind::End) nodes_[e].kind = Kind::Pass;
        add_flow(e, r.exit, nodes_[e].id + "#leave");
      }
      if (ends.empty())
        warn(nodes_[r.entry].xml,
             fmt::format("sub-process '{}' has no end: the case stalls in it", label(nodes_[r.entry])));
    }
  }

  /// An error end event: it throws an error for a boundary event around it to catch.
  [[nodiscard]] static bool throws_error(const Node& n) { return !n.synthetic && n.error; }

  /// The error boundary event (index in boundaries_) that catches what error end v throws: on
  /// the innermost sub-process or call around v that has one catching it, one naming the error
  /// before one catching any; kNone when none does.
  [[nodiscard]] std::size_t catching_boundary(std::size_t v) const {
    std::vector<const InnerRange*> around;
    for (const InnerRange& r : inner_ranges_) {
      if (v >= r.first && v < r.last) around.push_back(&r);
    }
    // Ranges nest: the inner one starts later.
    std::sort(around.begin(), around.end(),
              [](const InnerRange* a, const InnerRange* b) { return a->first > b->first; });
    for (const InnerRange* r : around) {
      const auto on = error_boundaries_.find(nodes_[r->entry].id);
      if (on == error_boundaries_.end()) continue;
      if (const std::size_t b = on->second.catcher(nodes_[v].error, errors_); b != design::ErrorCatchers::kNone)
        return b;
    }
    return kNone;
  }

  /// True when node v sits in range r and not inside a sub-process nested in r.
  bool belongs_directly(std::size_t v, const InnerRange& r) const {
    if (v < r.first || v >= r.last) return false;
    for (const InnerRange& inner : inner_ranges_) {
      if (&inner != &r && inner.first >= r.first && inner.last <= r.last && v >= inner.first && v < inner.last)
        return false;
    }
    return true;
  }

  static std::string link_name(pugi::xml_node e) {
    const pugi::xml_node definition = child_named(e, "linkEventDefinition");
    if (!definition) return {};
    const std::string name = definition.attribute("name").value();
    return name.empty() ? std::string(e.attribute("name").value()) : name;
  }

  void link_events() {
    std::map<std::string, std::size_t> catches;
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      const Node& n = nodes_[v];
      if (n.synthetic || !child_named(n.xml, "linkEventDefinition")) continue;
      if (local_name(n.xml.name()) == "intermediateCatchEvent") {
        catches[link_name(n.xml)] = v;
        nodes_[v].kind = Kind::Pass;
      }
    }
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      Node& n = nodes_[v];
      if (n.synthetic || local_name(n.xml.name()) != "intermediateThrowEvent" ||
          !child_named(n.xml, "linkEventDefinition")) {
        continue;
      }
      const auto it = catches.find(link_name(n.xml));
      if (it == catches.end()) {
        warn(n.xml, fmt::format("link event '{}' has no catching link of that name: the path ends there", label(n)));
        dropped("routing");
        continue;
      }
      add_flow(v, it->second, n.id + "#link");
      carried("routing");
    }
  }

  /// An activity or event with several outgoing flows splits: in parallel, or inclusively when
  /// the flows carry conditions (BPMN's uncontrolled and conditional flows).
  void implicit_splits() {
    const std::size_t count = nodes_.size();
    for (std::size_t v = 0; v < count; ++v) {
      const Node& n = nodes_[v];
      const bool gateway = n.kind == Kind::Exclusive || n.kind == Kind::Inclusive || n.kind == Kind::Parallel ||
                           n.kind == Kind::EventBased || n.kind == Kind::Complex;
      if (gateway || n.out.size() < 2 || n.kind == Kind::End) continue;
      if (n.kind == Kind::Start && n.top_level) continue;        // the start's split is built with the start
      if (n.kind == Kind::ThrowEvent && !n.synthetic) continue;  // an and split already (build_steps)
      bool conditioned = !n.synthetic && !n.xml.attribute("default").empty();
      for (const std::size_t f : n.out) {
        if (flows_[f].xml && child_named(flows_[f].xml, "conditionExpression")) conditioned = true;
      }
      const std::size_t split = synthetic_node(nodes_[v], conditioned ? Kind::Inclusive : Kind::Parallel, "split", "");
      nodes_[split].default_flow = nodes_[v].synthetic ? std::string() : nodes_[v].xml.attribute("default").value();
      move_outgoing(v, split);
      add_flow(v, split, nodes_[v].id + "#to-split");
      carried("routing");
    }
  }

  void boundary_events() {
    for (std::size_t b = 0; b < boundaries_.size(); ++b) {
      if (const pugi::xml_node definition = errors_.definition(boundaries_[b])) {
        error_boundaries_[boundary_prefix_[b] + boundaries_[b].attribute("attachedToRef").value()].add(b, definition,
                                                                                                       errors_);
      }
    }
    std::map<std::size_t, std::vector<std::size_t>> thrown_to;  // boundary -> the error ends it catches
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      if (!throws_error(nodes_[v])) continue;
      if (const std::size_t b = catching_boundary(v); b != kNone) thrown_to[b].push_back(v);
    }
    for (std::size_t b = 0; b < boundaries_.size(); ++b) {
      const pugi::xml_node e = boundaries_[b];
      const std::string attached = boundary_prefix_[b] + e.attribute("attachedToRef").value();
      const auto it = node_index_.find(attached);
      const std::string type = event_type(e);
      if (it == node_index_.end()) {
        warn(e, fmt::format("boundary event '{}' is attached to '{}', which is not imported: ignored", label(e),
                            e.attribute("attachedToRef").value()));
        dropped("boundary events");
        continue;
      }
      if (type == "compensate") {
        warn(e, fmt::format("compensation boundary event '{}' is not carried (no compensation in the process format)",
                            label(e)));
        dropped("boundary events");
        continue;
      }
      const std::size_t activity = it->second;
      const std::size_t after = exit_index_.count(attached) ? exit_index_.at(attached) : activity;
      const bool error = type == "error";
      if (error && std::string_view(e.attribute("cancelActivity").value()) == "false") {
        warn(e, fmt::format("error boundary event '{}' has cancelActivity=\"false\", which BPMN does not allow (an "
                            "error always interrupts its activity): read as interrupting",
                            label(e)));
      }
      const bool interrupting = error || std::string_view(e.attribute("cancelActivity").value()) != "false";
      const bool patience = ext(e, "timer") != nullptr && std::string_view(ext(e, "timer")) == "abandon";
      // A timer with a duration on a task becomes the task's `timeout` (interrupting) or
      // `escalate` (not): exact, no warning. Where the format has no place for it (a sub-process,
      // a multi-instance task, a second timer of the same kind, a date or cycle), it becomes a
      // branch after the activity as other boundary events do, and says why.
      std::string why_not;
      std::optional<Distribution> timer_after;
      if (type == "timer") {
        timer_after = boundary_timer_after(e);
        if (!timer_after) {
          why_not = "the timer has no duration";
        } else if ((nodes_[activity].kind != Kind::Task && nodes_[activity].kind != Kind::OtherCatch) ||
                   exit_index_.count(attached) > 0) {
          why_not = "only a task takes a timeout, not a sub-process";
        } else if (child_named(nodes_[activity].xml, "multiInstanceLoopCharacteristics")) {
          why_not = "a multi-instance task takes no timeout";
        } else if (std::any_of(step_timers_.begin(), step_timers_.end(), [&](const StepTimerNode& t) {
                     return t.activity == activity && t.interrupting == interrupting && t.patience == patience;
                   })) {
          why_not = fmt::format("the task has an {} timer already", interrupting ? "interrupting" : "non-interrupting");
        }
      }
      // The boundary event itself: passes its token on to its own flows (a split when several).
      Node event;
      event.xml = e;
      event.kind = Kind::Pass;
      event.id = boundary_prefix_[b] + e.attribute("id").value();
      event.xml_id = e.attribute("id").value();
      event.lane = nodes_[activity].lane;
      const std::size_t event_node = add_node(event);
      node_index_[event.id] = event_node;
      attach_boundary_flows(event_node, boundary_prefix_[b]);
      // An error boundary on a sub-process or call that catches error end events inside it: they
      // lead there, exactly (error_ends() makes those that go straight to an end ends themselves).
      if (const auto caught = thrown_to.find(b); error && caught != thrown_to.end()) {
        for (const std::size_t v : caught->second) {
          nodes_[v].kind = Kind::Pass;
          add_flow(v, event_node, nodes_[v].id + "#thrown");
        }
        carried("boundary events");
        continue;
      }
      if (type == "timer" && timer_after && why_not.empty()) {
        step_timers_.push_back({activity, event_node, *timer_after, interrupting, patience, e});
        carried("boundary events");
        continue;
      }
      // The decision after the activity, reused when the activity has several boundary events.
      std::size_t decision = kNone;
      if (!nodes_[after].out.empty() && nodes_[flows_[nodes_[after].out.front()].to].synthetic &&
          nodes_[flows_[nodes_[after].out.front()].to].id == nodes_[activity].id + "#boundary") {
        decision = flows_[nodes_[after].out.front()].to;
      }
      if (decision == kNone) {
        decision = synthetic_node(nodes_[activity], Kind::Exclusive, "boundary", "");
        nodes_[decision].exact_rest = true;
        move_outgoing(after, decision);
        add_flow(after, decision, nodes_[activity].id + "#to-boundary");
      }
      const std::size_t f = add_flow(decision, event_node, event.id + "#taken");
      double p = kDefaultEventShare;
      std::string how;
      if (type == "timer") {
        const auto limit = timer_after ? std::optional<double>(timer_after->mean()) : std::nullopt;
        if (limit && nodes_[activity].kind == Kind::Task) {
          boundary_timers_.push_back({f, activity, *limit});
          how = fmt::format("taken with the probability that the activity lasts longer than {} ({})",
                            humanize_duration(*limit), why_not);
        } else {
          how = fmt::format("taken with p {} (assumed: {})", design::number_text(p),
                            limit ? "the activity's duration is not known here" : why_not);
          defaulted("boundary events");
        }
      } else {
        how = fmt::format("taken with p {} (assumed)", design::number_text(p));
        defaulted("boundary events");
      }
      flows_[f].p = p;
      carried("boundary events");
      warn(e, fmt::format("{}{} boundary event '{}' on '{}' becomes an exclusive branch after it, {}{}",
                          interrupting ? "" : "non-interrupting ", type == "none" ? std::string("plain") : type,
                          label(e), label(nodes_[activity]), how,
                          interrupting ? "" : "; the activity's own path is not taken then"));
    }
  }

  /// The error end events: one that no boundary catches ends the case (warned inside a
  /// sub-process or call, where engines differ: Camunda 7 completes the sub-process as a plain
  /// end would, Zeebe raises an incident). One whose catching boundary leads, through nodes that
  /// only pass the token on, to an end event is that end where it stands — the pattern of an
  /// `end` inside a fragment — and the boundary and end, used by nothing else, are dropped.
  void error_ends() {
    std::map<std::size_t, std::size_t> chain_end;  // a boundary's node -> where its pass-through chain ends
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      if (!throws_error(nodes_[v])) continue;
      if (nodes_[v].kind == Kind::End) {
        const bool inside = std::any_of(inner_ranges_.begin(), inner_ranges_.end(),
                                        [&](const InnerRange& r) { return v >= r.first && v < r.last; });
        if (inside) {
          warn(nodes_[v].xml, fmt::format("error end event '{}' throws '{}', which no error boundary event around it "
                                          "catches: imported as an end of the whole case",
                                          label(nodes_[v]), errors_.label(nodes_[v].error)));
          defaulted("sub-processes");
        }
        continue;
      }
      if (nodes_[v].out.size() != 1) continue;
      const std::size_t caught = flows_[nodes_[v].out.front()].to;
      auto known = chain_end.find(caught);
      if (known == chain_end.end()) {
        std::size_t u = caught;
        std::set<std::size_t> seen;
        while (transparent(nodes_[u]) && seen.insert(u).second) u = flows_[nodes_[u].out.front()].to;
        known = chain_end.emplace(caught, u).first;
      }
      const std::size_t u = known->second;
      if (nodes_[u].kind != Kind::End) continue;  // the catch leads to work: the case goes on there
      detach(nodes_[v].out.front());
      nodes_[v].kind = Kind::End;
      nodes_[v].outcome_node = u;
      drop_unreached(caught);
    }
    // A sub-process whose every path throws never completes: its exit, which nothing reaches,
    // goes (what follows it stays, unreachable as in the diagram).
    for (const InnerRange& r : inner_ranges_) {
      if (!nodes_[r.exit].in.empty() || nodes_[r.exit].kind == Kind::Ignored) continue;
      bool throws = false;
      for (std::size_t v = r.first; v < r.last; ++v) throws = throws || throws_error(nodes_[v]);
      if (!throws) continue;
      for (const std::size_t f : std::vector<std::size_t>(nodes_[r.exit].out)) detach(f);
      nodes_[r.exit].kind = Kind::Ignored;
    }
  }

  /// Takes flow f out of the graph.
  void detach(std::size_t f) {
    std::erase(nodes_[flows_[f].from].out, f);
    std::erase(nodes_[flows_[f].to].in, f);
  }

  /// Drops node u once nothing leads to it any more, and the nodes after it that only it led to.
  void drop_unreached(std::size_t u) {
    std::set<std::size_t> seen;
    while (nodes_[u].in.empty() && nodes_[u].kind != Kind::Start && seen.insert(u).second) {
      const std::vector<std::size_t> out = nodes_[u].out;
      nodes_[u].kind = Kind::Ignored;
      for (const std::size_t f : out) detach(f);
      if (out.size() != 1) return;
      u = flows_[out.front()].to;
    }
  }

  struct BoundaryTimer {
    std::size_t flow;
    std::size_t activity;
    double limit;
  };
  std::vector<BoundaryTimer> boundary_timers_;

  /// A boundary timer carried as the task's timeout or escalation.
  struct StepTimerNode {
    std::size_t activity;
    std::size_t event;  // the boundary event's node: the timer leads where it leads
    Distribution after;
    bool interrupting;
    bool patience;  // bpmkit's own abandonment (bpm:timer="abandon")
    pugi::xml_node xml;
  };
  std::vector<StepTimerNode> step_timers_;

  /// The time after which a boundary timer fires: bpmkit's own `bpm:after` (any distribution),
  /// else its ISO 8601 `timeDuration`.
  std::optional<Distribution> boundary_timer_after(pugi::xml_node e) {
    if (const char* after = ext(e, "after")) return time_distribution(e, after, "bpm:after");
    const auto seconds = timer_duration(e);
    if (!seconds) return std::nullopt;
    return design::parse_distribution_text(fmt::format("{}s", design::number_text(*seconds)), true, 1.0);
  }

  /// A wait's timer written as `bpm:<kind>-after` / `-to` / `-description`, as exports before
  /// the receive task (boundary timers) wrote them.
  std::optional<StepTimer> ext_timer(pugi::xml_node e, std::string_view kind) {
    const char* after = ext(e, fmt::format("{}-after", kind));
    if (after == nullptr) return std::nullopt;
    const char* to = ext(e, fmt::format("{}-to", kind));
    const char* description = ext(e, fmt::format("{}-description", kind));
    return StepTimer{time_distribution(e, after, "bpm:after"), to != nullptr ? to : "", where(e),
                     description != nullptr ? description : ""};
  }

  /// `set:` of a task or wait: `<bpm:set attribute= value=>` in its extensionElements.
  void read_set(const Node& n, Step& s) {
    if (n.synthetic) return;
    for (pugi::xml_node a = ext_child(n.xml, "set"); a; a = a.next_sibling()) {
      if (local_name(a.name()) != "set") continue;
      auto value = strict_condition(a, a.attribute("value").value());
      s.set.push_back(Assignment{a.attribute("attribute").value(), std::move(*value), where(a)});
    }
    if (const char* logged = ext(n.xml, "log")) s.logged = std::string_view(logged) != "false";
  }

  /// The bpmkit extension's constructs of a wait or end.
  void event_constructs(const Node& n, Step& s) {
    if (n.synthetic) return;
    read_set(n, s);
    if (s.kind == StepKind::Wait) {
      s.timeout = ext_timer(n.xml, "timeout");
      s.escalate = ext_timer(n.xml, "escalate");
    }
    if (s.kind == StepKind::End) {
      if (const char* terminate = ext(n.xml, "terminate")) s.terminate = std::string_view(terminate) != "false";
    }
  }

  /// The timers of the task or wait of node v: its boundary timer events, or the timer an
  /// event-based gateway races against the wait (event_based_waits).
  void step_timers(std::size_t v, Step& s) {
    for (const StepTimerNode& t : step_timers_) {
      if (t.activity != v) continue;
      StepTimer timer{t.after, reach(t.event), where(t.xml), documentation(t.xml)};
      const char* role = ext(t.xml, "timer");
      if (role != nullptr && std::string_view(role) == "abandon") {
        s.abandon = std::move(timer);
      } else if (t.interrupting) {
        s.timeout = std::move(timer);
      } else {
        s.escalate = std::move(timer);
      }
    }
  }

  /// The task's timers (boundary timer events), then its multi-instance marker.
  void step_constructs(std::size_t v, Step& s) {
    read_set(nodes_[v], s);
    if (!nodes_[v].synthetic) {
      if (const char* size = ext(nodes_[v].xml, "batch-size")) {
        Batch batch;
        batch.size = std::strtoll(size, nullptr, 10);
        batch.where = where(nodes_[v].xml);
        if (const char* timeout = ext(nodes_[v].xml, "batch-timeout"))
          batch.timeout = time_distribution(nodes_[v].xml, timeout, "bpm:batch-timeout");
        s.batch = std::move(batch);
      }
    }
    step_timers(v, s);
    const pugi::xml_node multi = child_named(nodes_[v].xml, "multiInstanceLoopCharacteristics");
    if (!multi || nodes_[v].synthetic) return;
    Instances instances;
    instances.parallel = !is_sequential(multi);
    instances.where = where(multi);
    const pugi::xml_node cardinality = child_named(multi, "loopCardinality");
    const std::string text = trim_text(cardinality.child_value());
    std::string why_not;
    if (const char* exact = ext(multi, "instances")) {
      instances.count = count_distribution(multi, exact);
    } else if (const char* of = ext(multi, "instances-of")) {
      instances.count_of = strict_condition(multi, of);
    } else if (text.empty()) {
      bool collection = child_named(multi, "loopDataInputRef");
      for (const pugi::xml_attribute a : multi.attributes())
        collection = collection || local_name(a.name()) == "collection";
      for (pugi::xml_node x = child_named(multi, "extensionElements").first_child(); x; x = x.next_sibling())
        collection = collection || local_name(x.name()) == "loopCharacteristics";  // Zeebe's inputCollection
      why_not =
          collection ? "its count is the size of a collection known only at run time" : "it has no loopCardinality";
    } else {
      char* end = nullptr;
      const double n = std::strtod(text.c_str(), &end);
      if (end != nullptr && *end == '\0' && std::isfinite(n) && n >= 0.0) {
        instances.count = count_distribution(cardinality, text);
      } else {
        try {
          instances.count_of = expression(design::convert_condition(text, "").expression);
        } catch (const SyntaxError& err) {
          why_not = fmt::format("its cardinality '{}' is not an expression over case attributes ({})", one_line(text),
                                err.what());
        }
      }
    }
    if (const pugi::xml_node completion = child_named(multi, "completionCondition");
        completion && !trim_text(completion.child_value()).empty()) {
      warn(completion, fmt::format("completion condition '{}' of '{}' is not carried: the task goes on when every "
                                   "instance is done",
                                   one_line(trim_text(completion.child_value())), label(nodes_[v])));
      dropped("flow nodes");
    }
    if (!why_not.empty()) {
      warn(multi, fmt::format("multi-instance marker on '{}' ({}) is not carried: {}; it runs once per visit",
                              label(nodes_[v]), instances.parallel ? "parallel" : "sequential", why_not));
      dropped("flow nodes");
      return;
    }
    carried("flow nodes");
    s.instances = std::move(instances);
  }

  Distribution count_distribution(pugi::xml_node e, const std::string& text) {
    try {
      return design::parse_distribution_text(text, false, 1.0);
    } catch (const SyntaxError& err) {
      throw ModelError(where(e), fmt::format("multi-instance count '{}': {}", text, err.what()));
    }
  }

  void attach_boundary_flows(std::size_t event_node, const std::string& prefix) {
    // Flows out of the boundary event were skipped while reading (their source was unknown then).
    // Indexed by scope and source on first use: a file may hold thousands of boundary events.
    if (pending_by_source_.empty()) {
      for (std::size_t i = 0; i < pending_flows_.size(); ++i)
        pending_by_source_.emplace(pending_prefix_[i] + '\n' + pending_flows_[i].attribute("sourceRef").value(), i);
    }
    const auto [first, last] =
        pending_by_source_.equal_range(prefix + '\n' + nodes_[event_node].xml.attribute("id").value());
    for (auto it = first; it != last; ++it) {
      const pugi::xml_node flow = pending_flows_[it->second];
      const auto to = node_index_.find(prefix + flow.attribute("targetRef").value());
      if (to == node_index_.end()) continue;
      add_flow(event_node, to->second, prefix + flow.attribute("id").value(), flow);
    }
    Node& event = nodes_[event_node];
    if (event.out.empty()) {
      event.kind = Kind::End;  // the branch ends there
    } else if (event.out.size() > 1) {
      bool conditioned = false;
      for (const std::size_t f : event.out)
        conditioned = conditioned || child_named(flows_[f].xml, "conditionExpression");
      const std::size_t split = synthetic_node(event, conditioned ? Kind::Inclusive : Kind::Parallel, "split", "");
      move_outgoing(event_node, split);
      add_flow(event_node, split, nodes_[event_node].id + "#to-split");
    }
  }

  std::optional<double> timer_duration(pugi::xml_node e) {
    const pugi::xml_node timer = child_named(e, "timerEventDefinition");
    if (!timer) return std::nullopt;
    for (pugi::xml_node t = timer.first_child(); t; t = t.next_sibling()) {
      const std::string_view kind = local_name(t.name());
      if (kind == "timeDuration") {
        const auto seconds = design::parse_iso_duration(t.child_value());
        if (!seconds)
          warn(t, fmt::format("timer duration '{}' is not an ISO 8601 duration", trim_text(t.child_value())));
        return seconds;
      }
      if (kind == "timeDate" || kind == "timeCycle") {
        warn(t, fmt::format("timer {} '{}' is not supported: only durations are", kind, one_line(t.child_value())));
      }
    }
    return std::nullopt;
  }

  [[nodiscard]] static bool is_gateway(Kind k) {
    return k == Kind::Exclusive || k == Kind::Inclusive || k == Kind::Parallel || k == Kind::EventBased ||
           k == Kind::Complex;
  }

  /// A node that passes its token straight on: a gateway with one way out that does not
  /// synchronise, an intermediate throw event, a sub-process entry or exit, a link.
  [[nodiscard]] bool transparent(const Node& n) const {
    if (n.kind == Kind::Pass) return n.out.size() == 1;
    if (n.kind == Kind::ThrowEvent) return n.out.size() == 1;
    if (n.kind == Kind::Exclusive || n.kind == Kind::EventBased || n.kind == Kind::Complex) return n.out.size() == 1;
    if (n.kind == Kind::Inclusive || n.kind == Kind::Parallel) return n.out.size() == 1 && n.in.size() <= 1;
    return false;
  }

  [[nodiscard]] bool is_rework_check(const Node& n) const {
    return !n.synthetic && ext(n.xml, "rework") != nullptr && n.kind == Kind::Exclusive && n.in.size() == 1 &&
           nodes_[flows_[n.in.front()].from].kind == Kind::Task;
  }

  void name_steps() {
    std::set<std::string> used;
    // The suffix each base id goes on from: `used` only grows, so the ones before were taken
    // (thousands of elements of one name stay linear).
    std::map<std::string, int> next_suffix;
    auto unique = [&](std::string id) {
      if (id.empty()) id = "step";
      std::string candidate = id;
      int& k = next_suffix.try_emplace(id, 2).first->second;
      while (used.count(candidate) > 0) candidate = fmt::format("{}-{}", id, k++);
      used.insert(candidate);
      return candidate;
    };
    for (Node& n : nodes_) {
      if (n.kind == Kind::Pass && n.out.empty()) n.kind = Kind::End;  // a path that ends there
    }
    // Ids the file fixes first, so that generated ones never take them.
    for (Node& n : nodes_) {
      if (n.synthetic || n.kind == Kind::Pass || n.kind == Kind::Ignored) continue;  // a call: restore_calls()
      if (const char* id = ext(n.xml, "step")) {
        n.step_id = id;
        used.insert(n.step_id);
      }
    }
    for (Node& n : nodes_) {
      if (!n.step_id.empty() || n.synthetic || n.kind == Kind::Ignored || (n.kind == Kind::Start && n.top_level) ||
          transparent(n))
        continue;
      if (is_rework_check(n)) {
        n.folded = true;
        continue;
      }
      const std::string name = n.xml.attribute("name").value();
      std::string wanted = n.kind == Kind::End ? std::string() : slug(name);
      if (n.kind == Kind::End) wanted = "end-" + (name.empty() ? std::string("done") : slug(name));
      if (wanted.empty() || wanted == "end-") wanted = slug(n.xml.attribute("id").value());
      n.step_id = unique(wanted);
    }
    // Synthetic nodes take their origin's id and a suffix, after the real ones.
    for (Node& n : nodes_) {
      if (!n.synthetic || !n.step_id.empty() || n.kind == Kind::Ignored || transparent(n)) continue;
      const auto origin = node_index_.find(n.id.substr(0, n.id.find('#')));
      std::string base =
          origin != node_index_.end() && !nodes_[origin->second].step_id.empty()
              ? nodes_[origin->second].step_id
              : slug(n.xml.attribute("name").empty() ? n.xml.attribute("id").value() : n.xml.attribute("name").value());
      if (origin != node_index_.end() && nodes_[origin->second].kind == Kind::Start) base = "start";
      const std::string suffix = n.kind == Kind::End ? std::string("end") : n.id.substr(n.id.rfind('#') + 1);
      n.step_id = unique(n.wanted_id.empty() ? fmt::format("{}-{}", base, suffix) : n.wanted_id);
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
    if (transparent(nodes_[v])) return {};  // a loop of pass-through nodes leads nowhere
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
      if (local_name(c.name()) == "documentation") return trim_text(c.child_value());
    }
    return {};
  }

  /// A distribution of the bpmkit extension: its parameters may be expressions of the case's
  /// attributes ("lognormal(mean: 30m + amount * 0.01m, sd: 10m)"), bound as the loader binds them.
  Distribution time_distribution(pugi::xml_node e, const char* attribute, const char* what) {
    try {
      const std::string_view text = attribute;
      if (text.find("empirical(") != std::string_view::npos || text.find("histogram(") != std::string_view::npos) {
        return design::parse_distribution_text(attribute, true, result_.process.time_unit_seconds);
      }
      Distribution d = parse_distribution(text, true, result_.process.time_unit_seconds, result_.process.strings);
      for (ParamExpression& x : d.expressions) bind(x.expression);
      return d;
    } catch (const SyntaxError& err) {
      throw ModelError(where(e), fmt::format("{} '{}': {}", what, attribute, err.what()));
    }
  }

  /// The attributes expressions bind to, in the order the loader gives them slots
  /// (Process::attribute_names): arrivals', streams', then those that steps set, in step order.
  std::vector<std::string> slot_names_;

  void collect_slot_names() {
    slot_names_ = result_.process.attribute_names();
    for (const Node& n : nodes_) {
      if (n.synthetic) continue;
      const pugi::xml_node sets = ext_child(n.xml, "set");
      for (pugi::xml_node a = sets; a; a = a.next_sibling()) {
        if (local_name(a.name()) != "set") continue;
        const std::string name = a.attribute("attribute").value();
        if (std::find(slot_names_.begin(), slot_names_.end(), name) == slot_names_.end()) slot_names_.push_back(name);
      }
    }
  }

  void bind(Expression& parsed) const {
    parsed.bind([&](std::string_view name) -> std::optional<std::uint32_t> {
      for (std::size_t i = 0; i < slot_names_.size(); ++i) {
        if (slot_names_[i] == name) return static_cast<std::uint32_t>(i);
      }
      return std::nullopt;
    });
  }

  /// An expression over the case attributes, bound to their slots as the loader binds it.
  Expression expression(const std::string& text) {
    Expression parsed = Expression::parse(text, result_.process.strings);
    bind(parsed);
    return parsed;
  }

  /// A bpmkit extension's condition: exact, an error when it does not parse.
  std::optional<Expression> strict_condition(pugi::xml_node e, const std::string& text) {
    try {
      return expression(trim_text(text));
    } catch (const SyntaxError& err) {
      throw ModelError(where(e), fmt::format("condition '{}': {}", trim_text(text), err.what()));
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
      warn(n.xml, fmt::format("'{}' has no outgoing flow: the case stalls there", label(n)));
      return {};
    }
    return reach(flows_[n.out.front()].to);
  }

  // ---- durations ------------------------------------------------------------------------------

  const design::ExternalTask* external_task(const Node& n) const {
    if (!external_) return nullptr;
    const auto it = external_->tasks.find(n.xml_id);
    return it == external_->tasks.end() ? nullptr : &it->second;
  }

  void resolve_durations() {
    for (Node& n : nodes_) {
      if (n.kind != Kind::Task || n.step_id.empty() || n.folded) continue;
      if (const char* duration = ext(n.xml, "duration")) {
        n.duration = time_distribution(n.xml, duration, "bpm:duration");
        carried("durations");
      } else if (const auto* t = external_task(n); t != nullptr && t->duration) {
        n.duration = t->duration;
        carried("durations");
      } else if (auto d = bpsim_distribution(n.xml_id, "TimeParameters", "ProcessingTime", true);
                 d && !(d->mean() == 0.0 && d->variance() == 0.0)) {
        n.duration = std::move(d);
        carried("durations");
      } else if (d) {
        // jBPM's modeller writes NormalDistribution(0, 0) for every element whose time nobody
        // set: a task of no duration is a placeholder, not a measurement.
        n.duration = design::parse_distribution_text(fmt::format("{}s", kDefaultTask), true, 1.0);
        warn(bpsim_.at(n.xml_id), fmt::format("BPSim ProcessingTime of task '{}' is zero (a value nobody set): {} "
                                              "assumed",
                                              n.step_id, humanize_duration(kDefaultTask)));
        defaulted("durations");
      } else {
        n.duration = design::parse_distribution_text(fmt::format("{}s", kDefaultTask), true, 1.0);
        warn(n.xml,
             fmt::format("task '{}' has no processing time: {} assumed", n.step_id, humanize_duration(kDefaultTask)));
        defaulted("durations");
      }
    }
    // Boundary timers: the branch is taken when the activity outlasts the timer; its share is
    // estimated from 20000 draws of the duration (a fixed stream: the same file gives the same
    // share), a standard error below 0.0036.
    for (const auto& timer : boundary_timers_) {
      const Node& activity = nodes_[timer.activity];
      if (!activity.duration) continue;
      Rng rng = Rng::stream(1, 0, Rng::key(activity.id));
      constexpr int kDraws = 20000;
      int longer = 0;
      for (int i = 0; i < kDraws; ++i) longer += activity.duration->sample(rng) > timer.limit ? 1 : 0;
      flows_[timer.flow].p = std::round(static_cast<double>(longer) / kDraws * 1e4) / 1e4;
    }
  }

  // ---- steps ----------------------------------------------------------------------------------

  Step task_step(const Node& n) {
    Step s;
    s.id = n.step_id;
    s.kind = StepKind::Task;
    s.description = documentation(n.xml);
    s.duration = n.duration;
    const std::string name = local_name(n.xml.name()).data();
    if (const char* resource = ext(n.xml, "resource")) {
      s.resource = resource;
    } else if (ext(n.xml, "step") == nullptr) {
      const auto* t = external_task(n);
      if (t != nullptr && !t->pool.empty()) {
        s.resource = external_pool_resource(t->pool, n.lane);
      } else {
        const bool automatic =
            name == "serviceTask" || name == "scriptTask" || name == "businessRuleTask" || name == "sendTask";
        s.resource = performer(n);
        // An engine's assignment names who does the work: a candidate group is a role, a lane
        // too; a single assignee is a person, used only where neither says more.
        if (s.resource.empty() && !automatic) s.resource = assignment(n, true);
        if (s.resource.empty() && !n.lane.empty() && !automatic) {
          s.resource = n.lane;  // the lane's role works as a pool of its own
        }
        if (s.resource.empty() && !automatic) s.resource = assignment(n, false);
        if (!s.resource.empty()) ensure_resource(s.resource, n.lane);
      }
    }
    for (pugi::xml_node c = ext_child(n.xml, "pool"); c; c = c.next_sibling()) {
      if (local_name(c.name()) == "pool") s.other_resources.emplace_back(c.attribute("id").value());
    }
    if (const char* policy = ext(n.xml, "policy")) {
      for (const PoolPolicy candidate : {PoolPolicy::First, PoolPolicy::Cheapest, PoolPolicy::ShortestQueue}) {
        if (pool_policy_name(candidate) == policy) s.policy = candidate;
      }
    }
    if (const char* formula = ext(n.xml, "cost-formula")) s.cost_formula = strict_condition(n.xml, formula);
    if (const char* priority = ext(n.xml, "priority-formula"))
      s.priority_expression = strict_condition(n.xml, priority);
    if (const char* cost = ext(n.xml, "cost")) {
      s.cost = std::strtod(cost, nullptr);
    } else if (const auto* t = external_task(n); t != nullptr && t->fixed_cost) {
      s.cost = *t->fixed_cost;
      if (s.cost != 0.0) carried("costs");
    } else if (const auto c = bpsim_number(n.xml_id, "CostParameters", "FixedCost")) {
      s.cost = *c;
      carried("costs");
    }
    if (const char* priority = ext(n.xml, "priority")) {
      s.priority = static_cast<int>(std::strtol(priority, nullptr, 10));
    } else if (const auto pr = bpsim_number(n.xml_id, "PriorityParameters", "Priority")) {
      s.priority = static_cast<int>(*pr);
    }
    task_resource_parameters(n);
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
        loop_marker(n, s);
        return s;
      }
    }
    s.next = next_of(n);
    loop_marker(n, s);
    return s;
  }

  /// BPMN's loop marker (`standardLoopCharacteristics`): the task is done again while its
  /// `loopCondition` holds, at most `loopMaximum` times. The process format's loop is a rework of
  /// the task itself: done again with probability p after each execution, so that it runs
  /// 1 / (1 - p) times on average. p is the condition when it is a probability (`0.3`, `30%`, as
  /// simulation tools write them), else 0.5 (warned, naming the condition); a `loopMaximum` N
  /// bounds the executions, which a rework cannot: p is then chosen so that the mean number of
  /// executions is that of the bounded loop, (1 - q^N) / (1 - q) (warned). `testBefore`, which
  /// lets the task run no time at all, is warned too: here it runs at least once.
  void loop_marker(const Node& n, Step& s) {
    const pugi::xml_node loop = child_named(n.xml, "standardLoopCharacteristics");
    if (!loop) return;
    if (s.rework) {
      warn(loop, fmt::format("loop marker on '{}' is not carried: the task has a rework already", label(n)));
      dropped("routing");
      return;
    }
    std::vector<std::string> notes;
    std::optional<double> q;
    const pugi::xml_node condition = child_named(loop, "loopCondition");
    const std::string condition_text = condition ? one_line(trim_text(condition.child_value())) : std::string();
    if (!condition_text.empty()) {
      const design::ConvertedCondition converted =
          design::convert_condition(condition_text, condition.attribute("language").value());
      if (converted.probability && *converted.probability < 1.0) q = converted.probability;
    }
    if (!q) {
      notes.push_back(condition_text.empty() ? std::string("it has no loop condition: repeated with probability 0.5")
                                             : fmt::format("its loop condition '{}' is not a probability: repeated "
                                                           "with probability 0.5",
                                                           condition_text));
    }
    const double repeat = q.value_or(0.5);
    double mean = 1.0 / (1.0 - repeat);
    const std::string maximum_text = trim_text(loop.attribute("loopMaximum").value());
    if (!maximum_text.empty()) {
      char* end = nullptr;
      const double maximum = std::strtod(maximum_text.c_str(), &end);
      if (end != nullptr && *end == '\0' && maximum >= 1.0 && maximum <= 1e6) {
        const double n_max = std::floor(maximum);
        mean = repeat == 0.0 ? 1.0 : (1.0 - std::pow(repeat, n_max)) / (1.0 - repeat);
        notes.push_back(
            fmt::format("at most {} executions (loopMaximum): a rework has no bound, so its probability "
                        "gives the bounded loop's mean",
                        design::number_text(n_max)));
      } else {
        notes.push_back(fmt::format("loopMaximum '{}' is not a whole number of 1 or more: ignored", maximum_text));
      }
    }
    if (std::string_view(loop.attribute("testBefore").value()) == "true") {
      notes.push_back("testBefore: here the task runs at least once");
    }
    const double p = mean <= 1.0 ? 0.0 : 1.0 - 1.0 / mean;
    if (p <= 0.0) {
      warn(loop, fmt::format("loop marker on '{}': the task runs once per visit ({})", label(n),
                             notes.empty() ? "" : notes.front()));
      carried("routing");
      return;
    }
    Rework rework;
    rework.p = std::round(p * 1e4) / 1e4;
    rework.where = where(loop);
    s.rework = rework;
    if (notes.empty()) {
      carried("routing");
      return;
    }
    std::string said;
    for (const std::string& note : notes) said += (said.empty() ? "" : "; ") + note;
    warn(loop, fmt::format("loop marker on '{}' carried as rework p {} (mean {} executions): {}", label(n),
                           design::number_text(rework.p), design::number_text(std::round(mean * 100.0) / 100.0), said));
    defaulted("routing");
  }

  /// BPSim resource and unit-cost parameters written on a task (jBPM's modeller writes them for
  /// every task: staff available and cost per time unit) rather than on a resource: the process
  /// format sizes and prices pools, not tasks, so they are said and not carried.
  void task_resource_parameters(const Node& n) {
    const auto it = bpsim_.find(n.xml_id);
    if (it == bpsim_.end() || resource_element_.count(n.xml_id) > 0) return;
    std::vector<std::string> names;
    for (pugi::xml_node g = it->second.first_child(); g; g = g.next_sibling()) {
      const std::string_view group = local_name(g.name());
      if (group != "ResourceParameters" && group != "CostParameters") continue;
      for (pugi::xml_node q = g.first_child(); q; q = q.next_sibling()) {
        const std::string_view parameter = local_name(q.name());
        if (group == "CostParameters" && parameter == "FixedCost") continue;  // a task's own cost: carried
        if (q.type() == pugi::node_element) names.emplace_back(parameter);
      }
    }
    if (names.empty()) return;
    std::string list;
    for (const auto& name : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
    warn(it->second, fmt::format("BPSim {} of task '{}' not carried: pools are sized and priced as resources, not "
                                 "per task",
                                 list, n.step_id));
    dropped("resources");
  }

  std::string performer(const Node& n) const {
    for (pugi::xml_node c = n.xml.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local_name(c.name());
      if (name != "performer" && name != "humanPerformer" && name != "potentialOwner") continue;
      for (pugi::xml_node r = c.first_child(); r; r = r.next_sibling()) {
        if (local_name(r.name()) != "resourceRef") continue;
        const std::string ref = trim_text(r.child_value());
        const auto colon = ref.find(':');
        const std::string id = colon == std::string::npos ? ref : ref.substr(colon + 1);
        const auto it = resources_.find(id);
        return slug(it != resources_.end() && !it->second.empty() ? it->second : id);
      }
    }
    return {};
  }

  /// An engine's assignment of a user task, as a pool id: candidate groups (`groups`), else an
  /// assignee, candidate users or a potential owner's formal expression. Camunda 7, Activiti and
  /// Flowable write attributes of their own namespaces (`candidateGroups`, `assignee`,
  /// `candidateUsers`), Camunda 8 `zeebe:assignmentDefinition`, jBPM a `potentialOwner` with a
  /// `resourceAssignmentExpression`. Expressions (`${...}`, `#{...}`, FEEL `= ...`) name nobody
  /// until run time: warned, not used.
  std::string assignment(const Node& n, bool groups) {
    std::vector<std::pair<pugi::xml_node, std::string>> values;  // where written, value
    auto read = [&](pugi::xml_node e) {
      for (const pugi::xml_attribute a : e.attributes()) {
        const std::string_view attribute = local_name(a.name());
        const bool wanted =
            groups ? attribute == "candidateGroups" : (attribute == "assignee" || attribute == "candidateUsers");
        if (wanted && std::string_view(a.name()).find(':') != std::string_view::npos) values.emplace_back(e, a.value());
      }
    };
    read(n.xml);
    for (pugi::xml_node c = n.xml.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = local_name(c.name());
      if (name == "extensionElements") {
        for (pugi::xml_node x = c.first_child(); x; x = x.next_sibling()) {
          if (local_name(x.name()) != "assignmentDefinition") continue;
          for (const pugi::xml_attribute a : x.attributes()) {
            const std::string_view attribute = a.name();
            if (groups ? attribute == "candidateGroups" : (attribute == "assignee" || attribute == "candidateUsers"))
              values.emplace_back(x, a.value());
          }
        }
      }
      if (!groups && (name == "potentialOwner" || name == "humanPerformer")) {
        for (pugi::xml_node r = c.first_child(); r; r = r.next_sibling()) {
          if (local_name(r.name()) != "resourceAssignmentExpression") continue;
          const pugi::xml_node formal = child_named(r, "formalExpression");
          if (formal) values.emplace_back(formal, trim_text(formal.child_value()));
        }
      }
    }
    for (const auto& [at, value] : values) {
      const std::string first = trim_text(value.substr(0, value.find(',')));
      if (first.empty()) continue;
      if (first.find("${") != std::string::npos || first.find("#{") != std::string::npos || first.front() == '=' ||
          first.front() == '$') {
        warn(at, fmt::format("{} '{}' of '{}' is an expression evaluated at run time: not used as its pool",
                             groups ? "candidate group" : "assignee", one_line(first), label(n)));
        dropped("resources");
        continue;
      }
      const std::string id = slug(first);
      if (id.empty()) continue;
      carried("resources");
      return id;
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
    if (const auto count = bpsim_number(element, "ResourceParameters", "Quantity")) {
      resource.count = static_cast<int>(*count);
      carried("resources");
    } else if (!own_model_) {
      defaulted_pools_.insert(id);
      defaulted("resources");
    }
    if (const auto cost = bpsim_number(element, "CostParameters", "UnitCost")) {
      resource.cost_per_hour = *cost * 3600.0 / bpsim_unit_;
      carried("costs");
    }
    p.resources.push_back(std::move(resource));
  }

  /// The pool of a QBP or Prosimos resource, made on first use with its count, cost and calendar.
  std::string external_pool_resource(const std::string& pool_id, const std::string& lane) {
    const design::ExternalPool* pool = external_->find_pool(pool_id);
    std::string id = slug(pool != nullptr ? pool->name : pool_id);
    if (id.empty()) id = slug(pool_id);
    if (id.empty()) id = "pool";
    Process& p = result_.process;
    if (p.find_resource(id)) return id;
    Resource resource;
    resource.id = id;
    resource.role = p.find_role(lane) ? lane : (p.find_role(id) ? id : std::string());
    if (pool != nullptr) {
      resource.count = pool->count;
      resource.cost_per_hour = pool->cost_per_hour;
      resource.calendar = external_calendar(pool->calendar);
      carried("resources");
      if (pool->cost_per_hour != 0.0) carried("costs");
    } else {
      defaulted_pools_.insert(id);
      defaulted("resources");
    }
    p.resources.push_back(std::move(resource));
    return id;
  }

  /// Adds a source calendar to the process (once) and returns its name; "" for none or 24/7.
  std::string external_calendar(const std::string& calendar_id) {
    if (calendar_id.empty()) return {};
    for (const auto& [id, calendar] : external_->calendars) {
      if (id != calendar_id) continue;
      if (design::always_open(calendar)) return {};
      Process& p = result_.process;
      std::string name = slug(calendar.name);
      if (name.empty()) name = slug(id);
      if (name.empty()) name = "calendar";
      for (const auto& existing : p.calendars) {
        if (existing.name == name) return name;
      }
      Calendar copy = calendar;
      copy.name = name;
      if (copy.never_open()) return {};
      p.calendars.push_back(std::move(copy));
      carried("calendars");
      return name;
    }
    return {};
  }

  Step wait_step(const Node& n) {
    Step s;
    s.id = n.step_id;
    s.kind = StepKind::Wait;
    s.description = documentation(n.xml);
    read_raci(n.xml, s.raci);
    if (const char* wait = ext(n.xml, "wait")) {
      s.wait = time_distribution(n.xml, wait, "bpm:wait");
    } else if (external_ && external_->event_waits.count(n.xml_id) > 0) {
      s.wait = external_->event_waits.at(n.xml_id);
      carried("waits");
    } else if (const auto* t = external_task(n); t != nullptr && t->duration) {
      s.wait = t->duration;
      carried("waits");
    } else if (auto d = bpsim_distribution(n.xml_id, "TimeParameters", "ProcessingTime", true); d && d->mean() > 0.0) {
      s.wait = std::move(d);  // a receive task's time in BPSim (bpmkit writes a wait's there)
      carried("waits");
    } else {
      std::optional<double> seconds;
      if (n.kind == Kind::Timer) {
        seconds = timer_duration(n.xml);
      } else if (local_name(n.xml.name()) != "receiveTask") {
        const bool messaged = message_targets_.count(n.xml_id) > 0;
        warn(n.xml, fmt::format("{} catch event '{}' is imported as a wait{}", event_type(n.xml), label(n),
                                messaged ? " for its message" : ""));
      }
      if (!seconds) {
        warn(n.xml, fmt::format("wait '{}' has no duration: {} assumed", s.id, humanize_duration(kDefaultTimer)));
        seconds = kDefaultTimer;
        defaulted("waits");
      } else {
        carried("waits");
      }
      s.wait = design::parse_distribution_text(fmt::format("{}s", design::number_text(*seconds)), true, 1.0);
    }
    s.next = next_of(n);
    return s;
  }

  /// A sequence flow's condition as a branch: an expression over case attributes, else a
  /// probability (the text is one, or with a warning naming the condition).
  void read_condition(const Flow& flow, Branch& b) {
    for (pugi::xml_node c = flow.xml.first_child(); c; c = c.next_sibling()) {
      if (local_name(c.name()) != "conditionExpression") continue;
      const std::string raw = c.child_value();
      if (trim_text(raw).empty()) continue;
      const auto converted = design::convert_condition(raw, c.attribute("language").value());
      if (converted.probability) {
        b.p = converted.probability;
        carried("routing");
        continue;
      }
      try {
        b.when = expression(converted.expression);
        carried("conditions");
      } catch (const SyntaxError& err) {
        warn(c, fmt::format("condition '{}' is not a condition over case attributes ({}): the branch is drawn with a "
                            "probability instead",
                            one_line(trim_text(raw)), err.what()));
        dropped("conditions");
      }
    }
  }

  std::vector<Branch> branches(const Node& n, bool exclusive) {
    std::vector<std::pair<std::size_t, Branch>> indexed;  // original branch index, branch
    const std::string default_flow =
        !n.default_flow.empty() ? n.default_flow
                                : (n.synthetic ? std::string() : std::string(n.xml.attribute("default").value()));
    std::vector<std::size_t> open;       // branches that got neither condition nor probability
    std::vector<std::size_t> open_flow;  // their flows
    for (const std::size_t f : n.out) {
      const Flow& flow = flows_[f];
      const std::string to = reach(flow.to);
      bool described = false;
      for (pugi::xml_node ext_node = flow.xml ? ext_child(flow.xml, "branch") : pugi::xml_node(); ext_node;
           ext_node = ext_node.next_sibling()) {
        if (local_name(ext_node.name()) != "branch") continue;
        described = true;
        Branch b;
        b.to = to;
        if (!ext_node.attribute("when").empty())
          b.when = strict_condition(ext_node, ext_node.attribute("when").value());
        if (!ext_node.attribute("p").empty()) b.p = ext_node.attribute("p").as_double();
        b.description = ext_node.attribute("description").value();
        indexed.emplace_back(static_cast<std::size_t>(ext_node.attribute("index").as_uint()), std::move(b));
      }
      if (described) continue;
      Branch b;
      b.to = to;
      if (flow.xml) {
        b.description = documentation(flow.xml);
        if (external_ && external_->flow_probability.count(flow.xml.attribute("id").value()) > 0) {
          // The simulation tool draws this branch with its probability, whatever the label says.
          b.p = external_->flow_probability.at(flow.xml.attribute("id").value());
          carried("routing");
        } else {
          read_condition(flow, b);
        }
        if (!b.p && !b.when) {
          if (const auto p = bpsim_number(flow.xml.attribute("id").value(), "ControlParameters", "Probability")) {
            b.p = *p;
            carried("routing");
          }
        }
      }
      if (flow.p && !b.p && !b.when) b.p = flow.p;
      if (!b.when && !b.p) {
        const bool is_default = flow.xml && default_flow == flow.xml.attribute("id").value();
        if (exclusive || is_default) {
          open.push_back(indexed.size());
          open_flow.push_back(f);
        } else {
          b.p = 1.0;  // an unconditional branch of an inclusive gateway is always taken
        }
      }
      indexed.emplace_back(1000000 + indexed.size(), std::move(b));
    }
    if (!open.empty()) {
      // The branches with neither condition nor probability (the default among them) share what
      // the others leave, so that the drawn probabilities add up to one.
      double known = 0.0;
      for (const auto& [index, branch] : indexed) known += branch.p.value_or(0.0);
      if (!exclusive) known = 0.0;
      const double share = std::max(0.0, 1.0 - known) / static_cast<double>(open.size());
      const bool only_default = open.size() == 1 && n.out.size() > open.front() && flows_[n.out[open.front()]].xml &&
                                flows_[n.out[open.front()]].xml.attribute("id").value() == default_flow;
      if (!only_default && !n.exact_rest) {
        // Name what the open branches are: a default flow (BPMN's "otherwise"), branches whose
        // condition could not be carried, plain flows.
        std::size_t with_default = 0;
        std::size_t dropped_condition = 0;
        for (const std::size_t f : open_flow) {
          const pugi::xml_node xml = flows_[f].xml;
          if (xml && default_flow == xml.attribute("id").value()) {
            ++with_default;
          } else if (xml && !trim_text(child_named(xml, "conditionExpression").child_value()).empty()) {
            ++dropped_condition;
          }
        }
        const bool has_when =
            std::any_of(indexed.begin(), indexed.end(), [](const auto& b) { return b.second.when.has_value(); });
        std::vector<std::string> parts;
        if (with_default > 0) parts.emplace_back("the default flow");
        if (dropped_condition > 0)
          parts.push_back(fmt::format(
              "{} whose condition is not carried",
              dropped_condition == 1 ? std::string("a branch") : fmt::format("{} branches", dropped_condition)));
        const std::size_t plain = open.size() - with_default - dropped_condition;
        if (plain > 0)
          parts.push_back(fmt::format("{} without condition or probability",
                                      plain == 1 ? std::string("a branch") : fmt::format("{} branches", plain)));
        std::string who;
        for (std::size_t k = 0; k < parts.size(); ++k)
          who += (k == 0 ? "" : (k + 1 == parts.size() ? " and " : ", ")) + parts[k];
        warn(n.xml, fmt::format("gateway '{}': {}: {} assumed{}", label(n), who,
                                open.size() == 1 ? fmt::format("p {}", design::number_text(share))
                                                 : fmt::format("equal shares of {}", design::number_text(share)),
                                exclusive && has_when ? ", drawn when no carried condition holds" : ""));
        defaulted("routing");
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
    if (!n.synthetic) s.description = documentation(n.xml);
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
                                local_name(n.xml.name()), label(n)));
        defaulted("routing");
        s.kind = StepKind::Xor;
        for (const std::size_t f : n.out) {
          s.branches.push_back(
              Branch{reach(flows_[f].to), std::nullopt, 1.0 / static_cast<double>(n.out.size()), Location{}});
        }
        break;
      default:
        s.kind = StepKind::Xor;
        s.branches = branches(n, true);
        break;
    }
    return s;
  }

  Step end_step(const Node& n) {
    Step s;
    s.id = n.step_id;
    s.kind = StepKind::End;
    if (!n.synthetic) s.description = documentation(n.xml);
    s.outcome = outcome_of(n);
    if (const char* revenue = ext(n.xml, "revenue")) s.revenue = strict_condition(n.xml, revenue);
    return s;
  }

  /// An end's outcome: bpmkit's own, else its name's; an error end caught on its way to an end
  /// takes that end's, and an error end without a name its error's.
  std::string outcome_of(const Node& n) const {
    if (const char* outcome = n.synthetic ? nullptr : ext(n.xml, "outcome")) return outcome;
    std::vector<std::string> names;
    if (n.outcome_node != kNone) {
      const Node& end = nodes_[n.outcome_node];
      if (const char* outcome = end.synthetic ? nullptr : ext(end.xml, "outcome")) return outcome;
      names.emplace_back(end.xml.attribute("name").value());
    }
    names.emplace_back(n.xml.attribute("name").value());
    if (throws_error(n)) names.push_back(errors_.label(n.error));
    for (const std::string& name : names) {
      if (std::string outcome = slug(name); !outcome.empty()) return outcome;
    }
    return "done";
  }

  /// Whether an end event ends the whole case rather than its token: a terminate end event, and
  /// an error end event that nothing catches (the error leaves the process); an error end
  /// caught on its way to an end as that end.
  bool ends_case(const Node& n) const {
    if (n.outcome_node != kNone) return has_terminate_definition(nodes_[n.outcome_node].xml);
    return has_terminate_definition(n.xml) || throws_error(n);
  }

  void read_arrivals(const std::vector<const Node*>& starts) {
    Process& p = result_.process;
    if (own_model_) return;
    if (external_ && external_->arrivals) {
      p.arrivals.every = *external_->arrivals;
      p.arrivals.calendar =
          external_->arrival_calendar.empty() ? std::string() : external_calendar(external_->arrival_calendar);
      arrivals_known_ = true;
      carried("arrivals");
      return;
    }
    for (const Node* start : starts) {
      if (auto every = bpsim_distribution(start->xml_id, "ControlParameters", "InterTriggerTimer", true)) {
        p.arrivals.every = *every;
        arrivals_known_ = true;
        carried("arrivals");
        return;
      }
    }
    // A timer start event with a cycle "R/PT1H" (or "R5/2026-01-05T09:00/P1D") starts a case
    // every period.
    for (const Node* start : starts) {
      const pugi::xml_node timer = child_named(start->xml, "timerEventDefinition");
      const pugi::xml_node cycle = timer ? child_named(timer, "timeCycle") : pugi::xml_node();
      if (!cycle) continue;
      const std::string text = trim_text(cycle.child_value());
      const auto slash = text.rfind('/');
      if (text.empty() || text[0] != 'R' || slash == std::string::npos) continue;
      if (const auto period = design::parse_iso_duration(text.substr(slash + 1)); period && *period > 0.0) {
        p.arrivals.every = design::parse_distribution_text(fmt::format("{}s", design::number_text(*period)), true, 1.0);
        arrivals_known_ = true;
        carried("arrivals");
        warn(cycle, fmt::format("timer start cycle '{}': a case every {}", text, humanize_duration(*period)));
        return;
      }
    }
    p.arrivals.every = parse_distribution("exponential(1h)", true, 60.0);
    defaulted("arrivals");
  }

  void build_steps() {
    Process& p = result_.process;
    std::vector<Step> steps;
    std::vector<const Node*> starts;
    for (const Node& n : nodes_) {
      if (n.kind == Kind::Start && n.top_level) starts.push_back(&n);
    }
    if (starts.empty()) throw ModelError(where(doc_.document_element()), "the process has no start event");
    std::vector<const Node*> usable;
    for (const Node* s : starts) {
      if (s->out.empty()) {
        warn(s->xml, fmt::format("start event '{}' has no outgoing flow: ignored", label(*s)));
        dropped("flow nodes");
      } else {
        usable.push_back(s);
      }
    }
    if (usable.empty()) throw ModelError(where(starts.front()->xml), "the start event has no outgoing flow");
    read_arrivals(usable);
    // Where each start event leads: its one flow, or a parallel split of several.
    std::vector<std::string> entries;
    for (const Node* start : usable) {
      if (start->out.size() > 1) {
        for (const std::size_t f : start->out) {
          const pugi::xml_node condition =
              flows_[f].xml ? child_named(flows_[f].xml, "conditionExpression") : pugi::xml_node();
          if (condition && !trim_text(condition.child_value()).empty()) {
            warn(condition,
                 fmt::format("condition '{}' on a flow out of start event '{}' is not carried: every flow out "
                             "of the start is taken (parallel split)",
                             trim_text(condition.child_value()), label(*start)));
            dropped("conditions");
          }
        }
        Step split;
        split.id = usable.size() == 1 ? std::string("start-split") : fmt::format("{}-split", slug(label(*start)));
        split.kind = StepKind::And;
        for (const std::size_t f : start->out) split.targets.push_back(reach(flows_[f].to));
        entries.push_back(split.id);
        steps.push_back(std::move(split));
      } else {
        entries.push_back(reach(flows_[start->out.front()].to));
      }
    }
    if (usable.size() == 1) {
      p.start = entries.front();
    } else {
      // Several start events: one arrival stream, each case entering through one of them.
      Step merge;
      merge.id = "start-events";
      merge.kind = StepKind::Xor;
      for (const auto& entry : entries) {
        merge.branches.push_back(Branch{entry, std::nullopt, 1.0 / static_cast<double>(entries.size()), Location{}});
      }
      warn(usable[1]->xml, fmt::format("{} start events: a case enters through one of them, chosen with equal shares "
                                       "(exclusive gateway 'start-events')",
                                       usable.size()));
      defaulted("routing");
      p.start = merge.id;
      steps.insert(steps.begin(), std::move(merge));
    }
    // BPMN's plain end event ends only its token. Where no two tokens can be in flight (no
    // parallel or inclusive split, no flows out of one element in parallel) that equals ending the
    // case, so `terminate: false` is written only where it matters.
    // A non-interrupting timer starts a token of its own too.
    const bool parallel =
        std::any_of(nodes_.begin(), nodes_.end(),
                    [](const Node& n) {
                      const bool exclusive =
                          n.kind == Kind::Exclusive || n.kind == Kind::EventBased || n.kind == Kind::Complex;
                      return n.out.size() > 1 && !exclusive;
                    }) ||
        std::any_of(step_timers_.begin(), step_timers_.end(), [](const StepTimerNode& t) { return !t.interrupting; });
    for (const Node& n : nodes_) {
      if (n.step_id.empty() || n.folded || (n.kind == Kind::Start && n.top_level)) continue;
      const std::size_t first_new = steps.size();
      switch (n.kind) {
        case Kind::Task:
          steps.push_back(task_step(n));
          step_constructs(static_cast<std::size_t>(&n - nodes_.data()), steps.back());
          break;
        case Kind::Timer:
        case Kind::OtherCatch:
          steps.push_back(wait_step(n));
          event_constructs(n, steps.back());
          step_timers(static_cast<std::size_t>(&n - nodes_.data()), steps.back());
          break;
        case Kind::End:
          steps.push_back(end_step(n));
          if (parallel) steps.back().terminate = ends_case(n);
          event_constructs(n, steps.back());
          break;
        case Kind::Pass: {
          // A pass node with several ways out became a split; with none, an end (name_steps): a
          // plain end of its path.
          Step s = end_step(n);
          if (parallel) s.terminate = false;
          steps.push_back(std::move(s));
          break;
        }
        case Kind::ThrowEvent: {
          // A throw event with no way on, or several: an end, or a parallel split.
          Node copy = n;
          copy.kind = Kind::Parallel;
          Step s = gateway_step(copy, n.step_id);
          if (n.out.empty()) s = end_step(n);
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
            if (!n.synthetic) join.description = documentation(n.xml);
            for (const std::size_t f : n.in) join.join_of.push_back(owner(flows_[f].from));
            join.next =
                n.out.empty() ? std::string() : (n.out.size() > 1 ? n.split_id : reach(flows_[n.out.front()].to));
            if (n.out.empty()) warn(n.xml, fmt::format("'{}' has no outgoing flow: the case stalls there", label(n)));
            steps.push_back(std::move(join));
            if (n.out.size() > 1) steps.push_back(gateway_step(n, n.split_id));
          } else if (n.out.empty()) {
            warn(n.xml, fmt::format("gateway '{}' has no outgoing flow: imported as an end", label(n)));
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
        case Kind::Start: {
          // An inner start that is not transparent (several ways out) splits in parallel.
          Node copy = n;
          copy.kind = Kind::Parallel;
          steps.push_back(gateway_step(copy, n.step_id));
          break;
        }
        case Kind::Ignored: break;
      }
      if (steps.size() > first_new && steps[first_new].id == n.step_id) set_name(n, steps[first_new]);
    }
    p.steps = std::move(steps);
    p.index_ids();  // what follows (sizing's routing analysis) looks steps up by id
  }

  /// The element's name as the step's display name, as written (line breaks, punctuation and
  /// all), unless it is what the id would show anyway: the label an export writes for a step
  /// without a name, or the name the id was made from.
  void set_name(const Node& n, Step& s) const {
    if (n.synthetic) return;
    const std::string name = n.xml.attribute("name").value();
    if (name.empty()) return;
    const std::string implied = design::humanize_id(s.kind == StepKind::End ? s.outcome : s.id);
    if (name == implied) return;
    // Inside a call's sub-process, export labels a step by its id in the fragment.
    const std::string call = enclosing_call(n.xml);
    if (!call.empty() && s.id.size() > call.size() + 1 && s.id.compare(0, call.size() + 1, call + ".") == 0 &&
        name == design::humanize_id(std::string_view(s.id).substr(call.size() + 1))) {
      return;
    }
    s.name = name;
  }

  /// The element around `a`: its parent, or for a process that a call activity called, that
  /// call activity.
  pugi::xml_node up_from(pugi::xml_node a) const {
    const auto it = caller_of_.find(a);
    return it != caller_of_.end() ? it->second : a.parent();
  }

  /// The id of the innermost call (a bpmkit sub-process or call activity with `bpm:call`) that element `e` is
  /// in, or "" (`outermost`: the outermost one instead).
  std::string enclosing_call(pugi::xml_node e, bool outermost = false) const {
    std::string found;
    for (pugi::xml_node a = e.parent(); a && a != doc_.document_element(); a = up_from(a)) {
      if (ext(a, "call") == nullptr) continue;
      const char* id = ext(a, "step");
      if (id == nullptr) continue;
      found = id;
      if (!outermost) break;
    }
    return found;
  }

  /// A bpmkit export writes each call of a fragment as a sub-process (`bpm:step` the call's id,
  /// `bpm:call` the fragment's) and the fragments themselves in bpm:model. Import has read the
  /// calls' inner flows as the expanded steps; this gives the process back its calls: the steps
  /// of the top level with a call step for each sub-process, expanded again by the loader. When
  /// that expansion is not the imported flow (a sub-process edited in a modeller, or a fragment
  /// changed in bpm:model), the process keeps the expanded steps, said in a warning.
  void restore_calls() {
    if (!own_model_) return;
    struct Call {
      std::string id;
      std::size_t entry;
    };
    std::vector<Call> calls;
    for (std::size_t v = 0; v < nodes_.size(); ++v) {
      const Node& n = nodes_[v];
      if (n.synthetic || n.kind != Kind::Pass || !n.top_level || ext(n.xml, "call") == nullptr) continue;
      if (const char* id = ext(n.xml, "step")) calls.push_back({id, v});
    }
    Process& p = result_.process;
    if (calls.empty()) return;
    std::map<std::string, std::string> call_of;  // step of a call's expansion -> the top-level call
    for (const Node& n : nodes_) {
      if (n.step_id.empty() || n.xml == nodes_[calls.front().entry].xml) continue;
      const std::string call = enclosing_call(n.xml, true);
      if (!call.empty()) call_of.emplace(n.step_id, call);
    }
    std::map<std::string, std::string> entry_call;
    for (const Call& c : calls) entry_call[reach(c.entry)] = c.id;
    const auto up = [&](std::string& id) {
      if (const auto it = entry_call.find(id); it != entry_call.end()) id = it->second;
    };
    std::vector<Step> written;
    std::set<std::string> placed;
    for (const Step& s : p.steps) {
      if (const auto it = call_of.find(s.id); it != call_of.end()) {
        if (!placed.insert(it->second).second) continue;
        const auto c = std::find_if(calls.begin(), calls.end(), [&](const Call& k) { return k.id == it->second; });
        if (c == calls.end()) continue;
        const Node& entry = nodes_[c->entry];
        Step call;
        call.id = c->id;
        call.call = ext(entry.xml, "call");
        call.description = documentation(entry.xml);
        const std::string name = entry.xml.attribute("name").value();
        if (name != design::humanize_id(call.id)) call.name = name;
        if (const auto exit = exit_index_.find(entry.id);
            exit != exit_index_.end() && nodes_[exit->second].out.size() == 1) {
          call.next = reach(flows_[nodes_[exit->second].out.front()].to);
          up(call.next);
        }
        written.push_back(std::move(call));
        continue;
      }
      written.push_back(outside_call(s, up, call_of));
    }
    Process candidate = p;
    candidate.steps = std::move(written);
    candidate.written_steps.clear();
    up(candidate.start);
    LoadResult loaded = parse_process_text(to_yaml(candidate), file_);
    bool same = loaded.process.has_value();
    if (same) {
      Process expanded = *loaded.process;
      Process imported = p;
      expanded.written_steps.clear();
      expanded.fragments.clear();
      imported.fragments.clear();
      imported.arrivals = expanded.arrivals;  // a stream's start names the call
      same = to_yaml(expanded) == to_yaml(imported);
    }
    if (same) {
      result_.process = std::move(*loaded.process);
      return;
    }
    warn(nodes_[calls.front().entry].xml,
         fmt::format("the sub-processes of calls (first '{}') are not the fragments of {}:model (edited in a "
                     "modeller?): the process keeps them expanded",
                     calls.front().id, ext_prefix_));
    p.fragments.clear();
  }

  /// A step outside the calls, its ways on to a call's first step made ways to the call
  /// (`to_call`), and join inputs of a call's steps made the call (`call_of`: step -> call).
  static Step outside_call(const Step& s, const std::function<void(std::string&)>& to_call,
                           const std::map<std::string, std::string>& call_of) {
    Step w = s;
    for_each_target(w, to_call);
    std::vector<std::string> inputs;
    for (std::string input : w.join_of) {
      if (const auto it = call_of.find(input); it != call_of.end()) input = it->second;
      if (std::find(inputs.begin(), inputs.end(), input) == inputs.end()) inputs.push_back(input);
    }
    w.join_of = std::move(inputs);
    return w;
  }

  /// A modeller's call activity whose callee is a process of the file: import has read the
  /// callee's flow inline, in the call's place; this makes the callee a fragment (named after
  /// the called process) and the call a call step of it, so that several calls of one process
  /// share one fragment. The callee's end events return from the call, as in BPMN. A call whose
  /// inner flow leaves other than to the call's one successor stays inline (warned).
  void calls_of_processes() {
    if (own_model_) return;
    Process& p = result_.process;
    Process candidate = p;
    std::set<std::string> used;
    for (const Step& s : p.steps) used.insert(s.id);
    std::map<std::string, std::string> fragment_of;  // called process id and its ends -> fragment id
    std::map<std::string, std::string> call_of;      // a step of a call's copy -> the call step
    std::map<std::string, std::string> start_of;     // a call's first step -> the call step
    std::vector<Step> calls;
    for (const InnerRange& r : inner_ranges_) {
      const Node& entry = nodes_[r.entry];
      if (!entry.top_level || local_name(entry.xml.name()) != "callActivity") continue;
      const std::string called = trim_text(entry.xml.attribute("calledElement").value());
      const auto exit = exit_index_.find(entry.id);
      if (exit == exit_index_.end() || nodes_[exit->second].out.size() != 1) continue;
      std::set<std::string> inner;
      std::vector<Step> copy;
      for (std::size_t i = r.first; i < r.last; ++i) {
        if (!nodes_[i].step_id.empty()) inner.insert(nodes_[i].step_id);
        if (!nodes_[i].split_id.empty()) inner.insert(nodes_[i].split_id);
      }
      for (const Step& s : p.steps) {
        if (inner.count(s.id) > 0) copy.push_back(s);
      }
      const std::string first = reach(r.entry);
      const std::string next = reach(flows_[nodes_[exit->second].out.front()].to);
      bool inside = !copy.empty() && inner.count(first) > 0;
      for (Step& s : copy) {
        for_each_target(s, [&](std::string& target) {
          if (target == next && inner.count(target) == 0) {
            target = "return";
          } else if (inner.count(target) == 0) {
            inside = false;
          }
        });
        for (const std::string& input : s.join_of) inside = inside && inner.count(input) > 0;
      }
      if (!inside) {
        warn(entry.xml, fmt::format("call activity '{}': the called process's flow leaves the call other than by "
                                    "its end: imported inline, not as a call",
                                    label(entry.xml)));
        continue;
      }
      // Calls of one process share a fragment where their copies end alike: the boundaries of
      // each call say where its error ends lead.
      std::string ends = called;
      for (std::size_t i = r.first; i < r.last; ++i) {
        if (throws_error(nodes_[i]) && nodes_[i].kind == Kind::End)
          ends += fmt::format("|{}:{}:{}", i - r.first, outcome_of(nodes_[i]), ends_case(nodes_[i]));
      }
      auto known = fragment_of.find(ends);
      if (known == fragment_of.end()) {
        Fragment fragment;
        std::string id = slug(label(processes_.at(called)));
        if (id.empty()) id = "called";
        for (int k = 2; std::any_of(candidate.fragments.begin(), candidate.fragments.end(),
                                    [&](const Fragment& f) { return f.id == id; });
             ++k) {
          id = fmt::format("{}-{}", slug(label(processes_.at(called))), k);
        }
        fragment.id = id;
        fragment.description = documentation(processes_.at(called));
        fragment.start = first;
        fragment.steps = std::move(copy);
        candidate.fragments.push_back(std::move(fragment));
        known = fragment_of.emplace(ends, id).first;
      }
      Step call;
      std::string id = slug(label(entry.xml));
      if (id.empty()) id = "call";
      for (int k = 2; used.count(id) > 0; ++k) id = fmt::format("{}-{}", slug(label(entry.xml)), k);
      used.insert(id);
      call.id = id;
      call.call = known->second;
      call.description = documentation(entry.xml);
      const std::string name = entry.xml.attribute("name").value();
      if (!name.empty() && name != design::humanize_id(call.id)) call.name = name;
      call.next = next;
      for (const std::string& step : inner) call_of[step] = call.id;
      start_of[first] = call.id;
      calls.push_back(std::move(call));
    }
    if (calls.empty()) return;
    const auto up = [&](std::string& id) {
      if (const auto it = start_of.find(id); it != start_of.end()) id = it->second;
    };
    std::vector<Step> written;
    std::set<std::string> placed;
    for (const Step& s : p.steps) {
      if (const auto it = call_of.find(s.id); it != call_of.end()) {
        if (!placed.insert(it->second).second) continue;
        for (const Step& c : calls) {
          if (c.id == it->second) written.push_back(c);
        }
        continue;
      }
      written.push_back(outside_call(s, up, call_of));
    }
    for (Step& c : written) {
      if (!c.call.empty()) up(c.next);
    }
    candidate.steps = std::move(written);
    candidate.written_steps.clear();
    up(candidate.start);
    LoadResult loaded = parse_process_text(to_yaml(candidate), file_);
    if (!loaded.process.has_value()) {
      warn(nodes_[inner_ranges_.front().entry].xml,
           "the called processes do not load as fragments: their flows are imported inline, not as calls");
      return;
    }
    result_.process = std::move(*loaded.process);
  }

  // ---- parameters of the whole run, and defaults that fit each other ---------------------------

  void apply_external() {
    if (!external_ || own_model_) return;
    Process& p = result_.process;
    if (external_->cases) {
      p.simulation.cases = external_->cases;
      p.simulation.horizon.reset();
      carried("simulation");
    }
    if (external_->start) {
      p.simulation.start = *external_->start;
      carried("simulation");
    }
  }

  /// The smallest round duration at or above `seconds` (5m, 15m, 1h, 1.5h, 2h, 8h, 1d, ...).
  static double nice_duration(double seconds) {
    static constexpr double kNice[] = {1,     2,     5,     10,    15,     20,     30,     60,    120,   300,
                                       600,   900,   1200,  1800,  2700,   3600,   5400,   7200,  10800, 14400,
                                       21600, 28800, 43200, 86400, 172800, 259200, 432000, 604800};
    for (const double nice : kNice) {
      if (nice >= seconds - 1e-9) return nice;
    }
    return std::ceil(seconds / 604800.0) * 604800.0;
  }

  void size_defaults() {
    if (own_model_) return;
    Process& p = result_.process;
    const RoutingAnalysis routing = analyze_routing(p);
    LoadAnalysis load;
    if (routing.finite) load = analyze_load(p, routing);
    const PoolLoad* busiest = nullptr;
    for (const auto& pool : load.pools) {
      if (busiest == nullptr || pool.utilisation() > busiest->utilisation()) busiest = &pool;
    }
    if (!arrivals_known_) {
      std::string note;
      if (busiest != nullptr && busiest->utilisation() > 0.0 && std::isfinite(busiest->utilisation())) {
        // Utilisation scales with the arrival rate: stretch the mean inter-arrival time until the
        // busiest pool is at the target.
        const double mean = p.arrivals.every.mean() * busiest->utilisation() / kTargetUtilisation;
        const double every = nice_duration(mean);
        p.arrivals.every = parse_distribution(fmt::format("exponential({}s)", design::number_text(every)), true, 1.0);
        note = fmt::format("arrivals.every exponential({}) assumed: the busiest pool, '{}', is then about {}% utilised",
                           humanize_duration(every), busiest->resource,
                           static_cast<int>(std::lround(100.0 * kTargetUtilisation * mean / every)));
      } else {
        note = "arrivals.every exponential(1h) assumed";
      }
      result_.notes.push_back(note);
      const Node* start = nullptr;
      for (const Node& n : nodes_) {
        if (n.kind == Kind::Start && n.top_level) {
          start = &n;
          break;
        }
      }
      warn(start != nullptr ? start->xml : doc_.document_element(),
           fmt::format("no arrival rate (BPSim InterTriggerTimer, QBP or Prosimos): {}", note));
      return;
    }
    // Arrivals known: pools whose size is a default get enough servers for the target.
    for (const auto& pool : load.pools) {
      if (defaulted_pools_.count(pool.resource) == 0 || pool.utilisation() <= kTargetUtilisation) continue;
      Resource* resource = nullptr;
      for (auto& r : p.resources) {
        if (r.id == pool.resource) resource = &r;
      }
      if (resource == nullptr || !std::isfinite(pool.utilisation())) continue;
      const int count = static_cast<int>(std::ceil(pool.utilisation() * resource->count / kTargetUtilisation));
      result_.notes.push_back(
          fmt::format("resources.{}.count {} assumed (from 1): about {}% utilised", pool.resource, count,
                      static_cast<int>(std::lround(100.0 * pool.utilisation() * resource->count / count))));
      resource->count = count;
    }
  }
};

}  // namespace

BpmnImport import_bpmn(std::string_view xml, const std::string& file_name, const BpmnImportOptions& options) {
  return Importer(xml, file_name, options).run();
}

std::string format_import_report(const BpmnImport& imported) {
  std::string out = "import report (carried / defaulted / dropped):\n";
  for (const auto& t : imported.report) {
    out += fmt::format("  {:<16} {:>4} {:>4} {:>4}\n", t.category, t.carried, t.defaulted, t.dropped);
  }
  for (const auto& note : imported.notes) out += fmt::format("  note: {}\n", note);
  return out;
}

}  // namespace bpm
