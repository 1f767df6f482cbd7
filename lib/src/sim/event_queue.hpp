#pragma once
#include <bit>
#include <cstdint>
#include <vector>

#include "bpm/core/time.hpp"

namespace bpm::sim {

enum class EventKind : std::uint8_t {
  Arrival,        // the next case arrives
  TaskEnd,        // a token's work at a task is done
  WaitEnd,        // a token's timer fires
  PoolOpens,      // a pool with queued work and idle servers opens
  MeasureStart,   // the time-based warm-up is over
  Timeout,        // a token's interrupting timer fires (CompiledTimers::timeout)
  Escalation,     // a token's non-interrupting timer fires (CompiledTimers::escalate)
  Abandon,        // a queued token's patience runs out (CompiledTimers::abandon)
  BatchDue,       // the timeout of the batch being collected at batch task `target` (CompiledBatch)
  StreamArrival,  // the next case of arrival stream `target` (> 0) arrives
};

/// Bits of Event::order that hold the kind.
inline constexpr unsigned kKindBits = 4;
inline constexpr std::uint64_t kKindMask = (std::uint64_t{1} << kKindBits) - 1;

/// A plain event: what happens, to which token (or pool), at what time. `order` packs the
/// insertion sequence number above the kind, so that (time, order) sorts ties by insertion and
/// runs are deterministic. The time is kept as an integer key with the same order as the double
/// (see time_key), so that the heap compares integers and can pick a child without branches.
struct Event {
  std::uint64_t key = 0;  // time_key(time)
  std::uint64_t order = 0;
  std::uint32_t target = 0;      // token or pool index
  std::uint32_t generation = 0;  // the token's generation when scheduled: stale events are skipped

  [[nodiscard]] EventKind kind() const noexcept { return static_cast<EventKind>(order & kKindMask); }
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

/// The pending events: a 4-ary min-heap on one reserved vector (no allocation per event once
/// warm, and half the depth of a binary heap, which matters because sift-down dominates pop),
/// plus a side slot for the one pending arrival. The next arrival is always pending and is half
/// of all events in a simple queueing model, so keeping it out of the heap saves a push and a
/// pop per case; the order of events is exactly that of one heap ordered by (time, order).
///
/// Events are taken in two steps, take() then settle(), because nearly every event schedules
/// another while it is handled: the first event pushed meanwhile takes over the root slot of the
/// one being handled (a single sift-down from the top) instead of a pop and a push. (time, order)
/// is a strict total order, so the sequence of events is the same whatever the shape of the heap.
class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  /// Whether no event is pending (not between take() and settle()).
  [[nodiscard]] bool empty() const noexcept { return heap_.empty() && !has_arrival_; }
  /// The earliest event (the queue must not be empty; not between take() and settle()).
  [[nodiscard]] const Event& top() const noexcept {
    if (has_arrival_ && (heap_.empty() || before(arrival_, heap_.front()))) return arrival_;
    return heap_.front();
  }
  void clear() noexcept {
    heap_.clear();
    has_arrival_ = false;
    root_free_ = false;
    sequence_ = 0;
  }

  /// Schedules an event. At most one Arrival may be pending at a time.
  [[gnu::always_inline]] void push(Time time, EventKind kind, std::uint32_t target, std::uint32_t generation) {
    const Event e{Event::time_key(time), (sequence_++ << kKindBits) | static_cast<std::uint64_t>(kind), target,
                  generation};
    if (kind == EventKind::Arrival) {
      arrival_ = e;
      has_arrival_ = true;
      return;
    }
    if (root_free_) {
      // The slot of the event being handled: sift down from the root. A new event is usually
      // among the earliest, so the top-down walk with an early stop is the right one here.
      root_free_ = false;
      const std::size_t n = heap_.size();
      std::size_t hole = 0;
      for (;;) {
        const std::size_t best = smallest_child(hole, n);
        if (best == 0 || !before(heap_[best], e)) break;
        heap_[hole] = heap_[best];
        hole = best;
      }
      heap_[hole] = e;
      return;
    }
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

  /// The earliest event, to be handled (the queue must not be empty); settle() must follow once
  /// it is handled, before any other call but push().
  Event take() noexcept {
    if (has_arrival_ && (heap_.empty() || before(arrival_, heap_.front()))) {
      has_arrival_ = false;
      return arrival_;
    }
    root_free_ = true;
    return heap_.front();
  }

  /// Removes the event taken last from the heap, unless a push() has already reused its slot.
  void settle() noexcept {
    if (!root_free_) return;
    root_free_ = false;
    pop_root();
  }

 private:
  /// Index of the smallest child of `hole`, 0 if it has none.
  [[nodiscard, gnu::always_inline]] std::size_t smallest_child(std::size_t hole, std::size_t n) const noexcept {
    const std::size_t first = 4 * hole + 1;
    if (first >= n) return 0;
    if (first + 4 <= n) {
      // A tournament of the four children: shorter dependency chains, no hard-to-predict jumps.
      const std::size_t left = before(heap_[first + 1], heap_[first]) ? first + 1 : first;
      const std::size_t right = before(heap_[first + 3], heap_[first + 2]) ? first + 3 : first + 2;
      return before(heap_[right], heap_[left]) ? right : left;
    }
    std::size_t best = first;
    for (std::size_t c = first + 1; c < n; ++c) best = before(heap_[c], heap_[best]) ? c : best;
    return best;
  }

  /// Removes the root. Floyd's bottom-up variant: the hole left at the root is moved down along
  /// the smallest children to a leaf without comparing against the element to re-insert (the last
  /// one, which nearly always belongs near the bottom), which is then sifted up; that saves the
  /// hard-to-predict "stop here?" branch on every level.
  void pop_root() noexcept {
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    std::size_t hole = 0;
    for (;;) {
      const std::size_t best = smallest_child(hole, n);
      if (best == 0) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 4;
      if (!before(last, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = last;
  }

  // (key, order) compared as one 128-bit number: a compare and a subtract-with-borrow, no branch.
  __extension__ using Wide = unsigned __int128;
  static bool before(const Event& a, const Event& b) noexcept {
    return ((static_cast<Wide>(a.key) << 64) | a.order) < ((static_cast<Wide>(b.key) << 64) | b.order);
  }

  std::vector<Event> heap_;
  Event arrival_;
  bool has_arrival_ = false;
  bool root_free_ = false;  // between take() and settle(): the root slot holds the event taken
  std::uint64_t sequence_ = 0;
};

}  // namespace bpm::sim
