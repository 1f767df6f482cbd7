#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

/// Arrivals per hour over one stretch of a day: [from, to) in seconds from midnight.
struct BPM_API RatePiece {
  double from = 0.0;
  double to = 0.0;
  double rate = 0.0;
  friend bool operator==(const RatePiece&, const RatePiece&) = default;
};

/// A weekly arrival-rate profile (`arrivals.rate`): cases per hour by weekday and time of day,
/// piecewise constant, 0 where no piece is given. Arrivals follow a non-homogeneous Poisson
/// process with this rate.
struct BPM_API RateProfile {
  std::array<std::vector<RatePiece>, 7> week;  // 0 = Monday; each day's pieces sorted and disjoint

  /// Expected arrivals in one week.
  [[nodiscard]] double weekly_arrivals() const noexcept;
  /// The largest rate of the week (per hour).
  [[nodiscard]] double max_rate() const noexcept;
  friend bool operator==(const RateProfile&, const RateProfile&) = default;
};

/// Parses a rate: "12/h", "0.5/m", "300/d", "2/w"; a bare number is per `bare_unit_seconds`.
/// Returns arrivals per hour (exact for the usual units). Throws SyntaxError (offset into text)
/// for a malformed or negative rate.
[[nodiscard]] BPM_API double parse_rate(std::string_view text, double bare_unit_seconds);

/// A rate in its canonical text, per hour: "12/h", "0.5/h".
[[nodiscard]] BPM_API std::string format_rate(double per_hour);

/// Parses one day's rates: either a single rate for the whole day ("2/h") handled by the caller,
/// or the pieces of a mapping, given as (hours text, rate) pairs: "08:00-12:00" -> 12/h. The
/// hours may hold several intervals ("08:00-12:00, 13:00-17:00"), each getting the rate. Throws
/// SyntaxError whose offset is the index of the offending pair, for overlapping pieces.
[[nodiscard]] BPM_API std::vector<RatePiece> make_day_rates(const std::vector<std::pair<std::string, double>>& pieces);

}  // namespace bpm
