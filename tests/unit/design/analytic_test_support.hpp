#pragma once
// Helpers of the analytic model's tests: a simulated metric as a confidence interval, and the
// acceptance rule for comparing it with an analytic figure.
#include <catch2/catch.hpp>

#include <cmath>
#include <string_view>

#include "bpm/sim/simulator.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"

namespace designtest {

/// The replications' values of `name` as a mean and its 95% half-width.
inline bpm::Estimate metric(const bpm::SimulationResult& r, std::string_view name) {
  const int index = r.metric_index(name);
  INFO("metric " << name);
  REQUIRE(index >= 0);
  bpm::RunningStats stats;
  for (const auto& rep : r.replications) stats.add(rep.values[static_cast<std::size_t>(index)]);
  return bpm::estimate(stats);
}

/// Within three 95% half-widths plus `bias` (relative) of the theory, for the warm-up and horizon
/// edges (cases in flight at the horizon are not counted), as the simulator's theory tests allow.
inline void check_sim(const bpm::Estimate& e, double theory, double bias, const char* what) {
  const double tolerance = 3.0 * e.half_width + bias * std::fabs(theory);
  INFO(what << ": simulated " << e.mean << " ± " << e.half_width << ", analytic " << theory);
  CHECK(std::fabs(e.mean - theory) <= tolerance);
}

}  // namespace designtest
