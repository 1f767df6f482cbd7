#pragma once
#include <bit>
#include <cstdint>
#include <vector>

#include "bpm/core/time.hpp"

namespace bpm::sim {

enum class EventKind : std::uint8_t {
  Arrival,       // the next case arrives
  TaskEnd,       // a token's work at a task is done
  WaitEnd,       // a token's timer fires
  PoolOpens,     // a pool with queued work and idle servers opens
  MeasureStart,  // the time-based warm-up is over
};

/// A plain event: what happens, to which token (or pool), at what time. `order` packs the
/// insertion sequence number above the kind, so that (time, order) sorts ties by insertion and
/// runs are deterministic. The time is kept as an integer key with the same order as the double
/// (see time_key), so that the heap compares integers and can pick a child without branches.
struct Event {
  std::uint64_t key = 0;  // time_key(time)
  std::uint64_t order = 0;
  std::uint32_t target = 0;      // token or pool index
  std::uint32_t generation = 0;  // the token's generation when scheduled: stale events are skipped

  [[nodiscard]] EventKind kind() const noexcept { return static_cast<EventKind>(order & 7U); }
  [[nodiscard]] Time time() const noexcept { return key_time(key); }

  /// An order-preserving map of doubles to unsigned integers (and back): flip every bit of
  /// negatives, only the sign bit of the rest.
  static std::uint64_t time_key(Time t) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(t);
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
  }
  static Time key_time(std::uint64_t key) noexcept {
    return std::bit_cast<Time>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
  }
};

/// A 4-ary min-heap of events on one reserved vector: no allocation per event once warm, and
/// half the depth of a binary heap, which matters because sift-down dominates pop.
class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  [[nodiscard]] const Event& top() const noexcept { return heap_.front(); }
  /// The time of the earliest event (the queue must not be empty).
  [[nodiscard]] Time next_time() const noexcept { return heap_.front().time(); }
  void clear() noexcept {
    heap_.clear();
    sequence_ = 0;
  }

  void push(Time time, EventKind kind, std::uint32_t target, std::uint32_t generation) {
    const Event e{Event::time_key(time), (sequence_++ << 3) | static_cast<std::uint64_t>(kind), target, generation};
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  /// Removes and returns the earliest event.
  Event pop() noexcept {
    const Event result = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return result;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = 4 * hole + 1;
      if (first >= n) break;
      std::size_t best = first;
      if (first + 4 <= n) {
        // A tournament of the four children: shorter dependency chains, no hard-to-predict jumps.
        const std::size_t left = before(heap_[first + 1], heap_[first]) ? first + 1 : first;
        const std::size_t right = before(heap_[first + 3], heap_[first + 2]) ? first + 3 : first + 2;
        best = before(heap_[right], heap_[left]) ? right : left;
      } else {
        for (std::size_t c = first + 1; c < n; ++c) best = before(heap_[c], heap_[best]) ? c : best;
      }
      if (!before(heap_[best], last)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
    return result;
  }

 private:
  static bool before(const Event& a, const Event& b) noexcept {
    return static_cast<bool>(static_cast<int>(a.key < b.key) | (static_cast<int>(a.key == b.key) & static_cast<int>(a.order < b.order)));
  }

  std::vector<Event> heap_;
  std::uint64_t sequence_ = 0;
};

}  // namespace bpm::sim
