#include "bpm/io/terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace bpm {
namespace {

bool set_and_not_empty(const char* value) { return value != nullptr && value[0] != '\0'; }

std::string clock_text(double seconds) {
  const auto total = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

bool is_tty(int fd) noexcept { return ::isatty(fd) == 1; }

bool use_colour(int fd) noexcept {
  if (set_and_not_empty(std::getenv("NO_COLOR"))) return false;
  const char* force = std::getenv("CLICOLOR_FORCE");
  if (set_and_not_empty(force) && std::strcmp(force, "0") != 0) return true;
  if (!is_tty(fd)) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

ProgressBar::ProgressBar(std::ostream& out, std::uint64_t total, bool enabled, ProgressOptions options)
    : out_(out),
      enabled_(enabled),
      options_(std::move(options)),
      start_(Clock::now()),
      total_(total),
      next_draw_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(options_.delay).count()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::uint64_t n) noexcept {
  done_.fetch_add(n, std::memory_order_relaxed);
  maybe_draw();
}

void ProgressBar::set(std::uint64_t done, std::uint64_t total) noexcept {
  done_.store(done, std::memory_order_relaxed);
  total_.store(total, std::memory_order_relaxed);
  maybe_draw();
}

ProgressCallback ProgressBar::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { set(done, total); };
}

std::string ProgressBar::render(std::uint64_t done, std::uint64_t total, double elapsed_seconds, int width) {
  if (total == 0) return fmt::format("{} done {}", done, clock_text(elapsed_seconds));
  done = std::min(done, total);
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const auto cells = static_cast<std::size_t>(std::max(width, 1));
  const auto filled = std::min(cells, static_cast<std::size_t>(fraction * static_cast<double>(cells)));
  std::string bar(cells, ' ');
  std::fill_n(bar.begin(), filled, '=');
  if (filled < cells && done > 0) bar[filled] = '>';
  const auto percent = static_cast<int>(fraction * 100.0);
  std::string eta = "--:--";
  if (done > 0) eta = clock_text(elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done));
  return fmt::format("[{}] {:3}% ETA {}", bar, percent, eta);
}

void ProgressBar::maybe_draw() noexcept {
  if (!enabled_) return;
  const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count();
  if (now_ns < next_draw_ns_.load(std::memory_order_relaxed)) return;
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_ || now_ns < next_draw_ns_.load(std::memory_order_relaxed)) return;
  next_draw_ns_.store(now_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(options_.interval).count(),
                      std::memory_order_relaxed);
  try {
    std::string line = render(done(), total(), static_cast<double>(now_ns) * 1e-9, options_.width);
    if (!options_.label.empty()) line = options_.label + " " + line;
    // Pad over a longer previous line (the ETA can shrink) instead of relying on ANSI codes.
    const std::size_t width = line.size();
    if (width < drawn_width_) line.append(drawn_width_ - width, ' ');
    out_ << '\r' << line << std::flush;
    drawn_width_ = std::max(width, drawn_width_);
  } catch (...) {
    finished_ = true;  // a broken progress display must not break the work
  }
}

void ProgressBar::finish() noexcept {
  const std::lock_guard lock(draw_mutex_);
  if (finished_) return;
  finished_ = true;
  if (drawn_width_ == 0) return;
  try {
    out_ << '\r' << std::string(drawn_width_, ' ') << '\r' << std::flush;
  } catch (...) {
  }
  drawn_width_ = 0;
}

}  // namespace bpm
