#pragma once
// The figures of bpm-kpi's analyses of a log — conformance, funnel, stalls — under the names the
// metric registry gives them (bpm/metrics/registry.hpp, source "log analysis"), so that each has
// one definition (share/doc/metrics.md) and every output of a command prints it under that name.
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/metrics/unit.hpp"
#include "bpm/monitor/conformance.hpp"
#include "bpm/monitor/funnel.hpp"
#include "bpm/monitor/stalls.hpp"

namespace bpm::monitor {

/// One registered figure: its name (`funnel.stages.quote.reached`), the registry's unit, its
/// value (NaN when undefined: no case to measure it on).
struct BPM_API Figure {
  std::string name;
  MetricUnit unit = MetricUnit::Number;
  double value = 0.0;
};

[[nodiscard]] BPM_API std::vector<Figure> conformance_figures(const ConformanceResult& result);
[[nodiscard]] BPM_API std::vector<Figure> funnel_figures(const FunnelResult& result);
[[nodiscard]] BPM_API std::vector<Figure> stall_figures(const StallResult& result);

}  // namespace bpm::monitor
