#include "discover/calibrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "bpm/core/time.hpp"
#include "discover/fit.hpp"
#include "discover/gateway_routing.hpp"

namespace bpm::discover {
namespace {

/// Fewer cases than this whose branch the log shows: the gateway keeps its probabilities.
constexpr std::size_t kMinRoutedCases = 10;

CalendarClock clock_of(const Process& p, const std::string& calendar) {
  const Calendar* c = calendar.empty() ? nullptr : p.find_calendar(calendar);
  return c == nullptr ? CalendarClock() : CalendarClock(*c);
}

void calibrate_durations(Process& p, const LogStore& log, const std::vector<std::int64_t>& activity_of_step,
                         Annotations& notes, std::vector<std::string>& assumptions) {
  std::vector<std::vector<double>> samples(log.activities.size());
  std::vector<std::vector<std::size_t>> per_case(log.activities.size());  // executions per case
  std::vector<CalendarClock> clocks(log.activities.size());
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    if (activity_of_step[s] < 0) continue;
    const Resource* r = p.steps[s].resource.empty() ? nullptr : p.find_resource(p.steps[s].resource);
    if (r != nullptr) clocks[static_cast<std::size_t>(activity_of_step[s])] = clock_of(p, r->calendar);
  }
  std::vector<std::size_t> count(log.activities.size(), 0);
  for (const Case& c : log.cases) {
    std::fill(count.begin(), count.end(), 0);
    for (const Event& e : c.events) {
      const CalendarClock& clock = clocks[e.activity];
      samples[e.activity].push_back(clock.always_open() ? e.end - e.start : clock.open_seconds(e.start, e.end));
      ++count[e.activity];
    }
    for (std::size_t a = 0; a < count.size(); ++a) {
      if (count[a] > 0) per_case[a].push_back(count[a]);
    }
  }
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    Step& step = p.steps[s];
    if (step.kind != StepKind::Task) continue;
    std::vector<std::string>& lines = notes.entries[{"steps", step.id}];
    if (activity_of_step[s] < 0) {
      assumptions.push_back(fmt::format("task '{}' is not an activity of the log: its numbers are kept", step.id));
      lines.push_back("Not in the log: numbers kept from the model.");
      continue;
    }
    const auto a = static_cast<std::size_t>(activity_of_step[s]);
    if (samples[a].empty()) continue;
    const Fit fit = fit_time(samples[a]);
    step.duration = fit.distribution;
    lines.push_back(fmt::format("Calibrated: {} executions; mean {}{}, sd {}; duration: {}.", samples[a].size(),
                                humanize_duration(fit.mean), clocks[a].always_open() ? "" : " of working time",
                                humanize_duration(fit.sd), fit.summary));
    if (step.rework) {
      // Every execution of a case after its first is a repetition.
      std::size_t repeats = 0;
      for (const std::size_t n : per_case[a]) repeats += n - 1;
      const double share = static_cast<double>(repeats) / static_cast<double>(samples[a].size());
      step.rework->p = round_significant(std::min(share, 0.99), 4);
      lines.push_back(fmt::format("Rework: {} of its {} executions were repetitions.", repeats, samples[a].size()));
    }
  }
}

void calibrate_branches(Process& p, const LogStore& log, const std::vector<std::int64_t>& activity_of_step,
                        Annotations& notes, std::vector<std::string>& assumptions) {
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    Step& step = p.steps[s];
    if (step.kind != StepKind::Xor) continue;
    const bool any_p =
        std::any_of(step.branches.begin(), step.branches.end(), [](const Branch& b) { return b.p.has_value(); });
    if (!any_p) continue;
    const GatewayRouting routing = route_cases(p, s, activity_of_step, log);
    std::size_t routed = 0;  // cases that took a `p` branch
    for (std::size_t b = 0; b < step.branches.size(); ++b) {
      if (step.branches[b].p) routed += routing.counts[b];
    }
    if (routed < kMinRoutedCases) {
      assumptions.push_back(
          fmt::format("the log shows the branch taken at '{}' for {} case(s){}: its probabilities are "
                      "kept",
                      step.id, routed, routing.in_loop ? " (it is inside a loop)" : ""));
      notes.entries[{"steps", step.id}].push_back(
          "Probabilities kept from the model (the log does not show enough of "
          "this gateway's routing).");
      continue;
    }
    double others = 0.0;
    std::size_t last = step.branches.size();
    for (std::size_t b = 0; b < step.branches.size(); ++b) {
      if (!step.branches[b].p) continue;
      last = b;
    }
    for (std::size_t b = 0; b < step.branches.size(); ++b) {
      if (!step.branches[b].p || b == last) continue;
      step.branches[b].p = round_significant(static_cast<double>(routing.counts[b]) / static_cast<double>(routed), 4);
      others += *step.branches[b].p;
    }
    step.branches[last].p = round_significant(std::max(0.0, 1.0 - others), 8);
    notes.entries[{"steps", step.id}].push_back(
        fmt::format("Calibrated: branch probabilities from the {} cases whose branch the log shows.", routed));
  }
}

void calibrate_pools(Process& p, const LogStore& log, const std::vector<std::int64_t>& activity_of_step,
                     Annotations& notes) {
  if (!log.has_resource) return;
  for (Resource& r : p.resources) {
    std::set<std::int32_t> members;
    std::set<std::uint32_t> activities;
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
      if (p.steps[s].resource == r.id && activity_of_step[s] >= 0)
        activities.insert(static_cast<std::uint32_t>(activity_of_step[s]));
    }
    if (activities.empty()) continue;
    for (const Case& c : log.cases) {
      for (const Event& e : c.events) {
        if (e.resource >= 0 && activities.count(e.activity) > 0) members.insert(e.resource);
      }
    }
    if (members.empty()) continue;
    const int before = r.count;
    r.count = static_cast<int>(members.size());
    notes.entries[{"resources", r.id}].push_back(
        fmt::format("Calibrated: {} resource(s) of the log did its tasks (the model had {}).", members.size(), before));
  }
}

void calibrate_arrivals(Process& p, const LogStore& log, Annotations& notes) {
  std::vector<Time> arrivals;
  for (const Case& c : log.cases) arrivals.push_back(c.arrival);
  std::sort(arrivals.begin(), arrivals.end());
  if (arrivals.size() < 2) return;
  const CalendarClock clock = clock_of(p, p.arrivals.calendar);
  std::vector<double> gaps;
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    gaps.push_back(clock.always_open() ? arrivals[k] - arrivals[k - 1]
                                       : clock.open_seconds(arrivals[k - 1], arrivals[k]));
  }
  if (std::all_of(gaps.begin(), gaps.end(), [](double g) { return g <= 0.0; })) return;
  const Fit fit = fit_time(gaps);
  p.arrivals.every = fit.distribution;
  notes.sections["arrivals"].push_back(
      fmt::format("Calibrated: inter-arrival times of {} cases{}: mean {}, sd {}; {}.", arrivals.size(),
                  clock.always_open() ? "" : ", counted in the arrival calendar's hours", humanize_duration(fit.mean),
                  humanize_duration(fit.sd), fit.summary));
}

}  // namespace

void calibrate(Process& process, const LogStore& log, Annotations& notes, std::vector<std::string>& assumptions) {
  const std::vector<std::int64_t> activity_of_step = activities_of_steps(process, log);
  std::vector<char> matched(log.activities.size(), 0);
  for (const std::int64_t a : activity_of_step) {
    if (a >= 0) matched[static_cast<std::size_t>(a)] = 1;
  }
  std::vector<std::string> unmatched;
  for (std::size_t a = 0; a < matched.size(); ++a) {
    if (!matched[a]) unmatched.push_back("'" + log.activities[a] + "'");
  }
  if (!unmatched.empty()) {
    std::string list;
    for (std::size_t k = 0; k < unmatched.size() && k < 5; ++k) list += (k ? ", " : "") + unmatched[k];
    if (unmatched.size() > 5) list += fmt::format(", ... ({} in all)", unmatched.size());
    assumptions.push_back(fmt::format("{} activit{} of the log {} no task of the model and {} left out: {}",
                                      unmatched.size(), unmatched.size() == 1 ? "y" : "ies",
                                      unmatched.size() == 1 ? "matches" : "match", unmatched.size() == 1 ? "is" : "are",
                                      list));
  }
  calibrate_durations(process, log, activity_of_step, notes, assumptions);
  calibrate_branches(process, log, activity_of_step, notes, assumptions);
  calibrate_pools(process, log, activity_of_step, notes);
  calibrate_arrivals(process, log, notes);
}

}  // namespace bpm::discover
