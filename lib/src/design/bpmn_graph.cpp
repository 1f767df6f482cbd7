#include "design/bpmn_graph.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "bpm/core/time.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "design/flow_graph.hpp"
#include "design/labels.hpp"

namespace bpm::design {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kMaxNesting = 64;  // above the loader's bound on nested calls

class Builder {
 public:
  explicit Builder(const Process& process)
      : p_(process),
        flow_(build_flow_graph(process)),
        // Calls become sub-processes while the written form still says what the steps are (an
        // override of an expanded step leaves only the expansion: drawn flat).
        nested_(!process.written_steps.empty() && !process.expansion_edited) {}

  BpmnGraph build() {
    // An escalation starts a token of its own, as a split does.
    g_.terminate = std::any_of(p_.steps.begin(), p_.steps.end(), [](const Step& s) {
      return s.kind == StepKind::And || s.kind == StepKind::Or || s.escalate.has_value();
    });
    add_nodes();
    add_flows();
    add_timers();
    add_error_exits();
    order_join_inputs();
    insert_merges();
    assign_lanes();
    return std::move(g_);
  }

 private:
  const Process& p_;
  FlowGraph flow_;
  BpmnGraph g_;
  std::set<std::string> ids_;
  std::vector<std::size_t> step_node_;
  std::vector<std::size_t> rework_node_;
  bool nested_ = false;
  std::map<std::string, std::size_t> call_node_;   // call id (as steps' origin) -> its sub-process
  std::map<std::size_t, std::size_t> enter_node_;  // sub-process -> its start event

  /// The calls a step of the expansion sits in, outermost first: each as its id in `origin`
  /// ("a", then "a.b") and its call step as written. The longest id wins where call ids
  /// themselves hold dots.
  [[nodiscard]] std::vector<std::pair<std::string, const Step*>> calls_of(const std::string& origin) const {
    std::vector<std::pair<std::string, const Step*>> out;
    const std::vector<Step>* steps = &p_.written_steps;
    std::string prefix;
    std::string rest = origin;
    while (!rest.empty() && out.size() < kMaxNesting) {
      const Step* found = nullptr;
      for (const Step& s : *steps) {
        if (s.call.empty() || s.id.size() > rest.size() || rest.compare(0, s.id.size(), s.id) != 0) continue;
        if (rest.size() > s.id.size() && rest[s.id.size()] != '.') continue;
        if (found == nullptr || s.id.size() > found->id.size()) found = &s;
      }
      if (found == nullptr) break;
      prefix += (prefix.empty() ? "" : ".") + found->id;
      out.emplace_back(prefix, found);
      rest = rest.size() > found->id.size() ? rest.substr(found->id.size() + 1) : std::string();
      const auto f = std::find_if(p_.fragments.begin(), p_.fragments.end(),
                                  [&](const Fragment& fragment) { return fragment.id == found->call; });
      if (f == p_.fragments.end()) break;
      steps = &f->steps;
    }
    return out;
  }

  [[nodiscard]] bool calls_file(const std::string& fragment) const {
    const auto f = std::find_if(p_.fragments.begin(), p_.fragments.end(),
                                [&](const Fragment& candidate) { return candidate.id == fragment; });
    return f != p_.fragments.end() && !f->file.empty();
  }

  /// The sub-process a step is drawn in (made, with its start event, on first use), or none.
  std::optional<std::size_t> container_of(const Step& step) {
    if (!nested_ || step.origin.empty()) return std::nullopt;
    std::optional<std::size_t> parent;
    for (const auto& [id, call] : calls_of(step.origin)) {
      auto it = call_node_.find(id);
      if (it == call_node_.end()) {
        BpmnNode node;
        node.kind = BpmnKind::SubProcess;
        node.purpose = NodePurpose::Call;
        node.call = id;
        node.fragment = call->call;
        node.description = call->description;
        node.name = !call->name.empty() ? call->name : humanize_id(call->id);
        node.parent = parent;
        // A call of another process file is a call activity (its callee a process of its own).
        const bool file = calls_file(call->call);
        const std::size_t v = add_node(std::move(node), (file ? "CallActivity_" : "SubProcess_") + xml_name(id));
        BpmnNode start;
        start.kind = BpmnKind::StartEvent;
        start.purpose = NodePurpose::Enter;
        start.name = "Start";
        start.parent = v;
        enter_node_[v] = add_node(std::move(start), "StartEvent_" + xml_name(id));
        it = call_node_.emplace(id, v).first;
      }
      parent = it->second;
    }
    return parent;
  }

  /// The sub-processes node v is in, innermost first.
  [[nodiscard]] std::vector<std::size_t> containers(std::size_t v) const {
    std::vector<std::size_t> out;
    for (auto c = g_.nodes[v].parent; c; c = g_.nodes[*c].parent) out.push_back(*c);
    return out;
  }

  /// A sequence flow from `from` to `to` through the borders of the sub-processes between them:
  /// out of a sub-process through an end event of its own and the sub-process's one outgoing
  /// flow (every return of a call goes to its `next`), into one through the sub-process and its
  /// start event. `flow` (label, branches, probability) is the first segment's, which leaves the
  /// deciding node; that segment is returned.
  std::size_t connect(std::size_t from, std::size_t to, BpmnFlow flow) {
    std::vector<std::size_t> out_of = containers(from);
    std::vector<std::size_t> into = containers(to);
    while (!out_of.empty() && !into.empty() && out_of.back() == into.back()) {
      out_of.pop_back();
      into.pop_back();
    }
    std::optional<std::size_t> first;
    const auto segment = [&](std::size_t a, std::size_t b) {
      const std::size_t f = add_flow(a, b, first ? BpmnFlow{} : std::move(flow));
      if (!first) first = f;
    };
    std::size_t at = from;
    for (const std::size_t sub : out_of) {
      BpmnNode end;
      end.kind = BpmnKind::EndEvent;
      end.purpose = NodePurpose::Return;
      end.name = "Return";
      end.parent = sub;
      segment(at, add_node(std::move(end), "Return_" + xml_name(g_.nodes[sub].call)));
      if (!g_.nodes[sub].outgoing.empty()) return *first;  // the way on is drawn already
      at = sub;
    }
    for (auto it = into.rbegin(); it != into.rend(); ++it) {
      segment(at, *it);
      const std::size_t enter = enter_node_.at(*it);
      if (!g_.nodes[enter].outgoing.empty()) return *first;  // the way in is drawn already
      at = enter;
    }
    segment(at, to);
    return *first;
  }

  std::string unique_id(const std::string& wanted) {
    std::string id = wanted;
    for (int k = 2; ids_.count(id) > 0; ++k) id = fmt::format("{}_{}", wanted, k);
    ids_.insert(id);
    return id;
  }

  std::size_t add_node(BpmnNode node, const std::string& wanted_id) {
    node.id = unique_id(wanted_id);
    g_.nodes.push_back(std::move(node));
    return g_.nodes.size() - 1;
  }

  std::size_t add_flow(std::size_t from, std::size_t to, BpmnFlow flow) {
    flow.id = unique_id(fmt::format("Flow_{}", g_.flows.size() + 1));
    flow.from = from;
    flow.to = to;
    g_.flows.push_back(std::move(flow));
    const std::size_t f = g_.flows.size() - 1;
    g_.nodes[from].outgoing.push_back(f);
    g_.nodes[to].incoming.push_back(f);
    return f;
  }

  BpmnKind kind_of(std::size_t i) const {
    const Step& step = p_.steps[i];
    switch (step.kind) {
      case StepKind::Task: return step.resource.empty() ? BpmnKind::Task : BpmnKind::UserTask;
      case StepKind::Wait: return step.timeout || step.escalate ? BpmnKind::ReceiveTask : BpmnKind::TimerEvent;
      case StepKind::Xor: return BpmnKind::ExclusiveGateway;
      case StepKind::Or: return BpmnKind::InclusiveGateway;
      case StepKind::And: return BpmnKind::ParallelGateway;
      case StepKind::Join:
        return flow_.join_kind[i] == StepKind::Or ? BpmnKind::InclusiveGateway : BpmnKind::ParallelGateway;
      case StepKind::End: return BpmnKind::EndEvent;
    }
    return BpmnKind::Task;
  }

  void add_nodes() {
    BpmnNode start;
    start.kind = BpmnKind::StartEvent;
    start.purpose = NodePurpose::Start;
    start.name = "Start";
    add_node(std::move(start), "StartEvent_1");
    step_node_.assign(p_.steps.size(), kNone);
    rework_node_.assign(p_.steps.size(), kNone);
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      BpmnNode node;
      node.kind = kind_of(i);
      node.step = i;
      node.parent = container_of(step);
      // Inside its sub-process a step of a call shows its own id ("Check id"), not the call's.
      const std::string_view own_id =
          node.parent ? std::string_view(step.id).substr(g_.nodes[*node.parent].call.size() + 1) : step.id;
      node.name = !step.name.empty() ? step.name : humanize_id(step.kind == StepKind::End ? step.outcome : own_id);
      node.converging = step.kind == StepKind::Join;
      node.diverging = step.kind == StepKind::Xor || step.kind == StepKind::Or || step.kind == StepKind::And;
      step_node_[i] = add_node(std::move(node), "Step_" + xml_name(step.id));
      if (step.kind == StepKind::Task && step.rework) {
        BpmnNode check;
        check.kind = BpmnKind::ExclusiveGateway;
        check.purpose = NodePurpose::ReworkCheck;
        check.step = i;
        check.name = step_label(step) + " OK?";
        check.diverging = true;
        check.parent = g_.nodes[step_node_[i]].parent;
        rework_node_[i] = add_node(std::move(check), "Rework_" + xml_name(step.id));
      }
    }
  }

  std::size_t target(std::string_view id) const {
    const auto i = step_index(p_, id);
    return i ? step_node_[*i] : kNone;
  }

  void add_flows() {
    if (const std::size_t first = target(p_.start); first != kNone) connect(0, first, BpmnFlow{});
    // An arrival stream with a first step of its own enters through a start event of its own.
    for (const ArrivalStream& stream : p_.arrivals.streams) {
      if (stream.start.empty() || stream.start == p_.start) continue;
      const std::size_t first = target(stream.start);
      if (first == kNone) continue;
      BpmnNode start;
      start.kind = BpmnKind::StartEvent;
      start.purpose = NodePurpose::Start;
      start.name = humanize_id(stream.id);
      start.stream = stream.id;
      connect(add_node(std::move(start), "StartEvent_" + xml_name(stream.id)), first, BpmnFlow{});
    }
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      const std::size_t node = step_node_[i];
      switch (step.kind) {
        case StepKind::Task:
        case StepKind::Wait:
        case StepKind::Join: add_sequential(i, node); break;
        case StepKind::Xor: add_exclusive(i, node); break;
        case StepKind::Or:
          for (std::size_t b = 0; b < step.branches.size(); ++b) {
            const std::size_t to = target(step.branches[b].to);
            if (to == kNone) continue;
            BpmnFlow flow;
            flow.name = branch_label(step, b);
            flow.branches = {b};
            flow.probability = step.branches[b].p;
            connect(node, to, std::move(flow));
          }
          break;
        case StepKind::And:
          for (const auto& t : step.targets) {
            if (const std::size_t to = target(t); to != kNone) connect(node, to, BpmnFlow{});
          }
          break;
        case StepKind::End: break;
      }
    }
  }

  /// A task's timeout, patience and escalation: boundary timer events on its border, each with a
  /// flow to where the timer leads (BPMN has no queue patience: an interrupting timer is the
  /// nearest an engine runs). A wait with timers is a receive task (kind_of), which takes them
  /// the same way: without that flow the timer's target would have no incoming flow, which BPMN
  /// reads as a second start of every case.
  void add_timers() {
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      if (step.kind != StepKind::Task && g_.nodes[step_node_[i]].kind != BpmnKind::ReceiveTask) continue;
      const std::optional<StepTimer>* timers[] = {&step.timeout, &step.abandon, &step.escalate};
      const char* names[] = {"Timeout", "Abandon", "Escalate"};
      const char* kinds[] = {"timeout", "abandon", "escalate"};
      for (std::size_t k = 0; k < 3; ++k) {
        const std::optional<StepTimer>& timer = *timers[k];
        if (!timer) continue;
        BpmnNode node;
        node.kind = BpmnKind::BoundaryTimer;
        node.purpose = NodePurpose::Timer;
        node.step = i;
        node.attached = step_node_[i];
        node.parent = g_.nodes[step_node_[i]].parent;
        node.interrupting = k != 2;
        node.patience = k == 1;
        node.name = fmt::format("{} {}", names[k], after_label(step, timer->after, kinds[k]));
        const std::size_t v = add_node(std::move(node), fmt::format("{}_{}", names[k], xml_name(step.id)));
        if (const std::size_t to = target(timer->to); to != kNone) connect(v, to, BpmnFlow{});
      }
    }
  }

  /// "1d", "~3h"; for an `after` whose parameters are expressions of case attributes, analyze's
  /// estimate of its mean, "~1.3h est." (the figure the timer's ISO duration gets), else "(depends
  /// on data)".
  [[nodiscard]] std::string after_label(const Step& step, const Distribution& after, std::string_view kind) const {
    if (!after.data_dependent()) return mean_duration(after);
    const double mean = draw_moments(p_, after, fmt::format("steps.{}.{}", step.id, kind)).mean;
    return std::isfinite(mean) ? fmt::format("~{} est.", humanize_duration(mean)) : std::string("(depends on data)");
  }

  /// The ends inside calls: each throws the error of its outcome (and kind), which the
  /// outermost call around it catches with a boundary event leading to an end event of the
  /// process with that outcome: one boundary and end per call and error. The boundaries sit on
  /// the outermost call only, since an error no boundary catches goes on out of the nested
  /// sub-processes and called processes to it, as the case leaves them all.
  void add_error_exits() {
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> caught;  // (call, error) -> boundary
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      const std::size_t node = step_node_[i];
      if (step.kind != StepKind::End || !g_.nodes[node].parent) continue;
      // Where only one token can be in flight, an end with `terminate: false` ends the case too.
      const bool branch = g_.terminate && !step.terminate;
      auto e = std::find_if(g_.errors.begin(), g_.errors.end(),
                            [&](const BpmnError& k) { return k.outcome == step.outcome && k.branch == branch; });
      if (e == g_.errors.end()) {
        BpmnError error;
        error.outcome = step.outcome;
        error.branch = branch;
        error.id = unique_id(fmt::format("Error_{}{}", xml_name(step.outcome), branch ? "_branch" : ""));
        error.name = humanize_id(step.outcome) + (branch ? " (its branch)" : "");
        error.code = step.outcome + (branch ? ":branch" : "");
        g_.errors.push_back(std::move(error));
        e = g_.errors.end() - 1;
      }
      const auto error = static_cast<std::size_t>(e - g_.errors.begin());
      g_.nodes[node].error = error;
      std::size_t call = *g_.nodes[node].parent;
      while (g_.nodes[call].parent) call = *g_.nodes[call].parent;
      if (caught.count({call, error}) > 0) continue;
      const std::string suffix = xml_name(g_.nodes[call].call) + "_" + xml_name(g_.errors[error].code);
      BpmnNode boundary;
      boundary.kind = BpmnKind::BoundaryError;
      boundary.purpose = NodePurpose::Caught;
      boundary.step = i;
      boundary.attached = call;
      boundary.error = error;
      boundary.name = humanize_id(step.outcome);
      const std::size_t b = add_node(std::move(boundary), "Caught_" + suffix);
      caught[{call, error}] = b;
      BpmnNode end;
      end.kind = BpmnKind::EndEvent;
      end.purpose = NodePurpose::Outcome;
      end.step = i;
      end.error = error;
      end.name = humanize_id(step.outcome);
      add_flow(b, add_node(std::move(end), "End_" + suffix), BpmnFlow{});
    }
  }

  void add_sequential(std::size_t i, std::size_t node) {
    const Step& step = p_.steps[i];
    const std::size_t next = step.next.empty() ? kNone : target(step.next);
    if (rework_node_[i] == kNone) {
      if (next != kNone) connect(node, next, BpmnFlow{});
      return;
    }
    const std::size_t check = rework_node_[i];
    add_flow(node, check, BpmnFlow{});
    const double p = step.rework->p;
    if (next != kNone) {
      BpmnFlow ok;
      ok.name = fmt::format("ok ({})", percent(1.0 - p));
      ok.probability = 1.0 - p;
      g_.nodes[check].default_flow = connect(check, next, std::move(ok));
    }
    const std::size_t again = step.rework->to.empty() ? node : target(step.rework->to);
    if (again != kNone) {
      BpmnFlow rework;
      rework.name = fmt::format("rework ({})", percent(p));
      rework.probability = p;
      rework.rework = true;
      connect(check, again, std::move(rework));
    }
  }

  void add_exclusive(std::size_t i, std::size_t node) {
    const Step& step = p_.steps[i];
    double p_sum = 0.0;
    for (const Branch& b : step.branches) p_sum += b.p.value_or(0.0);
    // Branches grouped by target, in order of first appearance.
    std::vector<std::pair<std::size_t, std::vector<std::size_t>>> groups;
    for (std::size_t b = 0; b < step.branches.size(); ++b) {
      const std::size_t to = target(step.branches[b].to);
      if (to == kNone) continue;
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == to; });
      if (it == groups.end()) {
        groups.emplace_back(to, std::vector<std::size_t>{b});
      } else {
        it->second.push_back(b);
      }
    }
    std::optional<std::size_t> best_default;
    double best_share = -1.0;
    for (auto& [to, branches] : groups) {
      const auto conditions = std::count_if(branches.begin(), branches.end(),
                                            [&](std::size_t b) { return step.branches[b].when.has_value(); });
      // Two conditions to one target with another condition between them cannot become one flow
      // without changing which is tested first: keep such branches as flows of their own.
      std::vector<std::vector<std::size_t>> flows;
      if (conditions <= 1) {
        flows.push_back(branches);
      } else {
        for (const std::size_t b : branches) flows.push_back({b});
      }
      for (const auto& represented : flows) {
        BpmnFlow flow;
        flow.branches = represented;
        std::string label;
        double share = 0.0;
        bool has_p = false;
        bool has_when = false;
        for (const std::size_t b : represented) {
          const std::string part = branch_label(step, b);
          if (!part.empty()) label += (label.empty() ? "" : ", ") + part;
          if (step.branches[b].p) {
            has_p = true;
            share += p_sum > 0.0 ? *step.branches[b].p / p_sum : 0.0;
          }
          has_when = has_when || step.branches[b].when.has_value();
        }
        flow.name = label;
        if (has_p) flow.probability = share;
        const std::size_t f = connect(node, to, std::move(flow));
        if (has_p && !has_when && share > best_share) {
          best_share = share;
          best_default = f;
        }
      }
    }
    g_.nodes[node].default_flow = best_default;
  }

  /// The step a node belongs to (a rework check belongs to its task).
  std::optional<std::size_t> owner(std::size_t node) const { return g_.nodes[node].step; }

  void order_join_inputs() {
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const Step& step = p_.steps[i];
      if (step.kind != StepKind::Join) continue;
      auto& incoming = g_.nodes[step_node_[i]].incoming;
      auto position = [&](std::size_t f) {
        const BpmnNode& from = g_.nodes[g_.flows[f].from];
        if (from.purpose == NodePurpose::Call) {
          // A call's returning steps stand in the join's inputs under the call's id.
          const auto it = std::find_if(step.join_of.begin(), step.join_of.end(), [&](const std::string& input) {
            return input.size() > from.call.size() && input.compare(0, from.call.size(), from.call) == 0 &&
                   input[from.call.size()] == '.';
          });
          return static_cast<std::size_t>(it - step.join_of.begin());
        }
        const auto source = owner(g_.flows[f].from);
        if (!source) return step.join_of.size();
        const auto it = std::find(step.join_of.begin(), step.join_of.end(), p_.steps[*source].id);
        return static_cast<std::size_t>(it - step.join_of.begin());
      };
      std::stable_sort(incoming.begin(), incoming.end(),
                       [&](std::size_t a, std::size_t b) { return position(a) < position(b); });
    }
  }

  void insert_merges() {
    const std::size_t count = g_.nodes.size();
    for (std::size_t v = 0; v < count; ++v) {
      if (g_.nodes[v].converging || g_.nodes[v].incoming.size() < 2) continue;
      BpmnNode merge;
      merge.kind = BpmnKind::ExclusiveGateway;
      merge.purpose = NodePurpose::Merge;
      merge.converging = true;
      merge.parent = g_.nodes[v].parent;
      merge.incoming = std::move(g_.nodes[v].incoming);
      g_.nodes[v].incoming.clear();
      const std::string wanted = g_.nodes[v].step ? "Merge_" + xml_name(p_.steps[*g_.nodes[v].step].id) : "Merge";
      const std::size_t m = add_node(std::move(merge), wanted);
      for (const std::size_t f : g_.nodes[m].incoming) g_.flows[f].to = m;
      add_flow(m, v, BpmnFlow{});
    }
  }

  void assign_lanes() {
    for (const Role& role : p_.roles) {
      for (std::size_t i = 0; i < p_.steps.size(); ++i) {
        if (flow_.nodes[FlowGraph::node_of_step(i)].role == role.id) {
          g_.lanes.push_back(role.id);
          break;
        }
      }
    }
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      const std::string& role = flow_.nodes[FlowGraph::node_of_step(i)].role;
      if (!role.empty() && std::find(g_.lanes.begin(), g_.lanes.end(), role) == g_.lanes.end()) {
        g_.lanes.push_back(role);
      }
    }
    if (g_.lanes.empty()) return;
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      g_.nodes[step_node_[i]].lane = flow_.nodes[FlowGraph::node_of_step(i)].role;
      if (rework_node_[i] != kNone) g_.nodes[rework_node_[i]].lane = g_.nodes[step_node_[i]].lane;
    }
    for (auto& node : g_.nodes) {
      if (node.attached) node.lane = g_.nodes[*node.attached].lane;  // on its task's border
    }
    // Breadth-first from the start: an unassigned node joins its first predecessor's lane; merges
    // and the start event sit next to their successor, so they take its lane instead.
    std::vector<std::size_t> order;
    std::vector<bool> seen(g_.nodes.size(), false);
    std::deque<std::size_t> queue{0};
    seen[0] = true;
    while (!queue.empty()) {
      const std::size_t v = queue.front();
      queue.pop_front();
      order.push_back(v);
      for (const std::size_t f : g_.nodes[v].outgoing) {
        const std::size_t to = g_.flows[f].to;
        if (!seen[to]) {
          seen[to] = true;
          queue.push_back(to);
        }
      }
    }
    for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
      if (!seen[v]) order.push_back(v);
    }
    auto lane_of_successor = [&](std::size_t v) -> std::string {
      for (const std::size_t f : g_.nodes[v].outgoing) {
        if (!g_.nodes[g_.flows[f].to].lane.empty()) return g_.nodes[g_.flows[f].to].lane;
      }
      return {};
    };
    auto lane_of_predecessor = [&](std::size_t v) -> std::string {
      for (const std::size_t f : g_.nodes[v].incoming) {
        if (!g_.nodes[g_.flows[f].from].lane.empty()) return g_.nodes[g_.flows[f].from].lane;
      }
      return {};
    };
    for (int pass = 0; pass < 3; ++pass) {
      for (const std::size_t v : order) {
        BpmnNode& node = g_.nodes[v];
        if (!node.lane.empty()) continue;
        if (node.attached) {  // on its call's border (a call's lane is known only now)
          node.lane = g_.nodes[*node.attached].lane;
          continue;
        }
        const bool leads = node.purpose == NodePurpose::Merge || node.purpose == NodePurpose::Start;
        node.lane = leads ? lane_of_successor(v) : lane_of_predecessor(v);
        if (node.lane.empty()) node.lane = leads ? lane_of_predecessor(v) : lane_of_successor(v);
      }
    }
    for (auto& node : g_.nodes) {
      if (node.lane.empty()) node.lane = g_.lanes.front();
    }
    // A timer on a wait's receive task (whose lane came from its neighbours just now) is on its border too.
    for (auto& node : g_.nodes) {
      if (node.attached) node.lane = g_.nodes[*node.attached].lane;
    }
    // Lanes partition the process's own nodes; a sub-process's nodes are drawn inside it.
    for (auto& node : g_.nodes) {
      if (node.parent) node.lane.clear();
    }
    std::erase_if(g_.lanes, [&](const std::string& lane) {
      return std::none_of(g_.nodes.begin(), g_.nodes.end(), [&](const BpmnNode& node) { return node.lane == lane; });
    });
  }
};

}  // namespace

std::string xml_name(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    out += keep ? c : '_';
  }
  if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_')) {
    out.insert(0, "_");
  }
  return out;
}

BpmnGraph build_bpmn_graph(const Process& process) { return Builder(process).build(); }

}  // namespace bpm::design
