#pragma once
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/arrival_rate.hpp"
#include "bpm/model/calendar.hpp"

namespace bpm::sim {

/// Arrival times of a non-homogeneous Poisson process whose rate is a weekly profile, optionally
/// zero while a calendar is closed. Generated exactly by inverting the cumulative rate: from time
/// t, the next arrival is where the integrated rate has grown by a unit exponential draw. That
/// takes one random number per arrival (thinning would take several, and waste them at night),
/// which also keeps the k-th arrival on the k-th number of its stream.
class RateClock {
 public:
  RateClock() = default;
  RateClock(const RateProfile& profile, const CalendarClock& calendar) : calendar_(calendar) {
    double last_rate = -1.0;
    for (std::size_t day = 0; day < 7; ++day) {
      double at = 0.0;
      const auto add = [&](double from, double per_hour) {
        const double start = static_cast<double>(day) * 86400.0 + from;
        const double rate = per_hour / 3600.0;
        if (rate == last_rate) return;
        starts_.push_back(start);
        rates_.push_back(rate);
        last_rate = rate;
      };
      for (const RatePiece& piece : profile.week[day]) {
        if (piece.from > at) add(at, 0.0);
        add(piece.from, piece.rate);
        at = piece.to;
      }
      if (at < 86400.0) add(at, 0.0);
    }
    positive_ = profile.weekly_arrivals() > 0.0;
  }

  /// The first arrival after `from`, for a unit-exponential draw `e`; +infinity if none ever.
  [[nodiscard]] Time next(Time from, double e) const {
    if (!positive_) return kInf;
    Time t = from;
    const Time give_up = from + 53 * kWeek;  // a year without any open, positive stretch: never
    bool found = false;
    for (;;) {
      if (!found && t > give_up) return kInf;
      const auto [rate, end] = piece_at(t);
      Time stop = end;
      if (!calendar_.always_open()) {
        if (!calendar_.is_open(t)) {
          t = calendar_.next_open(t);
          if (std::isinf(t)) return kInf;
          continue;
        }
        stop = std::min(stop, calendar_.close_after(t));
      }
      if (rate > 0.0) {
        found = true;
        const double needed = e / rate;
        if (t + needed <= stop) return t + needed;
        e -= (stop - t) * rate;
      }
      t = stop;
    }
  }

 private:
  static constexpr double kWeek = 7 * 86400.0;
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  struct Piece {
    double rate;
    Time end;
  };

  /// The rate at t and when it next changes.
  [[nodiscard]] Piece piece_at(Time t) const {
    const auto day = static_cast<std::int64_t>(std::floor(t / 86400.0));
    const Time week_start = static_cast<double>(day - weekday_from_days(day)) * 86400.0;
    const double into_week = std::clamp(t - week_start, 0.0, std::nextafter(kWeek, 0.0));
    const std::size_t i =
        static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), into_week) - starts_.begin()) - 1;
    const double end = i + 1 < starts_.size() ? starts_[i + 1] : kWeek;
    return {rates_[i], week_start + end};
  }

  CalendarClock calendar_;
  std::vector<double> starts_;  // seconds from Monday 00:00 at which the rate changes
  std::vector<double> rates_;   // the rate from each start on
  bool positive_ = false;
};

}  // namespace bpm::sim
