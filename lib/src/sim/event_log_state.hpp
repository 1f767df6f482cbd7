#pragma once
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "bpm/sim/event_log.hpp"

namespace bpm {

/// Puts the blocks of replications formatted in parallel into the output in replication order.
/// The replication whose turn it is writes straight through; the others spill to temporary files
/// that are copied out when their turn comes, so memory stays bounded however long the log.
class EventLogWriter::State {
 public:
  using Sink = std::function<void(const char*, std::size_t)>;
  explicit State(Sink sink) : sink_(std::move(sink)) {}
  ~State();
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  /// Starts a run whose replications begin at `first`; writes the header on first use.
  void begin_run(std::string_view header, std::uint32_t first);
  /// A block of rows of `replication`. Thread-safe.
  void write(std::uint32_t replication, std::string_view block);
  /// The last block of `replication`. Thread-safe.
  void finish(std::uint32_t replication, std::string_view block);

  void add_rows(std::uint64_t n) noexcept { rows_.fetch_add(n, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t rows() const noexcept { return rows_.load(std::memory_order_relaxed); }

 private:
  struct Spill {
    std::FILE* file = nullptr;
    bool finished = false;
  };
  void write_locked(std::uint32_t replication, std::string_view block);
  void drain(Spill& spill);
  void advance_locked();

  Sink sink_;
  std::mutex mutex_;
  bool header_written_ = false;
  std::uint32_t next_ = 0;  // the replication that writes straight to the sink
  std::map<std::uint32_t, Spill> spills_;
  std::atomic<std::uint64_t> rows_{0};
};

}  // namespace bpm
