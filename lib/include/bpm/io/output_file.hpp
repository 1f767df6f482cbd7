#pragma once
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"

namespace bpm {

/// Standard output was closed by its reader (`bpm-sim ... | head`). Not a failure of the tool:
/// catch it to end quietly. Only seen when SIGPIPE is ignored; with the default action (which the
/// tools restore) the process ends silently before the write returns.
class BPM_API BrokenPipe : public IoError {
 public:
  using IoError::IoError;
};

/// Output that never leaves a partial file behind.
///
/// A regular file is written to `<dir>/.<name>.tmp.XXXXXX` (six random characters) and renamed
/// over the target by commit(), so readers see the old file or the complete new one; destroying
/// an uncommitted OutputFile (an exception, an error return) removes the temporary file. The
/// temporary file is created with O_EXCL | O_NOFOLLOW, so in a shared directory nothing planted
/// under its name (a symbolic link to someone's file) is ever followed, truncated or chmod-ed;
/// it takes the target's permissions when it replaces one. The rename replaces a symbolic link
/// rather than writing through it. Targets that are not regular files
/// (/dev/null, a FIFO, a terminal) are written in place, and "-" is standard output: there the
/// output cannot be taken back, and commit() just flushes. A signal that ends the process removes
/// the temporary file too, once the tool called remove_temporaries_on_signal(). No fsync: the
/// guarantee is against our own failures, not power loss.
///
/// stream() and write() share one 1 MiB buffer, so they can be mixed; write() is the fast path
/// for writers of millions of rows (a memcpy, and a write(2) per MiB). Failures throw IoError
/// "cannot write 'path': reason" (BrokenPipe for EPIPE on standard output) — from stream()
/// operations too, whose badbit is made to throw.
class BPM_API OutputFile {
 public:
  /// Opens the temporary file (or standard output); throws IoError.
  explicit OutputFile(std::string path);
  /// Without commit(): discards what was written and removes the temporary file. Never throws.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  [[nodiscard]] std::ostream& stream() noexcept { return stream_; }
  void write(const char* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  /// Flushes the buffer to the file descriptor (for long-running writers that want a reader to
  /// see progress; commit() does this itself).
  void flush();
  /// Flushes, closes and renames the temporary file over the target. Further writes are errors.
  void commit();

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] bool is_stdout() const noexcept { return path_ == "-"; }
  [[nodiscard]] bool committed() const noexcept { return committed_; }

 private:
  class Buffer;

  void discard() noexcept;

  std::string path_;
  std::string temp_path_;  // empty when writing in place
  int fd_ = -1;
  int cleanup_slot_ = -1;  // bpm/io/signal_cleanup.hpp
  bool committed_ = false;
  std::unique_ptr<Buffer> buffer_;
  std::ostream stream_;
};

/// Writes `text` to `path` ("-": standard output) through an OutputFile: all of it, or nothing.
BPM_API void write_output(const std::string& path, std::string_view text);

}  // namespace bpm
