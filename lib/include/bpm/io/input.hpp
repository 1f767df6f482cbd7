#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"

namespace bpm {

/// Damaged input (compressed data truncated, corrupt or followed by garbage; a CSV quote that
/// never closes; a line longer than LineReader::kMaxLineLength): bad data like any other
/// DataError, but no reader may skip past it and go on, as it may a malformed record.
class BPM_API CorruptInput : public DataError {
 public:
  using DataError::DataError;
};

/// The largest document read_all reads: process files, summaries, reports and BPMN are far
/// smaller, and /dev/zero or an endless pipe must not take all memory.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;

/// The whole content of a file, or of standard input for "-". Throws IoError
/// "cannot read 'path': reason", also when the path is a directory, and DataError when the input
/// is longer than kMaxDocumentBytes.
[[nodiscard]] BPM_API std::string read_all(const std::string& path);

/// Streams the lines of a file, or of standard input for "-", decompressing gzip transparently.
///
/// Gzip is recognised by its magic bytes 1f 8b, not by the file name, so `zcat`-style pipes and
/// misnamed files work; concatenated gzip members are read in sequence. Lines end at '\n'; a
/// trailing '\r' is removed, as is a UTF-8 byte-order mark at the start of the input. A last line
/// without a final newline is still returned.
///
/// Built for logs of gigabytes: the input is read in 1 MiB blocks and each line is a view into
/// an internal buffer, so reading allocates only when a line is longer than any seen before. The
/// view stays valid until the next call to next(). A line may be at most kMaxLineLength bytes long:
/// a longer one (/dev/zero, a binary file) is CorruptInput, not a buffer that grows without end.
class BPM_API LineReader {
 public:
  static constexpr std::size_t kMaxLineLength = std::size_t{64} << 20;  // 64 MiB

  /// Opens the input; throws IoError "cannot read 'path': reason".
  explicit LineReader(std::string path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line, or nullopt at the end of the input. Throws IoError on a read error,
  /// CorruptInput "FILE: corrupt gzip data at byte N (zlib's reason)" on damaged gzip input
  /// (truncated, corrupt, or followed by garbage), N counted in the compressed input, and
  /// CorruptInput "FILE:LINE: line longer than 64 MiB" past kMaxLineLength (nothing after it can be
  /// read: the line has no end in sight).
  [[nodiscard]] std::optional<std::string_view> next();

  /// 1-based number of the line last returned (0 before the first).
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_number_; }
  /// The path as given ("-" for standard input).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Whether the input is gzip-compressed (known once the first line has been read).
  [[nodiscard]] bool compressed() const noexcept { return inflater_ != nullptr; }
  /// Bytes consumed from the underlying file so far (compressed bytes for gzip input), and the
  /// file's size when it is a regular file: together, the progress of a long read.
  [[nodiscard]] std::uint64_t bytes_consumed() const noexcept { return bytes_consumed_; }
  [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return size_; }

 private:
  struct Inflater;

  // Opens the stream on first use: sniffs the gzip magic and a byte-order mark.
  void start();
  // Appends decoded bytes to data_ past data_end_, first moving the unfinished line to the front
  // (and growing data_ if that line fills it); false at the end of the input.
  bool fill();
  bool inflate_more();
  // Reads raw bytes from the file into `out`; 0 at the end of the file.
  std::size_t read_raw(char* out, std::size_t capacity);
  [[noreturn]] void fail(const std::string& reason) const;
  // Throws DataError for damaged gzip input.
  [[noreturn]] void corrupt(const std::string& message) const;

  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool started_ = false;
  bool at_eof_ = false;
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> raw_;   // compressed input, gzip only
  std::vector<char> data_;  // decoded bytes: [line_start_, data_end_) not yet returned
  std::size_t line_start_ = 0;
  std::size_t data_end_ = 0;
  std::size_t scan_from_ = 0;  // bytes before this (from line_start_) hold no '\n'
  std::uint64_t line_number_ = 0;
  std::uint64_t bytes_consumed_ = 0;
  std::optional<std::uint64_t> size_;
};

}  // namespace bpm
