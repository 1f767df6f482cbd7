#pragma once
// Optimal alignments of traces with a Petri net (Adriansyah's cost model): a shortest path, by
// Dijkstra's algorithm, through the synchronous product of the trace and the net. A log move (an
// event the net cannot do here) and a model move (a visible transition without its event) each
// cost one deviation. Among alignments with the fewest deviations, those with fewer log moves win
// (a recorded event did happen: skipping a step explains it better than calling it misplaced),
// then those with fewer silent steps; remaining ties go to the move found first (sync, silent and
// model moves in transition order, then the log move), so results are deterministic. Private to
// monitor.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "monitor/petri_net.hpp"

namespace bpm::monitor {

struct AlignMove {
  enum class Kind : std::uint8_t { Sync, Log, Model };
  Kind kind = Kind::Sync;
  std::int32_t label = kSilent;  // the visible label (kSilent for a log move of an unknown event)
  std::uint32_t event = 0;       // position in the trace (sync and log moves)
  bool after_end = false;        // a log move once the case had reached an end
};

struct Alignment {
  bool aligned = false;  // false: the search gave up (state budget)
  std::uint32_t deviations = 0;
  std::vector<AlignMove> moves;  // visible moves in order (silent ones left out)
  /// The marking after each sync or model move, the initial one first: the states of the model
  /// projection, for precision.
  std::vector<std::uint32_t> projection_markings;
  std::vector<std::int32_t> projection_labels;
};

class Aligner {
 public:
  /// `max_states`: states an alignment may settle before the search gives up.
  Aligner(const PetriNet& net, std::uint64_t max_states);

  /// Aligns `trace` (visible labels; kSilent for events the net has no label for). `complete`: to
  /// an end of the process; otherwise a prefix alignment (a case still running). Outcome labels of
  /// ends are visible only when `outcome_visible` (the trace ends with its outcome).
  [[nodiscard]] Alignment align(std::span<const std::int32_t> trace, bool complete, bool outcome_visible);

  /// Visible labels (outcomes left out) the net can do next from a marking, through silent steps.
  [[nodiscard]] const std::vector<std::int32_t>& enabled_visible(std::uint32_t marking);

  /// Model moves of the shortest run from the start to an end: the deviations of an empty trace.
  [[nodiscard]] std::uint32_t shortest_run();

  /// Markings met so far; alignments give up once there are too many to keep.
  [[nodiscard]] std::size_t markings() const noexcept { return markings_.size(); }

 private:
  struct Successor {
    std::uint32_t transition;
    std::uint32_t marking;
  };
  std::uint32_t intern(const std::string& marking);
  const std::vector<Successor>& successors(std::uint32_t marking);
  /// An end marked `done`, or every token reached a `terminate: false` end.
  [[nodiscard]] bool is_done(std::uint32_t marking) const {
    const std::string& m = markings_[marking];
    return m[net_.done] > 0 || std::all_of(m.begin(), m.end(), [](char c) { return c == 0; });
  }

  const PetriNet& net_;
  std::uint64_t max_states_;
  std::unordered_map<std::string, std::uint32_t> marking_ids_;
  std::vector<std::string> markings_;  // one byte per place
  std::vector<std::vector<Successor>> successors_;
  std::vector<char> successors_known_;
  std::vector<std::vector<std::int32_t>> enabled_;
  std::vector<char> enabled_known_;
  std::int64_t shortest_run_ = -1;
  std::string scratch_;
};

}  // namespace bpm::monitor
