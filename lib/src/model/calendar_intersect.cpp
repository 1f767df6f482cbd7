// The hours two calendars share: a pool member works where its own calendar and the pool's are
// both open.
#include <algorithm>
#include <set>

#include "bpm/model/calendar.hpp"

namespace bpm {

namespace {

/// The common part of two sorted, disjoint interval lists.
std::vector<DayInterval> intersect(const std::vector<DayInterval>& a, const std::vector<DayInterval>& b) {
  std::vector<DayInterval> out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const double from = std::max(a[i].from, b[j].from);
    const double to = std::min(a[i].to, b[j].to);
    if (from < to) out.push_back({from, to});
    if (a[i].to < b[j].to) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

/// The hours of a calendar on one date: its exception, else its weekly hours.
const std::vector<DayInterval>& hours_on(const Calendar& c, std::int64_t day) {
  const auto it = c.exceptions.find(day);
  if (it != c.exceptions.end()) return it->second;
  return c.week[static_cast<std::size_t>(weekday_from_days(day))];
}

/// Sorted and disjoint, as the loader makes them (exceptions and weekly hours alike).
std::vector<DayInterval> sorted(std::vector<DayInterval> v) {
  std::sort(v.begin(), v.end(), [](const DayInterval& x, const DayInterval& y) { return x.from < y.from; });
  return v;
}

}  // namespace

Calendar intersect_calendars(const Calendar& a, const Calendar& b) {
  Calendar out;
  out.name = a.name + "&" + b.name;
  for (std::size_t day = 0; day < 7; ++day) out.week[day] = intersect(sorted(a.week[day]), sorted(b.week[day]));
  std::set<std::int64_t> dates;
  for (const auto& [day, hours] : a.exceptions) dates.insert(day);
  for (const auto& [day, hours] : b.exceptions) dates.insert(day);
  for (const std::int64_t day : dates)
    out.exceptions[day] = intersect(sorted(hours_on(a, day)), sorted(hours_on(b, day)));
  return out;
}

bool calendar_within(const Calendar& inner, const Calendar& outer) {
  const Calendar common = intersect_calendars(inner, outer);
  for (std::size_t day = 0; day < 7; ++day) {
    if (common.week[day] != sorted(inner.week[day])) return false;
  }
  // The dates only `outer` makes an exception of (its holidays, a short day) are not looked at:
  // they close `inner` just as much, which is no sign that `inner`'s hours were written wrong.
  for (const auto& [day, hours] : inner.exceptions) {
    if (common.exceptions.at(day) != sorted(hours)) return false;
  }
  return true;
}

}  // namespace bpm
