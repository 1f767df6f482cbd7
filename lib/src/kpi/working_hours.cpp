// Working hours: the --calendar form, and their inference from the log.
#include "bpm/kpi/working_hours.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "kpi/working_hours_inference.hpp"

namespace bpm::kpi {
namespace {

constexpr double kDay = 86400.0;
constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::int64_t day_of(Time t) { return static_cast<std::int64_t>(std::floor(t / kDay)); }
// 1970-01-01 (day 0) was a Thursday: weekday 3 with Monday = 0.
int weekday_of(std::int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }
std::int64_t week_of(std::int64_t day) {
  const std::int64_t shifted = day + 3;
  return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7;
}

std::string trim(std::string_view text) {
  const std::size_t a = text.find_first_not_of(" \t");
  if (a == std::string_view::npos) return {};
  return std::string(text.substr(a, text.find_last_not_of(" \t") - a + 1));
}

}  // namespace

Calendar parse_working_hours(std::string_view text) {
  Calendar c;
  c.name = std::string(text);
  const std::string all = trim(text);
  if (all == "24x7" || all == "24/7") {
    for (auto& day : c.week) day = {DayInterval{0.0, kDay}};
    return c;
  }
  try {
    std::size_t from = 0;
    for (;;) {
      const std::size_t semicolon = all.find(';', from);
      const std::string part = trim(
          std::string_view(all).substr(from, semicolon == std::string::npos ? std::string::npos : semicolon - from));
      // Day names hold no digits: the hours start at the first one ("mon, wed-fri 09:00-17:00").
      const std::size_t digit = part.find_first_of("0123456789");
      if (part.empty() || digit == std::string::npos || digit == 0) throw SyntaxError(from, "expected DAYS HOURS");
      const std::uint8_t days = parse_day_set(trim(std::string_view(part).substr(0, digit)));
      const std::vector<DayInterval> hours = parse_day_intervals(part.substr(digit));
      for (int d = 0; d < 7; ++d) {
        if (days & (1U << d)) c.week[static_cast<std::size_t>(d)] = hours;
      }
      if (semicolon == std::string::npos) break;
      from = semicolon + 1;
    }
  } catch (const Error& e) {
    throw SettingError("calendar", fmt::format("'{}': {} (write e.g. 'mon-fri 09:00-17:00; sat 10:00-14:00' or "
                                               "'24x7')",
                                               text, e.what()));
  }
  if (c.never_open()) throw SettingError("calendar", fmt::format("'{}' has no working hours", text));
  return c;
}

std::string working_hours_text(const Calendar& hours) {
  bool always = true;
  bool never = true;
  for (const auto& day : hours.week) {
    always = always && day.size() == 1 && day[0].from == 0.0 && day[0].to >= kDay;
    never = never && day.empty();
  }
  if (always) return "24x7";
  if (never) return "never";
  // Days with the same hours together, as runs: "mon,wed-fri 09:00-16:00; sat 10:00-14:00".
  std::string out;
  std::array<bool, 7> done{};
  for (std::size_t d = 0; d < 7; ++d) {
    if (done[d] || hours.week[d].empty()) continue;
    std::string days;
    for (std::size_t e = d; e < 7;) {
      if (hours.week[e] != hours.week[d]) {
        ++e;
        continue;
      }
      std::size_t last = e;
      while (last + 1 < 7 && hours.week[last + 1] == hours.week[d]) ++last;
      for (std::size_t k = e; k <= last; ++k) done[k] = true;
      if (!days.empty()) days += ',';
      days += e == last ? std::string(kDays[e]) : fmt::format("{}-{}", kDays[e], kDays[last]);
      e = last + 1;
    }
    if (!out.empty()) out += "; ";
    out += fmt::format("{} {}", days, format_day_intervals(hours.week[d]));
  }
  return out;
}

void WorkingHoursInference::add(Activity& a, Time t) {
  const std::int64_t day = day_of(t);
  const std::int64_t week = week_of(day);
  if (a.instants == 0) {
    a.first_week = a.last_week = week;
  }
  if (week < a.first_week) {
    // Shift every weekday's bits to the new first week.
    const auto shift = static_cast<std::size_t>(a.first_week - week);
    for (auto& bits : a.weeks) {
      std::vector<std::uint64_t> moved(static_cast<std::size_t>(a.last_week - week) / 64 + 1, 0);
      for (std::int64_t w = 0; w <= a.last_week - a.first_week; ++w) {
        const auto k = static_cast<std::size_t>(w);
        if (k / 64 < bits.size() && ((bits[k / 64] >> (k % 64)) & 1U)) {
          moved[(k + shift) / 64] |= std::uint64_t{1} << ((k + shift) % 64);
        }
      }
      bits = std::move(moved);
    }
    a.first_week = week;
  }
  a.last_week = std::max(a.last_week, week);
  ++a.instants;
  const int weekday = weekday_of(day);
  auto& bits = a.weeks[static_cast<std::size_t>(weekday)];
  const auto k = static_cast<std::size_t>(week - a.first_week);
  if (bits.size() <= k / 64) bits.resize(k / 64 + 1, 0);
  bits[k / 64] |= std::uint64_t{1} << (k % 64);
  const double seconds = t - static_cast<double>(day) * kDay;
  const auto quarter = std::min<std::size_t>(95, static_cast<std::size_t>(seconds / 900.0));
  ++a.quarter_hours[static_cast<std::size_t>(weekday)][quarter];
}

void WorkingHoursInference::observe(std::size_t resource, Time t) {
  if (!std::isfinite(t)) return;
  if (resources_.size() <= resource) resources_.resize(resource + 1);
  add(resources_[resource], t);
  add(team_, t);
}

bool WorkingHoursInference::own(std::size_t resource) const {
  return resource < resources_.size() && resources_[resource].instants >= kMinInstants;
}

std::optional<Calendar> WorkingHoursInference::hours(std::size_t resource) const {
  return own(resource) ? infer(resources_[resource]) : infer(team_);
}

std::optional<Calendar> WorkingHoursInference::infer(const Activity& a) {
  if (a.instants < kMinInstants) return std::nullopt;
  // Working weekdays: active on at least a quarter as many dates as the busiest weekday (the rule
  // of bpm-design discover: occasional weekend work does not open the weekend).
  std::array<std::uint64_t, 7> dates{};
  for (std::size_t d = 0; d < 7; ++d) {
    for (const std::uint64_t word : a.weeks[d]) dates[d] += static_cast<std::uint64_t>(__builtin_popcountll(word));
  }
  const std::uint64_t busiest = *std::max_element(dates.begin(), dates.end());
  std::array<bool, 7> open{};
  std::array<std::uint32_t, 96> pooled{};
  for (std::size_t d = 0; d < 7; ++d) {
    open[d] = dates[d] > 0 && 4 * dates[d] >= busiest;
    if (!open[d]) continue;
    for (std::size_t k = 0; k < 96; ++k) pooled[k] += a.quarter_hours[d][k];
  }
  // The hours of a day: the 5th to the 95th percentile of the instants' times of day, widened to
  // whole hours; a weekday's own when it has enough instants, else those of every working day.
  auto span = [](const std::array<std::uint32_t, 96>& q) {
    std::uint64_t total = 0;
    for (const std::uint32_t n : q) total += n;
    auto quarter_at = [&](double share) {
      const double rank = std::max(1.0, share * static_cast<double>(total));
      std::uint64_t seen = 0;
      for (std::size_t k = 0; k < q.size(); ++k) {
        seen += q[k];
        if (static_cast<double>(seen) >= rank) return k;
      }
      return q.size() - 1;
    };
    const double from = std::floor(static_cast<double>(quarter_at(0.05)) / 4.0) * 3600.0;
    const double to = std::min(kDay, std::ceil(static_cast<double>(quarter_at(0.95) + 1) / 4.0) * 3600.0);
    return DayInterval{from, std::max(to, from + 3600.0)};
  };
  const DayInterval common = span(pooled);
  Calendar c;
  for (std::size_t d = 0; d < 7; ++d) {
    if (!open[d]) continue;
    std::uint64_t own = 0;
    for (const std::uint32_t n : a.quarter_hours[d]) own += n;
    c.week[d] = {own >= kMinDayInstants ? span(a.quarter_hours[d]) : common};
  }
  return c;
}

void add_busy_by_hour(double* hours, Time start, Time end) {
  if (!(end > start) || !std::isfinite(start) || !std::isfinite(end)) return;
  constexpr double kWeek = 7 * kDay;
  // Whole weeks add to every hour alike.
  const double span = end - start;
  if (span >= kWeek) {
    const double whole = std::floor(span / kWeek);
    for (std::size_t h = 0; h < 168; ++h) hours[h] += whole * 3600.0;
    start += whole * kWeek;
  }
  Time t = start;
  while (t < end) {
    const std::int64_t day = day_of(t);
    const double into_day = t - static_cast<double>(day) * kDay;
    const auto hour = static_cast<std::size_t>(into_day / 3600.0);
    const double hour_end = static_cast<double>(day) * kDay + static_cast<double>(hour + 1) * 3600.0;
    const double until = std::min(end, hour_end);
    hours[static_cast<std::size_t>(weekday_of(day)) * 24 + std::min<std::size_t>(hour, 23)] += until - t;
    t = until;
  }
}

double busy_within(const std::vector<double>& hours, const Calendar& calendar) {
  double total = 0.0;
  if (hours.size() < 168) return total;
  for (std::size_t d = 0; d < 7; ++d) {
    for (std::size_t h = 0; h < 24; ++h) {
      const double mid = (static_cast<double>(h) + 0.5) * 3600.0;
      for (const DayInterval& i : calendar.week[d]) {
        if (mid >= i.from && mid < i.to) total += hours[d * 24 + h];
      }
    }
  }
  return total;
}

}  // namespace bpm::kpi
