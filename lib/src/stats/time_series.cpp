#include "bpm/stats/time_series.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <limits>

#include "bpm/core/error.hpp"

namespace bpm {

TimeWeighted::TimeWeighted(Time start, double level) noexcept
    : start_(start), last_(start), level_(level), min_(level), max_(level) {}

void TimeWeighted::advance(Time t) {
  if (t < last_) {
    throw Error(fmt::format("time-weighted statistic updated at {} after {}: time must not decrease", t, last_));
  }
  area_ += level_ * (t - last_);
  last_ = t;
}

void TimeWeighted::update(Time t, double new_level) {
  advance(t);
  level_ = new_level;
  min_ = std::min(min_, new_level);
  max_ = std::max(max_, new_level);
}

void TimeWeighted::finish(Time t) { advance(t); }

void TimeWeighted::reset(Time t) {
  advance(t);
  start_ = t;
  area_ = 0.0;
  min_ = level_;
  max_ = level_;
}

double TimeWeighted::mean() const noexcept {
  const double length = last_ - start_;
  if (!(length > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return area_ / length;
}

}  // namespace bpm
