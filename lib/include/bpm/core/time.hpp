#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// Simulation and log time: seconds, as a double. Absolute times are seconds since
/// 1970-01-01T00:00:00 in the process's (naive, zone-less) local time.
using Time = double;

/// Seconds in one of the duration units of the process format: s m h d w and their long names
/// (seconds, minutes, hours, days, weeks; singular or plural). nullopt for anything else.
[[nodiscard]] BPM_API std::optional<double> unit_seconds(std::string_view unit) noexcept;

/// Parses "90s", "20m", "4h", "2d", "1w", "1.5h" or a bare number (in `bare_unit_seconds`) into
/// seconds. Throws SyntaxError (offset into `text`) on anything else, including negative values.
[[nodiscard]] BPM_API double parse_duration(std::string_view text, double bare_unit_seconds);

/// Shortest exact text for a duration: 1200 -> "20m", 5400 -> "90m", 86400 -> "1d", 0.5 -> "0.5s".
[[nodiscard]] BPM_API std::string format_duration(double seconds);

/// A human-readable duration with 3 significant digits in the largest fitting unit: "3.25d".
[[nodiscard]] BPM_API std::string humanize_duration(double seconds);

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
[[nodiscard]] BPM_API std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept;

/// 0 = Monday ... 6 = Sunday, for a day count from days_from_civil.
[[nodiscard]] BPM_API int weekday_from_days(std::int64_t days) noexcept;

/// Parses "2026-01-05", "2026-01-05T09:30", "2026-01-05T09:30:15" (also with ' ' for 'T') into
/// absolute seconds. Throws SyntaxError.
[[nodiscard]] BPM_API Time parse_datetime(std::string_view text);

/// Parses "2026-01-05" into a day count. Throws SyntaxError.
[[nodiscard]] BPM_API std::int64_t parse_date(std::string_view text);

/// 10000-01-01T00:00:00, the first time that format_datetime cannot write: simulated and logged
/// times stay below it.
inline constexpr Time kTimestampLimit = 253402300800.0;

/// "2026-01-05T09:30:00" (whole seconds) or with ".250" milliseconds when not whole.
[[nodiscard]] BPM_API std::string format_datetime(Time absolute_seconds);

/// Writes format_datetime into `out` (at least 24 bytes); returns the number of bytes. For hot
/// paths such as the event-log writer: no allocation.
BPM_API std::size_t format_datetime_to(Time absolute_seconds, char* out) noexcept;

}  // namespace bpm
