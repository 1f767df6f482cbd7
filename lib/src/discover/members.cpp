#include "discover/members.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace bpm::discover {
namespace {

/// Overlaps shorter than this are clock noise (a start logged a second before the previous end).
constexpr double kOverlapTolerance = 1.0;
/// A resource overlapping itself in more than this share of its executions is shared.
constexpr double kSharedShare = 0.01;
/// A sign test needs at least this many executions that differ from their task's median.
constexpr std::size_t kMinCompared = 10;

double median_of(std::vector<double> v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

}  // namespace

std::vector<char> shared_resources(const LogStore& log) {
  std::vector<std::vector<std::pair<Time, Time>>> work(log.resources.size());
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) {
      if (e.resource >= 0) work[static_cast<std::size_t>(e.resource)].emplace_back(e.start, e.end);
    }
  }
  std::vector<char> shared(log.resources.size(), 0);
  for (std::size_t r = 0; r < work.size(); ++r) {
    auto& w = work[r];
    std::sort(w.begin(), w.end());
    std::size_t overlapping = 0;
    Time busy_until = -std::numeric_limits<double>::infinity();
    for (const auto& [start, end] : w) {
      if (start < busy_until - kOverlapTolerance) ++overlapping;
      busy_until = std::max(busy_until, end);
    }
    shared[r] = static_cast<double>(overlapping) > kSharedShare * static_cast<double>(w.size()) ? 1 : 0;
  }
  return shared;
}

std::vector<SpeedEstimate> member_speeds(const LogStore& log, const std::vector<std::vector<double>>& durations,
                                         double alpha) {
  const std::size_t activities = log.activities.size();
  std::vector<std::vector<double>> by_activity(activities);
  std::vector<std::vector<char>> done_by(activities, std::vector<char>(log.resources.size(), 0));
  for (std::size_t c = 0; c < log.cases.size(); ++c) {
    for (std::size_t k = 0; k < log.cases[c].events.size(); ++k) {
      const Event& e = log.cases[c].events[k];
      if (e.resource < 0 || !(durations[c][k] > 0.0)) continue;
      by_activity[e.activity].push_back(durations[c][k]);
      done_by[e.activity][static_cast<std::size_t>(e.resource)] = 1;
    }
  }
  std::vector<double> median(activities, 0.0);
  for (std::size_t a = 0; a < activities; ++a) {
    const auto doers = std::count(done_by[a].begin(), done_by[a].end(), 1);
    if (doers >= 2 && !by_activity[a].empty()) median[a] = median_of(by_activity[a]);
  }
  std::vector<std::vector<double>> ratios(log.resources.size());  // log(duration / median), ties left out
  std::vector<SpeedEstimate> out(log.resources.size());
  for (std::size_t c = 0; c < log.cases.size(); ++c) {
    for (std::size_t k = 0; k < log.cases[c].events.size(); ++k) {
      const Event& e = log.cases[c].events[k];
      const double d = durations[c][k];
      if (e.resource < 0 || !(d > 0.0) || !(median[e.activity] > 0.0)) continue;
      const double r = std::log(d / median[e.activity]);
      if (std::fabs(r) < 1e-9) continue;
      ratios[static_cast<std::size_t>(e.resource)].push_back(r);
    }
  }
  std::size_t tested = 0;
  for (const auto& v : ratios) tested += v.size() >= kMinCompared ? 1U : 0U;
  for (std::size_t r = 0; r < ratios.size(); ++r) {
    const std::vector<double>& v = ratios[r];
    SpeedEstimate& s = out[r];
    s.compared = v.size();
    if (v.size() < kMinCompared) continue;
    s.slower = static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](double x) { return x > 0.0; }));
    // Sign test, normal approximation with continuity correction.
    const double n = static_cast<double>(v.size());
    const double z = (std::fabs(static_cast<double>(s.slower) - n / 2.0) - 0.5) / std::sqrt(n / 4.0);
    s.p_value = std::min(1.0, std::erfc(std::max(0.0, z) / std::numbers::sqrt2));
    s.significant = s.p_value < alpha / static_cast<double>(std::max<std::size_t>(1, tested));
    if (s.significant) s.speed = std::exp(-median_of(v));
  }
  return out;
}

}  // namespace bpm::discover
