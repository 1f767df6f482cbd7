// Running the evaluations of a sensitivity study: every evaluation simulates the same replications
// with the same seed (common random numbers), up to `threads` evaluations at a time.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "bpm/sim/simulator.hpp"

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
  const SimulationResult result = simulate(variant, options);
  EvaluationValues values;
  values.reserve(study.metrics.size());
  for (const SensitivityMetric& metric : study.metrics) {
    const int index = result.metric_index(metric.name);
    if (index < 0) throw UsageError(fmt::format("unknown metric '{}' (see share/doc/metrics.md)", metric.name));
    std::vector<double> column;
    column.reserve(result.replications.size());
    for (const ReplicationResult& replication : result.replications) {
      column.push_back(replication.values[static_cast<std::size_t>(index)]);
    }
    values.push_back(std::move(column));
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
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::size_t error_index = count;
  std::exception_ptr error;
  std::uint64_t done = 0;
  const auto work = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      try {
        values[i] = evaluate(process, study, study.evaluations[first + i], per_simulation);
        if (progress) {
          const std::lock_guard lock(mutex);
          progress(++done, count);
        }
      } catch (...) {
        // The error of the lowest evaluation wins, so the message does not depend on timing.
        const std::lock_guard lock(mutex);
        if (i < error_index) {
          error_index = i;
          error = std::current_exception();
        }
        failed.store(true, std::memory_order_relaxed);
        return;
      }
    }
  };
  if (workers == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned t = 0; t < workers; ++t) pool.emplace_back(work);
    for (std::thread& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  return values;
}

}  // namespace bpm
