#include "design/external_params.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace bpm::design {
namespace {

constexpr double kDay = 86400.0;

}  // namespace

std::optional<int> weekday_index(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                                            "FRIDAY", "SATURDAY", "SUNDAY"};
  std::string upper;
  for (const char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < kDays.size(); ++i) {
    // Full names, and the three-letter abbreviations some exporters write.
    if (upper == kDays[i] || (upper.size() == 3 && kDays[i].substr(0, 3) == upper)) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<double> clock_seconds(std::string_view text) {
  // "09:00", "09:00:00", "17:00:00.000+00:00", "23:59:59.999": the time zone is dropped (times
  // are naive local time in the process format, as in the source tools' own engines).
  const auto zone = text.find_first_of("+Z", 8);
  if (zone != std::string_view::npos) text = text.substr(0, zone);
  double parts[3] = {0.0, 0.0, 0.0};
  std::size_t part = 0;
  std::string number;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      if (number.empty() || part >= 3) return std::nullopt;
      char* end = nullptr;
      parts[part++] = std::strtod(number.c_str(), &end);
      if (end != number.c_str() + number.size()) return std::nullopt;
      number.clear();
    } else {
      number += text[i];
    }
  }
  if (part < 2) return std::nullopt;
  const double seconds = parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
  if (seconds < 0.0 || seconds > kDay) return std::nullopt;
  // 23:59:59.999 and 23:59:59 mean "until midnight".
  return seconds >= kDay - 1.0 ? kDay : seconds;
}

bool add_week_period(Calendar& calendar, std::string_view from_day, std::string_view to_day, std::string_view begin,
                     std::string_view end) {
  const auto first = weekday_index(from_day);
  const auto last = weekday_index(to_day);
  const auto from = clock_seconds(begin);
  const auto to = clock_seconds(end);
  if (!first || !last || !from || !to) return false;
  // A period that ends before it begins runs over midnight into the next day.
  for (int k = 0; k < 7; ++k) {
    const int day = (*first + k) % 7;
    auto open = [&](int d, double a, double b) {
      if (b <= a) return;
      auto& intervals = calendar.week[static_cast<std::size_t>(d)];
      intervals.push_back(DayInterval{a, b});
      std::sort(intervals.begin(), intervals.end(),
                [](const DayInterval& x, const DayInterval& y) { return x.from < y.from; });
      // Merge overlaps so that the intervals stay sorted and disjoint, as the format requires.
      std::vector<DayInterval> merged;
      for (const auto& i : intervals) {
        if (!merged.empty() && i.from <= merged.back().to) {
          merged.back().to = std::max(merged.back().to, i.to);
        } else {
          merged.push_back(i);
        }
      }
      intervals = std::move(merged);
    };
    if (*to > *from) {
      open(day, *from, *to);
    } else {
      open(day, *from, kDay);
      open((day + 1) % 7, 0.0, *to);
    }
    if (day == *last) break;
  }
  return true;
}

Distribution make_distribution(DistKind kind, bool is_time, std::initializer_list<double> parameters) {
  Distribution d;
  d.kind = kind;
  d.is_time = is_time;
  std::size_t i = 0;
  for (const double value : parameters) d.p[i++] = value;
  return d;
}

bool always_open(const Calendar& calendar) {
  for (const auto& day : calendar.week) {
    if (day.size() != 1 || day.front().from > 0.0 || day.front().to < kDay) return false;
  }
  return calendar.exceptions.empty();
}

}  // namespace bpm::design
