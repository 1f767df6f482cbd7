#include "bpm/io/signal_cleanup.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

namespace bpm {
namespace {

// A signal handler may only call async-signal-safe functions and must not allocate, so the paths
// live in fixed buffers; a slot's state says whether its buffer holds a live temporary file.
constexpr std::size_t kSlots = 32;
constexpr std::size_t kPathMax = 4096;
enum SlotState : int { Free = 0, Claimed = 1, Live = 2 };

struct Slot {
  std::atomic<int> state{Free};
  char path[kPathMax];
};

std::array<Slot, kSlots> slots;
static_assert(std::atomic<int>::is_always_lock_free, "the handler needs a lock-free flag");

extern "C" void remove_and_reraise(int signal_number) {
  for (Slot& slot : slots) {
    if (slot.state.load(std::memory_order_acquire) == Live) (void)::unlink(slot.path);
  }
  // SA_RESETHAND restored the default action; the signal is blocked until the handler returns,
  // and then ends the process as if the handler had never run.
  (void)::raise(signal_number);
}

void install(int signal_number) {
  struct sigaction current {};
  if (::sigaction(signal_number, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) return;
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  sigemptyset(&action.sa_mask);
  action.sa_flags = static_cast<int>(SA_RESETHAND);  // an unsigned 0x80000000 in glibc
  (void)::sigaction(signal_number, &action, nullptr);
}

}  // namespace

void remove_temporaries_on_signal() {
  install(SIGINT);
  install(SIGTERM);
  install(SIGHUP);
}

namespace detail {

int register_temporary(const std::string& path) noexcept {
  if (path.size() >= kPathMax) return -1;
  for (std::size_t i = 0; i < kSlots; ++i) {
    int expected = Free;
    if (!slots[i].state.compare_exchange_strong(expected, Claimed, std::memory_order_acq_rel)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].state.store(Live, std::memory_order_release);
    return static_cast<int>(i);
  }
  return -1;
}

void unregister_temporary(int slot) noexcept {
  if (slot >= 0 && static_cast<std::size_t>(slot) < kSlots)
    slots[static_cast<std::size_t>(slot)].state.store(Free, std::memory_order_release);
}

}  // namespace detail
}  // namespace bpm
