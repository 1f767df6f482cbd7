#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

namespace bpm {

/// Runs body(index, worker) for every index in [0, count) on min(threads, count) threads (at least
/// one; with one, on the calling thread). Workers take indices in increasing order; `worker` is in
/// [0, threads) so bodies can keep per-thread state (an engine, buffers). Bodies store their
/// results by index, which is what makes results independent of the thread count.
///
/// When bodies throw, the indices not yet started are skipped and the exception of the *lowest*
/// failed index is rethrown after every thread has joined, so the error reported does not depend
/// on timing either. progress(done, count), when set, is called after each index under a lock.
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t, unsigned)>& body,
                  const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

}  // namespace bpm
