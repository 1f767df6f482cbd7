#pragma once
// The mean of a distribution for the views and exports (render labels, BPMN and BPSim durations):
// exact for a distribution of constants, and for one whose parameters are expressions of case
// attributes the same estimate `bpm-design analyze` uses, so that a diagram, an export and the
// analysis show one figure. Private to the library (lib/src), shared by design/ and its exports.
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "bpm/model/process.hpp"

namespace bpm {

struct MeanEstimate {
  double value = std::numeric_limits<double>::quiet_NaN();  // seconds for a time; NaN: no estimate
  bool estimated = false;                                   // averaged over draws of the case attributes, not exact
  [[nodiscard]] bool known() const noexcept { return std::isfinite(value); }
};

/// The key of a step's distribution for mean_estimate, as analyze names it: "steps.<id>.<field>"
/// (field: duration, wait, timeout, escalate, abandon, batch).
[[nodiscard]] std::string distribution_key(std::string_view step, std::string_view field);

/// The mean of `d`: d.mean() without expressions; else the average over 4096 draws of the arrival
/// attributes from the stream `key` (draw_moments, bpm/model/routing_analysis.hpp), estimated;
/// unknown (NaN) when the parameters read an attribute that a step sets or only some streams
/// draw, or some draw makes them invalid.
[[nodiscard]] MeanEstimate mean_estimate(const Process& process, const Distribution& d, std::string_view key);

}  // namespace bpm
