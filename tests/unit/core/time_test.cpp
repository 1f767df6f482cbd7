#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"

namespace {

/// Offset of the SyntaxError that `parse` throws for `text` (or npos when it does not throw).
template <typename Parse>
std::size_t error_offset(Parse parse, std::string_view text) {
  try {
    parse(text);
  } catch (const bpm::SyntaxError& e) {
    return e.offset();
  }
  return std::string_view::npos;
}

std::size_t duration_error(std::string_view text) {
  return error_offset([](std::string_view t) { (void)bpm::parse_duration(t, 60); }, text);
}

std::size_t datetime_error(std::string_view text) {
  return error_offset([](std::string_view t) { (void)bpm::parse_datetime(t); }, text);
}

}  // namespace

TEST_CASE("unit names map to seconds", "[core][time]") {
  CHECK(bpm::unit_seconds("s") == 1);
  CHECK(bpm::unit_seconds("sec") == 1);
  CHECK(bpm::unit_seconds("seconds") == 1);
  CHECK(bpm::unit_seconds("m") == 60);
  CHECK(bpm::unit_seconds("min") == 60);
  CHECK(bpm::unit_seconds("minute") == 60);
  CHECK(bpm::unit_seconds("minutes") == 60);
  CHECK(bpm::unit_seconds("h") == 3600);
  CHECK(bpm::unit_seconds("hours") == 3600);
  CHECK(bpm::unit_seconds("d") == 86400);
  CHECK(bpm::unit_seconds("day") == 86400);
  CHECK(bpm::unit_seconds("w") == 604800);
  CHECK(bpm::unit_seconds("weeks") == 604800);
  CHECK_FALSE(bpm::unit_seconds("").has_value());
  CHECK_FALSE(bpm::unit_seconds("x").has_value());
  CHECK_FALSE(bpm::unit_seconds("M").has_value());  // months are not a fixed length
  CHECK_FALSE(bpm::unit_seconds("ms").has_value());
}

TEST_CASE("durations parse with and without units", "[core][time]") {
  CHECK(bpm::parse_duration("90s", 60) == 90);
  CHECK(bpm::parse_duration("20m", 60) == 1200);
  CHECK(bpm::parse_duration("4h", 60) == 14400);
  CHECK(bpm::parse_duration("2d", 60) == 172800);
  CHECK(bpm::parse_duration("1w", 60) == 604800);
  CHECK(bpm::parse_duration("1.5h", 60) == 5400);
  CHECK(bpm::parse_duration(".5h", 60) == 1800);
  CHECK(bpm::parse_duration("10 min", 60) == 600);
  CHECK(bpm::parse_duration(" 2 hours ", 60) == 7200);
  CHECK(bpm::parse_duration("0.5 days", 60) == 43200);
  SECTION("a bare number is in the bare unit") {
    CHECK(bpm::parse_duration("3", 60) == 180);
    CHECK(bpm::parse_duration("3", 1) == 3);
    CHECK(bpm::parse_duration("2.5", 3600) == 9000);
    CHECK(bpm::parse_duration("0", 60) == 0);
  }
}

TEST_CASE("malformed durations report the offending offset", "[core][time]") {
  CHECK(duration_error("-5m") == 0);
  CHECK(duration_error("") == 0);
  CHECK(duration_error("m") == 0);
  CHECK(duration_error("5x") == 1);
  CHECK(duration_error("5 parsecs") == 2);
  CHECK(duration_error("5m 3s") == 3);
  CHECK(duration_error("5m!") == 2);
  try {
    (void)bpm::parse_duration("-5m", 60);
    FAIL("negative duration accepted");
  } catch (const bpm::SyntaxError& e) {
    CHECK(std::string(e.what()) == "negative duration");
  }
  try {
    (void)bpm::parse_duration("5x", 60);
    FAIL("unknown unit accepted");
  } catch (const bpm::SyntaxError& e) {
    CHECK(std::string(e.what()) == "unknown time unit 'x'");
  }
}

TEST_CASE("format_duration picks the largest exact unit", "[core][time]") {
  CHECK(bpm::format_duration(0) == "0s");
  CHECK(bpm::format_duration(90) == "90s");
  CHECK(bpm::format_duration(1200) == "20m");
  CHECK(bpm::format_duration(3600) == "1h");
  CHECK(bpm::format_duration(5400) == "90m");
  CHECK(bpm::format_duration(86400) == "1d");
  CHECK(bpm::format_duration(90000) == "25h");
  CHECK(bpm::format_duration(604800) == "1w");
  CHECK(bpm::format_duration(1209600) == "2w");
  CHECK(bpm::format_duration(0.5) == "0.5s");
  CHECK(bpm::format_duration(1.25) == "1.25s");
  CHECK(bpm::format_duration(-300) == "-5m");
  SECTION("the text parses back to the same double") {
    const std::array<double, 9> values{0.1, 1.0 / 3.0, 12345.678, 1e-7, 1e20, 59.999, 7200.5, 2.0 / 3.0 * 3600, 0.0};
    for (const double v : values) {
      INFO(v);
      CHECK(bpm::parse_duration(bpm::format_duration(v), 1) == v);
    }
  }
}

TEST_CASE("humanize_duration keeps three significant digits", "[core][time]") {
  CHECK(bpm::humanize_duration(3.25 * 86400) == "3.25d");
  CHECK(bpm::humanize_duration(2700) == "45m");
  CHECK(bpm::humanize_duration(5400) == "1.5h");
  CHECK(bpm::humanize_duration(12) == "12s");
  CHECK(bpm::humanize_duration(0) == "0s");
  CHECK(bpm::humanize_duration(0.25) == "0.25s");
  CHECK(bpm::humanize_duration(1234) == "20.6m");
  CHECK(bpm::humanize_duration(2 * 604800) == "2w");
  CHECK(bpm::humanize_duration(-90) == "-1.5m");
}

TEST_CASE("civil dates and weekdays", "[core][time]") {
  CHECK(bpm::days_from_civil(1970, 1, 1) == 0);
  CHECK(bpm::days_from_civil(1969, 12, 31) == -1);
  CHECK(bpm::days_from_civil(2000, 3, 1) == 11017);
  CHECK(bpm::days_from_civil(2024, 2, 29) == 19782);
  CHECK(bpm::days_from_civil(2026, 1, 5) == 20458);
  CHECK(bpm::days_from_civil(1600, 3, 1) == -135080);
  CHECK(bpm::weekday_from_days(0) == 3);      // Thursday
  CHECK(bpm::weekday_from_days(20458) == 0);  // 2026-01-05 is a Monday
  CHECK(bpm::weekday_from_days(-1) == 2);
  CHECK(bpm::weekday_from_days(-135080) == 2);
  CHECK(bpm::weekday_from_days(19782) == 3);
}

TEST_CASE("dates and date-times parse", "[core][time]") {
  CHECK(bpm::parse_date("2026-01-05") == 20458);
  CHECK(bpm::parse_date("2024-02-29") == 19782);
  CHECK(bpm::parse_datetime("2026-01-05") == 1767571200.0);
  CHECK(bpm::parse_datetime("2026-01-05T09:30") == 1767605400.0);
  CHECK(bpm::parse_datetime("2026-01-05 09:30") == 1767605400.0);
  CHECK(bpm::parse_datetime("2026-01-05T09:30:15") == 1767605415.0);
  CHECK(bpm::parse_datetime("2026-01-05T09:30:15.25") == 1767605415.25);
  SECTION("errors point at the bad field") {
    CHECK(datetime_error("2026-13-01") == 5);
    CHECK(datetime_error("2026-00-01") == 5);
    CHECK(datetime_error("2026-02-29") == 8);
    CHECK(datetime_error("2026-04-31") == 8);
    CHECK(datetime_error("26-01-05") == 2);
    CHECK(datetime_error("2026/01/05") == 4);
    CHECK(datetime_error("2026-01-05X09:30") == 10);
    CHECK(datetime_error("2026-01-05T24:00") == 11);
    CHECK(datetime_error("2026-01-05T09:60") == 14);
    CHECK(datetime_error("2026-01-05T09:30:61") == 17);
    CHECK(datetime_error("2026-01-05T09:30:00Z") == 19);
    CHECK(datetime_error("2026-01-05T09") == 13);
    CHECK(datetime_error("2026-01-05T09:30:00.") == 20);
    CHECK(error_offset([](std::string_view t) { (void)bpm::parse_date(t); }, "2026-01-05T09:30") == 10);
  }
}

TEST_CASE("date-times format as ISO text", "[core][time]") {
  CHECK(bpm::format_datetime(1767605400.0) == "2026-01-05T09:30:00");
  CHECK(bpm::format_datetime(1767605415.25) == "2026-01-05T09:30:15.250");
  CHECK(bpm::format_datetime(0.0) == "1970-01-01T00:00:00");
  CHECK(bpm::format_datetime(-1.0) == "1969-12-31T23:59:59");
  CHECK(bpm::format_datetime(-0.5) == "1969-12-31T23:59:59.500");
  // Rounding to milliseconds carries into the next second, minute and day.
  CHECK(bpm::format_datetime(86399.9996) == "1970-01-02T00:00:00");
  CHECK(bpm::format_datetime(bpm::parse_datetime("2024-02-29T23:59:59.999")) == "2024-02-29T23:59:59.999");
  CHECK(bpm::format_datetime(std::nan("")) == "nan");
  CHECK(bpm::format_datetime(1e300) == "inf");

  SECTION("format_datetime_to writes in place and returns the length") {
    std::array<char, 32> buffer{};
    buffer.fill('#');
    const std::size_t size = bpm::format_datetime_to(1767605415.25, buffer.data());
    CHECK(std::string_view(buffer.data(), size) == "2026-01-05T09:30:15.250");
    CHECK(size == 23);
    for (std::size_t i = size; i < buffer.size(); ++i) CHECK(buffer[i] == '#');
    const std::size_t whole = bpm::format_datetime_to(1767605400.0, buffer.data());
    CHECK(std::string_view(buffer.data(), whole) == "2026-01-05T09:30:00");
  }
  SECTION("the widest representable times stay within 24 bytes") {
    std::array<char, 32> buffer{};
    buffer.fill('#');
    const double last = static_cast<double>(bpm::days_from_civil(9999, 12, 31)) * 86400 + 86399.999;
    const std::size_t size = bpm::format_datetime_to(last, buffer.data());
    CHECK(std::string_view(buffer.data(), size) == "9999-12-31T23:59:59.999");
    CHECK(buffer[24] == '#');
    CHECK(bpm::format_datetime(static_cast<double>(bpm::days_from_civil(0, 1, 1)) * 86400) == "0000-01-01T00:00:00");
    CHECK(bpm::format_datetime(static_cast<double>(bpm::days_from_civil(-1, 12, 31)) * 86400) == "-inf");
  }
  SECTION("parse and format round-trip") {
    for (const char* text :
         {"2026-01-05T09:30:00", "1999-12-31T23:59:59", "2026-07-14T12:00:00.125", "1900-03-01T00:00:01"}) {
      CHECK(bpm::format_datetime(bpm::parse_datetime(text)) == text);
    }
  }
}

TEST_CASE("durations that overflow are refused, not infinite", "[core][time]") {
  // 1e308d once became +inf seconds, which `fmt` wrote as `horizon: inf` and no file could read.
  CHECK(duration_error("1e308d") == 0);
  CHECK(duration_error(" 1e308 w") == 1);
  CHECK_THROWS_WITH(bpm::parse_duration("1e308d", 60), "duration out of range");
  CHECK_THROWS_WITH(bpm::parse_duration("1e307", 60), "duration out of range");  // bare, in minutes
  CHECK(bpm::parse_duration("1e300s", 60) == 1e300);
}
