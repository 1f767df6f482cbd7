#include "discover/arrival_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "stats/special_functions.hpp"

namespace bpm::discover {
namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;
/// A weekday takes part in the test when it has at least this many arrivals.
constexpr std::size_t kMinDayArrivals = 10;
/// Cells of the test are pooled (in weekday and hour order) until each expects this many arrivals,
/// the usual condition of the chi-square approximation.
constexpr double kMinExpected = 5.0;
constexpr int kFitIterations = 200;

using Grid = std::array<std::array<double, 24>, 7>;  // weekday (0 = Monday) x hour of day

constexpr std::array<const char*, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::int64_t day_of(Time t) { return static_cast<std::int64_t>(std::floor(t / kDay)); }

/// P-value of the two-sided test that two Poisson counts `n1`, `n2` over exposures `x1`, `x2`
/// have the same rate: given their sum, n1 is binomial with p = x1 / (x1 + x2) (normal
/// approximation).
double equal_rates_p(double n1, double x1, double n2, double x2) {
  const double n = n1 + n2;
  if (n <= 0.0) return 1.0;
  if (!(x1 > 0.0) || !(x2 > 0.0)) return 0.0;
  const double p = x1 / (x1 + x2);
  const double sd = std::sqrt(n * p * (1.0 - p));
  return std::erfc(std::fabs(n1 - n * p) / sd / std::numbers::sqrt2);
}

/// A run of adjacent items pooled together: the counts and exposures summed.
struct Group {
  std::vector<int> items;
  double count = 0.0;
  double exposure = 0.0;
  [[nodiscard]] double rate() const { return exposure > 0.0 ? count / exposure : 0.0; }
};

/// Merges adjacent groups, the pair least distinguishable first, while the test of equal rates
/// cannot tell them apart at `alpha` (family-wise).
void pool_adjacent(std::vector<Group>& groups, double alpha) {
  while (groups.size() > 1) {
    std::size_t best = 0;
    double best_p = -1.0;
    for (std::size_t k = 0; k + 1 < groups.size(); ++k) {
      const double p = equal_rates_p(groups[k].count, groups[k].exposure, groups[k + 1].count, groups[k + 1].exposure);
      if (p > best_p) {
        best_p = p;
        best = k;
      }
    }
    // Bonferroni over the pairs still compared: with 24 hours, pairwise tests at 5% would keep
    // spurious steps in a flat stretch.
    if (best_p <= alpha / static_cast<double>(groups.size() - 1)) return;
    Group& a = groups[best];
    const Group& b = groups[best + 1];
    a.items.insert(a.items.end(), b.items.begin(), b.items.end());
    a.count += b.count;
    a.exposure += b.exposure;
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(best) + 1);
  }
}

std::string hours_text(int from, int to) { return fmt::format("{:02}:00-{:02}:00", from, to); }

}  // namespace

ArrivalProfile fit_arrival_profile(const std::vector<Time>& arrivals, const ArrivalProfileSettings& settings) {
  ArrivalProfile out;
  if (arrivals.size() < 2) return out;
  const Time first = arrivals.front();
  const Time last = arrivals.back();
  // Exposure: hours of each weekday and hour of day within the log's span.
  Grid exposure{};
  for (std::int64_t day = day_of(first); day <= day_of(last); ++day) {
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    for (std::size_t h = 0; h < 24; ++h) {
      const Time from = std::max(first, static_cast<double>(day) * kDay + static_cast<double>(h) * kHour);
      const Time to = std::min(last, static_cast<double>(day) * kDay + static_cast<double>(h + 1) * kHour);
      if (to > from) exposure[w][h] += (to - from) / kHour;
    }
  }
  Grid count{};
  std::array<std::vector<double>, 7> times;  // seconds into the day, per weekday
  for (const Time t : arrivals) {
    const std::int64_t day = day_of(t);
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    const double tod = t - static_cast<double>(day) * kDay;
    count[w][std::min<std::size_t>(23, static_cast<std::size_t>(tod / kHour))] += 1.0;
    times[w].push_back(tod);
  }

  // The test: under a constant rate over each weekday's arrival hours (the central share of its
  // arrivals' times of day), counts per hour cell are Poisson in proportion to the cell's exposure.
  std::vector<double> observed;
  std::vector<double> weight;
  for (std::size_t w = 0; w < 7; ++w) {
    std::vector<double>& v = times[w];
    if (v.size() < kMinDayArrivals) continue;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
      return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
    };
    const double lo = at(settings.trim);
    const double hi = at(1.0 - settings.trim);
    if (!(hi > lo)) continue;
    for (std::size_t h = 0; h < 24; ++h) {
      const double overlap = std::max(
          0.0, std::min(hi, static_cast<double>(h + 1) * kHour) - std::max(lo, static_cast<double>(h) * kHour));
      if (overlap <= 0.0 || exposure[w][h] <= 0.0) continue;
      double n = 0.0;
      for (const double t : v)
        n += (t >= lo && t <= hi && t >= static_cast<double>(h) * kHour && t < static_cast<double>(h + 1) * kHour)
                 ? 1.0
                 : 0.0;
      observed.push_back(n);
      weight.push_back(exposure[w][h] * overlap / kHour);
    }
  }
  double total_n = 0.0;
  double total_w = 0.0;
  for (std::size_t k = 0; k < observed.size(); ++k) {
    total_n += observed[k];
    total_w += weight[k];
  }
  if (total_n < 20.0 || !(total_w > 0.0)) return out;
  std::vector<std::pair<double, double>> cells;  // (observed, expected), pooled
  double n_acc = 0.0;
  double e_acc = 0.0;
  for (std::size_t k = 0; k < observed.size(); ++k) {
    n_acc += observed[k];
    e_acc += total_n * weight[k] / total_w;
    if (e_acc >= kMinExpected) {
      cells.emplace_back(n_acc, e_acc);
      n_acc = e_acc = 0.0;
    }
  }
  if (e_acc > 0.0) {
    if (cells.empty()) return out;
    cells.back().first += n_acc;
    cells.back().second += e_acc;
  }
  if (cells.size() < 2) return out;
  for (const auto& [n, e] : cells) out.statistic += (n - e) * (n - e) / e;
  out.degrees = static_cast<double>(cells.size() - 1);
  out.p_value = detail::incomplete_gamma(out.degrees / 2.0, out.statistic / 2.0).upper;
  out.tested = true;
  const std::string test = fmt::format(
      "chi-square test of a constant rate over each weekday's arrival hours: X² = {:.1f}, {} degrees of "
      "freedom, p = {:.2g}",
      out.statistic, out.degrees, out.p_value);
  if (out.p_value >= settings.alpha) {
    out.summary = fmt::format(
        "The arrival rate does not vary significantly within the arrival hours ({}, not below "
        "{}): a constant rate.",
        test, settings.alpha);
    return out;
  }
  out.varies = true;

  // rate(weekday, hour) = a[weekday] * b[hour], Poisson maximum likelihood (iterative scaling).
  std::array<double, 7> a{};
  std::array<double, 24> b{};
  a.fill(1.0);
  for (int it = 0; it < kFitIterations; ++it) {
    for (std::size_t h = 0; h < 24; ++h) {
      double n = 0.0;
      double x = 0.0;
      for (std::size_t w = 0; w < 7; ++w) {
        n += count[w][h];
        x += a[w] * exposure[w][h];
      }
      b[h] = x > 0.0 ? n / x : 0.0;
    }
    for (std::size_t w = 0; w < 7; ++w) {
      double n = 0.0;
      double x = 0.0;
      for (std::size_t h = 0; h < 24; ++h) {
        n += count[w][h];
        x += b[h] * exposure[w][h];
      }
      a[w] = x > 0.0 ? n / x : 0.0;
    }
  }
  // Hours of the day: adjacent hours pooled while their rates cannot be told apart.
  std::vector<Group> hours;
  for (int h = 0; h < 24; ++h) {
    Group g{{h}, 0.0, 0.0};
    for (std::size_t w = 0; w < 7; ++w) {
      g.count += count[w][static_cast<std::size_t>(h)];
      g.exposure += a[w] * exposure[w][static_cast<std::size_t>(h)];
    }
    hours.push_back(std::move(g));
  }
  pool_adjacent(hours, settings.pool_alpha);
  for (const Group& g : hours) {
    for (const int h : g.items) b[static_cast<std::size_t>(h)] = g.rate();
  }
  // Weekdays, in order of their level: those the data cannot tell apart share one.
  std::vector<Group> days;
  for (int w = 0; w < 7; ++w) {
    Group g{{w}, 0.0, 0.0};
    for (std::size_t h = 0; h < 24; ++h) {
      g.count += count[static_cast<std::size_t>(w)][h];
      g.exposure += b[h] * exposure[static_cast<std::size_t>(w)][h];
    }
    if (g.count > 0.0) days.push_back(std::move(g));
  }
  std::stable_sort(days.begin(), days.end(), [](const Group& x, const Group& y) { return x.rate() < y.rate(); });
  pool_adjacent(days, settings.pool_alpha);
  a.fill(0.0);
  for (const Group& g : days) {
    for (const int w : g.items) a[static_cast<std::size_t>(w)] = g.rate();
  }
  std::string bands;
  for (const Group& g : hours) {
    if (g.count <= 0.0) continue;
    bands += fmt::format("{}{} ×{:.3g}", bands.empty() ? "" : ", ", hours_text(g.items.front(), g.items.back() + 1),
                         g.rate());
  }
  std::string levels;
  for (const Group& g : days) {
    std::string names;
    std::vector<int> sorted = g.items;
    std::sort(sorted.begin(), sorted.end());
    for (const int w : sorted) {
      if (!names.empty()) names += '+';
      names += kDayNames[static_cast<std::size_t>(w)];
    }
    levels += fmt::format("{}{} {:.3g}", levels.empty() ? "" : ", ", names, g.rate());
  }
  for (std::size_t w = 0; w < 7; ++w) {
    for (const Group& g : hours) {
      const double rate = a[w] * g.rate();
      if (!(rate > 0.0)) continue;
      const double rounded = std::stod(fmt::format("{:.4g}", rate));
      out.profile.week[w].push_back(RatePiece{static_cast<double>(g.items.front()) * kHour,
                                              static_cast<double>(g.items.back() + 1) * kHour, rounded});
    }
  }
  out.summary = fmt::format(
      "The arrival rate varies with the weekday and the hour ({}, below {}): a weekly rate profile, fitted as a "
      "weekday level times an hour-of-day shape by Poisson maximum likelihood over {} arrivals, adjacent hours and "
      "weekdays pooled while a test of equal rates cannot tell them apart (family-wise p > {}). Hour shape: {}; "
      "weekday levels "
      "(cases per hour at shape 1): {}.",
      test, settings.alpha, arrivals.size(), settings.pool_alpha, bands, levels);
  return out;
}

double expected_arrivals(const RateProfile& profile, Time from, Time to) {
  double sum = 0.0;
  for (std::int64_t day = day_of(from); day <= day_of(to); ++day) {
    const auto w = static_cast<std::size_t>(weekday_from_days(day));
    const double base = static_cast<double>(day) * kDay;
    for (const RatePiece& piece : profile.week[w]) {
      const double lo = std::max(from, base + piece.from);
      const double hi = std::min(to, base + piece.to);
      if (hi > lo) sum += (hi - lo) / kHour * piece.rate;
    }
  }
  return sum;
}

}  // namespace bpm::discover
