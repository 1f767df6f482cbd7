#pragma once
// The process as BPMN flow nodes and sequence flows, before any XML: what the export writes and
// the layout places. Differences from the process's own flow graph, so that the diagram is
// BPMN-clean (bpmnlint's recommended rules):
// - a task's rework becomes an exclusive gateway after the task ("Review documents OK?");
// - a task's timeout and escalation become boundary timer events on its border;
// - a node with more than one incoming flow that is not a join gets an exclusive merge gateway in
//   front of it, so that no task or event joins implicitly and no gateway both joins and forks;
// - xor branches that lead to the same step become one flow when at most one of them has a
//   condition (an xor's p branches are drawn only when no condition holds, so "when A → X" plus
//   "p → X" is one flow "when A, else p"); the flow records which branches it stands for;
// - each call of a fragment becomes a sub-process holding the steps of its copy: a flow into
//   the call enters the sub-process (its start event leads to the fragment's first step) and a
//   step that returns reaches an end event of the sub-process, whose one outgoing flow goes on;
// - an `end` inside a call's copy ends the whole case, which BPMN's plain end event inside a
//   sub-process does not (it completes the sub-process): it becomes an error end event, whose
//   error the outermost call catches with an interrupting error boundary event leading to an end
//   event of the process with that outcome. Errors propagate out of nested sub-processes and
//   called processes until caught, so the inner calls carry no boundary.
// - a wait with a timeout or an escalation becomes a receive task (it waits for what the wait
//   stands for, a message), since only an activity carries boundary timers: its timers go on
//   its border as a task's do.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm::design {

enum class BpmnKind : std::uint8_t {
  StartEvent,
  EndEvent,
  Task,           // automatic step without a resource
  UserTask,       // work of a resource pool
  ReceiveTask,    // a wait with timers: the boundary timers need an activity to sit on
  TimerEvent,     // intermediate catch event with a timer definition
  BoundaryTimer,  // a timer on an activity's border: its timeout (interrupting) or escalation (not)
  BoundaryError,  // an interrupting error boundary event on a call: a fragment's end reached in it
  ExclusiveGateway,
  InclusiveGateway,
  ParallelGateway,
  SubProcess,  // a call of a fragment: its copy's nodes have it as their `parent`
};

enum class NodePurpose : std::uint8_t {
  Start,        // the start event
  Step,         // a step of the process
  ReworkCheck,  // the gateway after a task with rework
  Merge,        // an exclusive merge in front of a node with several incoming flows
  Timer,        // a boundary timer of the task `step`
  Call,         // a sub-process: the call `call` of fragment `fragment`
  Enter,        // the start event of a sub-process
  Return,       // an end event of a sub-process: the call returns
  Caught,       // an error boundary of the outermost call: an end inside it was reached
  Outcome,      // the end event of the process a Caught boundary leads to
};

struct BpmnNode {
  BpmnKind kind = BpmnKind::Task;
  NodePurpose purpose = NodePurpose::Step;
  std::optional<std::size_t> step;  // Step: the step; ReworkCheck: the task
  std::string id;                   // a unique XML NCName
  std::string name;
  std::string lane;                     // role id; empty when the process has no lanes
  std::string stream;                   // Start of an arrival stream with a first step of its own
  std::optional<std::size_t> attached;  // Timer: the task's node; Caught: the call's
  bool interrupting = true;             // Timer: a timeout (true) or an escalation (false)
  bool patience = false;                // Timer: the case's patience in the queue (`abandon`)
  std::optional<std::size_t> parent;    // the sub-process the node is in; none: the process itself
  std::string call;                     // Call: the call step's id ("a.b" when nested), as steps' `origin`
  std::string fragment;                 // Call: the fragment it runs
  std::string description;              // Call: the call step's description
  std::optional<std::size_t> error;     // an end inside a call, its Caught and Outcome: its BpmnError
  bool converging = false;
  bool diverging = false;
  std::optional<std::size_t> default_flow;
  std::vector<std::size_t> incoming;  // flow indices, in the order written
  std::vector<std::size_t> outgoing;
};

struct BpmnFlow {
  std::string id;
  std::size_t from = 0;
  std::size_t to = 0;
  std::string name;                   // the label on the flow
  std::vector<std::size_t> branches;  // xor/or: the branches of the step this flow stands for
  std::optional<double> probability;  // share of the gateway's tokens (BPSim Probability)
  bool rework = false;                // the rework flow out of a ReworkCheck
};

/// The error an end inside a call throws: one per outcome, and one more per outcome for its ends
/// with `terminate: false` where that differs (parallel tokens).
struct BpmnError {
  std::string id;
  std::string name;
  std::string code;  // errorCode: the outcome (engines match boundaries by it)
  std::string outcome;
  bool branch = false;  // thrown by ends with `terminate: false`: the end caught is plain
};

struct BpmnGraph {
  std::vector<BpmnNode> nodes;
  std::vector<BpmnFlow> flows;
  std::vector<std::string> lanes;  // role ids, top to bottom (of the nodes outside sub-processes)
  std::vector<BpmnError> errors;   // in the order first thrown
  /// End events terminate the case (the process format's semantics) when parallel tokens can
  /// be in flight; with no and/or split a plain end means the same.
  bool terminate = false;
};

[[nodiscard]] BpmnGraph build_bpmn_graph(const Process& process);

/// `text` made into an XML NCName: letters, digits, '.', '-', '_' kept, anything else '_'.
[[nodiscard]] std::string xml_name(std::string_view text);

}  // namespace bpm::design
