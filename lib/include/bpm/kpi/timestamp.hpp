#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"

namespace bpm::kpi {

/// The last date a parser converted (internal to TimestampParser).
struct BPM_API DateMemo {
  char text[10] = {};
  std::int64_t days = 0;
  bool valid = false;
};

/// Parses event-log timestamps into absolute seconds (bpm::Time) without allocating.
///
/// The default accepts ISO 8601 as event logs write it: "2026-01-05", "2026-01-05T09:30",
/// "2026-01-05 09:30:15.250", optionally followed by a zone "Z", "+01:00", "+0100" or "+01".
/// A zoned timestamp is normalised to UTC (the offset is subtracted), so exports from systems in
/// different zones line up; a zone-less one is taken as it is (naive local time, like the
/// simulator's). Other formats: a strptime-like pattern (see parse_time_format), or "epoch" /
/// "epoch_ms" for Unix seconds / milliseconds. A parser remembers the last date it converted, so
/// one parser is not to be shared between threads.
class BPM_API TimestampParser {
 public:
  /// ISO 8601.
  TimestampParser() = default;
  /// Throws UsageError for a malformed pattern.
  explicit TimestampParser(std::string_view format);

  /// nullopt when `text` does not match.
  [[nodiscard]] std::optional<Time> parse(std::string_view text) const noexcept;

  /// "ISO 8601", "epoch", or the pattern: for messages.
  [[nodiscard]] std::string description() const;

  /// One element of a compiled pattern. Public so the compiled form is a plain value.
  struct Piece {
    enum Kind : unsigned char {
      Literal,
      Space,
      Year4,
      Year2,
      Month,
      Day,
      Hour24,
      Hour12,
      AmPm,
      Minute,
      Second,
      Fraction,
      MonthName,
      Zone,
      EpochSeconds
    };
    Kind kind = Literal;
    char literal = 0;
  };

 private:
  enum class Mode : unsigned char { Iso, Pattern, Epoch, EpochMillis };
  Mode mode_ = Mode::Iso;
  std::string pattern_;
  std::vector<Piece> pieces_;
  mutable DateMemo memo_;
};

/// Parses ISO 8601 (see TimestampParser). nullopt when malformed.
[[nodiscard]] BPM_API std::optional<Time> parse_iso_timestamp(std::string_view text) noexcept;

}  // namespace bpm::kpi
