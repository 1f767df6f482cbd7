#pragma once
// The statistics of completed cases that the trend (per day) and the segments (per value) both
// chart, so both count a case's outcome the same way.
#include <cstdint>

#include "bpm/kpi/case_observer.hpp"
#include "bpm/stats/running_stats.hpp"

namespace bpm::monitor {

struct CompletedCases {
  std::uint64_t completed = 0;
  std::uint64_t won = 0;
  std::uint64_t rework = 0;
  RunningStats cycle;
  RunningStats waiting;
  RunningStats processing;
  RunningStats cost;

  /// Counts a completed case (the caller checks `facts.completed`).
  void add(const kpi::CaseFacts& facts) {
    ++completed;
    if (facts.won) ++won;
    if (facts.rework) ++rework;
    cycle.add(facts.cycle());
    waiting.add(facts.waiting);
    processing.add(facts.processing);
    cost.add(facts.cost);
  }

  void merge(const CompletedCases& o) {
    completed += o.completed, won += o.won, rework += o.rework;
    cycle.merge(o.cycle), waiting.merge(o.waiting), processing.merge(o.processing), cost.merge(o.cost);
  }
};

}  // namespace bpm::monitor
