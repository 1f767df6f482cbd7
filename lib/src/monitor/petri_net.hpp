#pragma once
// The process file as a Petri net, for replaying logs on it (conformance). Private to monitor.
//
// A place per step ("the flow has reached it"), and per join one place per branch of its matching
// split. Tasks and timer waits are visible transitions labelled with their step; gateways, joins,
// rework decisions and ends are silent, except that an end is labelled with its outcome when the
// trace being replayed records one. Ends terminate the case, as bpm-sim's do: they mark `done`,
// after which nothing fires; a `terminate: false` end only consumes its token, and a case whose
// tokens are all gone has ended too. Conventions of the translation (share/doc/bpm-kpi-monitor.md):
//   - a timer wait may go unrecorded: it also has a silent twin (logs rarely record timers);
//   - an inclusive gateway has a silent transition per non-empty subset of its branches, which
//     also marks the join places of the branches not taken, so its join is an ordinary AND-join;
//   - rework is a silent choice after the task between `next` and the rework target;
//   - timers (timeout, abandon) are silent routes from the step to their `to`; an escalation is a
//     silent transition, at most once per visit, that starts an extra branch at its `to`;
//   - a multi-instance task is a visible transition that may repeat within one visit.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm::monitor {

using PlaceCount = std::uint8_t;
/// Tokens per place beyond which a transition is not fired: sound nets of process files hold one,
/// and a cap keeps the replay of an unsound one finite.
inline constexpr PlaceCount kMaxTokens = 16;
inline constexpr std::int32_t kSilent = -1;

struct NetTransition {
  std::vector<std::uint32_t> inputs;   // places, one token each (repeats allowed)
  std::vector<std::uint32_t> outputs;  // places
  /// Visible label (an index into PetriNet::labels), or kSilent.
  std::int32_t label = kSilent;
  /// An end's outcome label: visible when the trace has an outcome event, silent otherwise.
  std::int32_t outcome_label = kSilent;
  std::uint32_t step = 0;  // the step it comes from
  /// The "last token" twin of a `terminate: false` end, which ends the case with that end's
  /// outcome: enabled only when the trace records an outcome and no other token is left (the
  /// aligner checks both; a plain Petri net cannot test for absence).
  bool needs_outcome = false;
};

struct PetriNet {
  std::uint32_t places = 0;
  std::vector<std::string> place_names;  // for tests and messages
  std::vector<NetTransition> transitions;
  /// Visible labels: the ids of the task and wait steps, then "outcome:<name>" of the ends.
  std::vector<std::string> labels;
  std::vector<std::int32_t> label_of_step;  // per step: its visible label, kSilent for others
  std::uint32_t done = 0;                   // the place an end marks
  std::vector<PlaceCount> initial;          // one count per place
  std::size_t first_outcome_label = 0;      // labels from here on are outcomes

  [[nodiscard]] bool is_outcome(std::int32_t label) const noexcept {
    return label >= 0 && static_cast<std::size_t>(label) >= first_outcome_label;
  }
  /// The label of an outcome; kSilent when no end has it.
  [[nodiscard]] std::int32_t outcome_label(std::string_view outcome) const;
};

/// Translates a process. Throws ModelError (located at the step) for structures the replay does
/// not support: a join without a matching split, a join input reachable from several branches, an
/// inclusive gateway of more than 10 branches.
[[nodiscard]] PetriNet compile_net(const Process& process);

}  // namespace bpm::monitor
