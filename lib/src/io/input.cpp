#include "bpm/io/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "io/io_error.hpp"

namespace bpm {
namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;

// Opens `path` for reading ("-" is standard input) and rejects directories up front: read(2) on
// one fails with the less helpful EISDIR only on some systems.
int open_for_reading(const std::string& path, bool& owns, struct stat& info) {
  int fd = STDIN_FILENO;
  owns = false;
  if (path != "-") {
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) detail::throw_errno(path, false, errno);
    owns = true;
  }
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    if (owns) ::close(fd);
    detail::throw_errno(path, false, error);
  }
  if (S_ISDIR(info.st_mode)) {
    if (owns) ::close(fd);
    detail::throw_errno(path, false, EISDIR);
  }
  return fd;
}

std::size_t read_some(int fd, char* out, std::size_t capacity, const std::string& path) {
  for (;;) {
    const ssize_t n = ::read(fd, out, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) detail::throw_errno(path, false, errno);
  }
}

}  // namespace

std::string read_all(const std::string& path) {
  bool owns = false;
  struct stat info {};
  const int fd = open_for_reading(path, owns, info);
  std::string text;
  try {
    const auto too_long = [&path] {
      throw DataError(Location{path == "-" ? "<stdin>" : path, 0, 0},
                      fmt::format("longer than {} MiB: not a document that bpmkit reads", kMaxDocumentBytes >> 20));
    };
    if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > kMaxDocumentBytes) too_long();
    if (S_ISREG(info.st_mode) && info.st_size > 0) text.reserve(static_cast<std::size_t>(info.st_size));
    char block[64 * 1024];
    for (;;) {
      const std::size_t n = read_some(fd, block, sizeof block, path);
      if (n == 0) break;
      if (text.size() + n > kMaxDocumentBytes) too_long();
      text.append(block, n);
    }
  } catch (...) {
    if (owns) ::close(fd);
    throw;
  }
  if (owns) ::close(fd);
  return text;
}

// ---- LineReader --------------------------------------------------------------------------------

struct LineReader::Inflater {
  z_stream stream{};
  bool member_ended = false;
  ~Inflater() { inflateEnd(&stream); }
};

LineReader::LineReader(std::string path) : path_(std::move(path)) {
  struct stat info {};
  fd_ = open_for_reading(path_, owns_fd_, info);
  if (S_ISREG(info.st_mode)) {
    size_ = static_cast<std::uint64_t>(info.st_size);
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
}

LineReader::~LineReader() {
  if (owns_fd_) ::close(fd_);
}

void LineReader::fail(const std::string& reason) const { detail::throw_io_error(path_, false, reason); }

// Damaged gzip is bad data, not an unreadable file: a DataError (exit code 1) naming the byte of
// the compressed input where zlib gave up, so the damage can be found with `cmp` or `xxd`.
void LineReader::corrupt(const std::string& message) const {
  throw CorruptInput(Location{path_ == "-" ? "<stdin>" : path_, 0, 0}, message);
}

std::size_t LineReader::read_raw(char* out, std::size_t capacity) {
  const std::size_t n = read_some(fd_, out, capacity, path_);
  bytes_consumed_ += n;
  return n;
}

void LineReader::start() {
  started_ = true;
  data_.resize(kBlockSize);
  // Read until the two magic bytes are known: a pipe may deliver a single byte first.
  while (data_end_ < 2) {
    const std::size_t n = read_raw(data_.data() + data_end_, data_.size() - data_end_);
    if (n == 0) break;
    data_end_ += n;
  }
  if (data_end_ >= 2 && static_cast<unsigned char>(data_[0]) == 0x1f && static_cast<unsigned char>(data_[1]) == 0x8b) {
    inflater_ = std::make_unique<Inflater>();
    if (inflateInit2(&inflater_->stream, 16 + MAX_WBITS) != Z_OK) fail("cannot initialise zlib");
    raw_.resize(kBlockSize);
    std::memcpy(raw_.data(), data_.data(), data_end_);
    inflater_->stream.next_in = reinterpret_cast<Bytef*>(raw_.data());
    inflater_->stream.avail_in = static_cast<uInt>(data_end_);
    data_end_ = 0;
  }
}

bool LineReader::inflate_more() {
  z_stream& stream = inflater_->stream;
  const std::size_t before = data_end_;
  while (data_end_ == before) {
    if (stream.avail_in == 0) {
      const std::size_t n = read_raw(raw_.data(), raw_.size());
      if (n == 0) {
        if (!inflater_->member_ended) {
          corrupt(fmt::format("truncated gzip data: the input ends at byte {} inside a compressed stream",
                              bytes_consumed_));
        }
        return false;
      }
      stream.next_in = reinterpret_cast<Bytef*>(raw_.data());
      stream.avail_in = static_cast<uInt>(n);
    }
    if (inflater_->member_ended) {
      // Another member follows (`cat a.gz b.gz`); anything else is damage, not data.
      if (stream.next_in[0] != 0x1f) {
        corrupt(fmt::format("trailing garbage after gzip data at byte {}", bytes_consumed_ - stream.avail_in));
      }
      if (inflateReset(&stream) != Z_OK) fail("cannot reset zlib");
      inflater_->member_ended = false;
    }
    stream.next_out = reinterpret_cast<Bytef*>(data_.data() + data_end_);
    stream.avail_out = static_cast<uInt>(data_.size() - data_end_);
    const int status = inflate(&stream, Z_NO_FLUSH);
    data_end_ = data_.size() - stream.avail_out;
    if (status == Z_STREAM_END) {
      inflater_->member_ended = true;
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      // zlib has consumed the bad byte; the offset is where decoding stopped.
      corrupt(fmt::format("corrupt gzip data at byte {}{}", bytes_consumed_ - stream.avail_in,
                          stream.msg != nullptr ? fmt::format(" ({})", stream.msg) : std::string()));
    }
  }
  return true;
}

bool LineReader::fill() {
  if (line_start_ > 0) {
    std::memmove(data_.data(), data_.data() + line_start_, data_end_ - line_start_);
    data_end_ -= line_start_;
    scan_from_ -= line_start_;
    line_start_ = 0;
  }
  if (data_end_ == data_.size()) {
    // A line longer than the buffer. Without a bound, /dev/zero or a file of one 2 GiB line would
    // take all memory before failing.
    if (data_end_ > kMaxLineLength) {
      // Corrupt, not merely malformed: a reader that skipped the line would ask for it again.
      throw CorruptInput(
          Location{path_ == "-" ? "<stdin>" : path_,
                   static_cast<int>(std::min<std::uint64_t>(line_number_ + 1, INT_MAX)), 0},
          fmt::format("line longer than {} MiB: not a text log, or a line break is missing", kMaxLineLength >> 20));
    }
    data_.resize(std::min(data_.size() * 2, kMaxLineLength + 1));
  }
  if (inflater_) return inflate_more();
  const std::size_t n = read_raw(data_.data() + data_end_, data_.size() - data_end_);
  data_end_ += n;
  return n > 0;
}

std::optional<std::string_view> LineReader::next() {
  if (!started_) start();
  std::string_view line;
  for (;;) {
    const char* begin = data_.data();
    const void* newline =
        scan_from_ < data_end_ ? std::memchr(begin + scan_from_, '\n', data_end_ - scan_from_) : nullptr;
    if (newline != nullptr) {
      const auto end = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
      line = std::string_view(begin + line_start_, end - line_start_);
      line_start_ = end + 1;
      scan_from_ = line_start_;
      break;
    }
    scan_from_ = data_end_;
    if (!at_eof_ && !fill()) at_eof_ = true;
    if (at_eof_) {
      if (line_start_ == data_end_) return std::nullopt;
      line = std::string_view(data_.data() + line_start_, data_end_ - line_start_);
      line_start_ = data_end_;
      scan_from_ = data_end_;
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line_number_ == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  ++line_number_;
  return line;
}

}  // namespace bpm
