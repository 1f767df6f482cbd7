#include "bpm/sim/simulator.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "bpm/core/error.hpp"
#include "bpm/sim/event_log.hpp"
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
  const sim::CompiledModel model = sim::compile(process, options.seed, options.cases);

  SimulationResult result;
  result.metrics = sim::metric_infos(model);
  result.replications.resize(count);

  EventLogWriter::State* log = options.log != nullptr ? &options.log->state() : nullptr;
  if (log != nullptr) log->begin_run(sim::LogFormat(model).header(), options.first_replication);

  // Workers pull replication numbers in increasing order and store results by index, so the
  // result (and the log, which is reordered by replication) is the same for any thread count.
  std::atomic<std::uint32_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // serialises progress callbacks and error recording
  std::uint64_t done = 0;
  std::uint32_t error_index = count;
  std::exception_ptr error;

  const auto work = [&] {
    try {
      sim::Engine engine(model, log);
      for (;;) {
        if (failed.load(std::memory_order_relaxed)) return;
        const std::uint32_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= count) return;
        const std::uint32_t replication = options.first_replication + i;
        try {
          sim::ReplicationStats stats = engine.run(replication);
          result.replications[i] = to_result(model, replication, stats);
        } catch (...) {
          const std::lock_guard lock(mutex);
          if (i < error_index) {
            error_index = i;
            error = std::current_exception();
          }
          failed.store(true, std::memory_order_relaxed);
          return;
        }
        if (options.progress) {
          const std::lock_guard lock(mutex);
          options.progress(++done, count);
        }
      }
    } catch (...) {
      // Outside a replication (e.g. a throwing progress callback): report it as it is.
      const std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      failed.store(true, std::memory_order_relaxed);
    }
  };

  const unsigned threads = std::clamp<unsigned>(options.threads, 1U, count);
  if (threads == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (std::thread& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  return result;
}

}  // namespace bpm
