// compile_net: the process file as a Petri net (see petri_net.hpp for the conventions).
#include "monitor/petri_net.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/model/routing_analysis.hpp"

namespace bpm::monitor {
namespace {

constexpr std::size_t kMaxInclusiveBranches = 10;

/// Distinct branch targets of an and/or split, in the order written.
std::vector<std::size_t> branch_targets(const Process& p, const Step& split) {
  std::vector<std::size_t> targets;
  auto add = [&](const std::string& id) {
    const auto i = step_index(p, id);
    if (i && std::find(targets.begin(), targets.end(), *i) == targets.end()) targets.push_back(*i);
  };
  if (split.kind == StepKind::And) {
    for (const std::string& t : split.targets) add(t);
  } else {
    for (const Branch& b : split.branches) add(b.to);
  }
  return targets;
}

class NetBuilder {
 public:
  explicit NetBuilder(const Process& p) : p_(p), matches_(matching_splits(p)) {
    net_.label_of_step.assign(p.steps.size(), kSilent);
    step_place_.assign(p.steps.size(), 0);
    join_places_.resize(p.steps.size());
  }

  PetriNet build() {
    const std::size_t n = p_.steps.size();
    // Places: one per step except joins, then the branch places of each join, then done.
    for (std::size_t i = 0; i < n; ++i) {
      const Step& step = p_.steps[i];
      if (step.kind == StepKind::Join) {
        if (!matches_[i]) {
          throw ModelError(step.id_where, fmt::format("conformance: join '{}' has no matching parallel or inclusive "
                                                      "split (see the lint's join-without-split)",
                                                      step.id));
        }
        const Step& split = p_.steps[*matches_[i]];
        const std::size_t branches = branch_targets(p_, split).size();
        for (std::size_t b = 0; b < branches; ++b) {
          join_places_[i].push_back(add_place(fmt::format("{}<-{}#{}", step.id, split.id, b + 1)));
        }
      } else {
        step_place_[i] = add_place(step.id);
      }
    }
    net_.done = add_place("(done)");
    // Visible labels: tasks and waits, in file order, then the outcomes of the ends.
    for (std::size_t i = 0; i < n; ++i) {
      const StepKind kind = p_.steps[i].kind;
      if (kind == StepKind::Task || kind == StepKind::Wait) {
        net_.label_of_step[i] = static_cast<std::int32_t>(net_.labels.size());
        net_.labels.push_back(p_.steps[i].id);
      }
    }
    net_.first_outcome_label = net_.labels.size();
    for (const std::string& outcome : p_.outcomes()) net_.labels.push_back("outcome:" + outcome);

    for (std::size_t i = 0; i < n; ++i) add_step(i);

    const auto start = step_index(p_, p_.start);
    if (!start) throw ModelError(p_.start_where, fmt::format("conformance: start step '{}' is undefined", p_.start));
    // Arrival streams may start their cases elsewhere (`streams: { brokers: { start: ... } }`):
    // then a case begins with a silent choice among the start steps.
    std::vector<std::size_t> starts{*start};
    for (const ArrivalStream& stream : p_.arrivals.streams) {
      if (stream.start.empty()) continue;
      const auto other = step_index(p_, stream.start);
      if (!other)
        throw ModelError(stream.where, fmt::format("conformance: start step '{}' is undefined", stream.start));
      if (std::find(starts.begin(), starts.end(), *other) == starts.end()) starts.push_back(*other);
    }
    if (starts.size() == 1) {
      net_.initial.assign(net_.places, 0);
      for (const std::uint32_t place : flow_places(std::nullopt, *start)) ++net_.initial[place];
      return std::move(net_);
    }
    const std::uint32_t begin = add_place("(start)");
    for (const std::size_t s : starts) {
      NetTransition t;
      t.inputs = {begin};
      t.outputs = flow_places(std::nullopt, s);
      t.step = static_cast<std::uint32_t>(s);
      net_.transitions.push_back(std::move(t));
    }
    net_.initial.assign(net_.places, 0);
    ++net_.initial[begin];
    return std::move(net_);
  }

 private:
  std::uint32_t add_place(std::string name) {
    net_.place_names.push_back(std::move(name));
    return net_.places++;
  }

  /// The steps reachable from `target` without passing through `split` or beyond `join`.
  std::vector<bool> region(std::size_t split, std::size_t target, std::size_t join) const {
    std::vector<bool> seen(p_.steps.size(), false);
    if (target == split || target == join) return seen;
    std::deque<std::size_t> queue{target};
    seen[target] = true;
    while (!queue.empty()) {
      const std::size_t i = queue.front();
      queue.pop_front();
      for (const std::size_t j : step_successors(p_, i)) {
        if (j == split || j == join || seen[j]) continue;
        seen[j] = true;
        queue.push_back(j);
      }
    }
    return seen;
  }

  /// The place of join `join` that a token from `from` (nullopt: the case's start) lands in.
  std::uint32_t join_place(std::optional<std::size_t> from, std::size_t join) {
    const Step& j = p_.steps[join];
    const std::size_t split = *matches_[join];
    const std::vector<std::size_t> targets = branch_targets(p_, p_.steps[split]);
    if (from == split) {
      // A branch straight into the join: an empty branch.
      for (std::size_t b = 0; b < targets.size(); ++b) {
        if (targets[b] == join) return join_places_[join][b];
      }
    }
    std::optional<std::size_t> branch;
    for (std::size_t b = 0; from && b < targets.size(); ++b) {
      if (!region(split, targets[b], join)[*from]) continue;
      if (branch) {
        throw ModelError(j.id_where, fmt::format("conformance: '{}' reaches join '{}' from more than one branch of "
                                                 "'{}' (see the lint's fake-join)",
                                                 p_.steps[*from].id, j.id, p_.steps[split].id));
      }
      branch = b;
    }
    if (!branch) {
      throw ModelError(j.id_where, fmt::format("conformance: '{}' continues to join '{}' from outside the branches of "
                                               "'{}'",
                                               from ? p_.steps[*from].id : p_.start, j.id, p_.steps[split].id));
    }
    return join_places_[join][*branch];
  }

  /// Where a token sent from `from` to step `to` lands.
  std::vector<std::uint32_t> flow_places(std::optional<std::size_t> from, std::size_t to) {
    if (p_.steps[to].kind == StepKind::Join) return {join_place(from, to)};
    return {step_place_[to]};
  }

  std::vector<std::uint32_t> flow_to(std::size_t from, const std::string& to) {
    const auto target = step_index(p_, to);
    if (!target) {
      throw ModelError(p_.steps[from].id_where,
                       fmt::format("conformance: '{}' continues to undefined step '{}'", p_.steps[from].id, to));
    }
    return flow_places(from, *target);
  }

  void add_transition(std::vector<std::uint32_t> inputs, std::vector<std::uint32_t> outputs, std::int32_t label,
                      std::size_t step) {
    NetTransition t;
    t.inputs = std::move(inputs);
    t.outputs = std::move(outputs);
    t.label = label;
    t.step = static_cast<std::uint32_t>(step);
    net_.transitions.push_back(std::move(t));
  }

  /// A task or wait. Its place holds the case while the step is active; from there:
  ///   - the execution (visible) to `next`, through a silent rework choice when it has `rework`;
  ///   - a wait may go unrecorded: a silent twin of its execution;
  ///   - `timeout` and `abandon` leave the step for their `to` (silent: the row of work a timer cut
  ///     short is no execution of the step);
  ///   - `escalate` fires at most once per visit: a silent transition to an "escalated" copy of the
  ///     step's place that also starts a branch at its `to`; the copy has the same exits;
  ///   - `instances`: as many executions in one visit as the count allows (add_instances).
  void add_activity(std::size_t i) {
    const Step& step = p_.steps[i];
    std::vector<std::uint32_t> after;
    if (step.rework) {
      after = {add_place(step.id + "(done)")};
      add_transition(after, flow_to(i, step.next), kSilent, i);
      add_transition(after, flow_to(i, step.rework->to.empty() ? step.id : step.rework->to), kSilent, i);
    } else {
      after = flow_to(i, step.next);
    }
    const std::int32_t label = net_.label_of_step[i];
    std::vector<std::uint32_t> phases{step_place_[i]};
    if (step.escalate) {
      phases.push_back(add_place(step.id + "(escalated)"));
      std::vector<std::uint32_t> out{phases[1]};
      for (const std::uint32_t place : flow_to(i, step.escalate->to)) out.push_back(place);
      add_transition({phases[0]}, out, kSilent, i);
    }
    for (const std::uint32_t in : phases) {
      if (step.instances) {
        add_instances(i, in, after);
      } else {
        add_transition({in}, after, label, i);
      }
      if (step.kind == StepKind::Wait) add_transition({in}, after, kSilent, i);  // an unrecorded timer
      for (const std::optional<StepTimer>* timer : {&step.timeout, &step.abandon}) {
        if (*timer) add_transition({in}, flow_to(i, (*timer)->to), kSilent, i);
      }
    }
  }

  /// A multi-instance task's executions of one visit: a chain of visible transitions, as many as
  /// the count's least value, then optional ones up to its greatest (a silent exit after each),
  /// or a repeatable one when the count is unbounded (poisson, an expression) or large.
  void add_instances(std::size_t i, std::uint32_t in, const std::vector<std::uint32_t>& after) {
    constexpr double kMaxChain = 16;
    const Step& step = p_.steps[i];
    const std::int32_t label = net_.label_of_step[i];
    const std::optional<Distribution>& count = step.instances->count;
    // Counts are rounded; an expression (or a data-dependent distribution) may give any count.
    double least = count ? std::max(0.0, std::round(count->support_min())) : 0.0;
    double most = count ? std::round(count->support_max()) : std::numeric_limits<double>::infinity();
    if (std::isnan(least)) least = 0.0;
    if (std::isnan(most) || most > kMaxChain) most = std::numeric_limits<double>::infinity();
    least = std::min(least, kMaxChain);
    std::uint32_t current = in;
    int made = 0;
    auto one_more = [&] {
      const std::uint32_t place = add_place(fmt::format("{}(instance {})", step.id, ++made));
      add_transition({current}, {place}, label, i);
      current = place;
    };
    while (made < static_cast<int>(least)) one_more();
    if (std::isinf(most)) {
      if (current == in) {
        add_transition({in}, after, kSilent, i);
        one_more();
      }
      add_transition({current}, {current}, label, i);
    } else {
      while (made < static_cast<int>(most)) {
        add_transition({current}, after, kSilent, i);
        one_more();
      }
    }
    add_transition({current}, after, kSilent, i);
  }

  void add_step(std::size_t i) {
    const Step& step = p_.steps[i];
    const std::uint32_t in = step_place_[i];
    switch (step.kind) {
      case StepKind::Task:
      case StepKind::Wait: add_activity(i); return;
      case StepKind::Xor: {
        std::vector<std::string> seen;
        for (const Branch& b : step.branches) {
          if (std::find(seen.begin(), seen.end(), b.to) != seen.end()) continue;
          seen.push_back(b.to);
          add_transition({in}, flow_to(i, b.to), kSilent, i);
        }
        return;
      }
      case StepKind::And: {
        std::vector<std::uint32_t> out;
        for (const std::size_t t : branch_targets(p_, step)) {
          for (const std::uint32_t place : flow_places(i, t)) out.push_back(place);
        }
        add_transition({in}, out, kSilent, i);
        return;
      }
      case StepKind::Or: {
        const std::vector<std::size_t> targets = branch_targets(p_, step);
        if (targets.size() > kMaxInclusiveBranches) {
          throw ModelError(step.id_where, fmt::format("conformance: inclusive gateway '{}' has {} branches; at most "
                                                      "{} are supported",
                                                      step.id, targets.size(), kMaxInclusiveBranches));
        }
        // The join of this split, if any: branches not taken mark its places at once.
        std::optional<std::size_t> join;
        for (std::size_t j = 0; j < p_.steps.size(); ++j) {
          if (matches_[j] == i) join = j;
        }
        for (std::uint32_t subset = 1; subset < (1U << targets.size()); ++subset) {
          std::vector<std::uint32_t> out;
          for (std::size_t b = 0; b < targets.size(); ++b) {
            if ((subset >> b) & 1U) {
              for (const std::uint32_t place : flow_places(i, targets[b])) out.push_back(place);
            } else if (join) {
              out.push_back(join_places_[*join][b]);
            }
          }
          add_transition({in}, out, kSilent, i);
        }
        return;
      }
      case StepKind::Join: add_transition(join_places_[i], flow_to(i, step.next), kSilent, i); return;
      case StepKind::End: {
        if (step.terminate) {
          add_transition({in}, {net_.done}, kSilent, i);
          net_.transitions.back().outcome_label = net_.outcome_label(step.outcome);
          return;
        }
        // `terminate: false` ends only its token. The case ends with this end's outcome when it
        // is the last token: when the trace records an outcome, a twin that ends the case, which
        // the aligner fires only on the last token; otherwise the case ends once no token is left
        // (Aligner: an empty marking is an end too).
        add_transition({in}, {}, kSilent, i);
        add_transition({in}, {net_.done}, kSilent, i);
        net_.transitions.back().outcome_label = net_.outcome_label(step.outcome);
        net_.transitions.back().needs_outcome = true;
        return;
      }
    }
  }

  const Process& p_;
  std::vector<std::optional<std::size_t>> matches_;
  PetriNet net_;
  std::vector<std::uint32_t> step_place_;
  std::vector<std::vector<std::uint32_t>> join_places_;
};

}  // namespace

std::int32_t PetriNet::outcome_label(std::string_view outcome) const {
  for (std::size_t l = first_outcome_label; l < labels.size(); ++l) {
    if (std::string_view(labels[l]).substr(8) == outcome) return static_cast<std::int32_t>(l);
  }
  return kSilent;
}

PetriNet compile_net(const Process& process) { return NetBuilder(process).build(); }

}  // namespace bpm::monitor
