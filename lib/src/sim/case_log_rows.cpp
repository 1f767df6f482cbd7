#include "sim/case_log_rows.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <type_traits>

#include "bpm/core/error.hpp"
#include "io/temp_file.hpp"

namespace bpm::sim {
namespace {

static_assert(std::is_trivially_copyable_v<LogRow>, "rows are written to the file as bytes");

[[noreturn]] void fail(const char* what) {
  throw SimulationError(std::string("event log: cannot ") + what + " a temporary file: " + std::strerror(errno));
}

}  // namespace

void CaseLogRows::resize(std::size_t cases) {
  rows_.resize(cases);
  spilled_.resize(cases);
}

void CaseLogRows::reset() {
  for (std::size_t c = 0; c < rows_.size(); ++c) clear(static_cast<std::uint32_t>(c));
  file_end_ = 0;
}

void CaseLogRows::spill(std::uint32_t c) {
  if (!file_) {
    file_ = detail::open_anonymous_temp_file("bpm-sim-log");
  }
  std::vector<LogRow>& rows = rows_[c];
  if (std::fseek(file_.get(), static_cast<long>(file_end_), SEEK_SET) != 0) fail("seek in");
  if (std::fwrite(rows.data(), sizeof(LogRow), rows.size(), file_.get()) != rows.size()) fail("write");
  spilled_[c].push_back(file_end_);
  file_end_ += rows.size() * sizeof(LogRow);
  rows.clear();
}

const std::vector<LogRow>& CaseLogRows::read_chunk(std::uint64_t offset) {
  chunk_.resize(kRowsInMemory);
  if (std::fseek(file_.get(), static_cast<long>(offset), SEEK_SET) != 0) fail("seek in");
  if (std::fread(chunk_.data(), sizeof(LogRow), kRowsInMemory, file_.get()) != kRowsInMemory) fail("read");
  return chunk_;
}

}  // namespace bpm::sim
