#include "bpm/sim/simulator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/sim/event_log.hpp"
#include "core/parallel_for.hpp"
#include "sim/compiled_model.hpp"
#include "sim/engine.hpp"
#include "sim/event_log_state.hpp"
#include "sim/log_format.hpp"
#include "sim/metrics.hpp"

namespace bpm {

namespace {

ReplicationResult to_result(const sim::CompiledModel& model, std::uint32_t replication, sim::ReplicationStats& stats) {
  ReplicationResult result;
  result.replication = replication;
  result.values = sim::metric_values(model, stats);
  result.cycle_time = std::move(stats.cycle_time);
  result.waiting_time = std::move(stats.waiting_time);
  result.events = stats.events;
  result.cases = stats.cases;
  result.executions = stats.executions;
  return result;
}

}  // namespace

SimulationResult simulate(const Process& process, const SimulationOptions& options) {
  const std::uint32_t count = options.replications != 0 ? options.replications : process.simulation.replications;
  if (count == 0) throw UsageError("the number of replications must be at least 1");
  if (count > kMaxReplications) {
    throw UsageError(fmt::format("the number of replications must be at most {}, not {}", kMaxReplications, count));
  }
  const sim::CompiledModel model = sim::compile(process, options.seed, options.cases);

  SimulationResult result;
  result.metrics = sim::metric_infos(model);
  result.replications.resize(count);

  EventLogWriter::State* log = options.log != nullptr ? &options.log->state() : nullptr;
  if (log != nullptr) log->begin_run(sim::LogFormat(model).header(), options.first_replication);

  // Replications are stored by index, so the result (and the log, which is reordered by
  // replication) is the same for any thread count. One engine per worker thread, reused, and made
  // by that thread: on its own heap arena, so two engines never share a cache line.
  const unsigned threads = std::clamp<unsigned>(options.threads, 1U, count);
  std::vector<std::unique_ptr<sim::Engine>> engines(threads);
  parallel_for(
      count, threads,
      [&](std::size_t i, unsigned worker) {
        std::unique_ptr<sim::Engine>& engine = engines[worker];
        if (!engine) engine = std::make_unique<sim::Engine>(model, log);
        const auto replication = static_cast<std::uint32_t>(options.first_replication + i);
        sim::ReplicationStats stats = engine->run(replication);
        result.replications[i] = to_result(model, replication, stats);
      },
      options.progress);
  return result;
}

}  // namespace bpm
