#include "bpm/io/output_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <vector>

#include "bpm/io/signal_cleanup.hpp"
#include "io/io_error.hpp"
#include "io/output_temporary.hpp"

namespace bpm {
namespace {
constexpr std::size_t kBufferSize = std::size_t{1} << 20;
}  // namespace

// The one buffer behind both stream() and write(), draining to a file descriptor.
class OutputFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(const std::string& path) : path_(path), storage_(kBufferSize) { reset(); }

  void attach(int fd) noexcept { fd_ = fd; }

  void append(const char* data, std::size_t size) {
    if (closed_) fail_closed();
    if (size == 0) return;  // data may be null (an empty string_view); memcpy must not see it
    if (size <= static_cast<std::size_t>(epptr() - pptr())) {
      std::memcpy(pptr(), data, size);
      pbump(static_cast<int>(size));
      return;
    }
    drain();
    if (size >= storage_.size()) {
      write_all(data, size);  // larger than the buffer: no point copying it through
      return;
    }
    std::memcpy(pptr(), data, size);
    pbump(static_cast<int>(size));
  }

  void drain() {
    const auto pending = static_cast<std::size_t>(pptr() - pbase());
    reset();
    if (pending > 0) write_all(storage_.data(), pending);
  }

  // Later writes throw at once rather than on the next flush: an empty put area sends every
  // stream() write to overflow().
  void close() noexcept {
    closed_ = true;
    setp(nullptr, nullptr);
  }

 protected:
  int_type overflow(int_type ch) override {
    if (closed_) fail_closed();
    drain();
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
    return ch;
  }

  std::streamsize xsputn(const char* data, std::streamsize size) override {
    append(data, static_cast<std::size_t>(size));
    return size;
  }

  int sync() override {
    drain();
    return 0;
  }

 private:
  void reset() noexcept {
    if (!closed_) setp(storage_.data(), storage_.data() + storage_.size());
  }

  [[noreturn]] void fail_closed() const { detail::throw_io_error(path_, true, "output already committed"); }

  void write_all(const char* data, std::size_t size) {
    if (fd_ < 0) fail_closed();
    if (fd_ == STDOUT_FILENO) {
      // Whatever the tool printed through stdio or std::cout must come out first.
      std::cout.flush();
      std::fflush(stdout);
    }
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        detail::throw_errno(path_, true, errno);
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
  }

  int fd_ = -1;
  bool closed_ = false;
  const std::string& path_;
  std::vector<char> storage_;
};

namespace {

/// Six characters for a temporary file name that another user cannot guess: with O_EXCL a guess
/// could only make the open fail, never redirect it, but then the tool would fail too.
std::string random_suffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char bytes[6] = {};
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy at all (very old kernels): the time and a counter still avoid our own clashes.
    static std::atomic<unsigned> counter{0};
    const auto mix = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                     (static_cast<unsigned long long>(counter.fetch_add(1)) << 40);
    for (std::size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(mix >> (8 * i));
  }
  std::string out;
  for (const unsigned char b : bytes) out.push_back(kAlphabet[b % (sizeof kAlphabet - 1)]);
  return out;
}

}  // namespace

detail::NewTemporary detail::create_temporary(const std::string& prefix, int replaced_mode,
                                              const std::function<std::string()>& suffix) {
  NewTemporary out;
  for (int attempt = 0; attempt < 100; ++attempt) {
    out.path = prefix + suffix();
    // Registered before it exists, so that no signal can come between creating and registering.
    out.cleanup_slot = register_temporary(out.path);
    out.fd = ::open(out.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    replaced_mode >= 0 ? 0600 : 0666);
    if (out.fd >= 0) {
      if (replaced_mode >= 0) (void)::fchmod(out.fd, static_cast<mode_t>(replaced_mode));
      return out;
    }
    out.error = errno;
    out.path.clear();  // nothing was created
    unregister_temporary(out.cleanup_slot);
    out.cleanup_slot = -1;
    if (out.error != EEXIST) break;
  }
  return out;
}

OutputFile::OutputFile(std::string path)
    : path_(std::move(path)), buffer_(std::make_unique<Buffer>(path_)), stream_(buffer_.get()) {
  stream_.exceptions(std::ios::badbit);
  if (path_ == "-") {
    fd_ = STDOUT_FILENO;
    buffer_->attach(fd_);
    return;
  }
  if (path_.empty() || path_.back() == '/') detail::throw_errno(path_, true, path_.empty() ? ENOENT : EISDIR);
  struct stat info {};
  bool exists = ::stat(path_.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) detail::throw_errno(path_, true, EISDIR);
  if (exists && !S_ISREG(info.st_mode)) {
    // A device or FIFO (/dev/null, /dev/stdout): renaming over it would replace the device itself.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) detail::throw_errno(path_, true, errno);
    struct stat opened {};
    if (::fstat(fd_, &opened) == 0 && !S_ISREG(opened.st_mode)) {
      buffer_->attach(fd_);
      return;
    }
    // It became a regular file between stat() and open(): never write one in place.
    ::close(fd_);
    fd_ = -1;
    exists = ::stat(path_.c_str(), &info) == 0;
  }
  // A new file in the target's directory, created by us alone, with the target's permissions
  // when it replaces one (as writing it in place would keep them).
  const std::size_t slash = path_.rfind('/');
  const std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  const std::string prefix = path_.substr(0, name_start) + "." + path_.substr(name_start) + ".tmp.";
  detail::NewTemporary temporary =
      detail::create_temporary(prefix, exists ? static_cast<int>(info.st_mode & 07777) : -1, random_suffix);
  if (temporary.fd < 0) detail::throw_errno(path_, true, temporary.error);
  fd_ = temporary.fd;
  temp_path_ = std::move(temporary.path);
  cleanup_slot_ = temporary.cleanup_slot;
  buffer_->attach(fd_);
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() noexcept {
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) ::close(fd_);
  fd_ = -1;
  if (buffer_) buffer_->close();
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
  detail::unregister_temporary(cleanup_slot_);
  cleanup_slot_ = -1;
}

void OutputFile::write(const char* data, std::size_t size) { buffer_->append(data, size); }

void OutputFile::flush() { buffer_->drain(); }

void OutputFile::commit() {
  if (committed_) return;
  buffer_->drain();
  buffer_->close();
  if (fd_ != STDOUT_FILENO) {
    const int fd = fd_;
    fd_ = -1;
    // close(2) is where some file systems (NFS, quota) report a failed write.
    if (::close(fd) != 0 && errno != EINTR) detail::throw_errno(path_, true, errno);
    if (!temp_path_.empty() && ::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      detail::throw_errno(path_, true, errno);
    }
    detail::unregister_temporary(cleanup_slot_);
    cleanup_slot_ = -1;
  }
  committed_ = true;
}

void write_output(const std::string& path, std::string_view text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace bpm
