// MapBuilder: the directly-follows graph of the measured cases, and the coverage filter that keeps
// a map of many activities readable.
#include "bpm/monitor/process_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/stats/histogram.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Codes of the terminals in an edge key, beside activity ids.
constexpr std::uint32_t kStartCode = 0xFFFFFFFFU;
constexpr std::uint32_t kEndCode = 0xFFFFFFFEU;
constexpr std::uint32_t kInFlightCode = 0xFFFFFFFDU;

std::uint64_t edge_key(std::uint32_t from, std::uint32_t to) { return (std::uint64_t{from} << 32) | to; }

}  // namespace

struct MapBuilder::State {
  struct Edge {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    std::uint64_t count = 0;
    std::uint64_t cases = 0;
    std::uint64_t last_case = 0;
    LogHistogram times;
  };
  struct Variant {
    std::uint64_t count = 0;
  };
  std::unordered_map<std::uint64_t, std::uint32_t> edge_index;
  std::vector<Edge> edges;
  // Activity sequences and how they end (completed or in flight): the coverage filter needs to
  // know which cases run entirely on a map.
  std::unordered_map<std::string, Variant> variants;
  std::size_t max_variants = 0;      // 0: no limit
  std::uint64_t unlisted_cases = 0;  // cases of sequences beyond max_variants
  std::string key;                   // reused buffer
  std::uint64_t stamp = 0;
  std::uint64_t cases = 0;
  std::uint64_t completed = 0;

  Edge& edge(std::uint32_t from, std::uint32_t to) {
    const auto [it, added] = edge_index.try_emplace(edge_key(from, to), static_cast<std::uint32_t>(edges.size()));
    if (added) {
      Edge e;
      e.from = from;
      e.to = to;
      edges.push_back(std::move(e));
    }
    Edge& e = edges[it->second];
    ++e.count;
    if (e.last_case != stamp) {
      e.last_case = stamp;
      ++e.cases;
    }
    return e;
  }
};

MapBuilder::MapBuilder(std::size_t max_variants) : state_(std::make_unique<State>()) {
  state_->max_variants = max_variants;
}
MapBuilder::~MapBuilder() = default;

void MapBuilder::reset() {
  const std::size_t max_variants = state_->max_variants;
  state_ = std::make_unique<State>();
  state_->max_variants = max_variants;
}

void MapBuilder::copy_state(const MapBuilder& other) { *state_ = *other.state_; }

void MapBuilder::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) {
  State& s = *state_;
  ++s.stamp;
  ++s.cases;
  if (facts.completed) ++s.completed;
  s.key.clear();
  std::uint32_t previous = kStartCode;
  const kpi::ActivityInstance* before = nullptr;
  for (const kpi::ActivityInstance& i : record.instances) {
    State::Edge& e = s.edge(previous, i.activity);
    if (before != nullptr) {
      // Completion-only logs estimate each start as the previous completion: their gap is the time
      // between completions. Otherwise the hand-over time, 0 when the work overlapped.
      const double gap = info.completion_only ? i.end - before->end : std::max(0.0, i.start - before->end);
      e.times.add(std::isfinite(gap) ? gap : 0.0);
    }
    previous = i.activity;
    before = &i;
    s.key.append(reinterpret_cast<const char*>(&i.activity), sizeof i.activity);
  }
  const std::uint32_t last = facts.completed ? kEndCode : kInFlightCode;
  s.edge(previous, last);
  s.key.append(reinterpret_cast<const char*>(&last), sizeof last);
  if (const auto found = s.variants.find(s.key); found != s.variants.end()) {
    ++found->second.count;
  } else if (s.max_variants == 0 || s.variants.size() < s.max_variants) {
    s.variants.emplace(s.key, State::Variant{1});
  } else {
    ++s.unlisted_cases;
  }
}

namespace {

Terminal terminal_of(std::uint32_t code) {
  switch (code) {
    case kStartCode: return Terminal::Start;
    case kEndCode: return Terminal::End;
    case kInFlightCode: return Terminal::InFlight;
    default: return Terminal::None;
  }
}

int terminal_order(const MapEdge& e) {
  if (e.from_terminal == Terminal::Start) return 0;
  if (e.to_terminal == Terminal::None) return 1;
  return e.to_terminal == Terminal::End ? 2 : 3;
}

}  // namespace

ProcessMap MapBuilder::result(const kpi::Report& report, const kpi::LogInfo& info, double coverage) const {
  if (!(coverage > 0.0 && coverage <= 1.0)) {
    throw SettingError("coverage", fmt::format("must be in (0, 1] (or 1% to 100%), not {}", coverage));
  }
  const State& s = *state_;
  ProcessMap map;
  map.title = report.title;
  map.cases = s.cases;
  map.completed = s.completed;
  map.in_flight = s.cases - s.completed;
  map.replications = report.replications;
  map.coverage = coverage;

  // Nodes: the KPI report's activity table, so that every figure on the map is the report's.
  const kpi::NameTable& names = info.dictionary.activities;
  std::vector<std::int64_t> node_of(names.size(), -1);
  for (const kpi::ActivityRow& row : report.activities) {
    const std::int64_t id = names.find(row.name);
    if (id < 0) continue;
    MapNode node;
    node.name = row.name;
    node.events = row.count;
    node.cases = row.cases;
    const auto n = static_cast<double>(row.count);
    node.waiting_mean = row.count > 0 ? row.waiting_total / n : kNaN;
    node.processing_mean = row.count > 0 ? row.processing_total / n : kNaN;
    node.known = row.known;
    node_of[static_cast<std::size_t>(id)] = 0;
    map.nodes.push_back(std::move(node));
  }
  std::stable_sort(map.nodes.begin(), map.nodes.end(), [](const MapNode& a, const MapNode& b) {
    if (a.events != b.events) return a.events > b.events;
    return a.name < b.name;
  });
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    node_of[static_cast<std::size_t>(names.find(map.nodes[k].name))] = static_cast<std::int64_t>(k);
  }
  auto node_index = [&](std::uint32_t code) -> std::int64_t {
    if (terminal_of(code) != Terminal::None) return 0;
    return code < node_of.size() ? node_of[code] : -1;
  };

  // Edges ranked by the cases that take them: the coverage filter keeps a prefix of this order.
  std::vector<std::uint32_t> order;
  for (std::uint32_t k = 0; k < s.edges.size(); ++k) {
    if (node_index(s.edges[k].from) >= 0 && node_index(s.edges[k].to) >= 0) order.push_back(k);
  }
  auto sort_name = [&](std::uint32_t code) -> std::string {
    switch (terminal_of(code)) {
      case Terminal::Start: return std::string();
      case Terminal::End: return std::string(1, '\x7f');
      case Terminal::InFlight: return std::string(2, '\x7f');
      case Terminal::None: break;
    }
    return names.name(code);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const State::Edge& x = s.edges[a];
    const State::Edge& y = s.edges[b];
    if (x.cases != y.cases) return x.cases > y.cases;
    if (x.count != y.count) return x.count > y.count;
    const std::string xf = sort_name(x.from);
    const std::string yf = sort_name(y.from);
    if (xf != yf) return xf < yf;
    return sort_name(x.to) < sort_name(y.to);
  });
  std::vector<std::uint32_t> rank(s.edges.size(), std::numeric_limits<std::uint32_t>::max());
  for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  std::size_t kept = order.size();
  map.covered_cases = 1.0;
  if (coverage < 1.0 && s.cases > 0) {
    // A case runs entirely on a map of the first k edges when its rarest edge ranks below k.
    std::vector<std::uint64_t> cases_needing(order.size() + 1, 0);
    for (const auto& [key, variant] : s.variants) {
      std::uint32_t previous = kStartCode;
      std::uint32_t worst = 0;
      for (std::size_t at = 0; at + sizeof(std::uint32_t) <= key.size(); at += sizeof(std::uint32_t)) {
        std::uint32_t code = 0;
        std::copy_n(key.data() + at, sizeof code, reinterpret_cast<char*>(&code));
        const auto found = s.edge_index.find(edge_key(previous, code));
        if (found != s.edge_index.end()) worst = std::max(worst, rank[found->second]);
        previous = code;
      }
      cases_needing[std::min<std::size_t>(worst, order.size())] += variant.count;
    }
    cases_needing[order.empty() ? 0 : order.size() - 1] += s.unlisted_cases;
    const double wanted = coverage * static_cast<double>(s.cases);
    std::uint64_t covered = 0;
    for (kept = 0; kept < order.size();) {
      covered += cases_needing[kept];
      ++kept;
      if (static_cast<double>(covered) >= wanted - 1e-9) break;
    }
    map.covered_cases = static_cast<double>(covered) / static_cast<double>(s.cases);
  }

  std::vector<char> node_kept(map.nodes.size(), coverage < 1.0 ? 0 : 1);
  for (std::size_t r = 0; r < kept; ++r) {
    const State::Edge& e = s.edges[order[r]];
    MapEdge edge;
    edge.from_terminal = terminal_of(e.from);
    edge.to_terminal = terminal_of(e.to);
    edge.from = static_cast<std::uint32_t>(node_index(e.from));
    edge.to = static_cast<std::uint32_t>(node_index(e.to));
    if (edge.from_terminal == Terminal::None) node_kept[edge.from] = 1;
    if (edge.to_terminal == Terminal::None) node_kept[edge.to] = 1;
    edge.count = e.count;
    edge.cases = e.cases;
    const bool timed = !e.times.empty();
    edge.mean = timed ? e.times.mean() : kNaN;
    edge.median = timed ? interpolated_quantile(e.times, 0.5) : kNaN;
    edge.p90 = timed ? interpolated_quantile(e.times, 0.9) : kNaN;
    map.edges.push_back(edge);
  }
  map.all_nodes = map.nodes.size();
  map.all_edges = order.size();
  // Drop the nodes no kept edge touches, renumbering the edges' ends.
  std::vector<std::uint32_t> renumber(map.nodes.size(), 0);
  std::vector<MapNode> nodes;
  for (std::size_t k = 0; k < map.nodes.size(); ++k) {
    if (!node_kept[k]) continue;
    renumber[k] = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(std::move(map.nodes[k]));
  }
  map.nodes = std::move(nodes);
  for (MapEdge& e : map.edges) {
    if (e.from_terminal == Terminal::None) e.from = renumber[e.from];
    if (e.to_terminal == Terminal::None) e.to = renumber[e.to];
  }
  std::stable_sort(map.edges.begin(), map.edges.end(),
                   [](const MapEdge& a, const MapEdge& b) { return terminal_order(a) < terminal_order(b); });
  if (coverage < 1.0) {
    map.notes.push_back(fmt::format(
        "coverage filter {:.0f}%: {} of {} activities and {} of {} paths, on which {:.1f}% "
        "of the cases run entirely",
        100.0 * coverage, map.nodes.size(), map.all_nodes, map.edges.size(), map.all_edges, 100.0 * map.covered_cases));
  }
  if (coverage < 1.0 && s.unlisted_cases > 0) {
    map.notes.push_back(fmt::format("{} cases of sequences beyond the {} remembered count as needing every path",
                                    s.unlisted_cases, s.max_variants));
  }
  if (map.replications > 1) {
    map.notes.push_back(fmt::format("{} replications pooled", map.replications));
  }
  return map;
}

}  // namespace bpm::monitor
