#include "design/bpmn_layout.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>

namespace bpm::design {
namespace {

constexpr double kOriginX = 160.0;
constexpr double kOriginY = 80.0;
constexpr double kLaneHeader = 30.0;  // the pool's name band on the left
constexpr double kMarginX = 40.0;
constexpr double kColumn = 150.0;      // distance between column starts: a 100-wide task and its arrows
constexpr double kRow = 120.0;         // distance between rows of one lane
constexpr double kLanePad = 30.0;      // above the first row: room for gateway labels
constexpr double kLoopChannel = 36.0;  // below the last row: return flows of loops run here
constexpr double kLabelWidth = 90.0;
constexpr double kLabelLine = 14.0;

Bounds shape_size(BpmnKind kind) {
  switch (kind) {
    case BpmnKind::StartEvent:
    case BpmnKind::EndEvent:
    case BpmnKind::TimerEvent:
    case BpmnKind::BoundaryTimer:
    case BpmnKind::BoundaryError: return {0, 0, 36, 36};
    case BpmnKind::ExclusiveGateway:
    case BpmnKind::InclusiveGateway:
    case BpmnKind::ParallelGateway: return {0, 0, 50, 50};
    case BpmnKind::Task:
    case BpmnKind::UserTask:
    case BpmnKind::ReceiveTask:
    case BpmnKind::SubProcess: return {0, 0, 100, 80};  // drawn collapsed; its inside has a plane of its own
  }
  return {0, 0, 100, 80};
}

bool is_gateway(BpmnKind kind) {
  return kind == BpmnKind::ExclusiveGateway || kind == BpmnKind::InclusiveGateway || kind == BpmnKind::ParallelGateway;
}

/// Lines a label of `text` takes at about 15 characters a line (bpmn.io wraps within the bounds).
double label_height(const std::string& text) {
  const double lines = std::max(1.0, std::ceil(static_cast<double>(text.size()) / 15.0));
  return lines * kLabelLine;
}

class Layout {
 public:
  explicit Layout(const BpmnGraph& graph) : g_(graph), n_(graph.nodes.size()) {}

  BpmnLayout run() {
    rank_nodes();
    place_lanes();
    order_rows();
    place_nodes();
    route_flows();
    return std::move(out_);
  }

 private:
  const BpmnGraph& g_;
  std::size_t n_;
  std::vector<int> rank_;
  std::vector<bool> back_;  // per flow
  std::vector<std::size_t> lane_;
  std::vector<std::size_t> bfs_;
  std::vector<int> row_;
  std::vector<int> lane_rows_;
  std::vector<double> lane_top_;
  std::map<std::pair<std::size_t, int>, std::vector<std::size_t>> cells_;
  BpmnLayout out_;

  void rank_nodes() {
    back_.assign(g_.flows.size(), false);
    enum class Mark : std::uint8_t { New, Active, Done };
    std::vector<Mark> mark(n_, Mark::New);
    auto depth_first = [&](std::size_t root) {
      std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
      mark[root] = Mark::Active;
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next == g_.nodes[v].outgoing.size()) {
          mark[v] = Mark::Done;
          stack.pop_back();
          continue;
        }
        const std::size_t f = g_.nodes[v].outgoing[next++];
        const std::size_t to = g_.flows[f].to;
        if (mark[to] == Mark::Active) {
          back_[f] = true;
        } else if (mark[to] == Mark::New) {
          mark[to] = Mark::Active;
          stack.emplace_back(to, 0);
        }
      }
    };
    if (n_ > 0) depth_first(0);
    for (std::size_t v = 0; v < n_; ++v) {
      if (mark[v] == Mark::New) depth_first(v);
    }
    rank_.assign(n_, 0);
    std::vector<int> indegree(n_, 0);
    for (std::size_t f = 0; f < g_.flows.size(); ++f) {
      if (!back_[f]) ++indegree[g_.flows[f].to];
    }
    // A boundary timer sits in its task's column: it is ranked with the task, and what it leads
    // to after both.
    std::vector<std::vector<std::size_t>> borne(n_);
    for (std::size_t v = 0; v < n_; ++v) {
      if (g_.nodes[v].attached) {
        borne[*g_.nodes[v].attached].push_back(v);
        ++indegree[v];
      }
    }
    std::deque<std::size_t> ready;
    for (std::size_t v = 0; v < n_; ++v) {
      if (indegree[v] == 0) ready.push_back(v);
    }
    while (!ready.empty()) {
      const std::size_t v = ready.front();
      ready.pop_front();
      bfs_.push_back(v);
      for (const std::size_t f : g_.nodes[v].outgoing) {
        if (back_[f]) continue;
        const std::size_t to = g_.flows[f].to;
        rank_[to] = std::max(rank_[to], rank_[v] + 1);
        if (--indegree[to] == 0) ready.push_back(to);
      }
      for (const std::size_t b : borne[v]) {
        rank_[b] = rank_[v];
        if (--indegree[b] == 0) ready.push_back(b);
      }
    }
  }

  void place_lanes() {
    lane_.assign(n_, 0);
    for (std::size_t v = 0; v < n_; ++v) {
      const auto it = std::find(g_.lanes.begin(), g_.lanes.end(), g_.nodes[v].lane);
      lane_[v] = it == g_.lanes.end() ? 0 : static_cast<std::size_t>(it - g_.lanes.begin());
    }
    for (const std::size_t v : bfs_) {
      if (!g_.nodes[v].attached) cells_[{lane_[v], rank_[v]}].push_back(v);  // boundary timers take no row
    }
    const std::size_t lanes = std::max<std::size_t>(1, g_.lanes.size());
    lane_rows_.assign(lanes, 1);
    for (const auto& [cell, nodes] : cells_) {
      lane_rows_[cell.first] = std::max(lane_rows_[cell.first], static_cast<int>(nodes.size()));
    }
    lane_top_.assign(lanes + 1, kOriginY);
    for (std::size_t l = 0; l < lanes; ++l) {
      lane_top_[l + 1] = lane_top_[l] + kLanePad + kRow * lane_rows_[l] + kLoopChannel;
    }
  }

  double center_y(std::size_t v) const {
    if (g_.nodes[v].attached) return center_y(*g_.nodes[v].attached) + 40.0;  // on the task's bottom border
    const auto& cell = cells_.at({lane_[v], rank_[v]});
    const double spare = (lane_rows_[lane_[v]] - static_cast<int>(cell.size())) * kRow / 2.0;
    return lane_top_[lane_[v]] + kLanePad + spare + kRow * (row_[v] + 0.5);
  }

  /// Rows within a cell follow the mean height of each node's predecessors, which keeps the
  /// flows of a split from crossing.
  void order_rows() {
    row_.assign(n_, 0);
    for (auto& [cell, nodes] : cells_) {
      for (std::size_t i = 0; i < nodes.size(); ++i) row_[nodes[i]] = static_cast<int>(i);
    }
    int max_rank = 0;
    for (const int r : rank_) max_rank = std::max(max_rank, r);
    for (int r = 1; r <= max_rank; ++r) {
      for (auto& [cell, nodes] : cells_) {
        if (cell.second != r || nodes.size() < 2) continue;
        std::vector<std::pair<double, std::size_t>> keyed;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
          double sum = 0.0;
          int count = 0;
          for (const std::size_t f : g_.nodes[nodes[i]].incoming) {
            if (back_[f]) continue;
            sum += center_y(g_.flows[f].from);
            ++count;
          }
          keyed.emplace_back(count > 0 ? sum / count : static_cast<double>(i) * kRow, nodes[i]);
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < keyed.size(); ++i) {
          nodes[i] = keyed[i].second;
          row_[nodes[i]] = static_cast<int>(i);
        }
      }
    }
  }

  void place_nodes() {
    int max_rank = 0;
    for (const int r : rank_) max_rank = std::max(max_rank, r);
    const double width = kLaneHeader + kMarginX * 2 + kColumn * max_rank + 100.0;
    out_.pool = {kOriginX, kOriginY, width, lane_top_.back() - kOriginY};
    for (std::size_t l = 0; l < g_.lanes.size(); ++l) {
      out_.lanes.push_back(
          {kOriginX + kLaneHeader, lane_top_[l], width - kLaneHeader, lane_top_[l + 1] - lane_top_[l]});
    }
    out_.nodes.resize(n_);
    out_.node_labels.resize(n_);
    for (std::size_t v = 0; v < n_; ++v) {
      const BpmnNode& node = g_.nodes[v];
      Bounds b = shape_size(node.kind);
      double cx = kOriginX + kLaneHeader + kMarginX + kColumn * rank_[v] + 50.0;
      // On the task's bottom border: a timeout on the left, a patience in the middle, an
      // escalation on the right; a call's error boundaries spread along its border.
      if (node.kind == BpmnKind::BoundaryError) {
        cx += border_offset(v);
      } else if (node.attached) {
        cx += node.patience ? 0.0 : (node.interrupting ? -30.0 : 30.0);
      }
      const double cy = center_y(v);
      b.x = cx - b.width / 2.0;
      b.y = cy - b.height / 2.0;
      out_.nodes[v] = b;
      const bool external = node.kind != BpmnKind::Task && node.kind != BpmnKind::UserTask &&
                            node.kind != BpmnKind::ReceiveTask && node.kind != BpmnKind::SubProcess;
      if (external && !node.name.empty()) {
        const double height = label_height(node.name);
        if (is_gateway(node.kind)) {
          // Above and to the left: flows leave a split by its corners and enter from the left.
          out_.node_labels[v] = {cx - 5.0 - kLabelWidth, b.y - 5.0 - height, kLabelWidth, height};
        } else {
          out_.node_labels[v] = {cx - kLabelWidth / 2.0, b.y + b.height + 5.0, kLabelWidth, height};
        }
      }
    }
  }

  /// Where error boundary v sits on its call's bottom border, from the centre: the call's
  /// boundaries 30 apart, or closer where more than three must fit on it.
  double border_offset(std::size_t v) const {
    std::size_t count = 0;
    std::size_t index = 0;
    for (std::size_t u = 0; u < n_; ++u) {
      if (g_.nodes[u].kind != BpmnKind::BoundaryError || g_.nodes[u].attached != g_.nodes[v].attached) continue;
      if (u == v) index = count;
      ++count;
    }
    if (count < 2) return 0.0;
    const double step = std::min(30.0, 64.0 / static_cast<double>(count - 1));
    return (static_cast<double>(index) - static_cast<double>(count - 1) / 2.0) * step;
  }

  /// True when no node other than the flow's own ends lies on the path (with a small margin).
  bool clear(const std::vector<Point>& path, std::size_t from, std::size_t to) const {
    constexpr double kMargin = 6.0;
    for (std::size_t v = 0; v < n_; ++v) {
      if (v == from || v == to) continue;
      const Bounds& b = out_.nodes[v];
      for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const double x1 = std::min(path[i].x, path[i + 1].x);
        const double x2 = std::max(path[i].x, path[i + 1].x);
        const double y1 = std::min(path[i].y, path[i + 1].y);
        const double y2 = std::max(path[i].y, path[i + 1].y);
        if (x2 >= b.x - kMargin && x1 <= b.x + b.width + kMargin && y2 >= b.y - kMargin &&
            y1 <= b.y + b.height + kMargin) {
          return false;
        }
      }
    }
    return true;
  }

  /// The candidate routes of a flow, best first; the first that crosses no node is taken, else
  /// the last, which runs along the loop channel at the bottom of a lane and always is free.
  std::vector<std::vector<Point>> candidates(std::size_t f, double channel) const {
    const BpmnFlow& flow = g_.flows[f];
    const Bounds& s = out_.nodes[flow.from];
    const Bounds& t = out_.nodes[flow.to];
    const double sx = s.x + s.width / 2.0;
    const double sy = s.y + s.height / 2.0;
    const double tx = t.x + t.width / 2.0;
    const double ty = t.y + t.height / 2.0;
    const double s_right = s.x + s.width;
    const double s_bottom = s.y + s.height;
    const double t_bottom = t.y + t.height;
    const bool split = is_gateway(g_.nodes[flow.from].kind) && g_.nodes[flow.from].outgoing.size() > 1;
    const bool join = is_gateway(g_.nodes[flow.to].kind) && g_.nodes[flow.to].incoming.size() > 1;
    const double before_target = t.x - 20.0;
    const double after_source = s_right + 20.0;
    std::vector<std::vector<Point>> routes;
    if (g_.nodes[flow.from].attached) {
      // Out of a boundary timer's bottom: down, then across to the target; else along the channel.
      if (t.x > sx && ty > s_bottom) routes.push_back({{sx, s_bottom}, {sx, ty}, {t.x, ty}});
      if (t.x > sx) {
        routes.push_back({{sx, s_bottom}, {sx, channel}, {before_target, channel}, {before_target, ty}, {t.x, ty}});
      }
      routes.push_back({{sx, s_bottom}, {sx, channel}, {tx, channel}, {tx, t_bottom}});
      return routes;
    }
    if (back_[f] || rank_[flow.to] <= rank_[flow.from]) {
      // Back along the channel, into the bottom of the target (a merge or join: a diamond).
      if (split) routes.push_back({{sx, s_bottom}, {sx, channel}, {tx, channel}, {tx, t_bottom}});
      routes.push_back({{s_right, sy}, {after_source, sy}, {after_source, channel}, {tx, channel}, {tx, t_bottom}});
      routes.push_back({{s_right, sy},
                        {after_source, sy},
                        {after_source, channel},
                        {t.x - 20.0, channel},
                        {t.x - 20.0, ty},
                        {t.x, ty}});
      return routes;
    }
    if (std::fabs(sy - ty) < 0.5) routes.push_back({{s_right, sy}, {t.x, ty}});
    if (split && std::fabs(sy - ty) >= 0.5) {
      // Out of a split's top or bottom corner, then straight to the target.
      routes.push_back({{sx, ty < sy ? s.y : s_bottom}, {sx, ty}, {t.x, ty}});
    }
    if (join && std::fabs(sy - ty) >= 0.5) routes.push_back({{s_right, sy}, {tx, sy}, {tx, sy < ty ? t.y : t_bottom}});
    if (std::fabs(sy - ty) >= 0.5) {
      routes.push_back({{s_right, sy}, {before_target, sy}, {before_target, ty}, {t.x, ty}});
      routes.push_back({{s_right, sy}, {after_source, sy}, {after_source, ty}, {t.x, ty}});
    }
    routes.push_back({{s_right, sy},
                      {after_source, sy},
                      {after_source, channel},
                      {before_target, channel},
                      {before_target, ty},
                      {t.x, ty}});
    return routes;
  }

  void route_flows() {
    out_.flows.resize(g_.flows.size());
    out_.flow_labels.resize(g_.flows.size());
    std::vector<int> in_channel(lane_top_.size(), 0);
    for (std::size_t f = 0; f < g_.flows.size(); ++f) {
      const BpmnFlow& flow = g_.flows[f];
      const std::size_t lane = std::max(lane_[flow.from], lane_[flow.to]);
      // Flows sharing a channel run a few pixels apart so that they stay distinguishable.
      const double channel = lane_top_[lane + 1] - kLoopChannel / 2.0 + 6.0 * (in_channel[lane] % 3) - 6.0;
      const auto routes = candidates(f, channel);
      std::size_t chosen = routes.size() - 1;
      for (std::size_t r = 0; r < routes.size(); ++r) {
        if (clear(routes[r], flow.from, flow.to)) {
          chosen = r;
          break;
        }
      }
      out_.flows[f] = routes[chosen];
      const auto& points = out_.flows[f];
      const bool uses_channel =
          std::any_of(points.begin(), points.end(), [&](const Point& p) { return std::fabs(p.y - channel) < 0.5; });
      if (uses_channel) ++in_channel[lane];
      if (!flow.name.empty()) {
        // Above a horizontal segment, near its start; longer labels grow upwards. The flows of a
        // split may share a trunk, so theirs go on the segment that reaches the target; others
        // on their longest.
        const bool split = g_.nodes[flow.from].outgoing.size() > 1;
        Point anchor = points.front();
        double longest = -1.0;
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
          const double length = std::fabs(points[i].x - points[i + 1].x);
          if (std::fabs(points[i].y - points[i + 1].y) >= 0.5) continue;
          if (split || length > longest) {
            longest = length;
            anchor = {std::min(points[i].x, points[i + 1].x), points[i].y};
          }
        }
        const double height = label_height(flow.name);
        out_.flow_labels[f] = {anchor.x + 6.0, anchor.y - 4.0 - height, kLabelWidth, height};
      }
    }
  }
};

}  // namespace

BpmnLayout layout_bpmn(const BpmnGraph& graph) {
  const bool nested = std::any_of(graph.nodes.begin(), graph.nodes.end(), [](const BpmnNode& n) { return n.parent; });
  if (!nested) return Layout(graph).run();
  // Each sub-process is laid out on its own, as the plane a modeller opens when drilling down
  // into it; the process's plane shows it as one collapsed shape.
  BpmnLayout out;
  out.nodes.resize(graph.nodes.size());
  out.node_labels.resize(graph.nodes.size());
  out.flows.resize(graph.flows.size());
  out.flow_labels.resize(graph.flows.size());
  std::vector<std::optional<std::size_t>> scopes{std::nullopt};
  for (std::size_t v = 0; v < graph.nodes.size(); ++v) {
    if (graph.nodes[v].kind == BpmnKind::SubProcess) scopes.emplace_back(v);
  }
  for (const auto& scope : scopes) {
    BpmnGraph part;
    std::vector<std::size_t> node_at(graph.nodes.size(), static_cast<std::size_t>(-1));
    std::vector<std::size_t> nodes;
    for (std::size_t v = 0; v < graph.nodes.size(); ++v) {
      if (graph.nodes[v].parent != scope) continue;
      // The layout ranks from node 0: a sub-process's start event comes first.
      if (scope && graph.nodes[v].purpose == NodePurpose::Enter) {
        nodes.insert(nodes.begin(), v);
      } else {
        nodes.push_back(v);
      }
    }
    for (const std::size_t v : nodes) {
      node_at[v] = part.nodes.size();
      part.nodes.push_back(graph.nodes[v]);
    }
    std::vector<std::size_t> flows;
    std::vector<std::size_t> flow_at(graph.flows.size(), static_cast<std::size_t>(-1));
    for (std::size_t f = 0; f < graph.flows.size(); ++f) {
      if (node_at[graph.flows[f].from] == static_cast<std::size_t>(-1)) continue;
      flow_at[f] = part.flows.size();
      flows.push_back(f);
      BpmnFlow flow = graph.flows[f];
      flow.from = node_at[flow.from];
      flow.to = node_at[flow.to];
      part.flows.push_back(std::move(flow));
    }
    for (BpmnNode& node : part.nodes) {
      const auto remap = [&](std::vector<std::size_t>& list) {
        std::vector<std::size_t> kept;
        for (const std::size_t f : list) {
          if (flow_at[f] != static_cast<std::size_t>(-1)) kept.push_back(flow_at[f]);
        }
        list = std::move(kept);
      };
      remap(node.incoming);
      remap(node.outgoing);
      if (node.attached) node.attached = node_at[*node.attached];
      if (node.default_flow) node.default_flow = flow_at[*node.default_flow];
    }
    if (!scope) part.lanes = graph.lanes;
    BpmnLayout laid = Layout(part).run();
    if (!scope) {
      out.pool = laid.pool;
      out.lanes = std::move(laid.lanes);
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      out.nodes[nodes[i]] = laid.nodes[i];
      out.node_labels[nodes[i]] = laid.node_labels[i];
    }
    for (std::size_t i = 0; i < flows.size(); ++i) {
      out.flows[flows[i]] = std::move(laid.flows[i]);
      out.flow_labels[flows[i]] = laid.flow_labels[i];
    }
  }
  return out;
}

}  // namespace bpm::design
