// The analyses' figures under their registered names (bpm/monitor/figures.hpp).
#include "bpm/monitor/figures.hpp"

#include <cmath>

#include "bpm/metrics/registry.hpp"
#include "monitor/figures_table.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = NAN;

double share(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : kNaN;
}

/// Figures named and typed by the registry: a typo in a pattern throws in every test that runs it.
class FigureList {
 public:
  void add(std::string_view pattern, std::string_view id, double value) {
    const metrics::MetricDef& def = metrics::definition_of(pattern);
    items.push_back({metrics::metric_name(def, id), def.unit, value});
  }
  void add(std::string_view pattern, double value) { add(pattern, {}, value); }
  std::vector<Figure> items;
};

}  // namespace

std::vector<Figure> conformance_figures(const ConformanceResult& r) {
  FigureList out;
  const std::uint64_t checked = r.cases - r.not_checked;
  std::uint64_t occurrences = 0;
  for (const DeviationSummary& d : r.deviations) occurrences += d.occurrences;
  out.add("conformance.fitness", checked > 0 ? r.log_fitness : kNaN);
  out.add("conformance.case_fitness.mean", checked > 0 ? r.mean_fitness : kNaN);
  out.add("conformance.precision", r.precision);
  out.add("conformance.fitting_cases", share(r.fitting, checked));
  out.add("conformance.fitting_completed", share(r.fitting_completed, r.completed));
  out.add("conformance.deviating_cases", static_cast<double>(checked - r.fitting));
  out.add("conformance.deviations", static_cast<double>(occurrences));
  out.add("conformance.fitting_cycle_time.mean", r.fitting_cycle_mean);
  return std::move(out.items);
}

std::vector<Figure> funnel_figures(const FunnelResult& r) {
  FigureList out;
  out.add("funnel.lost", static_cast<double>(r.lost));
  for (const FunnelStage& s : r.stages) {
    out.add("funnel.stages.<stage>.reached", s.name, static_cast<double>(s.reached));
    out.add("funnel.stages.<stage>.conversion", s.name, s.conversion);
    out.add("funnel.stages.<stage>.time_to_convert.median", s.name, s.convert_median);
    out.add("funnel.stages.<stage>.lost", s.name, static_cast<double>(s.lost_here));
  }
  return std::move(out.items);
}

std::vector<Figure> stall_figures(const StallResult& r) {
  FigureList out;
  out.add("stalls.count", static_cast<double>(r.stalled));
  out.add("stalls.share", share(r.stalled, r.in_flight));
  return std::move(out.items);
}

void add_figures(report::Document& doc, const std::vector<Figure>& figures, std::uint8_t audience) {
  report::Table& table = doc.table("metrics", "Figures (share/doc/metrics.md)", {{"metric"}, {"value"}}, audience);
  for (const Figure& f : figures) {
    table.add({report::Value::text(f.name),
               std::isfinite(f.value) ? report::Value::measure(f.value, f.unit) : report::Value::null()});
  }
}

}  // namespace bpm::monitor
