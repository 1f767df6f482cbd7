#pragma once
#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"

namespace bpm {

/// The time average of a piecewise-constant level: work in process, queue length, busy servers.
///
/// The level holds from each update to the next, so the mean over [start, end] is
/// ∫ level dt / (end − start). `reset` starts a new window at the current level, which is how
/// the warm-up period of a simulation is deleted. Times must not decrease: a simulator's clock
/// never runs backwards, and a violation means a bug, so it throws bpm::Error.
class BPM_API TimeWeighted {
 public:
  explicit TimeWeighted(Time start = 0.0, double level = 0.0) noexcept;

  /// The level changes to `new_level` at time t.
  void update(Time t, double new_level);
  /// Closes the window at t, keeping the level (a later update or finish may extend it).
  void finish(Time t);
  /// Starts a new window at t with the current level, discarding everything before t.
  void reset(Time t);

  /// Time-average level over [start, end]; NaN when the window has zero length.
  [[nodiscard]] double mean() const noexcept;
  /// ∫ level dt over the window.
  [[nodiscard]] double area() const noexcept { return area_; }
  [[nodiscard]] double level() const noexcept { return level_; }
  /// Smallest and largest level held during the window (the level at its start included).
  [[nodiscard]] double min() const noexcept { return min_; }
  [[nodiscard]] double max() const noexcept { return max_; }
  [[nodiscard]] Time start() const noexcept { return start_; }
  /// The time of the last update, finish or reset.
  [[nodiscard]] Time end() const noexcept { return last_; }
  [[nodiscard]] double duration() const noexcept { return last_ - start_; }

 private:
  void advance(Time t);

  Time start_;
  Time last_;
  double level_;
  double area_ = 0.0;
  double min_;
  double max_;
};

}  // namespace bpm
