#include "bpm/kpi/timestamp.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "bpm/core/error.hpp"

namespace bpm::kpi {
namespace {

constexpr double kDay = 86400.0;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// A cursor over the text being parsed; every reader fails softly (returns false).
struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  [[nodiscard]] bool done() const noexcept { return pos >= text.size(); }
  [[nodiscard]] char peek() const noexcept { return pos < text.size() ? text[pos] : '\0'; }

  /// Exactly `width` digits.
  bool fixed(std::size_t width, int& out) noexcept {
    if (pos + width > text.size()) return false;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const char c = text[pos + i];
      if (!is_digit(c)) return false;
      value = value * 10 + (c - '0');
    }
    pos += width;
    out = value;
    return true;
  }

  /// Between 1 and `max_width` digits.
  bool up_to(std::size_t max_width, int& out) noexcept {
    int value = 0;
    std::size_t n = 0;
    while (n < max_width && pos < text.size() && is_digit(text[pos])) {
      value = value * 10 + (text[pos] - '0');
      ++pos;
      ++n;
    }
    out = value;
    return n > 0;
  }

  bool accept(char c) noexcept {
    // Not through peek(): its '\0' past the end would match a NUL in the pattern and move past it.
    if (done() || text[pos] != c) return false;
    ++pos;
    return true;
  }

  /// Digits after a decimal point, as a fraction of a second.
  bool fraction(double& out) noexcept {
    double scale = 0.1;
    double value = 0.0;
    std::size_t n = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      value += (text[pos] - '0') * scale;
      scale *= 0.1;
      ++pos;
      ++n;
    }
    out = value;
    return n > 0;
  }

  /// "Z", "+01:00", "+0100", "+01", "-05:30"; offset in seconds east of UTC.
  bool zone(double& offset) noexcept {
    if (accept('Z') || accept('z')) {
      offset = 0.0;
      return true;
    }
    const char sign = peek();
    if (sign != '+' && sign != '-') return false;
    ++pos;
    int hours = 0;
    int minutes = 0;
    if (!fixed(2, hours) || hours > 23) return false;
    if (accept(':')) {
      if (!fixed(2, minutes)) return false;
    } else if (pos + 2 <= text.size() && is_digit(text[pos])) {
      if (!fixed(2, minutes)) return false;
    }
    if (minutes > 59) return false;
    offset = (sign == '-' ? -1.0 : 1.0) * (hours * 3600.0 + minutes * 60.0);
    return true;
  }
};

bool is_leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool valid_date(int year, int month, int day) noexcept {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int limit = month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
  return day <= limit;
}

std::optional<Time> compose(int year, int month, int day, int hour, int minute, int second, double fraction,
                            double zone_offset) noexcept {
  if (!valid_date(year, month, day) || hour > 24 || minute > 59 || second > 60) return std::nullopt;
  // 24:00:00 is ISO 8601's end of day; a leap second (60) is folded into the next minute.
  if (hour == 24 && (minute != 0 || second != 0 || fraction != 0.0)) return std::nullopt;
  const auto days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days) * kDay + hour * 3600.0 + minute * 60.0 + second + fraction - zone_offset;
}

int month_from_name(Cursor& in) noexcept {
  static constexpr std::array<std::string_view, 12> kNames{"january",   "february", "march",    "april",
                                                           "may",       "june",     "july",     "august",
                                                           "september", "october",  "november", "december"};
  if (in.pos + 3 > in.text.size()) return 0;
  for (std::size_t m = 0; m < kNames.size(); ++m) {
    const std::string_view name = kNames[m];
    bool prefix = true;
    for (std::size_t i = 0; i < 3; ++i) prefix = prefix && lower(in.text[in.pos + i]) == name[i];
    if (!prefix) continue;
    // The full name is accepted too ("March" as well as "Mar").
    std::size_t length = 3;
    while (length < name.size() && in.pos + length < in.text.size() &&
           lower(in.text[in.pos + length]) == name[length]) {
      ++length;
    }
    if (length != name.size()) length = 3;
    in.pos += length;
    return static_cast<int>(m) + 1;
  }
  return 0;
}

bool parse_epoch(std::string_view text, double scale, Time& out) noexcept {
  Cursor in{text};
  const bool negative = in.accept('-');
  double value = 0.0;
  std::size_t digits = 0;
  while (!in.done() && is_digit(in.peek())) {
    value = value * 10.0 + (in.peek() - '0');
    ++in.pos;
    ++digits;
  }
  if (in.accept('.')) {
    double fraction = 0.0;
    in.fraction(fraction);
    value += fraction;
  }
  if (digits == 0 || !in.done()) return false;
  out = (negative ? -value : value) * scale;
  return true;
}

}  // namespace

namespace {

/// ISO 8601 with a one-date memo: logs hold many events per day, and the calendar arithmetic of
/// a date is a fifth of the parsing time.
std::optional<Time> parse_iso(std::string_view text, DateMemo* memo) noexcept {
  Cursor in{text};
  std::int64_t days = 0;
  if (memo != nullptr && text.size() >= 10 && memo->valid && std::memcmp(text.data(), memo->text, 10) == 0) {
    days = memo->days;
    in.pos = 10;
  } else {
    int year = 0;
    int month = 0;
    int day = 0;
    if (!in.fixed(4, year) || !in.accept('-') || !in.fixed(2, month) || !in.accept('-') || !in.fixed(2, day)) {
      return std::nullopt;
    }
    if (!valid_date(year, month, day)) return std::nullopt;
    days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    if (memo != nullptr) {
      std::memcpy(memo->text, text.data(), 10);
      memo->days = days;
      memo->valid = true;
    }
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  double fraction = 0.0;
  double offset = 0.0;
  if (in.accept('T') || in.accept(' ') || in.accept('t')) {
    if (!in.fixed(2, hour) || !in.accept(':') || !in.fixed(2, minute)) return std::nullopt;
    if (in.accept(':')) {
      if (!in.fixed(2, second)) return std::nullopt;
      if ((in.accept('.') || in.accept(',')) && !in.fraction(fraction)) return std::nullopt;
    }
    in.accept(' ');
    if (!in.done() && !in.zone(offset)) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
  if (hour == 24 && (minute != 0 || second != 0 || fraction != 0.0)) return std::nullopt;
  return static_cast<double>(days) * kDay + hour * 3600.0 + minute * 60.0 + second + fraction - offset;
}

}  // namespace

std::optional<Time> parse_iso_timestamp(std::string_view text) noexcept { return parse_iso(text, nullptr); }

TimestampParser::TimestampParser(std::string_view format) {
  if (format.empty() || format == "iso" || format == "ISO8601" || format == "iso8601") return;
  if (format == "epoch") {
    mode_ = Mode::Epoch;
    return;
  }
  if (format == "epoch_ms") {
    mode_ = Mode::EpochMillis;
    return;
  }
  mode_ = Mode::Pattern;
  pattern_ = std::string(format);
  auto add = [this](Piece::Kind kind, char literal = 0) { pieces_.push_back(Piece{kind, literal}); };
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == ' ') {
      add(Piece::Space);
      continue;
    }
    if (c != '%') {
      add(Piece::Literal, c);
      continue;
    }
    if (++i == format.size()) throw SettingError("time_format", fmt::format("'{}' ends with a lone '%'", format));
    switch (format[i]) {
      case 'Y': add(Piece::Year4); break;
      case 'y': add(Piece::Year2); break;
      case 'm': add(Piece::Month); break;
      case 'd':
      case 'e': add(Piece::Day); break;
      case 'H': add(Piece::Hour24); break;
      case 'I': add(Piece::Hour12); break;
      case 'p': add(Piece::AmPm); break;
      case 'M': add(Piece::Minute); break;
      case 'S': add(Piece::Second); break;
      case 'f': add(Piece::Fraction); break;
      case 'b':
      case 'B':
      case 'h': add(Piece::MonthName); break;
      case 'z':
      case 'Z': add(Piece::Zone); break;
      case 's': add(Piece::EpochSeconds); break;
      case 'F':
        add(Piece::Year4), add(Piece::Literal, '-'), add(Piece::Month), add(Piece::Literal, '-'), add(Piece::Day);
        break;
      case 'T':
        add(Piece::Hour24), add(Piece::Literal, ':'), add(Piece::Minute), add(Piece::Literal, ':'), add(Piece::Second);
        break;
      case '%': add(Piece::Literal, '%'); break;
      default:
        throw SettingError("time_format", fmt::format("'{}': unsupported conversion '%{}' (supported: %Y %y %m %d %e "
                                                      "%H %I %p %M %S %f %b %B %z %s %F %T %%)",
                                                      format, format[i]));
    }
  }
}

std::string TimestampParser::description() const {
  switch (mode_) {
    case Mode::Iso: return "ISO 8601";
    case Mode::Epoch: return "epoch";
    case Mode::EpochMillis: return "epoch_ms";
    case Mode::Pattern: break;
  }
  return pattern_;
}

std::optional<Time> TimestampParser::parse(std::string_view text) const noexcept {
  // Surrounding blanks are common in hand-made exports and never meaningful.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  Time epoch = 0.0;
  switch (mode_) {
    case Mode::Iso: return parse_iso(text, &memo_);
    case Mode::Epoch: return parse_epoch(text, 1.0, epoch) ? std::optional<Time>(epoch) : std::nullopt;
    case Mode::EpochMillis: return parse_epoch(text, 0.001, epoch) ? std::optional<Time>(epoch) : std::nullopt;
    case Mode::Pattern: break;
  }
  Cursor in{text};
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  double fraction = 0.0;
  double offset = 0.0;
  bool pm = false;
  bool twelve_hour = false;
  for (const Piece& piece : pieces_) {
    bool ok = true;
    switch (piece.kind) {
      case Piece::Literal: ok = in.accept(piece.literal); break;
      case Piece::Space:
        while (in.peek() == ' ' || in.peek() == '\t') ++in.pos;
        break;
      case Piece::Year4: ok = in.fixed(4, year); break;
      case Piece::Year2:
        // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
        ok = in.fixed(2, year);
        year += year < 69 ? 2000 : 1900;
        break;
      case Piece::Month: ok = in.up_to(2, month); break;
      case Piece::Day: ok = in.up_to(2, day); break;
      case Piece::Hour24: ok = in.up_to(2, hour); break;
      case Piece::Hour12:
        ok = in.up_to(2, hour) && hour >= 1 && hour <= 12;
        twelve_hour = true;
        break;
      case Piece::AmPm: {
        const char c = lower(in.peek());
        ok = (c == 'a' || c == 'p') && in.pos + 1 < in.text.size() && lower(in.text[in.pos + 1]) == 'm';
        if (ok) {
          pm = c == 'p';
          in.pos += 2;
        }
        break;
      }
      case Piece::Minute: ok = in.up_to(2, minute); break;
      case Piece::Second: ok = in.up_to(2, second); break;
      case Piece::Fraction: ok = in.fraction(fraction); break;
      case Piece::MonthName:
        month = month_from_name(in);
        ok = month != 0;
        break;
      case Piece::Zone: ok = in.zone(offset); break;
      case Piece::EpochSeconds: {
        std::size_t end = in.pos;
        while (end < in.text.size() && (is_digit(in.text[end]) || in.text[end] == '-' || in.text[end] == '.')) ++end;
        ok = parse_epoch(in.text.substr(in.pos, end - in.pos), 1.0, epoch);
        in.pos = end;
        if (ok) {
          year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
          fraction = epoch;  // added below as seconds
        }
        break;
      }
    }
    if (!ok) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  if (twelve_hour) hour = hour % 12 + (pm ? 12 : 0);
  return compose(year, month, day, hour, minute, second, fraction, offset);
}

}  // namespace bpm::kpi
