#pragma once
// The process map of a log (`bpm-kpi map`): its directly-follows graph with frequency and
// performance overlays, as process-mining tools draw it first. See share/doc/bpm-kpi-monitor.md.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"
#include "bpm/kpi/report.hpp"

namespace bpm::kpi {
struct LogInfo;
}

namespace bpm::monitor {

/// An activity of the map. Its figures are the KPI report's (steps.<a>.count, the activity table).
struct BPM_API MapNode {
  std::string name;
  std::uint64_t events = 0;  // executions
  std::uint64_t cases = 0;   // cases with at least one execution
  double waiting_mean = 0.0;
  double processing_mean = 0.0;
  bool known = true;  // the process file has this step (true without one)
};

/// What an edge joins besides activities: the start of every case, the end of completed cases,
/// and the cases still in flight after their last activity.
enum class Terminal : std::uint8_t { None, Start, End, InFlight };

/// A directly-follows relation a -> b: b is the next activity to complete after a in some case
/// (completion order, as the variants).
struct BPM_API MapEdge {
  std::uint32_t from = 0;  // index into ProcessMap::nodes (unless from_terminal)
  std::uint32_t to = 0;
  Terminal from_terminal = Terminal::None;  // Start, or None
  Terminal to_terminal = Terminal::None;    // End, InFlight, or None
  std::uint64_t count = 0;                  // transitions
  std::uint64_t cases = 0;                  // cases with at least one
  /// Time between the two activities (activity edges only; NaN otherwise): the later one's start
  /// minus the earlier one's end, 0 when they overlap (parallel work); for completion-only logs
  /// the time between the two completions.
  double mean = 0.0;
  double median = 0.0;
  double p90 = 0.0;
};

struct BPM_API ProcessMap {
  std::string title;
  std::vector<MapNode> nodes;  // by executions, descending
  std::vector<MapEdge> edges;  // start edges, then activity edges, then end edges; by count within
  std::uint64_t cases = 0;
  std::uint64_t completed = 0;
  std::uint64_t in_flight = 0;
  std::uint32_t replications = 1;  // the counts pool them
  /// What the coverage filter kept (1 and everything when unfiltered).
  double coverage = 1.0;
  double covered_cases = 1.0;  // fraction of the cases whose every step is on the map
  std::size_t all_nodes = 0;
  std::size_t all_edges = 0;
  std::vector<std::string> notes;
};

/// Accumulates the directly-follows graph of the cases the KPI pass measures.
class BPM_API MapBuilder final : public kpi::CaseObserver {
 public:
  /// `max_variants`: activity sequences remembered for the coverage filter (0: all of them); cases
  /// of further sequences count as needing every path, so that memory stays bounded on a log that
  /// grows all day (the live dashboard).
  explicit MapBuilder(std::size_t max_variants = 0);
  ~MapBuilder() override;
  MapBuilder(const MapBuilder&) = delete;
  MapBuilder& operator=(const MapBuilder&) = delete;

  void observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) override;
  void reset() override;
  /// Replaces what this builder observed by what `other` (same options) has: a live dashboard
  /// adds the cases in flight to a copy of the finished ones.
  void copy_state(const MapBuilder& other);

  /// The map of everything observed, its nodes' figures taken from the KPI report of the same pass.
  /// `coverage` in (0, 1]: keep the most frequent edges (by cases) until that fraction of the cases
  /// run entirely on the map; the nodes of the kept edges stay.
  [[nodiscard]] ProcessMap result(const kpi::Report& report, const kpi::LogInfo& info, double coverage = 1.0) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

enum class MapFormat : std::uint8_t { Dot, Mermaid, Svg, Table, Markdown, Csv, Json };

/// "dot", "mermaid", "svg", "table", "markdown", "csv" or "json"; throws UsageError otherwise.
[[nodiscard]] BPM_API MapFormat parse_map_format(std::string_view name);

/// What the labels and colours show.
enum class MapOverlay : std::uint8_t { Frequency, Performance, Both };

/// "frequency", "performance" or "both"; throws UsageError otherwise.
[[nodiscard]] BPM_API MapOverlay parse_map_overlay(std::string_view name);

[[nodiscard]] BPM_API std::string map_dot(const ProcessMap& map, MapOverlay overlay);
[[nodiscard]] BPM_API std::string map_mermaid(const ProcessMap& map, MapOverlay overlay);
/// The map in `format`: dot/mermaid text, SVG through Graphviz (UsageError-free: Error when dot is
/// missing), tables of nodes and edges, or a JSON document.
[[nodiscard]] BPM_API std::string write_map(const ProcessMap& map, MapFormat format, MapOverlay overlay);

}  // namespace bpm::monitor
