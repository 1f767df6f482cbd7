#include "bpm/sim/event_log.hpp"

#include <array>
#include <ostream>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "io/temp_file.hpp"
#include "sim/event_log_state.hpp"

namespace bpm {

EventLogWriter::EventLogWriter(std::ostream& out)
    : state_(std::make_unique<State>([&out](const char* data, std::size_t size) {
        out.write(data, static_cast<std::streamsize>(size));
        if (!out) throw IoError("cannot write the event log");
      })) {}

EventLogWriter::EventLogWriter(OutputFile& out)
    : state_(std::make_unique<State>([&out](const char* data, std::size_t size) { out.write(data, size); })) {}

EventLogWriter::EventLogWriter(std::function<void(const char*, std::size_t)> write)
    : state_(std::make_unique<State>(std::move(write))) {}

EventLogWriter::~EventLogWriter() = default;

std::uint64_t EventLogWriter::rows() const noexcept { return state_->rows(); }

EventLogWriter::State::~State() {
  for (auto& [replication, spill] : spills_) {
    if (spill.file != nullptr) std::fclose(spill.file);
  }
}

void EventLogWriter::State::begin_run(std::string_view header, std::uint32_t first) {
  const std::lock_guard lock(mutex_);
  for (auto& [replication, spill] : spills_) {
    if (spill.file != nullptr) std::fclose(spill.file);
  }
  spills_.clear();  // leftovers of a run that failed
  next_ = first;
  if (!header_written_) {
    header_written_ = true;
    sink_(header.data(), header.size());
  }
}

void EventLogWriter::State::drain(Spill& spill) {
  if (spill.file == nullptr) return;
  std::rewind(spill.file);
  std::array<char, 1 << 16> buffer;
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), spill.file);
    if (n > 0) sink_(buffer.data(), n);
    if (n < buffer.size()) break;
  }
  const bool failed = std::ferror(spill.file) != 0;
  std::fclose(spill.file);
  spill.file = nullptr;
  if (failed) throw IoError("cannot read back a temporary file of the event log");
}

void EventLogWriter::State::write_locked(std::uint32_t replication, std::string_view block) {
  if (replication == next_) {
    if (const auto it = spills_.find(replication); it != spills_.end()) drain(it->second);
    if (!block.empty()) sink_(block.data(), block.size());
    return;
  }
  if (block.empty()) return;
  Spill& spill = spills_[replication];
  if (spill.file == nullptr) {
    spill.file = detail::open_anonymous_temp_file("bpm-sim-log").release();
  }
  if (std::fwrite(block.data(), 1, block.size(), spill.file) != block.size()) {
    throw IoError("cannot write a temporary file of the event log");
  }
}

void EventLogWriter::State::advance_locked() {
  for (;;) {
    const auto it = spills_.find(next_);
    if (it == spills_.end() || !it->second.finished) break;
    drain(it->second);
    spills_.erase(it);
    ++next_;
    // The new current replication may still be running: copy what it spilled so far now, so that
    // its next blocks can go straight to the sink.
    if (const auto running = spills_.find(next_); running != spills_.end() && !running->second.finished) {
      drain(running->second);
    }
  }
}

void EventLogWriter::State::write(std::uint32_t replication, std::string_view block) {
  const std::lock_guard lock(mutex_);
  write_locked(replication, block);
}

void EventLogWriter::State::finish(std::uint32_t replication, std::string_view block) {
  const std::lock_guard lock(mutex_);
  write_locked(replication, block);
  spills_[replication].finished = true;
  advance_locked();
}

}  // namespace bpm
