#include "bpm/io/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bpm/io/input.hpp"

namespace bpm {

char detect_separator(std::string_view header) noexcept {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',' ? 1 : 0;
    semicolons += c == ';' ? 1 : 0;
    tabs += c == '\t' ? 1 : 0;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

void append_csv_field(std::string& out, std::string_view field, char separator) {
  const bool needs_quotes = field.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string_view::npos;
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string csv_escape(std::string_view field, char separator) {
  std::string out;
  append_csv_field(out, field, separator);
  return out;
}

bool CsvSplitter::split(std::string_view record) {
  fields_.clear();
  offsets_.clear();
  unescaped_.clear();
  // Unescaped text is never longer than the record: reserving it up front means the views into
  // unescaped_ cannot be invalidated by a reallocation while the record is being split.
  unescaped_.reserve(record.size());
  const std::size_t n = record.size();
  std::size_t i = 0;
  for (;;) {
    offsets_.push_back(i);
    std::string_view field;
    if (i < n && record[i] == '"') {
      const std::size_t content = ++i;
      std::size_t copy_start = std::string::npos;  // into unescaped_, once a "" was seen
      for (;;) {
        const std::size_t quote = record.find('"', i);
        if (quote == std::string_view::npos) return false;
        if (quote + 1 < n && record[quote + 1] == '"') {
          if (copy_start == std::string::npos) copy_start = unescaped_.size();
          unescaped_.append(record.substr(i, quote + 1 - i));
          i = quote + 2;
          continue;
        }
        if (copy_start == std::string::npos) {
          field = record.substr(content, quote - content);
        } else {
          unescaped_.append(record.substr(i, quote - i));
          field = std::string_view(unescaped_).substr(copy_start);
        }
        i = quote + 1;
        break;
      }
      if (i < n && record[i] != separator_) throw SyntaxError(i, "unexpected character after a closing quote");
    } else {
      const std::size_t end = std::min(record.find(separator_, i), n);
      field = record.substr(i, end - i);
      i = end;
    }
    fields_.push_back(field);
    if (i >= n) return true;
    ++i;  // the separator
  }
}

CsvReader::CsvReader(LineReader& lines, char separator)
    : lines_(lines), splitter_(separator == 0 ? ',' : separator), detect_(separator == 0) {}

bool CsvReader::next() {
  std::optional<std::string_view> line;
  do {
    line = lines_.next();
    if (!line) return false;
  } while (line->empty());
  line_number_ = lines_.line_number();
  if (detect_) {
    splitter_.set_separator(detect_separator(*line));
    detect_ = false;
  }
  record_ = *line;
  try {
    if (splitter_.split(record_)) return true;
    // A quoted field goes on past the line break: copy, since the next line may move the buffer.
    // Further lines are scanned once, from where the last scan stopped, for the quotes that end
    // the record; only then is it split (again): linear however the record is quoted.
    joined_.assign(*line);
    record_ = joined_;
    std::size_t opened = splitter_.offsets().back();  // the quote of the field still open
    std::size_t scan = opened + 1;
    bool quoted = true;        // inside a quoted field at `scan`
    bool field_start = false;  // outside quotes: at the start of a field
    for (;;) {
      line = lines_.next();
      if (!line) {
        throw CorruptInput(location_at(opened), "this quote opens a field that the input never closes");
      }
      if (joined_.size() + 1 + line->size() > kMaxRecordLength) {
        throw CorruptInput(location_at(opened), fmt::format("this quote opens a field still not closed {} MiB later",
                                                            kMaxRecordLength >> 20));
      }
      joined_.push_back('\n');
      joined_.append(*line);
      record_ = joined_;
      const std::size_t n = joined_.size();
      for (; scan < n; ++scan) {
        const char c = joined_[scan];
        if (quoted) {
          if (c != '"') continue;
          if (scan + 1 < n && joined_[scan + 1] == '"') {
            ++scan;  // an escaped quote
          } else {
            quoted = false;
          }
        } else if (c == splitter_.separator()) {
          field_start = true;
        } else {
          if (c == '"' && field_start) {
            quoted = true;
            opened = scan;
          }
          field_start = false;
        }
      }
      if (quoted) continue;
      if (splitter_.split(record_)) return true;
      // The splitter saw a field still open where the scan did not: trust it, and scan on from there.
      opened = splitter_.offsets().back();
      scan = opened + 1;
      quoted = true;
    }
  } catch (const SyntaxError& e) {
    throw DataError(location_at(e.offset()), e.what());
  }
}

Location CsvReader::location(std::size_t field) const {
  return location_at(field < splitter_.offsets().size() ? splitter_.offsets()[field] : 0);
}

Location CsvReader::location_at(std::size_t offset) const {
  // Within a multi-line record the offset is counted from the last line break before it.
  const std::string_view before = record_.substr(0, std::min(offset, record_.size()));
  const std::size_t breaks = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = breaks == 0 ? 0 : before.rfind('\n') + 1;
  return Location{lines_.path() == "-" ? "<stdin>" : lines_.path(), static_cast<int>(line_number_ + breaks),
                  static_cast<int>(offset - line_start + 1)};
}

}  // namespace bpm
