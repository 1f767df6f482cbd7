#include "discover/tree_to_flow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "bpm/model/routing_analysis.hpp"

namespace bpm::discover {
namespace {

class FlowBuilder {
 public:
  FlowBuilder(const std::vector<std::string>& names, Process& process) : names_(names), process_(process) {
    for (const std::string& n : names) used_.insert(n);
    for (const Step& s : process.steps) used_.insert(s.id);
  }

  /// Builds `node` so that it continues with `next`; returns the id of its first step.
  std::string build(const TreeNode& node, const std::string& next) {
    switch (node.kind) {
      case TreeNode::Kind::Tau: return next;
      case TreeNode::Kind::Activity: return task(node.activity, next);
      case TreeNode::Kind::Sequence: {
        std::string entry = next;
        for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) entry = build(*it, entry);
        return entry;
      }
      case TreeNode::Kind::Xor: return choice(node, next);
      case TreeNode::Kind::Parallel: return parallel(node, next);
      case TreeNode::Kind::Loop: return loop(node, next);
      case TreeNode::Kind::Chain: return chain(node, next);
    }
    return next;
  }

  Step& step(const std::string& id) {
    for (Step& s : process_.steps) {
      if (s.id == id) return s;
    }
    throw std::logic_error("discover: no step " + id);
  }

  std::string fresh(const std::string& base) {
    for (int k = 1;; ++k) {
      std::string id = numbered(base, k);
      if (used_.insert(id).second) {
        generated_.emplace_back(id, base);
        return id;
      }
    }
  }

  static std::string numbered(const std::string& base, int k) {
    if (base.ends_with('?')) return fmt::format("{} {}?", base.substr(0, base.size() - 1), k);
    return fmt::format("{} {}", base, k);
  }

  /// Gateway, join and end ids numbered in the order of the file ("join" alone when there is one).
  void renumber() {
    std::map<std::string, std::string> base_of;
    for (const auto& [id, base] : generated_) base_of[id] = base;
    std::map<std::string, int> total;
    for (const Step& s : process_.steps) {
      if (const auto it = base_of.find(s.id); it != base_of.end()) ++total[it->second];
    }
    std::set<std::string> taken(names_.begin(), names_.end());
    std::map<std::string, int> seen;
    std::map<std::string, std::string> rename;
    for (const Step& s : process_.steps) {
      const auto it = base_of.find(s.id);
      if (it == base_of.end()) continue;
      const std::string& base = it->second;
      const int k = ++seen[base];
      std::string id = total[base] == 1 ? base : numbered(base, k);
      if (taken.count(id) > 0) id = s.id;
      taken.insert(id);
      rename[s.id] = id;
    }
    auto fix = [&](std::string& ref) {
      if (const auto it = rename.find(ref); it != rename.end()) ref = it->second;
    };
    fix(process_.start);
    for (Step& s : process_.steps) {
      fix(s.id);
      fix(s.next);
      if (s.rework) fix(s.rework->to);
      for (Branch& b : s.branches) fix(b.to);
      for (std::string& t : s.targets) fix(t);
      for (std::string& j : s.join_of) fix(j);
    }
  }

 private:
  std::string task(std::uint32_t activity, const std::string& next) {
    Step s;
    s.id = names_.at(activity);
    s.kind = StepKind::Task;
    s.next = next;
    process_.steps.push_back(std::move(s));
    return names_.at(activity);
  }

  std::string choice(const TreeNode& node, const std::string& next) {
    std::vector<std::string> targets;
    std::vector<double> weights;
    for (std::size_t k = 0; k < node.children.size(); ++k) {
      targets.push_back(build(node.children[k], next));
      weights.push_back(k < node.weights.size() ? node.weights[k] : 1.0);
    }
    return decide(targets, weights);
  }

  std::string parallel(const TreeNode& node, const std::string& next) {
    // A branch that may be skipped (X(tau, ...)) makes the split inclusive.
    struct Part {
      const TreeNode* node;
      double taken;  // share of the cases that run it
      TreeNode without_skip;
    };
    std::vector<Part> parts;
    bool optional = false;
    for (const TreeNode& child : node.children) {
      if (child.kind == TreeNode::Kind::Tau) continue;
      Part part{&child, 1.0, {}};
      if (child.kind == TreeNode::Kind::Xor) {
        double total = 0.0;
        double skipped = 0.0;
        TreeNode rest;
        rest.kind = TreeNode::Kind::Xor;
        for (std::size_t k = 0; k < child.children.size(); ++k) {
          total += child.weights[k];
          if (child.children[k].kind == TreeNode::Kind::Tau) {
            skipped += child.weights[k];
          } else {
            rest.children.push_back(child.children[k]);
            rest.weights.push_back(child.weights[k]);
          }
        }
        if (skipped > 0.0 && !rest.children.empty()) {
          part.taken = 1.0 - skipped / total;
          part.without_skip = rest.children.size() == 1 ? rest.children.front() : rest;
          optional = true;
        }
      }
      parts.push_back(std::move(part));
    }
    if (parts.empty()) return next;
    if (parts.size() == 1) return build(*parts.front().node, next);
    const std::string join_id = fresh("join");
    {
      Step join;
      join.id = join_id;
      join.kind = StepKind::Join;
      join.next = next;
      process_.steps.push_back(std::move(join));
    }
    Step split;
    split.id = fresh(optional ? "or" : "and");
    split.kind = optional ? StepKind::Or : StepKind::And;
    for (const Part& part : parts) {
      const bool skippable = part.taken < 1.0;
      // Each branch ends in one input of the join: a branch with several ends (a choice) meets
      // first at a zero timer, which collapse_merges() removes where the branch has one end.
      const std::string merge_id = fresh("merge");
      {
        Step merge;
        merge.id = merge_id;
        merge.kind = StepKind::Wait;
        merge.wait = Distribution{};
        merge.wait->kind = DistKind::Constant;
        merge.wait->is_time = true;
        merge.logged = false;
        merge.next = join_id;
        process_.steps.push_back(std::move(merge));
        merges_.push_back(merge_id);
      }
      const std::string entry = build(skippable ? part.without_skip : *part.node, merge_id);
      if (optional) {
        Branch b;
        b.to = entry;
        b.p = skippable ? std::round(part.taken * 1e4) / 1e4 : 1.0;
        split.branches.push_back(std::move(b));
      } else {
        split.targets.push_back(entry);
      }
    }
    process_.steps.push_back(split);
    joins_.push_back(join_id);
    return split.id;
  }

  /// A decision among `targets` with `weights` (entries with weight 0 left out, branches to the
  /// same step merged: two skips are one branch); the target itself when there is one.
  std::string decide(const std::vector<std::string>& targets, const std::vector<double>& weights) {
    std::vector<std::string> to;
    std::vector<double> w;
    for (std::size_t k = 0; k < targets.size(); ++k) {
      if (weights[k] <= 0.0) continue;
      const auto found = std::find(to.begin(), to.end(), targets[k]);
      if (found != to.end()) {
        w[static_cast<std::size_t>(found - to.begin())] += weights[k];
      } else {
        to.push_back(targets[k]);
        w.push_back(weights[k]);
      }
    }
    if (to.size() == 1) return to.front();
    Step s;
    s.id = fresh("choice?");
    s.kind = StepKind::Xor;
    const std::vector<double> p = rounded_probabilities(w);
    for (std::size_t k = 0; k < to.size(); ++k) {
      Branch b;
      b.to = to[k];
      b.p = p[k];
      s.branches.push_back(std::move(b));
    }
    process_.steps.push_back(s);
    return s.id;
  }

  std::string chain(const TreeNode& node, const std::string& next) {
    const std::size_t k = node.children.size();
    std::vector<std::string> ids(k + 1);
    ids[0] = next;  // the chain's exit
    for (std::size_t i = 0; i < k; ++i) ids[i + 1] = task(node.children[i].activity, next);
    for (std::size_t i = 0; i < k; ++i) {
      const std::vector<double> row(node.transitions.begin() + static_cast<std::ptrdiff_t>((i + 1) * (k + 1)),
                                    node.transitions.begin() + static_cast<std::ptrdiff_t>((i + 2) * (k + 1)));
      step(ids[i + 1]).next = decide(ids, row);
    }
    const std::vector<double> entry(node.transitions.begin(),
                                    node.transitions.begin() + static_cast<std::ptrdiff_t>(k + 1));
    return decide(ids, entry);
  }

  std::string loop(const TreeNode& node, const std::string& next) {
    const TreeNode& body = node.children.at(0);
    const TreeNode& redo = node.children.at(1);
    const double runs = node.weights.at(0);
    const double again = node.weights.at(1);
    const double p = runs > 0.0 ? std::round(again / runs * 1e4) / 1e4 : 0.0;
    // The body ends with a task: the loop is that task's rework, which goes back to the redo
    // part (or to the body's start when there is none).
    const TreeNode* last = &body;
    std::vector<const TreeNode*> before;
    if (body.kind == TreeNode::Kind::Sequence && !body.children.empty()) {
      last = &body.children.back();
      for (std::size_t k = 0; k + 1 < body.children.size(); ++k) before.push_back(&body.children[k]);
    }
    if (p <= 0.0) return build(body, next);
    if (last->kind == TreeNode::Kind::Activity) {
      const std::string last_id = task(last->activity, next);
      std::string entry = last_id;
      for (auto it = before.rbegin(); it != before.rend(); ++it) entry = build(**it, entry);
      const std::string back = build(redo, entry);
      Rework rework;
      rework.p = std::min(p, 0.9999);
      if (back != last_id) rework.to = back;
      step(last_id).rework = rework;
      return entry;
    }
    const std::string decision = fresh("repeat?");
    const std::string entry = build(body, decision);
    const std::string back = build(redo, entry);
    Step s;
    s.id = decision;
    s.kind = StepKind::Xor;
    Branch again_branch;
    again_branch.to = back;
    again_branch.p = p;
    Branch leave;
    leave.to = next;
    leave.p = std::round((1.0 - p) * 1e4) / 1e4;
    s.branches = {again_branch, leave};
    process_.steps.push_back(std::move(s));
    return entry;
  }

 public:
  std::vector<std::string> joins_;
  std::vector<std::string> merges_;

  /// Removes the merge timers of parallel branches that have a single end: that end continues to
  /// the join itself.
  void collapse_merges() {
    for (const std::string& merge : merges_) {
      Step* only = nullptr;
      std::size_t references = process_.start == merge ? std::size_t{1} : std::size_t{0};
      for (Step& s : process_.steps) {
        if (s.next == merge) {
          ++references;
          only = &s;
        }
        for (const Branch& b : s.branches) references += b.to == merge ? std::size_t{1} : std::size_t{0};
        for (const std::string& t : s.targets) references += t == merge ? std::size_t{1} : std::size_t{0};
        if (s.rework && s.rework->to == merge) ++references;
      }
      if (references != 1 || only == nullptr) continue;
      const auto it =
          std::find_if(process_.steps.begin(), process_.steps.end(), [&](const Step& s) { return s.id == merge; });
      only->next = it->next;
      process_.steps.erase(it);
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> generated_;  // (id, base)
  const std::vector<std::string>& names_;
  Process& process_;
  std::set<std::string> used_;
};

/// The steps in the order a reader follows: every step after the steps that lead to it (reverse
/// postorder of a walk from the start, loops aside), the end steps last.
void order_steps(Process& p) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < p.steps.size(); ++i) index[p.steps[i].id] = i;
  auto successors = [&](std::size_t i) {
    const Step& s = p.steps[i];
    std::vector<std::size_t> out;
    auto add = [&](const std::string& id) {
      if (const auto it = index.find(id); it != index.end()) out.push_back(it->second);
    };
    add(s.next);
    for (const Branch& b : s.branches) add(b.to);
    for (const std::string& t : s.targets) add(t);
    if (s.rework && !s.rework->to.empty()) add(s.rework->to);
    return out;
  };
  std::vector<char> state(p.steps.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::size_t> postorder;
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> stack;
  auto enter = [&](std::size_t i) {
    state[i] = 1;
    std::vector<std::size_t> next = successors(i);
    std::reverse(next.begin(), next.end());  // the first written comes first in the result
    stack.emplace_back(i, std::move(next));
  };
  if (const auto it = index.find(p.start); it != index.end()) enter(it->second);
  while (!stack.empty()) {
    auto& [node, pending] = stack.back();
    if (pending.empty()) {
      state[node] = 2;
      postorder.push_back(node);
      stack.pop_back();
      continue;
    }
    const std::size_t next = pending.back();
    pending.pop_back();
    if (state[next] == 0) enter(next);
  }
  std::vector<std::size_t> order(postorder.rbegin(), postorder.rend());
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    if (state[i] == 0) order.push_back(i);
  }
  std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return p.steps[i].kind != StepKind::End; });
  std::vector<Step> sorted;
  for (const std::size_t i : order) sorted.push_back(std::move(p.steps[i]));
  p.steps = std::move(sorted);
}

}  // namespace

std::vector<double> rounded_probabilities(const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> p(weights.size(), 0.0);
  if (weights.empty() || !(total > 0.0)) return p;
  std::size_t largest = 0;
  double sum = 0.0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    p[k] = std::round(weights[k] / total * 1e4) / 1e4;
    if (weights[k] > weights[largest]) largest = k;
  }
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (k != largest) sum += p[k];
  }
  p[largest] = std::round((1.0 - sum) * 1e4) / 1e4;
  return p;
}

void tree_to_steps(const TreeNode& tree, const std::vector<std::string>& activity_names, Process& process,
                   const std::string& outcome) {
  FlowBuilder builder(activity_names, process);
  const std::string end_id = builder.fresh("end");
  Step end;
  end.id = end_id;
  end.kind = StepKind::End;
  end.outcome = outcome;
  process.steps.push_back(std::move(end));
  process.start = builder.build(tree, end_id);
  builder.collapse_merges();
  // A join's inputs are the steps that continue to it.
  for (const std::string& join_id : builder.joins_) {
    std::vector<std::string> inputs;
    for (const Step& s : process.steps) {
      bool leads = s.next == join_id;
      for (const Branch& b : s.branches) leads = leads || b.to == join_id;
      if (s.rework && s.rework->to == join_id) leads = true;
      if (leads) inputs.push_back(s.id);
    }
    builder.step(join_id).join_of = inputs;
  }
  order_steps(process);
  builder.renumber();
}

}  // namespace bpm::discover
