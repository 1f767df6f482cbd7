#include "bpm/model/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bpm/core/error.hpp"

namespace bpm {

namespace {

constexpr double kDay = 86400.0;
constexpr double kWeek = 7.0 * kDay;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Times beyond about 30 million years from 1970 have no day number in int64 arithmetic we can
// trust; the clock treats them as "never open again".
constexpr double kLatestTime = 1e15;

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::size_t skip_blanks(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_blank(text[pos])) ++pos;
  return pos;
}

std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = skip_blanks(text, 0);
  std::size_t end = text.size();
  while (end > begin && is_blank(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// Reads exactly `count` digits (or 1-2 when count is 0, for hours) at pos.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, int count) noexcept {
  const std::size_t start = pos;
  const std::size_t max = count == 0 ? 2 : static_cast<std::size_t>(count);
  int value = 0;
  while (pos < text.size() && pos - start < max && is_digit(text[pos])) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  const std::size_t read = pos - start;
  if (read == 0 || (count != 0 && read != max)) return std::nullopt;
  return value;
}

// "9:00", "09:00" or "09:00:30" -> seconds from midnight; "24:00" is the end of the day.
double parse_clock_time(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  const auto fail = [&] { return SyntaxError(start, "expected a time of day such as '09:00'"); };
  const auto hours = read_digits(text, pos, 0);
  if (!hours || pos >= text.size() || text[pos] != ':') throw fail();
  ++pos;
  const auto minutes = read_digits(text, pos, 2);
  if (!minutes) throw fail();
  int seconds = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto s = read_digits(text, pos, 2);
    if (!s) throw fail();
    seconds = *s;
  }
  if (pos < text.size() && is_digit(text[pos])) throw fail();
  const std::string_view written = text.substr(start, pos - start);
  if (*minutes > 59 || seconds > 59 || *hours > 24 || (*hours == 24 && (*minutes != 0 || seconds != 0))) {
    throw SyntaxError(start, fmt::format("time of day '{}' out of range (00:00 to 24:00)", written));
  }
  return *hours * 3600.0 + *minutes * 60.0 + seconds;
}

std::string format_clock_time(double seconds) {
  const long total = std::lround(seconds);
  const long h = total / 3600;
  const long m = total / 60 % 60;
  const long s = total % 60;
  if (s != 0) return fmt::format("{:02}:{:02}:{:02}", h, m, s);
  return fmt::format("{:02}:{:02}", h, m);
}

struct DayName {
  std::string_view short_name;
  std::string_view long_name;
};
constexpr std::array<DayName, 7> kDayNames{{{"mon", "monday"},
                                            {"tue", "tuesday"},
                                            {"wed", "wednesday"},
                                            {"thu", "thursday"},
                                            {"fri", "friday"},
                                            {"sat", "saturday"},
                                            {"sun", "sunday"}}};

std::optional<int> day_index(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kDayNames.size(); ++i) {
    if (name == kDayNames[i].short_name || name == kDayNames[i].long_name) return static_cast<int>(i);
  }
  return std::nullopt;
}

// Sorted, clamped to the day, without empty pieces, touching or overlapping pieces merged: the
// clock's searches rely on strictly increasing, disjoint intervals.
std::vector<DayInterval> normalized(std::vector<DayInterval> intervals) {
  for (DayInterval& i : intervals) {
    i.from = std::clamp(i.from, 0.0, kDay);
    i.to = std::clamp(i.to, 0.0, kDay);
  }
  std::erase_if(intervals, [](const DayInterval& i) { return !(i.from < i.to); });
  std::sort(intervals.begin(), intervals.end(),
            [](const DayInterval& a, const DayInterval& b) { return a.from < b.from; });
  std::vector<DayInterval> merged;
  for (const DayInterval& i : intervals) {
    if (!merged.empty() && i.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, i.to);
    } else {
      merged.push_back(i);
    }
  }
  return merged;
}

double total_seconds(const std::vector<DayInterval>& intervals) noexcept {
  double total = 0.0;
  for (const DayInterval& i : intervals) total += i.to - i.from;
  return total;
}

bool is_full_day(const std::vector<DayInterval>& intervals) noexcept {
  return intervals.size() == 1 && intervals[0].from <= 0.0 && intervals[0].to >= kDay;
}

// Day number and seconds into that day; the correction steps absorb rounding of the division.
std::int64_t split_day(Time t, double& seconds_into_day) noexcept {
  auto day = static_cast<std::int64_t>(std::floor(t / kDay));
  double s = t - static_cast<double>(day) * kDay;
  if (s < 0.0) {
    --day;
    s += kDay;
  } else if (s >= kDay) {
    ++day;
    s -= kDay;
  }
  seconds_into_day = s;
  return day;
}

double day_start(std::int64_t day) noexcept { return static_cast<double>(day) * kDay; }

}  // namespace

bool Calendar::never_open() const {
  const auto closed = [](const std::vector<DayInterval>& day) { return total_seconds(normalized(day)) <= 0.0; };
  return std::all_of(week.begin(), week.end(), closed) &&
         std::all_of(exceptions.begin(), exceptions.end(), [&](const auto& e) { return closed(e.second); });
}

double Calendar::weekly_open_seconds() const {
  double total = 0.0;
  for (const auto& day : week) total += total_seconds(normalized(day));
  return total;
}

std::vector<DayInterval> parse_day_intervals(std::string_view text) {
  const std::string_view body = trim(text);
  if (body == "closed") return {};
  if (body.empty()) throw SyntaxError(0, "expected opening hours such as '09:00-17:00' or 'closed'");

  struct Written {
    DayInterval interval;
    std::size_t offset;
    std::string_view text;
  };
  std::vector<Written> items;
  std::size_t pos = skip_blanks(text, 0);
  for (;;) {
    const std::size_t start = pos;
    const double from = parse_clock_time(text, pos);
    pos = skip_blanks(text, pos);
    if (pos >= text.size() || text[pos] != '-') {
      throw SyntaxError(pos, "expected '-' between opening and closing time");
    }
    pos = skip_blanks(text, pos + 1);
    const double to = parse_clock_time(text, pos);
    const std::string_view written = text.substr(start, pos - start);
    if (!(from < to)) {
      throw SyntaxError(start, fmt::format("interval '{}' does not end after it starts (split hours past "
                                           "midnight across two days)",
                                           written));
    }
    items.push_back({{from, to}, start, written});
    pos = skip_blanks(text, pos);
    if (pos >= text.size()) break;
    if (text[pos] != ',') throw SyntaxError(pos, "expected ',' between intervals");
    pos = skip_blanks(text, pos + 1);
  }

  std::vector<Written> sorted = items;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Written& a, const Written& b) { return a.interval.from < b.interval.from; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Written& earlier = sorted[i - 1];
    const Written& later = sorted[i];
    if (later.interval.from < earlier.interval.to) {
      // Point at whichever of the two was written second: that is the one the reader just added.
      const Written& culprit = later.offset > earlier.offset ? later : earlier;
      const Written& other = later.offset > earlier.offset ? earlier : later;
      throw SyntaxError(culprit.offset, fmt::format("interval '{}' overlaps '{}'", culprit.text, other.text));
    }
  }
  std::vector<DayInterval> result;
  result.reserve(sorted.size());
  for (const Written& w : sorted) result.push_back(w.interval);
  return result;
}

std::uint8_t parse_day_set(std::string_view key) {
  std::uint8_t set = 0;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = std::min(key.find(',', pos), key.size());
    const std::size_t start = skip_blanks(key, pos);
    const std::string_view raw = key.substr(pos, comma - pos);
    const std::string_view item = trim(raw);
    std::string lower(item);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const auto unknown = [&](std::size_t offset, std::string_view what) {
      return SyntaxError(offset, fmt::format("unknown day '{}' (expected mon, tue, wed, thu, fri, sat, sun, a "
                                             "range such as mon-fri, daily, weekdays or weekends)",
                                             what));
    };
    if (lower.empty()) throw SyntaxError(start, "expected a day such as 'mon' or 'mon-fri'");
    if (lower == "daily") {
      set |= 0x7F;
    } else if (lower == "weekdays") {
      set |= 0x1F;
    } else if (lower == "weekends") {
      set |= 0x60;
    } else if (const std::size_t dash = lower.find('-'); dash != std::string::npos) {
      const std::string_view first = trim(std::string_view(lower).substr(0, dash));
      const std::string_view last = trim(std::string_view(lower).substr(dash + 1));
      const auto a = day_index(first);
      if (!a) throw unknown(start, trim(item.substr(0, dash)));
      const auto b = day_index(last);
      if (!b) throw unknown(skip_blanks(key, start + dash + 1), trim(item.substr(dash + 1)));
      // Ranges wrap around the week end: "fri-mon" is Friday to Monday.
      for (int d = *a;; d = (d + 1) % 7) {
        set = static_cast<std::uint8_t>(set | (1u << d));
        if (d == *b) break;
      }
    } else if (const auto d = day_index(lower)) {
      set = static_cast<std::uint8_t>(set | (1u << *d));
    } else {
      throw unknown(start, item);
    }
    if (comma >= key.size()) break;
    pos = comma + 1;
  }
  return set;
}

std::string format_day_intervals(const std::vector<DayInterval>& intervals) {
  if (intervals.empty()) return "closed";
  std::string out;
  for (const DayInterval& i : intervals) {
    if (!out.empty()) out += ", ";
    out += format_clock_time(i.from);
    out += '-';
    out += format_clock_time(i.to);
  }
  return out;
}

CalendarClock::CalendarClock(const Calendar& calendar) {
  bool full = true;
  for (std::size_t d = 0; d < week_.size(); ++d) {
    week_[d] = normalized(calendar.week[d]);
    weekly_open_ += total_seconds(week_[d]);
    full = full && is_full_day(week_[d]);
  }
  for (const auto& [day, hours] : calendar.exceptions) {
    auto& stored = exceptions_[day] = normalized(hours);
    full = full && is_full_day(stored);
  }
  always_open_ = full;
}

namespace {

// One opening interval of one day, in absolute seconds.
struct Piece {
  Time from;
  Time to;
};

// The clock's state as the free helpers below see it; they stay out of the public header.
struct ClockView {
  const std::array<std::vector<DayInterval>, 7>& week;
  const std::map<std::int64_t, std::vector<DayInterval>>& exceptions;
  double weekly_open;
};

// The first opening interval (cut at midnight) that is not over at t: it contains t or is the next
// one. {inf, inf} when the calendar never opens again.
Piece piece_from(const ClockView& clock, Time t) noexcept {
  if (!(std::abs(t) < kLatestTime)) return {kInf, kInf};
  double s = 0.0;
  std::int64_t day = split_day(t, s);
  auto exception = clock.exceptions.lower_bound(day);
  for (;;) {
    const std::vector<DayInterval>* hours = nullptr;
    if (exception != clock.exceptions.end() && exception->first == day) {
      hours = &exception->second;
      ++exception;
    } else if (clock.weekly_open > 0.0) {
      hours = &clock.week[static_cast<std::size_t>(weekday_from_days(day))];
    } else {
      // Only exceptions ever open: jump straight to the next one.
      if (exception == clock.exceptions.end()) return {kInf, kInf};
      day = exception->first;
      s = 0.0;
      continue;
    }
    // First interval not yet over at s; an interval ending exactly at s is closed at s.
    const auto it =
        std::upper_bound(hours->begin(), hours->end(), s, [](double x, const DayInterval& i) { return x < i.to; });
    if (it != hours->end()) return {day_start(day) + it->from, day_start(day) + it->to};
    ++day;
    s = 0.0;
  }
}

// How many whole weeks from t can be skipped arithmetically (each contributing exactly weekly_open):
// at most wanted_weeks - 1, and none that would cross an exception day.
double skippable_weeks(const ClockView& clock, Time t, double wanted_weeks) noexcept {
  double weeks = std::floor(wanted_weeks) - 1.0;  // keep the last partial week for the exact walk
  if (!(weeks >= 1.0) || !(std::abs(t) < kLatestTime)) return 0.0;
  if (clock.exceptions.empty()) return weeks;
  double s = 0.0;
  const std::int64_t day = split_day(t, s);
  const auto next = clock.exceptions.lower_bound(day);
  if (next == clock.exceptions.end()) return weeks;
  // Whole weeks from t touch days day .. day + 7w; all of them must follow the weekly pattern.
  const std::int64_t free_days = next->first - day - 1;
  if (free_days < 7) return 0.0;
  return std::min(weeks, static_cast<double>(free_days / 7));
}

}  // namespace

bool CalendarClock::is_open(Time t) const {
  if (always_open_) return true;
  const ClockView clock{week_, exceptions_, weekly_open_};
  // A calendar that never opens again answers {inf, inf}, which must not read as open at t = inf.
  const Piece piece = piece_from(clock, t);
  return piece.from <= t && t < piece.to;
}

Time CalendarClock::next_open(Time t) const {
  if (always_open_) return t;
  const ClockView clock{week_, exceptions_, weekly_open_};
  return std::max(t, piece_from(clock, t).from);
}

Time CalendarClock::close_after(Time t) const {
  if (always_open_) return kInf;
  const ClockView clock{week_, exceptions_, weekly_open_};
  Piece piece = piece_from(clock, t);
  if (!(piece.from <= t && t < piece.to)) return t;  // closed at t: the precondition does not hold
  Time end = piece.to;
  const bool full_week = weekly_open_ >= kWeek;
  for (;;) {
    if (full_week) {
      // Every ordinary day is open around the clock, so only an exception can close the calendar.
      double s = 0.0;
      const std::int64_t day = split_day(end, s);
      const auto next = exceptions_.lower_bound(day);
      if (next == exceptions_.end()) return kInf;
      end = std::max(end, day_start(next->first));
    }
    const Piece following = piece_from(clock, end);
    // Pieces that touch across midnight continue the opening; {inf, inf} (never open again) ends it.
    if (following.from != end || !std::isfinite(following.to)) return end;
    end = following.to;
  }
}

Time CalendarClock::add_open_time(Time t, double work) const {
  if (!(work > 0.0)) return next_open(t);
  if (always_open_) return t + work;
  if (std::isinf(work)) return kInf;
  const ClockView clock{week_, exceptions_, weekly_open_};
  Time cursor = t;
  for (;;) {
    if (weekly_open_ > 0.0 && work > 2.0 * weekly_open_) {
      const double weeks = skippable_weeks(clock, cursor, work / weekly_open_);
      cursor += weeks * kWeek;
      work -= weeks * weekly_open_;
    }
    const Piece piece = piece_from(clock, cursor);
    if (std::isinf(piece.from)) return kInf;
    const Time start = std::max(cursor, piece.from);
    const double available = piece.to - start;
    if (work <= available) return start + work;
    work -= available;
    cursor = piece.to;
  }
}

double CalendarClock::open_seconds(Time a, Time b) const {
  if (!(b > a)) return 0.0;
  if (always_open_) return b - a;
  if (std::isinf(b) && weekly_open_ > 0.0) return kInf;
  const ClockView clock{week_, exceptions_, weekly_open_};
  double total = 0.0;
  Time cursor = a;
  for (;;) {
    if (weekly_open_ > 0.0 && b - cursor > 2.0 * kWeek) {
      const double weeks = skippable_weeks(clock, cursor, (b - cursor) / kWeek);
      cursor += weeks * kWeek;
      total += weeks * weekly_open_;
    }
    const Piece piece = piece_from(clock, cursor);
    if (!(piece.from < b)) return total;
    total += std::min(b, piece.to) - std::max(cursor, piece.from);
    cursor = piece.to;
    if (cursor >= b) return total;
  }
}

double CalendarClock::open_seconds(Time a, Time b, Hint& hint) const {
  if (!(b > a)) return 0.0;
  if (always_open_) return b - a;
  // Where open_seconds(a, b) skips whole weeks, or may look past one opening, ask it.
  if (!(b - a <= 2.0 * kWeek) || !(std::abs(a) < kLatestTime)) return open_seconds(a, b);
  // The first opening not over at `asked` is the first not over at any later time before its end.
  if (!(hint.asked <= a && a < hint.to)) {
    const Piece piece = piece_from(ClockView{week_, exceptions_, weekly_open_}, a);
    hint = Hint{a, piece.from, piece.to};
  }
  if (!(b <= hint.to)) return open_seconds(a, b);
  // What open_seconds(a, b) computes when its first opening reaches b.
  if (!(hint.from < b)) return 0.0;
  return std::min(b, hint.to) - std::max(a, hint.from);
}

}  // namespace bpm
