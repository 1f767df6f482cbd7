#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/export.hpp"
#include "bpm/io/input.hpp"

namespace bpm {

/// The separator of a CSV file guessed from its header line: the most frequent of ',' ';' and
/// '\t' outside quotes, ',' when none occurs (a one-column file) or on a tie.
[[nodiscard]] BPM_API char detect_separator(std::string_view header) noexcept;

/// `field` as a CSV field: unchanged, or in double quotes (inner quotes doubled) when it
/// contains the separator, a quote, '\n' or '\r' (RFC 4180).
[[nodiscard]] BPM_API std::string csv_escape(std::string_view field, char separator = ',');
/// The same, appended to `out`: for writers of millions of rows.
BPM_API void append_csv_field(std::string& out, std::string_view field, char separator = ',');

/// Splits one CSV record (RFC 4180) into fields without copying: each field is a view into the
/// record, except fields with doubled quotes, whose unescaped text lives in a buffer reused from
/// record to record. The views stay valid until the next split() and while the record lives.
///
/// Lenient where RFC 4180 is silent: a quote inside an unquoted field is kept literally, as
/// spreadsheets do. Strict where data would be lost: text between a closing quote and the next
/// separator is a SyntaxError.
class BPM_API CsvSplitter {
 public:
  explicit CsvSplitter(char separator = ',') noexcept : separator_(separator) {}

  /// Splits `record`. Returns false when a quoted field is still open at its end: the record
  /// goes on after a line break inside the quotes (call again with the next line appended).
  /// Throws SyntaxError with the byte offset of the first character after a closing quote that
  /// is not a separator.
  bool split(std::string_view record);

  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  /// Byte offset in the record where each field (its opening quote, if any) starts.
  [[nodiscard]] const std::vector<std::size_t>& offsets() const noexcept { return offsets_; }
  [[nodiscard]] char separator() const noexcept { return separator_; }
  void set_separator(char separator) noexcept { separator_ = separator; }

 private:
  char separator_;
  std::vector<std::string_view> fields_;
  std::vector<std::size_t> offsets_;
  std::string unescaped_;
};

/// Reads CSV records from a LineReader, joining physical lines while a quoted field is open
/// (line breaks inside quotes read as '\n'). Blank lines are skipped. The separator is given,
/// or detected from the first line (the header) when 0. Linear in the input, however the quotes
/// fall; a record may span at most kMaxRecordLength bytes.
class BPM_API CsvReader {
 public:
  static constexpr std::size_t kMaxRecordLength = LineReader::kMaxLineLength;

  explicit CsvReader(LineReader& lines, char separator = 0);

  /// Reads the next record; false at the end of the input. Throws DataError at file:line:col for
  /// malformed quoting within a record (the caller may go on with the next record), CorruptInput
  /// at the opening quote for a quoted field that the input never closes or that runs past
  /// kMaxRecordLength (nothing after it can be read reliably), and IoError from the LineReader.
  bool next();

  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return splitter_.fields(); }
  [[nodiscard]] std::size_t size() const noexcept { return splitter_.fields().size(); }
  [[nodiscard]] std::string_view operator[](std::size_t field) const { return splitter_.fields()[field]; }
  /// The physical line on which the current record starts.
  [[nodiscard]] std::uint64_t line_number() const noexcept { return line_number_; }
  /// Where a field of the current record starts, for diagnostics ("log.csv:12:31").
  [[nodiscard]] Location location(std::size_t field) const;
  /// The separator in use (0 until the first record when detecting).
  [[nodiscard]] char separator() const noexcept { return splitter_.separator(); }

 private:
  [[nodiscard]] Location location_at(std::size_t offset) const;

  LineReader& lines_;
  CsvSplitter splitter_;
  bool detect_;
  std::string joined_;       // the record when it spans several lines
  std::string_view record_;  // the current record's text
  std::uint64_t line_number_ = 0;
};

}  // namespace bpm
