#include "sim/duration_histogram.hpp"

#include <array>
#include <atomic>
#include <bit>
#include <limits>
#include <memory>
#include <mutex>

namespace bpm::sim {

namespace {

using Slice = DurationHistogram::Slice;
constexpr int kSliceBits = DurationHistogram::kSliceBits;
constexpr int kSlices = DurationHistogram::kSlices;
constexpr int kMantissaBits = DurationHistogram::kMantissaBits;

using ExponentTable = std::array<Slice, kSlices>;

/// Tables per binary exponent, built on first use and shared by every thread: a run touches a
/// dozen exponents, each built in well under a millisecond.
class SliceTables {
 public:
  const ExponentTable& get(std::uint32_t exponent) {
    const ExponentTable* table = ready_[exponent].load(std::memory_order_acquire);
    if (table != nullptr) [[likely]]
      return *table;
    const std::lock_guard lock(mutex_);
    table = ready_[exponent].load(std::memory_order_relaxed);
    if (table == nullptr) {
      owned_[exponent] = build(exponent);
      table = owned_[exponent].get();
      ready_[exponent].store(table, std::memory_order_release);
    }
    return *table;
  }

 private:
  static std::unique_ptr<ExponentTable> build(std::uint32_t exponent) {
    auto table = std::make_unique<ExponentTable>();
    const auto first_bits = static_cast<std::uint64_t>(exponent) << kMantissaBits;
    constexpr std::uint64_t kSliceWidth = std::uint64_t{1} << (kMantissaBits - kSliceBits);
    const auto index_of = [](std::uint64_t bits) { return LogHistogram::bucket_index(std::bit_cast<double>(bits)); };
    for (std::uint64_t s = 0; s < kSlices; ++s) {
      std::uint64_t lo = first_bits + s * kSliceWidth;  // first value of the slice
      std::uint64_t hi = lo + kSliceWidth - 1;          // last value of the slice
      const std::int32_t base = index_of(lo);
      Slice& slice = (*table)[s];
      slice.base = base;
      slice.threshold = std::numeric_limits<double>::infinity();
      if (index_of(hi) == base) continue;
      // The smallest value whose bucket is base + 1; positive doubles order like their bits.
      while (hi - lo > 1) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        (index_of(mid) == base ? lo : hi) = mid;
      }
      slice.threshold = std::bit_cast<double>(hi);
    }
    return table;
  }

  std::mutex mutex_;
  std::array<std::atomic<const ExponentTable*>, 2048> ready_{};
  std::array<std::unique_ptr<ExponentTable>, 2048> owned_;
};

SliceTables& tables() {
  static SliceTables instance;
  return instance;
}

}  // namespace

const DurationHistogram::Slice* DurationHistogram::slice_table(std::uint32_t exponent) {
  return tables().get(exponent).data();
}

}  // namespace bpm::sim
