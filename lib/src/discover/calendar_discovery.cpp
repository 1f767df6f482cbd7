#include "discover/calendar_discovery.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace bpm::discover {
namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;

std::int64_t day_of(Time t) { return static_cast<std::int64_t>(std::floor(t / kDay)); }
double time_of_day(Time t) { return t - static_cast<double>(day_of(t)) * kDay; }

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/// Per date with enough activity: the first and last time of day.
struct DayWindow {
  std::int64_t day = 0;
  double first = 0.0;
  double last = 0.0;
};

double deviation(const std::vector<DayWindow>& days, std::size_t from, std::size_t to) {
  std::vector<double> firsts;
  std::vector<double> lasts;
  for (std::size_t k = from; k < to; ++k) {
    firsts.push_back(days[k].first);
    lasts.push_back(days[k].last);
  }
  const double mf = median(firsts);
  const double ml = median(lasts);
  double sum = 0.0;
  for (std::size_t k = from; k < to; ++k) sum += std::fabs(days[k].first - mf) + std::fabs(days[k].last - ml);
  return sum;
}

/// Splits [from, to) at the date where the working day moves by about an hour, recursively.
void find_shifts(const std::vector<DayWindow>& days, std::size_t from, std::size_t to, std::vector<std::size_t>& cuts,
                 int depth) {
  const std::size_t n = to - from;
  const std::size_t min_side = std::max<std::size_t>(5, n / 20);
  if (depth > 6 || n < 2 * min_side) return;
  const double whole = deviation(days, from, to);
  double best = whole;
  std::size_t best_cut = 0;
  for (std::size_t cut = from + min_side; cut + min_side <= to; ++cut) {
    const double split = deviation(days, from, cut) + deviation(days, cut, to);
    if (split < best) {
      best = split;
      best_cut = cut;
    }
  }
  if (best_cut == 0) return;
  auto side_median = [&](std::size_t a, std::size_t b, bool first) {
    std::vector<double> v;
    for (std::size_t k = a; k < b; ++k) v.push_back(first ? days[k].first : days[k].last);
    return median(v);
  };
  const double move_first = side_median(best_cut, to, true) - side_median(from, best_cut, true);
  const double move_last = side_median(best_cut, to, false) - side_median(from, best_cut, false);
  // A clock change moves both ends of the day by the same hour, and explains most of the spread.
  const bool hour =
      std::fabs(std::fabs(move_first) - kHour) <= 0.25 * kHour && std::fabs(move_last - move_first) <= 0.25 * kHour;
  if (!hour || best > 0.6 * whole) return;
  find_shifts(days, from, best_cut, cuts, depth + 1);
  cuts.push_back(best_cut);
  find_shifts(days, best_cut, to, cuts, depth + 1);
}

std::vector<DayInterval> shift_hours(const std::vector<DayInterval>& hours, double by) {
  std::vector<DayInterval> out;
  for (const DayInterval& h : hours) {
    const double from = std::clamp(h.from + by, 0.0, kDay);
    const double to = std::clamp(h.to + by, 0.0, kDay);
    if (to > from) out.push_back({from, to});
  }
  return out;
}

constexpr std::array<const char*, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/// "mon-fri 07:00-16:00, sat 09:00-12:00" for a week.
std::string week_text(const std::array<std::vector<DayInterval>, 7>& week) {
  std::string out;
  std::size_t w = 0;
  while (w < 7) {
    if (week[w].empty()) {
      ++w;
      continue;
    }
    std::size_t end = w;
    while (end + 1 < 7 && week[end + 1] == week[w]) ++end;
    const std::string days = end == w ? kDayNames[w] : fmt::format("{}-{}", kDayNames[w], kDayNames[end]);
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", days, format_day_intervals(week[w]));
    w = end + 1;
  }
  return out.empty() ? "closed" : out;
}

/// Adds the dated exceptions of the shifted eras and the holidays to a calendar whose weekly
/// hours are those of the main era.
void add_exceptions(Calendar& calendar, const DateContext& dates) {
  for (const auto& [from, to] : dates.shifted) {
    for (std::int64_t day = from; day <= to; ++day) {
      const auto w = static_cast<std::size_t>(weekday_from_days(day));
      if (calendar.week[w].empty()) continue;
      calendar.exceptions[day] = shift_hours(calendar.week[w], dates.shift);
    }
  }
  for (const std::int64_t day : dates.holidays) {
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    if (!calendar.week[w].empty()) calendar.exceptions[day] = {};
  }
}

/// The times of day of `instants` per weekday, brought to the main era's clock.
std::array<std::vector<double>, 7> times_by_weekday(const std::vector<Time>& instants, const DateContext& dates,
                                                    std::array<std::set<std::int64_t>, 7>& seen_dates) {
  std::array<std::vector<double>, 7> times;
  for (const Time t : instants) {
    if (!std::isfinite(t)) continue;
    const std::int64_t day = day_of(t);
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    double tod = time_of_day(t);
    if (dates.is_shifted(day)) tod = std::clamp(tod - dates.shift, 0.0, kDay - 1e-6);
    times[w].push_back(tod);
    seen_dates[w].insert(day);
  }
  return times;
}

std::string summary_of(const Calendar& c, std::size_t events, std::size_t dates, const DateContext& context) {
  std::string s = fmt::format("{} (from {} events on {} dates)", week_text(c.week), events, dates);
  if (!context.shifted.empty()) s += "; " + context.summary();
  return s;
}

}  // namespace

bool DateContext::is_shifted(std::int64_t day) const {
  return std::any_of(shifted.begin(), shifted.end(), [&](const auto& r) { return day >= r.first && day <= r.second; });
}

std::string DateContext::summary() const {
  std::string s;
  for (const auto& [from, to] : shifted) {
    s += fmt::format("{}{} to {}", s.empty() ? "" : ", ",
                     format_datetime(static_cast<double>(from) * kDay).substr(0, 10),
                     format_datetime(static_cast<double>(to) * kDay).substr(0, 10));
  }
  return fmt::format("the working day is {} {:g}h on {} (a daylight-saving clock seen in UTC): dated exceptions",
                     shift > 0 ? "later by" : "earlier by", std::fabs(shift) / kHour, s);
}

DateContext date_context(const std::vector<Time>& instants) {
  DateContext context;
  std::map<std::int64_t, DayWindow> by_day;
  std::map<std::int64_t, std::size_t> count;
  for (const Time t : instants) {
    if (!std::isfinite(t)) continue;
    const std::int64_t day = day_of(t);
    const double tod = time_of_day(t);
    auto [it, added] = by_day.try_emplace(day, DayWindow{day, tod, tod});
    if (!added) {
      it->second.first = std::min(it->second.first, tod);
      it->second.last = std::max(it->second.last, tod);
    }
    ++count[day];
  }
  if (by_day.empty()) return context;
  context.first_day = by_day.begin()->first;
  context.last_day = by_day.rbegin()->first;
  // Eras: only dates with enough activity to show their working day.
  std::vector<DayWindow> days;
  for (const auto& [day, window] : by_day) {
    if (count[day] >= 8) days.push_back(window);
  }
  std::vector<std::size_t> cuts;
  find_shifts(days, 0, days.size(), cuts, 0);
  if (!cuts.empty()) {
    // Eras alternate between two clocks; the one with more dates is the main one.
    std::vector<std::size_t> bounds{0};
    bounds.insert(bounds.end(), cuts.begin(), cuts.end());
    bounds.push_back(days.size());
    std::size_t even = 0;
    std::size_t odd = 0;
    for (std::size_t e = 0; e + 1 < bounds.size(); ++e) (e % 2 == 0 ? even : odd) += bounds[e + 1] - bounds[e];
    const std::size_t minority = even > odd ? std::size_t{1} : std::size_t{0};
    std::vector<double> main_first;
    std::vector<double> other_first;
    for (std::size_t e = 0; e + 1 < bounds.size(); ++e) {
      for (std::size_t k = bounds[e]; k < bounds[e + 1]; ++k)
        (e % 2 == minority ? other_first : main_first).push_back(days[k].first);
    }
    context.shift = std::round((median(other_first) - median(main_first)) / kHour) * kHour;
    for (std::size_t e = minority; e + 1 < bounds.size(); e += 2) {
      // The era runs from the day after the previous era's last date to its own last date.
      const std::int64_t from = e == 0 ? context.first_day : days[bounds[e] - 1].day + 1;
      const std::int64_t to = e + 2 == bounds.size() ? context.last_day : days[bounds[e + 1]].day - 1;
      context.shifted.emplace_back(from, to);
    }
    if (context.shift == 0.0) context.shifted.clear();
  }
  // Holidays: a date without activity on a weekday that is busy on nearly all of its dates.
  std::array<std::size_t, 7> active{};
  std::array<std::size_t, 7> total{};
  for (std::int64_t day = context.first_day; day <= context.last_day; ++day) {
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    ++total[w];
    if (count.count(day) > 0 && count[day] >= 1) ++active[w];
  }
  std::size_t events = 0;
  for (const auto& [day, n] : count) events += n;
  const double per_day = static_cast<double>(events) / static_cast<double>(std::max<std::size_t>(1, count.size()));
  for (std::int64_t day = context.first_day; day <= context.last_day; ++day) {
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    const bool busy_weekday = total[w] >= 4 && static_cast<double>(active[w]) >= 0.8 * static_cast<double>(total[w]);
    if (busy_weekday && per_day >= 20.0 && count.count(day) == 0) context.holidays.insert(day);
  }
  return context;
}

DiscoveredCalendar discover_calendar(const std::vector<Time>& instants, const std::string& name,
                                     const DateContext& dates, const CalendarSettings& settings) {
  DiscoveredCalendar out;
  out.calendar.name = name;
  if (instants.size() < 20) {
    out.always_open = true;
    out.summary = fmt::format("too little activity ({} events) to tell working hours: always open", instants.size());
    return out;
  }
  const double slot = settings.slot_minutes * 60.0;
  const auto slots = static_cast<std::size_t>(std::lround(kDay / slot));
  std::array<std::set<std::int64_t>, 7> seen;
  std::array<std::vector<double>, 7> times = times_by_weekday(instants, dates, seen);
  std::size_t busiest = 0;
  std::size_t total_dates = 0;
  for (const auto& d : seen) {
    busiest = std::max(busiest, d.size());
    total_dates += d.size();
  }
  std::size_t open_days = 0;
  double open_seconds = 0.0;
  for (std::size_t w = 0; w < 7; ++w) {
    if (static_cast<double>(seen[w].size()) < settings.day_share * static_cast<double>(busiest) || times[w].empty()) {
      continue;
    }
    std::vector<double>& tod = times[w];
    std::sort(tod.begin(), tod.end());
    const auto n = tod.size();
    const auto low_index = static_cast<std::size_t>(std::floor(settings.trim * static_cast<double>(n - 1)));
    const auto high_index = static_cast<std::size_t>(std::ceil((1.0 - settings.trim) * static_cast<double>(n - 1)));
    const auto first_slot = static_cast<std::size_t>(std::floor(tod[low_index] / slot));
    const auto last_slot = std::min(slots - 1, static_cast<std::size_t>(std::floor(tod[high_index] / slot)));
    std::vector<std::size_t> per_slot(slots, 0);
    for (const double x : tod) ++per_slot[std::min(slots - 1, static_cast<std::size_t>(x / slot))];
    const double density = static_cast<double>(n) / static_cast<double>(last_slot - first_slot + 1);
    std::vector<DayInterval> hours;
    for (std::size_t s = first_slot; s <= last_slot; ++s) {
      if (density >= settings.break_density && per_slot[s] == 0) continue;  // a break
      const double from = static_cast<double>(s) * slot;
      const double to = std::min(kDay, from + slot);
      if (!hours.empty() && hours.back().to == from) {
        hours.back().to = to;
      } else {
        hours.push_back({from, to});
      }
    }
    for (const DayInterval& h : hours) open_seconds += h.to - h.from;
    if (!hours.empty()) ++open_days;
    out.calendar.week[w] = std::move(hours);
  }
  if (open_days == 7 && open_seconds >= 7.0 * kDay - 7.0 * slot) {
    out.always_open = true;
    out.summary =
        fmt::format("activity around the clock ({} events on {} dates): always open", instants.size(), total_dates);
    return out;
  }
  add_exceptions(out.calendar, dates);
  out.summary = summary_of(out.calendar, instants.size(), total_dates, dates);
  return out;
}

DiscoveredCalendar discover_arrival_calendar(const std::vector<Time>& arrivals, const std::string& name,
                                             const DateContext& dates, const CalendarSettings& settings) {
  DiscoveredCalendar out;
  out.calendar.name = name;
  if (arrivals.size() < 20) {
    out.always_open = true;
    out.summary = fmt::format("too few arrivals ({}) to tell their hours: any time", arrivals.size());
    return out;
  }
  // The typical gap between arrivals of the same day, and how regular it is.
  std::vector<double> gaps;
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    if (day_of(arrivals[k]) == day_of(arrivals[k - 1])) gaps.push_back(arrivals[k] - arrivals[k - 1]);
  }
  const double gap = median(gaps);
  double mean = 0.0;
  double ss = 0.0;
  for (const double g : gaps) mean += g;
  mean /= static_cast<double>(std::max<std::size_t>(1, gaps.size()));
  for (const double g : gaps) ss += (g - mean) * (g - mean);
  const double cv = mean > 0.0 && gaps.size() > 1 ? std::sqrt(ss / static_cast<double>(gaps.size() - 1)) / mean : 1.0;
  std::array<std::set<std::int64_t>, 7> seen;
  std::array<std::vector<double>, 7> times = times_by_weekday(arrivals, dates, seen);
  std::size_t busiest = 0;
  std::size_t total_dates = 0;
  for (const auto& d : seen) {
    busiest = std::max(busiest, d.size());
    total_dates += d.size();
  }
  double open_seconds = 0.0;
  std::size_t open_days = 0;
  for (std::size_t w = 0; w < 7; ++w) {
    if (static_cast<double>(seen[w].size()) < settings.day_share * static_cast<double>(busiest) || times[w].empty()) {
      continue;
    }
    std::vector<double>& tod = times[w];
    std::sort(tod.begin(), tod.end());
    const auto n = tod.size();
    const double first = tod[static_cast<std::size_t>(std::floor(settings.trim * static_cast<double>(n - 1)))];
    const double last = tod[static_cast<std::size_t>(std::ceil((1.0 - settings.trim) * static_cast<double>(n - 1)))];
    const double from = std::max(0.0, std::round((first - gap) / 60.0) * 60.0);
    const double to = std::min(kDay, std::round((last + gap * std::min(1.0, cv * cv)) / 60.0) * 60.0);
    if (to <= from) continue;
    out.calendar.week[w] = {DayInterval{from, to}};
    open_seconds += to - from;
    ++open_days;
  }
  if (open_days == 7 && open_seconds >= 7.0 * (kDay - 2.0 * gap)) {
    out.always_open = true;
    out.summary = fmt::format("cases arrive around the clock ({} arrivals)", arrivals.size());
    return out;
  }
  add_exceptions(out.calendar, dates);
  out.summary = summary_of(out.calendar, arrivals.size(), total_dates, dates) +
                fmt::format("; each day opens one typical gap ({}) before its first arrival", format_duration(gap));
  return out;
}

}  // namespace bpm::discover
