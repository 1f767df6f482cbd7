#include "discover/process_tree.hpp"

#include <algorithm>
#include <numeric>

namespace bpm::discover {
namespace {

using Log = std::vector<MinerTrace>;

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }
  /// Groups of the elements, each sorted, ordered by their smallest element.
  std::vector<std::vector<std::size_t>> groups() {
    std::vector<std::vector<std::size_t>> out;
    std::vector<std::size_t> index(parent_.size(), SIZE_MAX);
    for (std::size_t x = 0; x < parent_.size(); ++x) {
      const std::size_t root = find(x);
      if (index[root] == SIZE_MAX) {
        index[root] = out.size();
        out.emplace_back();
      }
      out[index[root]].push_back(x);
    }
    return out;
  }

 private:
  std::vector<std::size_t> parent_;
};

/// The directly-follows graph of a sub-log over its own activities (local indices).
struct Graph {
  std::vector<std::uint32_t> activity;  // local -> log activity
  std::size_t n = 0;
  std::vector<double> edge;  // n × n: how often j directly follows i (or overlaps it, both ways)
  std::vector<double> start;
  std::vector<double> end;
  std::vector<char> parallel;  // n × n: the two activities are concurrent

  [[nodiscard]] bool has(std::size_t i, std::size_t j) const { return edge[i * n + j] > 0.0; }
  [[nodiscard]] bool concurrent(std::size_t i, std::size_t j) const { return parallel[i * n + j] != 0; }
  [[nodiscard]] bool any_start(const std::vector<std::size_t>& group) const {
    return std::any_of(group.begin(), group.end(), [&](std::size_t i) { return start[i] > 0.0; });
  }
  [[nodiscard]] bool any_end(const std::vector<std::size_t>& group) const {
    return std::any_of(group.begin(), group.end(), [&](std::size_t i) { return end[i] > 0.0; });
  }
};

using Partition = std::vector<std::vector<std::size_t>>;

class Miner {
 public:
  Miner(std::size_t activities, const MinerSettings& settings, MinerReport& report)
      : settings_(settings), report_(report), local_(activities, -1), group_of_(activities, -1) {}

  TreeNode mine(Log log) {
    const auto total = static_cast<double>(log.size());
    std::size_t empties = 0;
    for (const MinerTrace& t : log) empties += t.empty() ? std::size_t{1} : std::size_t{0};
    if (empties == log.size()) return tau(total);
    if (empties > 0) {
      std::erase_if(log, [](const MinerTrace& t) { return t.empty(); });
      // Skipping is kept when it is not rare; a rare skip is infrequent behaviour.
      if (static_cast<double>(empties) >= settings_.noise * 0.1 * total) {
        TreeNode x;
        x.kind = TreeNode::Kind::Xor;
        x.frequency = total;
        x.children.push_back(tau(static_cast<double>(empties)));
        x.weights.push_back(static_cast<double>(empties));
        x.children.push_back(mine(std::move(log)));
        x.weights.push_back(x.children.back().frequency);
        return x;
      }
    }
    return mine_nonempty(std::move(log));
  }

 private:
  static TreeNode tau(double frequency) {
    TreeNode t;
    t.kind = TreeNode::Kind::Tau;
    t.frequency = frequency;
    return t;
  }

  TreeNode mine_nonempty(Log log) {
    const auto traces = static_cast<double>(log.size());
    Graph graph = build_graph(log);
    if (graph.n == 1) {
      TreeNode a;
      a.kind = TreeNode::Kind::Activity;
      a.activity = graph.activity[0];
      double events = 0.0;
      for (const MinerTrace& t : log) events += static_cast<double>(t.size());
      a.frequency = events;
      if (events == traces) return a;
      return loop(std::move(a), tau(events - traces), events, events - traces, traces);
    }
    for (int filtered = 0; filtered < 2; ++filtered) {
      const Graph& g = filtered ? filter(graph) : graph;
      if (Partition p = xor_cut(g); p.size() >= 2) return split_xor(std::move(log), g, p);
      if (Partition p = sequence_cut(g); p.size() >= 2) return split_sequence(std::move(log), g, p);
      if (Partition p = parallel_cut(g, settings_.intervals); p.size() >= 2)
        return split_parallel(std::move(log), g, p);
      if (Partition p = loop_cut(g); p.size() >= 2) return split_loop(std::move(log), g, p);
    }
    return fall_through(std::move(log), graph);
  }

  static TreeNode loop(TreeNode body, TreeNode redo, double body_runs, double redo_runs, double frequency) {
    TreeNode l;
    l.kind = TreeNode::Kind::Loop;
    l.frequency = frequency;
    l.children.push_back(std::move(body));
    l.children.push_back(std::move(redo));
    l.weights = {body_runs, redo_runs};
    return l;
  }

  Graph build_graph(const Log& log) {
    Graph g;
    for (const MinerTrace& t : log) {
      for (const MinerEvent& e : t) {
        if (local_[e.activity] < 0) {
          local_[e.activity] = static_cast<int>(g.activity.size());
          g.activity.push_back(e.activity);
        }
      }
    }
    // Local indices follow the order of the log's activity indices, so that results do not
    // depend on which trace shows an activity first.
    std::sort(g.activity.begin(), g.activity.end());
    for (std::size_t i = 0; i < g.activity.size(); ++i) local_[g.activity[i]] = static_cast<int>(i);
    const std::size_t n = g.n = g.activity.size();
    g.edge.assign(n * n, 0.0);
    g.start.assign(n, 0.0);
    g.end.assign(n, 0.0);
    std::vector<double> together(n * n, 0.0);
    std::vector<double> overlapping(n * n, 0.0);
    std::vector<std::size_t> present;
    std::vector<char> seen(n, 0);
    std::vector<char> pair_seen;
    for (const MinerTrace& t : log) {
      if (t.empty()) continue;
      auto at = [&](std::size_t k) { return static_cast<std::size_t>(local_[t[k].activity]); };
      g.start[at(0)] += 1.0;
      g.end[at(t.size() - 1)] += 1.0;
      present.clear();
      for (std::size_t k = 0; k < t.size(); ++k) {
        if (k + 1 < t.size()) g.edge[at(k) * n + at(k + 1)] += 1.0;
        if (!seen[at(k)]) {
          seen[at(k)] = 1;
          present.push_back(at(k));
        }
      }
      if (present.size() >= 2) {
        for (std::size_t a = 0; a < present.size(); ++a) {
          for (std::size_t b = a + 1; b < present.size(); ++b) {
            together[present[a] * n + present[b]] += 1.0;
            together[present[b] * n + present[a]] += 1.0;
          }
        }
        // Pairs whose intervals overlap in this trace (counted once per trace).
        pair_seen.assign(present.size() * present.size(), 0);
        std::vector<std::size_t> slot(n, 0);
        for (std::size_t k = 0; k < present.size(); ++k) slot[present[k]] = k;
        for (std::size_t i = 0; i < t.size(); ++i) {
          for (std::size_t j = i + 1; j < t.size() && t[j].start < t[i].end; ++j) {
            if (!(t[i].start < t[j].end)) continue;
            const std::size_t a = at(i);
            const std::size_t b = at(j);
            if (a == b) continue;
            char& flag = pair_seen[slot[a] * present.size() + slot[b]];
            if (flag) continue;
            flag = 1;
            pair_seen[slot[b] * present.size() + slot[a]] = 1;
            overlapping[a * n + b] += 1.0;
            overlapping[b * n + a] += 1.0;
          }
        }
      }
      for (const std::size_t p : present) seen[p] = 0;
    }
    g.parallel.assign(n * n, 0);
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) {
        const double both = together[a * n + b];
        if (a == b || both == 0.0 || overlapping[a * n + b] < settings_.overlap * both) continue;
        const double count = std::max(overlapping[a * n + b], 1.0);
        g.edge[a * n + b] = std::max(g.edge[a * n + b], count);
        g.parallel[a * n + b] = 1;
      }
    }
    if (!settings_.intervals) {
      for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = 0; b < n; ++b) {
          if (a != b && g.has(a, b) && g.has(b, a)) g.parallel[a * n + b] = 1;
        }
      }
    }
    for (const std::uint32_t a : g.activity) local_[a] = -1;
    return g;
  }

  /// IMf: an edge less frequent than `noise` × the most frequent edge out of its source is
  /// dropped; start and end activities likewise against the most frequent one.
  Graph filtered_;
  const Graph& filter(const Graph& g) {
    filtered_ = g;
    const std::size_t n = g.n;
    for (std::size_t i = 0; i < n; ++i) {
      double strongest = 0.0;
      for (std::size_t j = 0; j < n; ++j) strongest = std::max(strongest, g.edge[i * n + j]);
      for (std::size_t j = 0; j < n; ++j) {
        if (g.edge[i * n + j] < settings_.noise * strongest) filtered_.edge[i * n + j] = 0.0;
      }
    }
    const double top_start = *std::max_element(g.start.begin(), g.start.end());
    const double top_end = *std::max_element(g.end.begin(), g.end.end());
    for (std::size_t i = 0; i < n; ++i) {
      if (g.start[i] < settings_.noise * top_start) filtered_.start[i] = 0.0;
      if (g.end[i] < settings_.noise * top_end) filtered_.end[i] = 0.0;
    }
    if (!settings_.intervals) {
      for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = 0; b < n; ++b) {
          filtered_.parallel[a * n + b] = a != b && filtered_.has(a, b) && filtered_.has(b, a) ? 1 : 0;
        }
      }
    }
    return filtered_;
  }

  // ---- cuts ----

  static Partition xor_cut(const Graph& g) {
    UnionFind uf(g.n);
    for (std::size_t i = 0; i < g.n; ++i) {
      for (std::size_t j = 0; j < g.n; ++j) {
        if (g.has(i, j)) uf.unite(i, j);
      }
    }
    return uf.groups();
  }

  static std::vector<std::vector<char>> reachability(const Graph& g) {
    std::vector<std::vector<char>> reach(g.n, std::vector<char>(g.n, 0));
    std::vector<std::size_t> stack;
    for (std::size_t s = 0; s < g.n; ++s) {
      stack.assign(1, s);
      while (!stack.empty()) {
        const std::size_t u = stack.back();
        stack.pop_back();
        for (std::size_t v = 0; v < g.n; ++v) {
          if (g.has(u, v) && !reach[s][v]) {
            reach[s][v] = 1;
            stack.push_back(v);
          }
        }
      }
    }
    return reach;
  }

  static Partition sequence_cut(const Graph& g) {
    const auto reach = reachability(g);
    UnionFind uf(g.n);
    // Strongly connected activities, and activities neither of which reaches the other, cannot
    // be in different parts of a sequence.
    for (std::size_t i = 0; i < g.n; ++i) {
      for (std::size_t j = i + 1; j < g.n; ++j) {
        if (reach[i][j] == reach[j][i]) uf.unite(i, j);
      }
    }
    Partition groups = uf.groups();
    // Order the parts: a part before another when some of its activities reach the other's.
    // Parts that reach each other both ways (possible across members) are merged.
    for (bool merged = true; merged && groups.size() >= 2;) {
      merged = false;
      auto reaches = [&](const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
        for (const std::size_t x : a) {
          for (const std::size_t y : b) {
            if (reach[x][y]) return true;
          }
        }
        return false;
      };
      for (std::size_t a = 0; a < groups.size() && !merged; ++a) {
        for (std::size_t b = a + 1; b < groups.size() && !merged; ++b) {
          if (reaches(groups[a], groups[b]) == reaches(groups[b], groups[a])) {
            groups[a].insert(groups[a].end(), groups[b].begin(), groups[b].end());
            std::sort(groups[a].begin(), groups[a].end());
            groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(b));
            merged = true;
          }
        }
      }
      if (!merged) {
        // Sort by how many parts each reaches: the first reaches all the others.
        std::vector<std::pair<std::size_t, std::size_t>> order;
        for (std::size_t a = 0; a < groups.size(); ++a) {
          std::size_t count = 0;
          for (std::size_t b = 0; b < groups.size(); ++b)
            count += a != b && reaches(groups[a], groups[b]) ? std::size_t{1} : std::size_t{0};
          order.emplace_back(groups.size() - count, a);
        }
        std::sort(order.begin(), order.end());
        Partition sorted;
        for (const auto& [rank, a] : order) sorted.push_back(groups[a]);
        groups = std::move(sorted);
      }
    }
    return groups;
  }

  static Partition parallel_cut(const Graph& g, bool intervals) {
    UnionFind uf(g.n);
    for (std::size_t i = 0; i < g.n; ++i) {
      for (std::size_t j = i + 1; j < g.n; ++j) {
        if (!(g.concurrent(i, j) && g.concurrent(j, i))) uf.unite(i, j);
      }
    }
    Partition groups = uf.groups();
    if (groups.size() < 2) return groups;
    // Every branch must be able to start and end a trace; parts that cannot join another. With
    // intervals, overlap already shows that the parts run at the same time, whichever starts.
    if (intervals) return groups;
    Partition complete;
    std::vector<std::size_t> rest;
    for (auto& group : groups) {
      if (g.any_start(group) && g.any_end(group)) {
        complete.push_back(std::move(group));
      } else {
        rest.insert(rest.end(), group.begin(), group.end());
      }
    }
    if (!rest.empty()) {
      if (complete.empty()) return {};
      complete.front().insert(complete.front().end(), rest.begin(), rest.end());
      std::sort(complete.front().begin(), complete.front().end());
    }
    return complete;
  }

  static Partition loop_cut(const Graph& g) {
    std::vector<char> in_body(g.n, 0);
    for (std::size_t i = 0; i < g.n; ++i) in_body[i] = g.start[i] > 0.0 || g.end[i] > 0.0;
    UnionFind uf(g.n);
    for (std::size_t i = 0; i < g.n; ++i) {
      for (std::size_t j = 0; j < g.n; ++j) {
        if (!in_body[i] && !in_body[j] && (g.has(i, j) || g.has(j, i))) uf.unite(i, j);
      }
    }
    Partition redo;
    for (auto& group : uf.groups()) {
      if (!in_body[group.front()]) redo.push_back(std::move(group));
    }
    // A redo part is entered only from end activities (all of them), and leaves only to start
    // activities (all of them); a part that breaks this belongs to the body.
    for (bool moved = true; moved;) {
      moved = false;
      for (std::size_t r = 0; r < redo.size(); ++r) {
        std::vector<char> member(g.n, 0);
        for (const std::size_t x : redo[r]) member[x] = 1;
        bool ok = true;
        bool entered = false;
        bool left = false;
        std::vector<char> end_enters(g.n, 0);
        std::vector<char> start_entered(g.n, 0);
        for (std::size_t i = 0; i < g.n && ok; ++i) {
          for (std::size_t j = 0; j < g.n && ok; ++j) {
            if (!g.has(i, j)) continue;
            if (in_body[i] && member[j]) {
              ok = g.end[i] > 0.0;
              end_enters[i] = 1;
              entered = true;
            } else if (member[i] && in_body[j]) {
              ok = g.start[j] > 0.0;
              start_entered[j] = 1;
              left = true;
            } else if (member[i] && !member[j] && !in_body[j]) {
              ok = false;  // into another redo part
            }
          }
        }
        for (std::size_t i = 0; i < g.n && ok; ++i) {
          if (g.end[i] > 0.0 && !end_enters[i]) ok = false;
          if (g.start[i] > 0.0 && !start_entered[i]) ok = false;
        }
        if (ok && entered && left) continue;
        for (const std::size_t x : redo[r]) in_body[x] = 1;
        redo.erase(redo.begin() + static_cast<std::ptrdiff_t>(r));
        moved = true;
        break;
      }
    }
    if (redo.empty()) return {};
    Partition out;
    out.emplace_back();
    for (std::size_t i = 0; i < g.n; ++i) {
      if (in_body[i]) out.front().push_back(i);
    }
    for (auto& r : redo) out.push_back(std::move(r));
    return out;
  }

  // ---- splitting the log along a cut ----

  void assign_groups(const Graph& g, const Partition& p) {
    for (std::size_t k = 0; k < p.size(); ++k) {
      for (const std::size_t i : p[k]) group_of_[g.activity[i]] = static_cast<int>(k);
    }
  }
  void clear_groups(const Graph& g) {
    for (const std::uint32_t a : g.activity) group_of_[a] = -1;
  }

  TreeNode split_xor(Log log, const Graph& g, const Partition& p) {
    assign_groups(g, p);
    std::vector<Log> parts(p.size());
    std::vector<std::size_t> count(p.size());
    for (MinerTrace& t : log) {
      std::fill(count.begin(), count.end(), 0);
      for (const MinerEvent& e : t) ++count[static_cast<std::size_t>(group_of_[e.activity])];
      const auto best = static_cast<std::size_t>(std::max_element(count.begin(), count.end()) - count.begin());
      const std::size_t before = t.size();
      std::erase_if(t, [&](const MinerEvent& e) { return group_of_[e.activity] != static_cast<int>(best); });
      report_.removed_events += before - t.size();
      parts[best].push_back(std::move(t));
    }
    clear_groups(g);
    TreeNode x;
    x.kind = TreeNode::Kind::Xor;
    x.frequency = static_cast<double>(log.size());
    for (Log& part : parts) {
      if (part.empty()) continue;  // a part whose traces all went elsewhere (filtered graph)
      x.weights.push_back(static_cast<double>(part.size()));
      x.children.push_back(mine(std::move(part)));
    }
    return x.children.size() == 1 ? std::move(x.children.front()) : x;
  }

  TreeNode split_sequence(Log log, const Graph& g, const Partition& p) {
    assign_groups(g, p);
    const std::size_t parts = p.size();
    std::vector<Log> logs(parts);
    std::vector<std::vector<std::int64_t>> prefix;
    std::vector<std::vector<std::int64_t>> cost(parts + 1);
    std::vector<std::vector<std::size_t>> cut(parts + 1);
    constexpr std::int64_t kNever = INT64_MAX / 4;
    for (MinerTrace& t : log) {
      const std::size_t len = t.size();
      // prefix[k][q]: events of part k among the first q events.
      prefix.assign(parts, std::vector<std::int64_t>(len + 1, 0));
      for (std::size_t q = 0; q < len; ++q) {
        for (std::size_t k = 0; k < parts; ++k) prefix[k][q + 1] = prefix[k][q];
        ++prefix[static_cast<std::size_t>(group_of_[t[q].activity])][q + 1];
      }
      // cost[k][q]: fewest misplaced events when parts 0..k-1 cover the first q events. Part k
      // taking events [p, q) misplaces (q - p) - (prefix[k][q] - prefix[k][p]), so
      // cost[k+1][q] = q - prefix[k][q] + min over p <= q of (cost[k][p] - p + prefix[k][p]).
      cost[0].assign(len + 1, kNever);
      cost[0][0] = 0;
      for (std::size_t k = 0; k < parts; ++k) {
        cost[k + 1].assign(len + 1, kNever);
        cut[k + 1].assign(len + 1, 0);
        std::int64_t best = kNever;
        std::size_t best_p = 0;
        for (std::size_t q = 0; q <= len; ++q) {
          const auto qi = static_cast<std::int64_t>(q);
          if (cost[k][q] < kNever && cost[k][q] - qi + prefix[k][q] < best) {
            best = cost[k][q] - qi + prefix[k][q];
            best_p = q;
          }
          if (best < kNever) {
            cost[k + 1][q] = qi - prefix[k][q] + best;
            cut[k + 1][q] = best_p;
          }
        }
      }
      // Walk back the cut points, then give each part its own events of its segment.
      std::vector<std::size_t> bounds(parts + 1, len);
      for (std::size_t k = parts; k > 0; --k) bounds[k - 1] = cut[k][bounds[k]];
      bounds[0] = 0;
      std::size_t kept = 0;
      for (std::size_t k = 0; k < parts; ++k) {
        MinerTrace segment;
        for (std::size_t q = bounds[k]; q < bounds[k + 1]; ++q) {
          if (group_of_[t[q].activity] == static_cast<int>(k)) segment.push_back(t[q]);
        }
        kept += segment.size();
        logs[k].push_back(std::move(segment));
      }
      report_.removed_events += len - kept;
    }
    clear_groups(g);
    // Cases that stop early (nothing after some part) are an exit, not independent skips of every
    // later part: the sequence nests as ->(P1, X(tau, ->(P2, X(tau, ...)))) where cases leave.
    std::vector<int> last(log.size(), -1);
    for (std::size_t t = 0; t < log.size(); ++t) {
      for (std::size_t k = 0; k < parts; ++k) {
        if (!logs[k][t].empty()) last[t] = static_cast<int>(k);
      }
    }
    std::vector<std::size_t> members;
    for (std::size_t t = 0; t < log.size(); ++t) members.push_back(t);
    return nest_sequence(logs, last, 0, members);
  }

  TreeNode nest_sequence(std::vector<Log>& logs, const std::vector<int>& last, std::size_t k,
                         const std::vector<std::size_t>& members) {
    Log part;
    for (const std::size_t t : members) part.push_back(std::move(logs[k][t]));
    TreeNode here = mine(std::move(part));
    if (k + 1 == logs.size()) return here;
    std::vector<std::size_t> onward;
    for (const std::size_t t : members) {
      if (last[t] > static_cast<int>(k)) onward.push_back(t);
    }
    const std::size_t exits = members.size() - onward.size();
    TreeNode rest = onward.empty() ? tau(0.0) : nest_sequence(logs, last, k + 1, onward);
    TreeNode seq;
    seq.kind = TreeNode::Kind::Sequence;
    seq.frequency = static_cast<double>(members.size());
    seq.children.push_back(std::move(here));
    const bool exit_branch = exits > 0 && static_cast<double>(exits) >= settings_.noise * 0.1 * seq.frequency;
    if (exit_branch && !onward.empty()) {
      TreeNode choice;
      choice.kind = TreeNode::Kind::Xor;
      choice.frequency = seq.frequency;
      choice.children.push_back(tau(static_cast<double>(exits)));
      choice.weights.push_back(static_cast<double>(exits));
      choice.weights.push_back(static_cast<double>(onward.size()));
      choice.children.push_back(std::move(rest));
      seq.children.push_back(std::move(choice));
    } else if (rest.kind == TreeNode::Kind::Sequence) {
      for (TreeNode& child : rest.children) seq.children.push_back(std::move(child));
    } else if (rest.kind != TreeNode::Kind::Tau) {
      seq.children.push_back(std::move(rest));
    }
    return seq;
  }

  TreeNode split_parallel(Log log, const Graph& g, const Partition& p) {
    assign_groups(g, p);
    std::vector<Log> logs(p.size(), Log(log.size()));
    for (std::size_t k = 0; k < log.size(); ++k) {
      for (const MinerEvent& e : log[k]) logs[static_cast<std::size_t>(group_of_[e.activity])][k].push_back(e);
    }
    clear_groups(g);
    TreeNode par;
    par.kind = TreeNode::Kind::Parallel;
    par.frequency = static_cast<double>(log.size());
    for (Log& part : logs) par.children.push_back(mine(std::move(part)));
    return par;
  }

  TreeNode split_loop(Log log, const Graph& g, const Partition& p) {
    assign_groups(g, p);
    Log body;
    std::vector<Log> redo(p.size() - 1);
    double body_runs = 0.0;
    std::vector<double> redo_runs(p.size() - 1, 0.0);
    for (const MinerTrace& t : log) {
      // Alternate body and redo segments; a trace that starts or ends in a redo part has an
      // empty body run there.
      MinerTrace segment;
      int current = 0;  // part of the segment being built
      auto flush = [&]() {
        if (current == 0) {
          body.push_back(std::move(segment));
          body_runs += 1.0;
        } else {
          redo[static_cast<std::size_t>(current - 1)].push_back(std::move(segment));
          redo_runs[static_cast<std::size_t>(current - 1)] += 1.0;
        }
        segment.clear();
      };
      for (const MinerEvent& e : t) {
        const int part = group_of_[e.activity];
        const bool body_event = part == 0;
        if (body_event != (current == 0)) {
          flush();
          current = part;
        } else if (!body_event && part != current) {
          // Two redo parts in a row: an empty body run between them.
          flush();
          current = 0;
          flush();
          current = part;
        }
        segment.push_back(e);
      }
      flush();
      if (current != 0) {
        current = 0;
        flush();
      }
    }
    clear_groups(g);
    const double total_redo = std::accumulate(redo_runs.begin(), redo_runs.end(), 0.0);
    TreeNode body_tree = mine(std::move(body));
    TreeNode redo_tree;
    if (redo.size() == 1) {
      redo_tree = mine(std::move(redo.front()));
    } else {
      redo_tree.kind = TreeNode::Kind::Xor;
      redo_tree.frequency = total_redo;
      for (std::size_t r = 0; r < redo.size(); ++r) {
        redo_tree.weights.push_back(redo_runs[r]);
        redo_tree.children.push_back(mine(std::move(redo[r])));
      }
    }
    return loop(std::move(body_tree), std::move(redo_tree), body_runs, total_redo, static_cast<double>(log.size()));
  }

  // ---- fall-throughs ----

  TreeNode fall_through(Log log, const Graph& g) {
    ++report_.fall_throughs;
    const auto traces = static_cast<double>(log.size());
    // Without intervals, an activity that occurs exactly once in every trace runs beside the rest
    // (the Inductive Miner's fall-through); with intervals, concurrency needs overlap.
    for (std::size_t i = 0; i < g.n && !settings_.intervals; ++i) {
      const std::uint32_t a = g.activity[i];
      const bool once = std::all_of(log.begin(), log.end(), [&](const MinerTrace& t) {
        return std::count_if(t.begin(), t.end(), [&](const MinerEvent& e) { return e.activity == a; }) == 1;
      });
      if (!once) continue;
      Log rest = log;
      for (MinerTrace& t : rest) std::erase_if(t, [&](const MinerEvent& e) { return e.activity == a; });
      TreeNode leaf;
      leaf.kind = TreeNode::Kind::Activity;
      leaf.activity = a;
      leaf.frequency = traces;
      TreeNode par;
      par.kind = TreeNode::Kind::Parallel;
      par.frequency = traces;
      par.children.push_back(std::move(leaf));
      par.children.push_back(mine(std::move(rest)));
      return par;
    }
    // A Markov chain of the activities: which follows which, how often (the unfiltered graph, so
    // that every activity stays reachable and every one can reach the exit).
    ++report_.chains;
    const std::size_t k = g.n;
    TreeNode chain;
    chain.kind = TreeNode::Kind::Chain;
    chain.frequency = traces;
    chain.transitions.assign((k + 1) * (k + 1), 0.0);
    for (std::size_t i = 0; i < k; ++i) {
      TreeNode leaf;
      leaf.kind = TreeNode::Kind::Activity;
      leaf.activity = g.activity[i];
      chain.children.push_back(std::move(leaf));
      local_[g.activity[i]] = static_cast<int>(i);
    }
    for (const MinerTrace& t : log) {
      std::size_t from = 0;
      for (const MinerEvent& e : t) {
        const std::size_t to = static_cast<std::size_t>(local_[e.activity]) + 1;
        chain.transitions[from * (k + 1) + to] += 1.0;
        chain.children[to - 1].frequency += 1.0;
        from = to;
      }
      chain.transitions[from * (k + 1)] += 1.0;
    }
    for (const std::uint32_t a : g.activity) local_[a] = -1;
    return chain;
  }

  MinerSettings settings_;
  MinerReport& report_;
  std::vector<int> local_;     // log activity -> local index of the graph being built
  std::vector<int> group_of_;  // log activity -> part of the cut being split
};

void append_text(std::string& out, const TreeNode& node, const std::vector<std::string>& names) {
  switch (node.kind) {
    case TreeNode::Kind::Activity: out += names.at(node.activity); return;
    case TreeNode::Kind::Tau: out += "tau"; return;
    case TreeNode::Kind::Sequence: out += "->("; break;
    case TreeNode::Kind::Xor: out += "X("; break;
    case TreeNode::Kind::Parallel: out += "+("; break;
    case TreeNode::Kind::Loop: out += "*("; break;
    case TreeNode::Kind::Chain: out += "~("; break;
  }
  for (std::size_t k = 0; k < node.children.size(); ++k) {
    if (k > 0) out += ", ";
    append_text(out, node.children[k], names);
  }
  out += ")";
}

}  // namespace

TreeNode mine_tree(std::vector<MinerTrace> traces, std::size_t activities, const MinerSettings& settings,
                   MinerReport& report) {
  Miner miner(activities, settings, report);
  return miner.mine(std::move(traces));
}

std::string tree_text(const TreeNode& node, const std::vector<std::string>& names) {
  std::string out;
  append_text(out, node, names);
  return out;
}

}  // namespace bpm::discover
