#include "kpi/spill_file.hpp"

#include <unistd.h>

#include <cerrno>

#include "bpm/core/error.hpp"
#include "io/temp_file.hpp"

namespace bpm::kpi {
namespace {

constexpr std::size_t kBufferSize = std::size_t{64} << 10;

}  // namespace

SpillFile::SpillFile() : buffer_(kBufferSize) {
  file_ = detail::open_anonymous_temp_file("bpm-kpi-spill").release();
  std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
}

SpillFile::SpillFile(SpillFile&& other) noexcept : file_(other.file_), buffer_(std::move(other.buffer_)) {
  other.file_ = nullptr;
}

SpillFile::~SpillFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void SpillFile::rewind() {
  if (std::fflush(file_) != 0) write_failed();
  std::rewind(file_);
}

void SpillFile::clear() {
  std::fflush(file_);
  if (::ftruncate(::fileno(file_), 0) != 0) write_failed();
  std::rewind(file_);
}

bool SpillFile::get(void* data, std::size_t size) {
  if (size == 0) return true;
  const std::size_t n = std::fread(data, 1, size, file_);
  if (n == size) return true;
  if (n == 0 && std::feof(file_) != 0) return false;
  read_failed();
}

void SpillFile::write_failed() const {
  throw IoError(std::string("cannot write a temporary file in $TMPDIR: ") + std::strerror(errno));
}

void SpillFile::read_failed() const {
  throw IoError(std::string("cannot read a temporary file back: ") +
                (std::ferror(file_) != 0 ? std::strerror(errno) : "it is shorter than written"));
}

}  // namespace bpm::kpi
