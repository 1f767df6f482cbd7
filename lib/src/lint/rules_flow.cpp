// Rules about the shape of the flow: a start, an end, every step reachable, every path ending.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>

#include "bpm/model/routing_analysis.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

/// Where a case can actually go from a step: like step_successors, but without the edges that
/// are never taken (rework with p 0, `next` after rework with p 1, p-0 branches). `escapes` is
/// set when the step can send a case to a missing or undefined step, which is reported elsewhere
/// and counts as a way out of a loop.
struct PossibleMoves {
  std::vector<std::size_t> to;
  bool escapes = false;
};

PossibleMoves possible_moves(const Process& p, std::size_t index) {
  const Step& step = p.steps[index];
  PossibleMoves moves;
  auto go = [&](std::optional<std::size_t> target) {
    if (!target) {
      moves.escapes = true;
    } else if (std::find(moves.to.begin(), moves.to.end(), *target) == moves.to.end()) {
      moves.to.push_back(*target);
    }
  };
  auto next = [&] { return step.next.empty() ? std::nullopt : step_index(p, step.next); };
  switch (step.kind) {
    case StepKind::Task: {
      const double rework = step.rework ? step.rework->p : 0.0;
      if (rework > 0.0) go(step.rework->to.empty() ? std::optional(index) : step_index(p, step.rework->to));
      if (rework < 1.0) go(next());
      break;
    }
    case StepKind::Wait:
    case StepKind::Join: go(next()); break;
    case StepKind::And:
      for (const auto& target : step.targets) go(step_index(p, target));
      break;
    case StepKind::Xor:
    case StepKind::Or: {
      // A branch with a condition may be taken; a p branch only with p > 0 (or as the fallback
      // when every p is 0).
      bool any = false;
      for (const auto& branch : step.branches) {
        if (branch.when || !branch.p || *branch.p > 0.0) {
          go(step_index(p, branch.to));
          any = true;
        }
      }
      if (!any && !step.branches.empty()) go(step_index(p, step.branches.front().to));
      break;
    }
    case StepKind::End: break;
  }
  for (const auto* timer : {&step.timeout, &step.escalate, &step.abandon}) {
    if (*timer) go(step_index(p, (*timer)->to));
  }
  return moves;
}

/// Strongly connected components (Tarjan), each listed in discovery order. The depth-first search
/// keeps its own stack of (step, next move to follow): a chain of steps may be as long as the file.
std::vector<std::vector<std::size_t>> components(const std::vector<PossibleMoves>& moves) {
  const std::size_t n = moves.size();
  std::vector<long> order(n, -1);
  std::vector<long> low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::pair<std::size_t, std::size_t>> calls;  // the search path: vertex, next move
  std::vector<std::vector<std::size_t>> out;
  long counter = 0;
  auto enter = [&](std::size_t v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    calls.emplace_back(v, 0);
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (order[root] >= 0) continue;
    enter(root);
    while (!calls.empty()) {
      const std::size_t v = calls.back().first;
      std::size_t& next = calls.back().second;
      if (next < moves[v].to.size()) {
        const std::size_t w = moves[v].to[next++];
        if (order[w] < 0) {
          enter(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], order[w]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) {
        const std::size_t parent = calls.back().first;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] != order[v]) continue;
      std::vector<std::size_t> component;
      std::size_t w = 0;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      out.push_back(std::move(component));
    }
  }
  return out;
}

void check_loops(const Process& p, Findings& f) {
  std::vector<PossibleMoves> moves;
  for (std::size_t i = 0; i < p.steps.size(); ++i) moves.push_back(possible_moves(p, i));
  for (auto component : components(moves)) {
    std::sort(component.begin(), component.end());
    const std::size_t first = component.front();
    const bool self_loop = std::find(moves[first].to.begin(), moves[first].to.end(), first) != moves[first].to.end();
    if (component.size() == 1 && !self_loop) continue;
    const bool has_exit = std::any_of(component.begin(), component.end(), [&](std::size_t member) {
      return moves[member].escapes ||
             std::any_of(moves[member].to.begin(), moves[member].to.end(),
                         [&](std::size_t to) { return !std::binary_search(component.begin(), component.end(), to); });
    });
    if (has_exit) continue;
    if (component.size() == 1) {
      f.report("no-loop-exit", p.steps[first].id_where,
               fmt::format("step '{}' repeats forever: its only way on leads back to itself", p.steps[first].id));
      continue;
    }
    std::vector<std::string> names;
    for (const std::size_t member : component) names.push_back("'" + p.steps[member].id + "'");
    f.report(
        "no-loop-exit", p.steps[first].id_where,
        fmt::format("steps {} form a loop with no way out: a case entering it never ends", fmt::join(names, ", ")));
  }
}

/// Unreachable steps, reported at the roots of the unreachable part only (a step that no other
/// unreachable step leads to, or the first step of an unreachable cycle), naming the steps that
/// are unreachable because of it: one broken reference should not produce a screenful.
void check_unreachable(const Process& p, Findings& f) {
  const auto start = step_index(p, p.start);
  if (!start) return;  // start-event-required
  const std::size_t n = p.steps.size();
  auto reach_from = [&](std::size_t from, std::vector<bool>& seen, const std::vector<bool>& within) {
    std::vector<std::size_t> found;
    std::deque<std::size_t> queue{from};
    seen[from] = true;
    while (!queue.empty()) {
      const std::size_t i = queue.front();
      queue.pop_front();
      found.push_back(i);
      for (const std::size_t j : step_successors(p, i)) {
        if (seen[j] || !within[j]) continue;
        seen[j] = true;
        queue.push_back(j);
      }
    }
    return found;
  };
  const std::vector<bool> everywhere(n, true);
  std::vector<bool> reached(n, false);
  (void)reach_from(*start, reached, everywhere);
  // Arrival streams may start elsewhere: their first steps are reached too.
  for (const ArrivalStream& stream : p.arrivals.streams) {
    if (stream.start.empty()) continue;
    if (const auto other = step_index(p, stream.start); other && !reached[*other])
      (void)reach_from(*other, reached, everywhere);
  }
  std::vector<bool> unreachable(n, false);
  std::vector<bool> has_unreachable_predecessor(n, false);
  for (std::size_t i = 0; i < n; ++i) unreachable[i] = !reached[i];
  for (std::size_t i = 0; i < n; ++i) {
    if (!unreachable[i]) continue;
    for (const std::size_t j : step_successors(p, i)) {
      if (j != i) has_unreachable_predecessor[j] = true;
    }
  }
  std::vector<bool> covered(n, false);
  auto report_root = [&](std::size_t root) {
    auto found = reach_from(root, covered, unreachable);
    std::vector<std::string> after;
    for (std::size_t k = 1; k < found.size(); ++k) after.push_back("'" + p.steps[found[k]].id + "'");
    std::string also;
    if (after.size() == 1) {
      also = fmt::format(" (nor can {}, which follows it)", after.front());
    } else if (after.size() > 1 && after.size() <= 3) {
      also = fmt::format(" (nor can {}, which follow it)", fmt::join(after, ", "));
    } else if (after.size() > 3) {
      also = fmt::format(" (nor can {}, {}, {} and {} more steps that follow it)", after[0], after[1], after[2],
                         after.size() - 3);
    }
    f.report("no-disconnected", p.steps[root].id_where,
             fmt::format("step '{}' cannot be reached from the start step '{}'{}", p.steps[root].id, p.start, also));
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (unreachable[i] && !has_unreachable_predecessor[i] && !covered[i]) report_root(i);
  }
  // What is left lies on unreachable cycles that nothing leads into.
  for (std::size_t i = 0; i < n; ++i) {
    if (unreachable[i] && !covered[i]) report_root(i);
  }
}

}  // namespace

void check_flow(const Process& p, Findings& f) {
  const bool has_end =
      std::any_of(p.steps.begin(), p.steps.end(), [](const Step& s) { return s.kind == StepKind::End; });
  if (!has_end && !p.steps.empty()) {
    const auto it = p.key_locations.find("steps");
    f.report("end-event-required", it == p.key_locations.end() ? p.steps.front().id_where : it->second,
             "the process has no end step: add one such as `done: { end: completed }`");
  }

  for (const auto& step : p.steps) {
    const bool continues = step.kind == StepKind::Task || step.kind == StepKind::Wait || step.kind == StepKind::Join;
    if (continues && step.next.empty()) {
      f.report("no-implicit-end", step.id_where,
               fmt::format("{} '{}' has no 'next' and is not an end: a case reaching it stops without an outcome",
                           step_kind_name(step.kind), step.id));
    }
  }

  check_unreachable(p, f);
  check_loops(p, f);
}

}  // namespace bpm::lint_detail
