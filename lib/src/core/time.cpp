#include "bpm/core/time.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "core/number_scan.hpp"

namespace bpm {

namespace {

constexpr double kMinute = 60.0;
constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;
constexpr double kWeek = 604800.0;

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

std::optional<double> unit_seconds(std::string_view unit) noexcept {
  struct UnitName {
    std::string_view name;
    double seconds;
  };
  static constexpr std::array<UnitName, 19> kUnits{{
      {"s", 1.0},     {"sec", 1.0},     {"secs", 1.0},     {"second", 1.0},     {"seconds", 1.0},
      {"m", kMinute}, {"min", kMinute}, {"mins", kMinute}, {"minute", kMinute}, {"minutes", kMinute},
      {"h", kHour},   {"hour", kHour},  {"hours", kHour},  {"d", kDay},         {"day", kDay},
      {"days", kDay}, {"w", kWeek},     {"week", kWeek},   {"weeks", kWeek},
  }};
  for (const auto& u : kUnits) {
    if (u.name == unit) return u.seconds;
  }
  return std::nullopt;
}

double parse_duration(std::string_view text, double bare_unit_seconds) {
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  if (pos == text.size()) throw SyntaxError(pos, "empty duration");
  if (text[pos] == '-') throw SyntaxError(pos, "negative duration");
  if (text[pos] == '+') ++pos;
  const std::size_t number_begin = pos;
  const ScannedNumber number = scan_number(text, pos);
  if (!number.ok) throw SyntaxError(pos, "expected a duration such as '30m'");
  pos = number.end;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  const std::size_t unit_begin = pos;
  while (pos < text.size() && is_unit_char(text[pos])) ++pos;
  const std::string_view unit = text.substr(unit_begin, pos - unit_begin);
  std::size_t end = pos;
  while (end < text.size() && is_space(text[end])) ++end;
  if (end != text.size()) throw SyntaxError(end, "unexpected text after duration");
  const auto seconds = unit.empty() ? std::optional(bare_unit_seconds) : unit_seconds(unit);
  if (!seconds) throw SyntaxError(unit_begin, fmt::format("unknown time unit '{}'", unit));
  const double value = number.value * *seconds;
  // 1e308d overflows to infinity, which no file can write back and no clock reaches.
  if (!std::isfinite(value)) throw SyntaxError(number_begin, "duration out of range");
  return value;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return seconds > 0 ? "inf" : seconds < 0 ? "-inf" : "nan";
  // Whole seconds (exact below 2^53) are written in the largest unit that divides them, so that the
  // text reads as a person would write it and parses back to the same double.
  if (seconds == std::floor(seconds) && std::fabs(seconds) < 0x1.0p53) {
    const auto whole = static_cast<std::int64_t>(seconds);
    if (whole == 0) return "0s";
    struct Unit {
      std::int64_t seconds;
      char symbol;
    };
    static constexpr std::array<Unit, 4> kUnits{{{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}}};
    for (const auto& u : kUnits) {
      if (whole % u.seconds == 0) return fmt::format("{}{}", whole / u.seconds, u.symbol);
    }
    return fmt::format("{}s", whole);
  }
  // Fractional seconds: the shortest decimal that reads back to the same double ("0.5s", "1.25s");
  // exactness matters more than brevity because distributions must survive a write/read cycle.
  return fmt::format("{}s", seconds);
}

std::string humanize_duration(double seconds) {
  if (!std::isfinite(seconds)) return seconds > 0 ? "inf" : seconds < 0 ? "-inf" : "nan";
  if (seconds == 0.0) return "0s";
  const char* sign = seconds < 0 ? "-" : "";
  const double magnitude = std::fabs(seconds);
  struct Unit {
    double seconds;
    char symbol;
  };
  static constexpr std::array<Unit, 5> kUnits{{{kWeek, 'w'}, {kDay, 'd'}, {kHour, 'h'}, {kMinute, 'm'}, {1.0, 's'}}};
  Unit chosen = kUnits.back();
  for (const auto& u : kUnits) {
    if (magnitude >= u.seconds) {
      chosen = u;
      break;
    }
  }
  const double value = magnitude / chosen.seconds;
  // %g with 3 significant digits turns to exponent notation from 1000 on; whole numbers read better.
  if (value >= 1000.0) return fmt::format("{}{:.0f}{}", sign, value, chosen.symbol);
  return fmt::format("{}{:.3g}{}", sign, value, chosen.symbol);
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept {
  // Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms": eras of 400 years starting in March.
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

int weekday_from_days(std::int64_t days) noexcept {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t shifted = (days + 3) % 7;
  return static_cast<int>(shifted < 0 ? shifted + 7 : shifted);
}

namespace {

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t days) noexcept {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

bool is_leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(int year, unsigned month) noexcept {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

/// Reads exactly `width` digits at `pos`; throws with `what` naming the field otherwise.
unsigned read_digits(std::string_view text, std::size_t pos, std::size_t width, const char* what) {
  unsigned value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    if (pos + i >= text.size() || text[pos + i] < '0' || text[pos + i] > '9') {
      throw SyntaxError(pos + i, fmt::format("expected {} digits for the {}", width, what));
    }
    value = value * 10 + static_cast<unsigned>(text[pos + i] - '0');
  }
  return value;
}

void expect_char(std::string_view text, std::size_t pos, char c) {
  if (pos >= text.size() || text[pos] != c) {
    throw SyntaxError(pos, fmt::format("expected '{}' in a date/time such as 2026-01-05T09:30", c));
  }
}

/// Parses YYYY-MM-DD at the start of `text`; the date ends at offset 10.
std::int64_t parse_date_prefix(std::string_view text) {
  const auto year = static_cast<int>(read_digits(text, 0, 4, "year"));
  expect_char(text, 4, '-');
  const unsigned month = read_digits(text, 5, 2, "month");
  if (month < 1 || month > 12) throw SyntaxError(5, fmt::format("month {} out of range 01-12", month));
  expect_char(text, 7, '-');
  const unsigned day = read_digits(text, 8, 2, "day");
  if (day < 1 || day > days_in_month(year, month)) {
    throw SyntaxError(8, fmt::format("day {} out of range for {:04}-{:02}", day, year, month));
  }
  return days_from_civil(year, month, day);
}

/// Writes `value` as exactly `width` digits, most significant first.
char* put_digits(char* out, std::uint64_t value, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

std::int64_t parse_date(std::string_view text) {
  const std::int64_t days = parse_date_prefix(text);
  if (text.size() != 10) throw SyntaxError(10, "unexpected text after date");
  return days;
}

Time parse_datetime(std::string_view text) {
  const std::int64_t days = parse_date_prefix(text);
  double seconds_of_day = 0.0;
  if (text.size() > 10) {
    if (text[10] != 'T' && text[10] != ' ') throw SyntaxError(10, "expected 'T' or ' ' between date and time");
    const unsigned hour = read_digits(text, 11, 2, "hour");
    if (hour > 23) throw SyntaxError(11, fmt::format("hour {} out of range 00-23", hour));
    expect_char(text, 13, ':');
    const unsigned minute = read_digits(text, 14, 2, "minute");
    if (minute > 59) throw SyntaxError(14, fmt::format("minute {} out of range 00-59", minute));
    seconds_of_day = hour * kHour + minute * kMinute;
    std::size_t pos = 16;
    if (pos < text.size()) {
      expect_char(text, pos, ':');
      const unsigned second = read_digits(text, 17, 2, "second");
      if (second > 59) throw SyntaxError(17, fmt::format("second {} out of range 00-59", second));
      seconds_of_day += second;
      pos = 19;
      if (pos < text.size() && text[pos] == '.') {
        // Fractional seconds, as format_datetime writes them ("09:30:00.250").
        std::size_t end = pos + 1;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        if (end == pos + 1) throw SyntaxError(end, "expected digits after '.'");
        double fraction = 0.0;
        std::from_chars(text.data() + pos, text.data() + end, fraction);
        seconds_of_day += fraction;
        pos = end;
      }
    }
    if (pos != text.size()) throw SyntaxError(pos, "unexpected text after time");
  }
  return static_cast<double>(days) * kDay + seconds_of_day;
}

std::size_t format_datetime_to(Time absolute_seconds, char* out) noexcept {
  // Years 0000-9999 keep the text within 23 bytes; anything else (and non-finite times) is written
  // as a saturated marker rather than overflowing the caller's buffer.
  constexpr double kFirst = -62167219200.0;  // 0000-01-01T00:00:00
  constexpr double kLimit = kTimestampLimit;
  auto put_text = [out](std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = text[i];
    return text.size();
  };
  if (std::isnan(absolute_seconds)) return put_text("nan");
  // Milliseconds are the resolution of the written form; rounding first keeps 09:29:59.9999 from
  // printing as 09:29:59.1000.
  const double total_ms = std::nearbyint(absolute_seconds * 1000.0);
  if (!(total_ms >= kFirst * 1000.0)) return put_text("-inf");
  if (!(total_ms < kLimit * 1000.0)) return put_text("inf");
  const auto ms = static_cast<std::int64_t>(total_ms);
  std::int64_t days = ms / 86400000;
  std::int64_t ms_of_day = ms % 86400000;
  if (ms_of_day < 0) {
    ms_of_day += 86400000;
    --days;
  }
  const Civil date = civil_from_days(days);
  char* p = out;
  p = put_digits(p, static_cast<std::uint64_t>(date.year), 4);
  *p++ = '-';
  p = put_digits(p, date.month, 2);
  *p++ = '-';
  p = put_digits(p, date.day, 2);
  *p++ = 'T';
  const auto seconds_of_day = static_cast<std::uint64_t>(ms_of_day / 1000);
  p = put_digits(p, seconds_of_day / 3600, 2);
  *p++ = ':';
  p = put_digits(p, seconds_of_day / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, seconds_of_day % 60, 2);
  const auto millis = static_cast<std::uint64_t>(ms_of_day % 1000);
  if (millis != 0) {
    *p++ = '.';
    p = put_digits(p, millis, 3);
  }
  return static_cast<std::size_t>(p - out);
}

std::string format_datetime(Time absolute_seconds) {
  char buffer[32];
  const std::size_t size = format_datetime_to(absolute_seconds, buffer);
  return std::string(buffer, size);
}

}  // namespace bpm
