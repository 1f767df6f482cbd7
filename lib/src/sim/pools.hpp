#pragma once
#include <cstdint>
#include <vector>

namespace bpm::sim {

/// Objects addressed by a 32-bit index, recycled through a free list: once the pool has grown to
/// the peak number of objects alive at once, allocation is a vector pop. Memory therefore follows
/// the cases in flight, not the cases simulated.
template <class T>
class SlotPool {
 public:
  std::uint32_t allocate() {
    if (!free_.empty()) {
      const std::uint32_t index = free_.back();
      free_.pop_back();
      return index;
    }
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void release(std::uint32_t index) { free_.push_back(index); }
  /// Forgets every object but keeps the memory. Afterwards allocation order depends only on what
  /// happens next, so a replication does not depend on what the same engine ran before.
  void clear() noexcept {
    slots_.clear();
    free_.clear();
  }

  T& operator[](std::uint32_t index) noexcept { return slots_[index]; }
  const T& operator[](std::uint32_t index) const noexcept { return slots_[index]; }
  /// Slots ever created (live or free), for end-of-run sweeps.
  [[nodiscard]] std::uint32_t capacity() const noexcept { return static_cast<std::uint32_t>(slots_.size()); }
  [[nodiscard]] std::uint32_t live() const noexcept { return static_cast<std::uint32_t>(slots_.size() - free_.size()); }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
};

/// A FIFO of small values on a power-of-two ring buffer that doubles when full.
template <class T>
class RingQueue {
 public:
  [[nodiscard]] bool empty() const noexcept { return head_ == tail_; }
  [[nodiscard]] std::size_t size() const noexcept { return tail_ - head_; }

  [[gnu::always_inline]] void push(const T& value) {
    if (tail_ - head_ == items_.size()) grow();
    items_[tail_ & (items_.size() - 1)] = value;
    ++tail_;
  }
  [[nodiscard]] const T& front() const noexcept { return items_[head_ & (items_.size() - 1)]; }
  void pop() noexcept { ++head_; }

 private:
  void grow() {
    const std::size_t old = items_.size();
    std::vector<T> bigger(old == 0 ? 16 : 2 * old);
    for (std::size_t i = 0; i < old; ++i) bigger[i] = items_[(head_ + i) & (old - 1)];
    items_ = std::move(bigger);
    tail_ = tail_ - head_;
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

}  // namespace bpm::sim
