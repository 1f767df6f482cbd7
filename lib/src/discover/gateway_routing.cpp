#include "discover/gateway_routing.hpp"

#include <algorithm>
#include <unordered_map>

namespace bpm::discover {
namespace {

class StepGraph {
 public:
  explicit StepGraph(const Process& p) : process_(p), successors_(p.steps.size()), predecessors_(p.steps.size()) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < p.steps.size(); ++s) index.emplace(p.steps[s].id, s);
    auto link = [&](std::size_t from, const std::string& to) {
      const auto it = index.find(to);
      if (it == index.end()) return;
      successors_[from].push_back(it->second);
      predecessors_[it->second].push_back(from);
    };
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
      const Step& step = p.steps[s];
      if (!step.next.empty()) link(s, step.next);
      for (const Branch& b : step.branches) link(s, b.to);
      for (const std::string& t : step.targets) link(s, t);
      if (step.rework && !step.rework->to.empty()) link(s, step.rework->to);
    }
    const auto it = index.find(p.start);
    start_ = it == index.end() ? p.steps.size() : it->second;
  }

  /// Steps reachable from `from` (itself included).
  [[nodiscard]] std::vector<char> reach(std::size_t from) const {
    std::vector<char> seen(successors_.size(), 0);
    std::vector<std::size_t> stack{from};
    seen[from] = 1;
    while (!stack.empty()) {
      const std::size_t s = stack.back();
      stack.pop_back();
      for (const std::size_t t : successors_[s]) {
        if (!seen[t]) {
          seen[t] = 1;
          stack.push_back(t);
        }
      }
    }
    return seen;
  }

  /// The tasks just before `gateway` (no other task between), and whether every path back from
  /// it is certain: through no other decision, and from the start when no task precedes it.
  void tasks_before(std::size_t gateway, std::vector<std::size_t>& tasks, bool& certain, bool& from_start) const {
    std::vector<char> seen(successors_.size(), 0);
    std::vector<std::size_t> stack{gateway};
    seen[gateway] = 1;
    certain = true;
    from_start = gateway == start_;
    while (!stack.empty()) {
      const std::size_t s = stack.back();
      stack.pop_back();
      for (const std::size_t t : predecessors_[s]) {
        if (seen[t]) continue;
        seen[t] = 1;
        const StepKind kind = process_.steps[t].kind;
        if (kind == StepKind::Task) {
          tasks.push_back(t);
          continue;
        }
        if (kind == StepKind::Xor || kind == StepKind::Or) certain = false;
        if (t == start_) from_start = true;
        stack.push_back(t);
      }
    }
  }

 private:
  const Process& process_;
  std::vector<std::vector<std::size_t>> successors_;
  std::vector<std::vector<std::size_t>> predecessors_;
  std::size_t start_ = 0;
};

}  // namespace

std::vector<std::int64_t> activities_of_steps(const Process& process, const LogStore& log) {
  std::unordered_map<std::string, std::int64_t> index;
  for (std::size_t a = 0; a < log.activities.size(); ++a)
    index.emplace(log.activities[a], static_cast<std::int64_t>(a));
  std::vector<std::int64_t> out(process.steps.size(), -1);
  for (std::size_t s = 0; s < process.steps.size(); ++s) {
    const Step& step = process.steps[s];
    if (step.kind != StepKind::Task) continue;
    auto it = index.find(step.id);
    if (it == index.end() && !step.name.empty()) it = index.find(step.name);
    if (it != index.end()) out[s] = it->second;
  }
  return out;
}

GatewayRouting route_cases(const Process& process, std::size_t gateway,
                           const std::vector<std::int64_t>& activity_of_step, const LogStore& log) {
  GatewayRouting r;
  r.branch.assign(log.cases.size(), -1);
  const Step& g = process.steps[gateway];
  const std::size_t branches = g.branches.size();
  r.counts.assign(branches, 0);
  const StepGraph graph(process);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t s = 0; s < process.steps.size(); ++s) index.emplace(process.steps[s].id, s);
  // Activities each branch can reach, and those only it can.
  const std::size_t activities = log.activities.size();
  std::vector<std::vector<char>> reach(branches, std::vector<char>(activities, 0));
  for (std::size_t b = 0; b < branches; ++b) {
    const auto it = index.find(g.branches[b].to);
    if (it == index.end()) return r;
    const std::vector<char> steps = graph.reach(it->second);
    if (steps[gateway]) {
      r.in_loop = true;
      return r;
    }
    for (std::size_t s = 0; s < steps.size(); ++s) {
      if (steps[s] && activity_of_step[s] >= 0) reach[b][static_cast<std::size_t>(activity_of_step[s])] = 1;
    }
  }
  std::vector<int> owner(activities, -1);  // the one branch that reaches an activity, else -1
  for (std::size_t a = 0; a < activities; ++a) {
    int only = -1;
    for (std::size_t b = 0; b < branches; ++b) {
      if (!reach[b][a]) continue;
      only = only == -1 ? static_cast<int>(b) : -2;
    }
    owner[a] = only >= 0 ? only : -1;
  }
  int empty_branch = -1;  // the one branch with no activity of its own
  for (std::size_t b = 0; b < branches; ++b) {
    if (std::find(owner.begin(), owner.end(), static_cast<int>(b)) != owner.end()) continue;
    empty_branch = empty_branch == -1 ? static_cast<int>(b) : -2;
  }
  std::vector<std::size_t> before;
  bool certain = true;
  bool from_start = false;
  graph.tasks_before(gateway, before, certain, from_start);
  std::vector<char> is_before(activities, 0);
  for (const std::size_t s : before) {
    if (activity_of_step[s] >= 0) is_before[static_cast<std::size_t>(activity_of_step[s])] = 1;
  }
  for (std::size_t k = 0; k < log.cases.size(); ++k) {
    int taken = -1;
    bool ambiguous = false;
    bool reached = from_start;
    for (const Event& e : log.cases[k].events) {
      reached = reached || is_before[e.activity];
      const int b = owner[e.activity];
      if (b < 0) continue;
      if (taken >= 0 && taken != b) ambiguous = true;
      taken = b;
    }
    if (ambiguous) continue;
    if (taken < 0 && empty_branch >= 0 && certain && reached) taken = empty_branch;
    if (taken < 0) continue;
    r.branch[k] = taken;
    ++r.counts[static_cast<std::size_t>(taken)];
    ++r.labelled;
  }
  return r;
}

}  // namespace bpm::discover
