// Rules about parallel structure: and/or splits and the joins that synchronise them.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>

#include "bpm/model/routing_analysis.hpp"
#include "lint/findings.hpp"

namespace bpm::lint_detail {
namespace {

std::string split_noun(const Step& split) {
  return split.kind == StepKind::And ? "parallel split" : "inclusive gateway";
}

std::vector<std::string> branch_names(const Step& split) {
  if (split.kind == StepKind::And) return split.targets;
  std::vector<std::string> names;
  for (const auto& branch : split.branches) names.push_back(branch.to);
  return names;
}

/// Like branch_reach, but a branch also stops at the joins that synchronise this split: after
/// them the branches are one token again, and a loop from there back into one branch is not a
/// merge of parallel branches.
std::vector<std::vector<bool>> reach_until_join(const Process& p, std::size_t split,
                                                const std::vector<std::optional<std::size_t>>& matches) {
  std::vector<std::vector<bool>> reach;
  const Step& step = p.steps[split];
  for (const auto& name : branch_names(step)) {
    std::vector<bool> seen(p.steps.size(), false);
    const auto target = step_index(p, name);
    if (target && *target != split) {
      std::deque<std::size_t> queue{*target};
      seen[*target] = true;
      while (!queue.empty()) {
        const std::size_t i = queue.front();
        queue.pop_front();
        if (matches[i] == split) continue;
        for (const std::size_t j : step_successors(p, i)) {
          if (j == split || seen[j]) continue;
          seen[j] = true;
          queue.push_back(j);
        }
      }
    }
    reach.push_back(std::move(seen));
  }
  return reach;
}

using Successors = std::vector<std::vector<std::size_t>>;

bool leads_to(const Successors& successors, std::size_t from, std::size_t to) {
  const auto& next = successors[from];
  return std::find(next.begin(), next.end(), to) != next.end();
}

/// Reports the steps where branches of `split` first meet without a join; true if any.
bool check_fake_joins(const Process& p, std::size_t split, const std::vector<std::optional<std::size_t>>& matches,
                      const Successors& successors, Findings& f) {
  const Step& step = p.steps[split];
  const auto names = branch_names(step);
  const auto reach = reach_until_join(p, split, matches);
  const std::size_t n = p.steps.size();
  std::vector<std::vector<std::string>> reached_by(n);
  std::vector<bool> in_branch(n, false);
  for (std::size_t b = 0; b < reach.size(); ++b) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!reach[b][i]) continue;
      in_branch[i] = true;
      reached_by[i].push_back("'" + names[b] + "'");
    }
  }
  auto merged = [&](std::size_t i) { return reached_by[i].size() >= 2; };
  bool found = false;
  for (std::size_t x = 0; x < n; ++x) {
    const Step& target = p.steps[x];
    if (!merged(x) || target.kind == StepKind::Join || target.kind == StepKind::End) continue;
    // Report only where the branches meet first: some way into x comes from a single branch.
    bool first_meeting = false;
    for (std::size_t y = 0; y < n && !first_meeting; ++y) {
      if (!(y == split || in_branch[y]) || merged(y)) continue;
      first_meeting = leads_to(successors, y, x);
    }
    if (!first_meeting) continue;
    found = true;
    f.report("fake-join", target.id_where,
             fmt::format("step '{}' is reached by the branches {} of {} '{}' without a join: it runs once per branch",
                         target.id, fmt::join(reached_by[x], ", "), split_noun(step), step.id));
  }
  return found;
}

void check_join_inputs(const Process& p, std::size_t join_index, const Successors& successors, Findings& f) {
  const Step& join = p.steps[join_index];
  for (const auto& input : join.join_of) {
    const auto i = step_index(p, input);
    if (!i) continue;  // undefined-step
    if (leads_to(successors, *i, join_index)) continue;
    f.report("join-input", key_location(join, "join"),
             fmt::format("join '{}' waits for '{}', which never continues to '{}': the join would wait forever",
                         join.id, input, join.id));
  }
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& step = p.steps[i];
    if (i == join_index || !leads_to(successors, i, join_index)) continue;
    if (std::find(join.join_of.begin(), join.join_of.end(), step.id) != join.join_of.end()) continue;
    f.report("join-input", step.next == join.id ? key_location(step, "next") : step.id_where,
             fmt::format("step '{}' continues to join '{}' but is not one of its inputs [{}]", step.id, join.id,
                         fmt::join(join.join_of, ", ")));
  }
}

}  // namespace

void check_joins(const Process& p, Findings& f) {
  const auto matches = matching_splits(p);
  Successors successors;
  for (std::size_t i = 0; i < p.steps.size(); ++i) successors.push_back(step_successors(p, i));
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    const Step& split = p.steps[s];
    if (split.kind != StepKind::And && split.kind != StepKind::Or) continue;
    const bool fake = check_fake_joins(p, s, matches, successors, f);
    const bool joined = std::find(matches.begin(), matches.end(), std::optional(s)) != matches.end();
    // An or gateway with one branch is no split (superfluous-gateway says so).
    if (!fake && !joined && branch_names(split).size() >= 2) {
      f.report("split-without-join", split.id_where,
               fmt::format("{} '{}' has no matching join: the first branch to reach an end terminates the case "
                           "and cancels the others",
                           split_noun(split), split.id));
    }
  }
  for (std::size_t j = 0; j < p.steps.size(); ++j) {
    const Step& join = p.steps[j];
    if (join.kind != StepKind::Join) continue;
    check_join_inputs(p, j, successors, f);
    std::vector<std::string> inputs;
    for (const auto& input : join.join_of) {
      if (!p.find_step(input)) continue;
      if (std::find(inputs.begin(), inputs.end(), input) == inputs.end()) inputs.push_back(input);
    }
    if (matches[j] || inputs.size() < 2) continue;
    std::vector<std::string> quoted;
    for (const auto& input : inputs) quoted.push_back("'" + input + "'");
    f.report("join-without-split", join.id_where,
             fmt::format("no parallel split separates the inputs {} of join '{}': they are never all started "
                         "together and the join waits forever",
                         fmt::join(quoted, ", "), join.id));
  }
}

}  // namespace bpm::lint_detail
