// Running the evaluations of a sensitivity study: every evaluation simulates the same replications
// with the same seed (common random numbers), up to `threads` evaluations at a time.
#include <fmt/format.h>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/kpi_columns.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "bpm/sim/simulator.hpp"
#include "core/parallel_for.hpp"

namespace bpm {
namespace {

EvaluationValues evaluate(const Process& process, const SensitivityStudy& study,
                          const SensitivityEvaluation& evaluation, unsigned threads) {
  Process variant = process;
  for (const std::string& text : evaluation.overrides) {
    Override override_ = parse_set_option(text);
    override_.where = Location{evaluation.label, 0, 0};
    apply_override(variant, override_);
  }
  if (!evaluation.overrides.empty()) require_valid(variant);
  SimulationOptions options;
  options.replications = study.replications;
  options.seed = study.seed;
  options.threads = threads;
  const SimulationResult result = simulate_with_kpis(variant, options);  // KPI names are metrics too
  EvaluationValues values;
  values.reserve(study.metrics.size());
  for (const SensitivityMetric& metric : study.metrics) {
    const int index = result.metric_index(metric.name);
    if (index < 0) throw UsageError(fmt::format("unknown metric '{}' (see share/doc/metrics.md)", metric.name));
    values.push_back(result.column(static_cast<std::size_t>(index)));
  }
  return values;
}

}  // namespace

std::vector<EvaluationValues> run_sensitivity(const Process& process, const SensitivityStudy& study, std::size_t first,
                                              std::size_t count, unsigned threads,
                                              const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  if (first + count > study.evaluations.size()) {
    throw UsageError(
        fmt::format("evaluations {}-{} are beyond the study's {}", first, first + count - 1, study.evaluations.size()));
  }
  std::vector<EvaluationValues> values(count);
  if (count == 0) return values;
  // Whole evaluations per worker; the replications of one evaluation split the threads left
  // over when there are fewer evaluations than threads. Results are stored by index either way.
  const unsigned workers = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, count));
  const unsigned per_simulation = std::max(1U, threads / workers);
  parallel_for(
      count, workers,
      [&](std::size_t i, unsigned) {
        values[i] = evaluate(process, study, study.evaluations[first + i], per_simulation);
      },
      progress);
  return values;
}

}  // namespace bpm
