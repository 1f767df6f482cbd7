#include "bpm/model/routing_analysis.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>

#include "model/condition_weights.hpp"

namespace bpm {
namespace {

constexpr double kSecondsPerWeek = 7.0 * 86400.0;

/// Targets of an and/or/xor step, one per branch (undefined ones as nullopt).
std::vector<std::optional<std::size_t>> branch_targets(const Process& process, const Step& step) {
  std::vector<std::optional<std::size_t>> out;
  if (step.kind == StepKind::And) {
    for (const auto& target : step.targets) out.push_back(step_index(process, target));
  } else if (step.kind == StepKind::Xor || step.kind == StepKind::Or) {
    for (const auto& branch : step.branches) out.push_back(step_index(process, branch.to));
  }
  return out;
}

/// Expected tokens each branch of a gateway receives per execution, and the tokens that find no
/// branch (see StepRouting).
struct BranchTokens {
  std::vector<double> tokens;
  double lost = 0.0;
  bool estimated = false;  // the conditions were weighed by draws
};

BranchTokens branch_tokens(const Process& process, const Step& step) {
  const std::size_t n = step.kind == StepKind::And ? step.targets.size() : step.branches.size();
  BranchTokens out;
  out.tokens.assign(n, 0.0);
  if (n == 0) return out;
  if (step.kind == StepKind::And) {
    std::fill(out.tokens.begin(), out.tokens.end(), 1.0);
    return out;
  }
  // An xor draws among its pure p branches (a branch with a condition is tested, not drawn); an
  // or falls back to its highest-p branch.
  const bool xor_gateway = step.kind == StepKind::Xor;
  auto drawn = [&](const Branch& branch) { return branch.p && (!xor_gateway || !branch.when); };
  double p_sum = 0.0;
  std::optional<std::size_t> fallback;
  for (std::size_t b = 0; b < n; ++b) {
    const Branch& branch = step.branches[b];
    if (!drawn(branch)) continue;
    p_sum += *branch.p;
    if (!fallback || *branch.p > *step.branches[*fallback].p) fallback = b;
  }
  auto weighed = detail::weigh_conditions(process, step);
  if (!weighed) {
    // Conditions that cannot be weighed: assume none holds and let the p branches decide; with no
    // p branch, split in equal shares.
    if (!fallback) {
      std::fill(out.tokens.begin(), out.tokens.end(), 1.0 / static_cast<double>(n));
      return out;
    }
    weighed = detail::WeighedConditions{{detail::ConditionCase{1.0, std::vector<bool>(n, false)}}, false};
  }
  out.estimated = weighed->estimated;
  for (const auto& c : weighed->cases) {
    if (xor_gateway) {
      // The first condition that holds wins; otherwise a draw among the p branches.
      const auto first = std::find(c.holds.begin(), c.holds.end(), true);
      if (first != c.holds.end()) {
        out.tokens[static_cast<std::size_t>(first - c.holds.begin())] += c.weight;
      } else if (p_sum > 0.0) {
        for (std::size_t b = 0; b < n; ++b) {
          if (drawn(step.branches[b])) out.tokens[b] += c.weight * *step.branches[b].p / p_sum;
        }
      } else {
        out.lost += c.weight;
      }
      continue;
    }
    // Inclusive: each branch is taken when its condition holds or its own p draw succeeds; when
    // none is taken, the highest-p branch is.
    double none = 1.0;
    for (std::size_t b = 0; b < n; ++b) {
      const double taken = c.holds[b] ? 1.0 : step.branches[b].p.value_or(0.0);
      out.tokens[b] += c.weight * taken;
      none *= 1.0 - taken;
    }
    if (fallback) {
      out.tokens[*fallback] += c.weight * none;
    } else {
      out.lost += c.weight * none;
    }
  }
  return out;
}

/// Breadth-first distances from `from` over step_successors (-1: unreachable).
std::vector<long> distances_from(const Process& process, std::size_t from) {
  std::vector<long> distance(process.steps.size(), -1);
  std::deque<std::size_t> queue{from};
  distance[from] = 0;
  while (!queue.empty()) {
    const std::size_t i = queue.front();
    queue.pop_front();
    for (const std::size_t j : step_successors(process, i)) {
      if (distance[j] >= 0) continue;
      distance[j] = distance[i] + 1;
      queue.push_back(j);
    }
  }
  return distance;
}

/// True when every input can be assigned a different branch that reaches it (Kuhn's augmenting
/// paths; joins have a handful of inputs).
bool inputs_on_distinct_branches(const std::vector<std::size_t>& inputs, const std::vector<std::vector<bool>>& reach) {
  std::vector<long> owner(reach.size(), -1);  // branch -> input index
  std::function<bool(std::size_t, std::vector<bool>&)> assign = [&](std::size_t input, std::vector<bool>& seen) {
    for (std::size_t b = 0; b < reach.size(); ++b) {
      if (!reach[b][inputs[input]] || seen[b]) continue;
      seen[b] = true;
      if (owner[b] < 0 || assign(static_cast<std::size_t>(owner[b]), seen)) {
        owner[b] = static_cast<long>(input);
        return true;
      }
    }
    return false;
  };
  for (std::size_t input = 0; input < inputs.size(); ++input) {
    std::vector<bool> seen(reach.size(), false);
    if (!assign(input, seen)) return false;
  }
  return true;
}

/// Expected tokens per firing of a join: the tokens its matching split sends towards it, given
/// that at least one arrives.
double tokens_per_firing(const Process& process, std::size_t join, std::optional<std::size_t> split) {
  if (!split) return 1.0;
  const auto reach = branch_reach(process, *split);
  const auto tokens = branch_tokens(process, process.steps[*split]).tokens;
  double expected = 0.0;
  double none = 1.0;
  bool all = true;
  for (std::size_t b = 0; b < reach.size() && b < tokens.size(); ++b) {
    if (reach[b][join]) {
      expected += tokens[b];
      none *= 1.0 - std::min(tokens[b], 1.0);
    } else {
      all = false;
    }
  }
  // The or split's fallback guarantees a token when every branch leads to the join.
  const double at_least_one = all ? 1.0 : 1.0 - none;
  if (expected <= 0.0 || at_least_one <= 0.0) return 1.0;
  return expected / at_least_one;
}

}  // namespace

std::optional<std::size_t> step_index(const Process& process, std::string_view id) {
  if (const Step* step = process.find_step(id)) return static_cast<std::size_t>(step - process.steps.data());
  return std::nullopt;
}

std::vector<std::size_t> step_successors(const Process& process, std::size_t step_number) {
  const Step& step = process.steps.at(step_number);
  std::vector<std::size_t> out;
  auto add = [&](std::optional<std::size_t> target) {
    if (target && std::find(out.begin(), out.end(), *target) == out.end()) out.push_back(*target);
  };
  if (!step.next.empty()) add(step_index(process, step.next));
  if (step.rework) add(step.rework->to.empty() ? std::optional(step_number) : step_index(process, step.rework->to));
  for (const auto& target : branch_targets(process, step)) add(target);
  for (const auto* timer : {&step.timeout, &step.escalate, &step.abandon}) {
    if (*timer) add(step_index(process, (*timer)->to));
  }
  return out;
}

std::vector<std::vector<bool>> branch_reach(const Process& process, std::size_t split) {
  const Step& step = process.steps.at(split);
  std::vector<std::vector<bool>> reach;
  if (step.kind != StepKind::And && step.kind != StepKind::Or) return reach;
  for (const auto& target : branch_targets(process, step)) {
    std::vector<bool> seen(process.steps.size(), false);
    if (target && *target != split) {
      std::deque<std::size_t> queue{*target};
      seen[*target] = true;
      while (!queue.empty()) {
        const std::size_t i = queue.front();
        queue.pop_front();
        for (const std::size_t j : step_successors(process, i)) {
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

std::vector<std::optional<std::size_t>> matching_splits(const Process& process) {
  const std::size_t n = process.steps.size();
  std::vector<std::optional<std::size_t>> match(n);
  std::vector<std::vector<std::vector<bool>>> reach(n);
  for (std::size_t s = 0; s < n; ++s) reach[s] = branch_reach(process, s);
  for (std::size_t j = 0; j < n; ++j) {
    const Step& join = process.steps[j];
    if (join.kind != StepKind::Join) continue;
    std::vector<std::size_t> inputs;
    for (const auto& id : join.join_of) {
      if (const auto i = step_index(process, id)) inputs.push_back(*i);
    }
    if (inputs.size() < 2) continue;
    long best_distance = std::numeric_limits<long>::max();
    for (std::size_t s = 0; s < n; ++s) {
      if (reach[s].size() < 2 || !inputs_on_distinct_branches(inputs, reach[s])) continue;
      const long distance = distances_from(process, s)[j];
      if (distance >= 0 && distance < best_distance) {
        best_distance = distance;
        match[j] = s;
      }
    }
  }
  return match;
}

StepRouting step_routing(const Process& process, std::size_t step_number) {
  const Step& step = process.steps.at(step_number);
  StepRouting routing;
  auto send = [&](std::optional<std::size_t> target, double tokens) {
    if (tokens <= 0.0) return;
    if (!target) {
      routing.lost += tokens;
      return;
    }
    for (auto& edge : routing.edges) {
      if (edge.to == *target) {
        edge.tokens += tokens;
        return;
      }
    }
    routing.edges.push_back(RoutingEdge{*target, tokens});
  };
  auto next = [&]() { return step.next.empty() ? std::nullopt : step_index(process, step.next); };
  switch (step.kind) {
    case StepKind::Task: {
      const double rework = step.rework ? step.rework->p : 0.0;
      if (rework > 0.0) {
        send(step.rework->to.empty() ? std::optional(step_number) : step_index(process, step.rework->to), rework);
      }
      send(next(), 1.0 - rework);
      break;
    }
    case StepKind::Wait:
    case StepKind::Join: send(next(), 1.0); break;
    case StepKind::Xor:
    case StepKind::Or:
    case StepKind::And: {
      const auto targets = branch_targets(process, step);
      const auto branches = branch_tokens(process, step);
      for (std::size_t b = 0; b < targets.size(); ++b) send(targets[b], branches.tokens[b]);
      routing.lost += branches.lost;
      routing.estimated = branches.estimated;
      break;
    }
    case StepKind::End: break;
  }
  return routing;
}

namespace {

/// The steps cases start at, each with its share of the cases: a stream's share of the weekly
/// arrivals, at its own first step. Without a finite weekly count for every stream, all start at
/// the process's start.
std::vector<std::pair<std::size_t, double>> start_shares(const Process& process, std::size_t process_start) {
  std::vector<std::pair<std::size_t, double>> shares;
  double total = 0.0;
  for (const ArrivalStream& stream : process.arrivals.all_streams()) {
    const double per_week = process.arrivals_per_week(stream);
    const auto step = stream.start.empty() ? std::optional(process_start) : step_index(process, stream.start);
    if (!std::isfinite(per_week) || !step) return {{process_start, 1.0}};
    if (per_week <= 0.0) continue;
    total += per_week;
    const auto same = std::find_if(shares.begin(), shares.end(), [&](const auto& s) { return s.first == *step; });
    if (same != shares.end()) {
      same->second += per_week;
    } else {
      shares.emplace_back(*step, per_week);
    }
  }
  if (shares.empty()) return {{process_start, 1.0}};
  for (auto& share : shares) share.second /= total;
  return shares;
}

}  // namespace

RoutingAnalysis analyze_routing(const Process& process) {
  const std::size_t n = process.steps.size();
  RoutingAnalysis result;
  result.visits.assign(n, 0.0);
  for (const auto& outcome : process.outcomes()) result.outcomes.emplace_back(outcome, 0.0);
  const auto start = step_index(process, process.start);
  if (!start) return result;

  std::vector<StepRouting> routing(n);
  for (std::size_t i = 0; i < n; ++i) routing[i] = step_routing(process, i);

  // Only steps a case can reach take part: an unreachable closed loop must not make the system
  // singular.
  const auto starts = start_shares(process, *start);
  std::vector<long> column(n, -1);
  std::vector<std::size_t> reachable;
  for (const auto& [step, share] : starts) {
    column[step] = static_cast<long>(reachable.size());
    reachable.push_back(step);
  }
  for (std::size_t k = 0; k < reachable.size(); ++k) {
    for (const auto& edge : routing[reachable[k]].edges) {
      if (column[edge.to] >= 0) continue;
      column[edge.to] = static_cast<long>(reachable.size());
      reachable.push_back(edge.to);
    }
  }

  const auto splits = matching_splits(process);
  std::vector<double> per_firing(n, 1.0);
  for (std::size_t j = 0; j < n; ++j) {
    if (process.steps[j].kind == StepKind::Join) per_firing[j] = tokens_per_firing(process, j, splits[j]);
  }

  // visits = s + W^T visits, i.e. (I - W^T) visits = s, where s holds the share of cases starting
  // at each step. The matrix has one column
  // per reachable step and a handful of entries in each (its outgoing edges), so a sparse LU with
  // a fill-reducing ordering solves it in about linear time for process-shaped graphs; a dense
  // factorisation is cubic in the number of steps (4,000 steps took 55 s).
  const auto m = static_cast<Eigen::Index>(reachable.size());
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(reachable.size() * 3);
  for (Eigen::Index r = 0; r < m; ++r) {
    const int row = static_cast<int>(r);
    entries.emplace_back(row, row, 1.0);
    const std::size_t from = reachable[static_cast<std::size_t>(r)];
    for (const auto& edge : routing[from].edges) {
      entries.emplace_back(static_cast<int>(column[edge.to]), row, -edge.tokens / per_firing[edge.to]);
    }
  }
  Eigen::SparseMatrix<double> system(m, m);
  system.setFromTriplets(entries.begin(), entries.end());  // duplicates (a self-loop) are summed
  system.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(system);
  // A closed loop (no exit) makes the system singular: a zero pivot.
  if (lu.info() != Eigen::Success) return result;
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(m);
  for (const auto& [step, share] : starts) rhs(column[step]) = share;
  const Eigen::VectorXd visits = lu.solve(rhs);
  if (lu.info() != Eigen::Success) return result;
  for (Eigen::Index r = 0; r < m; ++r) {
    // A negative or huge solution means the tokens multiply around a loop (an and split inside
    // it), or a loop whose exit is only rounding: no finite expectation.
    if (!std::isfinite(visits(r)) || visits(r) < -1e-9 || visits(r) > 1e12) return result;
  }

  result.finite = true;
  for (Eigen::Index r = 0; r < m; ++r) {
    result.visits[reachable[static_cast<std::size_t>(r)]] = std::max(0.0, visits(r));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Step& step = process.steps[i];
    result.stall_probability += result.visits[i] * routing[i].lost;
    if (routing[i].estimated && result.visits[i] > 0.0) result.estimated_gateways.push_back(step.id);
    if (step.kind != StepKind::End) continue;
    for (auto& [outcome, probability] : result.outcomes) {
      if (outcome == step.outcome) probability += result.visits[i];
    }
  }
  return result;
}

std::vector<std::size_t> overloaded_pools(const Process& process, const RoutingAnalysis& routing,
                                          const LoadAnalysis& load) {
  std::vector<std::size_t> out;
  if (!routing.finite || !std::isfinite(load.arrivals_per_week)) return out;
  for (std::size_t r = 0; r < process.resources.size() && r < load.pools.size(); ++r) {
    const Resource& resource = process.resources[r];
    const Calendar* calendar = resource.calendar.empty() ? nullptr : process.find_calendar(resource.calendar);
    if (resource.count < 1 || (calendar != nullptr && calendar->never_open())) continue;
    const PoolLoad& pool = load.pools[r];
    if (pool.offered_servers > 0.0 && pool.offered_servers >= pool.capacity_servers) out.push_back(r);
  }
  return out;
}

std::vector<std::size_t> overloaded_pools(const Process& process) {
  const RoutingAnalysis routing = analyze_routing(process);
  return overloaded_pools(process, routing, analyze_load(process, routing));
}

double open_hours_per_week(const Process& process, std::string_view calendar) {
  if (calendar.empty()) return 168.0;
  const Calendar* found = process.find_calendar(calendar);
  return found ? found->weekly_open_seconds() / 3600.0 : 168.0;
}

namespace {

/// Named members work their own hours (where the pool's are open too) at their own speed.
double member_capacity(const Process& process, const Resource& resource) {
  const Calendar* pool = resource.calendar.empty() ? nullptr : process.find_calendar(resource.calendar);
  double capacity = 0.0;
  for (const Member& member : resource.members) {
    const Calendar* own = member.calendar.empty() ? nullptr : process.find_calendar(member.calendar);
    double hours = 168.0;
    if (own != nullptr && pool != nullptr) {
      hours = intersect_calendars(*own, *pool).weekly_open_seconds() / 3600.0;
    } else if (own != nullptr || pool != nullptr) {
      hours = (own != nullptr ? own : pool)->weekly_open_seconds() / 3600.0;
    }
    capacity += member.speed * hours / 168.0;
  }
  return capacity;
}

}  // namespace

LoadAnalysis analyze_load(const Process& process, const RoutingAnalysis& routing) {
  LoadAnalysis load;
  const double mean_interarrival = process.arrivals.every.mean();
  const double arrival_open_seconds = open_hours_per_week(process, process.arrivals.calendar) * 3600.0;
  load.arrivals_per_week =
      mean_interarrival > 0.0 ? arrival_open_seconds / mean_interarrival : std::numeric_limits<double>::infinity();
  // Rate profiles, batches and several streams (bpm/model/process.hpp).
  const Arrivals& a = process.arrivals;
  if (a.rate || a.size || !a.streams.empty()) load.arrivals_per_week = process.arrivals_per_week();
  for (const auto& resource : process.resources) {
    PoolLoad pool;
    pool.resource = resource.id;
    pool.count = resource.count;
    pool.open_hours_per_week = open_hours_per_week(process, resource.calendar);
    pool.capacity_servers = std::max(0, resource.count) * pool.open_hours_per_week / 168.0;
    if (!resource.members.empty()) pool.capacity_servers = member_capacity(process, resource);
    load.pools.push_back(std::move(pool));
  }
  if (routing.finite) {
    for (std::size_t i = 0; i < process.steps.size(); ++i) {
      const Step& step = process.steps[i];
      if (step.kind != StepKind::Task || !step.duration) continue;
      // A task several pools can do is shared in proportion to their capacities (an estimate:
      // the split a policy makes has no closed form).
      const std::vector<std::string> pools = step.pools();
      // A batch task works once per batch: full batches give the least work per case.
      const double batch = step.batch ? static_cast<double>(std::max<long long>(step.batch->size, 1)) : 1.0;
      // A multi-instance task works n times per visit: E[n] of a count distribution.
      const double copies =
          step.instances && step.instances->count ? std::max(0.0, step.instances->count->mean()) : 1.0;
      const double mean = draw_moments(process, *step.duration, "steps." + step.id + ".duration").mean * copies / batch;
      // Positions in load.pools (one per resource, in file order) through the process's index:
      // a search of every pool per step is quadratic in a model with thousands of pools.
      std::vector<std::size_t> positions;
      for (const std::string& id : pools) {
        if (const Resource* resource = process.find_resource(id)) {
          positions.push_back(static_cast<std::size_t>(resource - process.resources.data()));
        }
      }
      double capacity = 0.0;
      for (const std::size_t r : positions) capacity += load.pools[r].capacity_servers;
      for (const std::size_t r : positions) {
        PoolLoad& pool = load.pools[r];
        const double share = pools.size() == 1 ? 1.0 : capacity > 0.0 ? pool.capacity_servers / capacity : 0.0;
        pool.work_per_case += routing.visits[i] * mean * share;
      }
    }
  }
  for (PoolLoad& pool : load.pools) {
    pool.offered_servers =
        pool.work_per_case > 0.0 ? load.arrivals_per_week * pool.work_per_case / kSecondsPerWeek : 0.0;
  }
  return load;
}

}  // namespace bpm
