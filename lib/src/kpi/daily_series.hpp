#pragma once
// Per-day arrivals, completions and case-seconds in the system: the time series of a dashboard,
// grown on demand in both directions so that cases may arrive in any order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bpm/core/time.hpp"

namespace bpm::kpi {

class DailySeries {
 public:
  static constexpr double kDay = 86400.0;

  void arrival(Time t) { at(day_of(t)).arrivals += 1.0; }
  void completion(Time t) { at(day_of(t)).completions += 1.0; }
  /// Adds the time a case spent in the system over [from, to), split over the days it spans.
  void presence(Time from, Time to) {
    if (!(to > from)) return;
    std::int64_t day = day_of(from);
    const std::int64_t last = day_of(to);
    // The day loop is O(days spanned): long cases of real logs span months, still cheap per case.
    for (; day <= last; ++day) {
      const double lo = std::max(from, static_cast<double>(day) * kDay);
      const double hi = std::min(to, static_cast<double>(day + 1) * kDay);
      if (hi > lo) at(day).case_seconds += hi - lo;
    }
  }
  void merge(const DailySeries& other) {
    for (std::size_t i = 0; i < other.days_.size(); ++i) {
      const Day& d = other.days_[i];
      Day& mine = at(other.base_ + static_cast<std::int64_t>(i));
      mine.arrivals += d.arrivals;
      mine.completions += d.completions;
      mine.case_seconds += d.case_seconds;
    }
  }

  struct Day {
    double arrivals = 0.0;
    double completions = 0.0;
    double case_seconds = 0.0;
  };
  [[nodiscard]] bool empty() const noexcept { return days_.empty(); }
  [[nodiscard]] std::int64_t first_day() const noexcept { return base_; }
  [[nodiscard]] const std::vector<Day>& days() const noexcept { return days_; }

  static std::int64_t day_of(Time t) { return static_cast<std::int64_t>(std::floor(t / kDay)); }

 private:
  // A span beyond a century means a corrupt timestamp, not a process: such days go to a scratch
  // slot instead of growing the series by megabytes.
  static constexpr std::int64_t kMaxDays = 36525;

  Day& at(std::int64_t day) {
    if (!days_.empty()) {
      const std::int64_t lo = std::min(base_, day);
      const std::int64_t hi = std::max(base_ + static_cast<std::int64_t>(days_.size()) - 1, day);
      if (hi - lo >= kMaxDays) return scratch_;
    }
    if (days_.empty()) {
      base_ = day;
      days_.resize(1);
    } else if (day < base_) {
      days_.insert(days_.begin(), static_cast<std::size_t>(base_ - day), Day{});
      base_ = day;
    } else if (day >= base_ + static_cast<std::int64_t>(days_.size())) {
      days_.resize(static_cast<std::size_t>(day - base_ + 1));
    }
    return days_[static_cast<std::size_t>(day - base_)];
  }

  std::int64_t base_ = 0;
  std::vector<Day> days_;
  Day scratch_;
};

}  // namespace bpm::kpi
