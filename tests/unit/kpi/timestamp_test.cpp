#include <catch2/catch.hpp>

#include <string_view>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/timestamp.hpp"

using bpm::kpi::parse_iso_timestamp;
using bpm::kpi::TimestampParser;

namespace {
double naive(const char* text) { return bpm::parse_datetime(text); }
}  // namespace

TEST_CASE("ISO 8601 timestamps without a zone are taken as they are", "[kpi][timestamp]") {
  CHECK(*parse_iso_timestamp("2026-01-05") == naive("2026-01-05"));
  CHECK(*parse_iso_timestamp("2026-01-05T09:30") == naive("2026-01-05T09:30"));
  CHECK(*parse_iso_timestamp("2026-01-05 09:30:15") == naive("2026-01-05T09:30:15"));
  CHECK(*parse_iso_timestamp("2026-01-05T09:30:15.250") == Approx(naive("2026-01-05T09:30:15") + 0.25));
  CHECK(*parse_iso_timestamp("2026-01-05T09:30:15,5") == Approx(naive("2026-01-05T09:30:15") + 0.5));
}

TEST_CASE("zoned ISO 8601 timestamps are normalised to UTC", "[kpi][timestamp]") {
  const double utc = naive("2010-12-30T13:32:00");
  CHECK(*parse_iso_timestamp("2010-12-30T14:32:00+01:00") == utc);
  CHECK(*parse_iso_timestamp("2010-12-30 14:32:00+01:00") == utc);
  CHECK(*parse_iso_timestamp("2010-12-30T14:32:00+0100") == utc);
  CHECK(*parse_iso_timestamp("2010-12-30T14:32:00+01") == utc);
  CHECK(*parse_iso_timestamp("2010-12-30T13:32:00Z") == utc);
  CHECK(*parse_iso_timestamp("2010-12-30T08:02:00-05:30") == utc);
  CHECK(*parse_iso_timestamp("2011-04-13T14:02:31.199+02:00") == Approx(naive("2011-04-13T12:02:31") + 0.199));
}

TEST_CASE("malformed timestamps are refused, not guessed", "[kpi][timestamp]") {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2026-01-05T25:00", "2026-01-05T09:60",
                          "2026-1-5", "2026-01-05T09:30+1:00", "2026-01-05T09:30:00 junk", "\x01\x02\x03"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_iso_timestamp(bad).has_value());
  }
  CHECK(parse_iso_timestamp("2024-02-29").has_value());
  CHECK_FALSE(parse_iso_timestamp("2023-02-29").has_value());
}

TEST_CASE("option --time-format patterns read other conventions", "[kpi][timestamp]") {
  const double t = naive("2026-03-07T14:05:09");
  CHECK(*TimestampParser("%d/%m/%Y %H:%M:%S").parse("07/03/2026 14:05:09") == t);
  CHECK(*TimestampParser("%d/%m/%Y %H:%M:%S").parse("7/3/2026 14:05:09") == t);
  CHECK(*TimestampParser("%d.%m.%y %H:%M").parse("07.03.26 14:05") == t - 9);
  CHECK(*TimestampParser("%b %d %Y %I:%M:%S %p").parse("Mar 07 2026 02:05:09 PM") == t);
  CHECK(*TimestampParser("%B %d %Y %I:%M:%S %p").parse("March 07 2026 02:05:09 pm") == t);
  CHECK(*TimestampParser("%F %T").parse("2026-03-07 14:05:09") == t);
  CHECK(*TimestampParser("%Y-%m-%dT%H:%M:%S%z").parse("2026-03-07T15:05:09+01:00") == t);
  CHECK(*TimestampParser("%Y%m%d %H%M%S.%f").parse("20260307 140509.5") == Approx(t + 0.5));
  CHECK(*TimestampParser("%I:%M %p %d/%m/%Y").parse("12:00 AM 07/03/2026") == naive("2026-03-07T00:00"));
  CHECK_FALSE(TimestampParser("%d/%m/%Y").parse("2026-03-07").has_value());
  CHECK_FALSE(TimestampParser("%d/%m/%Y").parse("31/02/2026").has_value());
}

TEST_CASE("epoch formats count seconds or milliseconds since 1970", "[kpi][timestamp]") {
  CHECK(*TimestampParser("epoch").parse("86400") == 86400.0);
  CHECK(*TimestampParser("epoch").parse("1.5") == 1.5);
  CHECK(*TimestampParser("epoch_ms").parse("1500") == 1.5);
  CHECK(*TimestampParser("%s").parse("3600") == 3600.0);
  CHECK_FALSE(TimestampParser("epoch").parse("12abc").has_value());
}

TEST_CASE("a pattern's literal never matches past the end of the value", "[kpi][timestamp]") {
  // A NUL in the pattern once matched the end of the value and moved past it, and %s then threw
  // std::out_of_range out of parse() (found by fuzz_timestamp).
  using namespace std::string_view_literals;
  const TimestampParser nul_then_epoch("\0\0%s"sv);
  CHECK_FALSE(nul_then_epoch.parse("").has_value());
  CHECK_FALSE(nul_then_epoch.parse("12").has_value());
  CHECK(*nul_then_epoch.parse("\0\0"
                              "12"sv) == 12.0);
  CHECK_FALSE(TimestampParser("T%s").parse("").has_value());
}

TEST_CASE("a malformed --time-format is a usage error", "[kpi][timestamp]") {
  CHECK_THROWS_AS(TimestampParser("%Y-%Q"), bpm::UsageError);
  CHECK_THROWS_AS(TimestampParser("%Y-%"), bpm::UsageError);
  CHECK(TimestampParser("").description() == "ISO 8601");
  CHECK(TimestampParser("%d/%m/%Y").description() == "%d/%m/%Y");
}
