#pragma once
// Shared plumbing of the libFuzzer targets (tests/fuzz/README.md).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>

#include "bpm/core/error.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/report_format.hpp"

namespace bpm::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `body`: bpm::Error is the expected answer to bad input; anything else (an internal
/// std::exception such as nlohmann's on invalid UTF-8, std::bad_alloc) is a finding, so it aborts
/// and libFuzzer keeps the input.
template <class Body>
void expect_only_bpm_errors(Body&& body) {
  try {
    body();
  } catch (const bpm::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception: %s\n", e.what());
    std::abort();
  }
}

/// A file the readers can open by name (they take paths): an in-memory file behind a symbolic
/// link whose name carries the extension that selects the reader (.csv, .xes). Rewritten for each
/// input, without touching the disk.
class MemoryFile {
 public:
  explicit MemoryFile(const std::string& extension) {
    fd_ = ::memfd_create("bpm-fuzz", 0);
    if (fd_ < 0) std::abort();
    path_ = "/tmp/bpm-fuzz-" + std::to_string(::getpid()) + extension;
    ::unlink(path_.c_str());
    const std::string target = "/proc/self/fd/" + std::to_string(fd_);
    if (::symlink(target.c_str(), path_.c_str()) != 0) std::abort();
  }
  ~MemoryFile() {
    ::unlink(path_.c_str());
    ::close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& write(std::string_view content) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    if (!content.empty() && ::pwrite(fd_, content.data(), content.size(), 0) != static_cast<ssize_t>(content.size())) {
      std::abort();
    }
    return path_;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

/// An event log in `file` (its extension selects the reader), read, then its KPI report written as
/// JSON (which needs valid UTF-8) and as a table.
inline void read_log_and_report(MemoryFile& file, const std::uint8_t* data, std::size_t size) {
  const std::string& path = file.write(text(data, size));
  expect_only_bpm_errors([&] {
    bpm::kpi::AnalysisOptions options;
    options.log.memory_limit = std::uint64_t{64} << 20;
    const bpm::kpi::Report report = bpm::kpi::analyze_logs({path}, options);
    std::ostringstream out;
    bpm::kpi::write_report(out, report, bpm::kpi::ReportFormat::Json);
    bpm::kpi::write_report(out, report, bpm::kpi::ReportFormat::Table);
  });
}

}  // namespace bpm::fuzz
