#include "core/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace bpm {

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t, unsigned)>& body,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  if (count == 0) return;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // serialises progress callbacks and error recording
  std::uint64_t done = 0;
  std::size_t error_index = count;
  std::exception_ptr error;

  const auto work = [&](unsigned worker) {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      try {
        body(i, worker);
        if (progress) {
          const std::lock_guard lock(mutex);
          progress(++done, count);
        }
      } catch (...) {
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

  const auto workers = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, count));
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace bpm
