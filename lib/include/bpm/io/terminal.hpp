#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

#include "bpm/core/export.hpp"

namespace bpm {

/// Whether the file descriptor is a terminal.
[[nodiscard]] BPM_API bool is_tty(int fd) noexcept;

/// Whether to colour output written to `fd`, following https://no-color.org and the CLICOLOR
/// convention: never when NO_COLOR is set to a non-empty value; always when CLICOLOR_FORCE is set
/// to a non-empty value other than "0" (for pagers such as `less -R`); otherwise only on a
/// terminal whose TERM is not "dumb".
[[nodiscard]] BPM_API bool use_colour(int fd) noexcept;

/// The progress callback through which long library operations (a simulation's replications, a
/// log's bytes) report how far they are; the library calls it, the tool decides what to show.
using ProgressCallback = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct BPM_API ProgressOptions {
  /// Nothing is drawn until the work has run this long: quick runs stay silent.
  std::chrono::milliseconds delay{1000};
  /// Minimum time between redraws (10 per second).
  std::chrono::milliseconds interval{100};
  /// Cells between the brackets.
  int width = 30;
  /// Printed before the bar, e.g. "simulating".
  std::string label;
};

/// Renders "[=============>               ] 45% ETA 0:12" on one line of the stream it is given,
/// redrawn in place with '\r'. The library never prints on its own: the tool creates the bar
/// with std::cerr and `enabled = is_tty(STDERR_FILENO)`, and hands callback() to the library.
///
/// advance() and set() may be called from many threads: counts are atomic, and a draw happens
/// only in the one thread that wins the (try-locked) right to it, at most once per interval.
class BPM_API ProgressBar {
 public:
  ProgressBar(std::ostream& out, std::uint64_t total, bool enabled, ProgressOptions options = {});
  /// Calls finish().
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void advance(std::uint64_t n = 1) noexcept;
  /// Sets the absolute progress (and the total, which may be learnt late).
  void set(std::uint64_t done, std::uint64_t total) noexcept;
  /// A callback for the library that forwards to set(); valid while this bar lives.
  [[nodiscard]] ProgressCallback callback();
  /// Clears the bar's line if anything was drawn; no more drawing afterwards.
  void finish() noexcept;

  [[nodiscard]] std::uint64_t done() const noexcept { return done_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t total() const noexcept { return total_.load(std::memory_order_relaxed); }

  /// The text of the bar (without '\r'): "[====>     ] 45% ETA 0:12", or "1234 done 0:12" with an
  /// unknown (zero) total. Durations read m:ss, or h:mm:ss from an hour.
  [[nodiscard]] static std::string render(std::uint64_t done, std::uint64_t total, double elapsed_seconds, int width);

 private:
  void maybe_draw() noexcept;

  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  bool enabled_;
  ProgressOptions options_;
  Clock::time_point start_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> total_;
  std::atomic<std::int64_t> next_draw_ns_;  // since start_
  std::mutex draw_mutex_;
  std::size_t drawn_width_ = 0;  // characters on the line now; guarded by draw_mutex_
  bool finished_ = false;        // guarded by draw_mutex_
};

}  // namespace bpm
