// StallFinder: the hand-over times after each activity, and the cases in flight with their age.
#include "bpm/monitor/stalls.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/stats/histogram.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct OpenCase {
  std::string id;
  std::uint32_t replication = 0;
  std::uint32_t last_activity = 0;
  Time last_event = 0.0;
  bool working = false;
};

}  // namespace

struct StallFinder::State {
  StallOptions options;
  std::vector<LogHistogram> handover;  // per activity: time until the next activity starts
  LogHistogram all;
  std::vector<OpenCase> open;  // O(cases in flight)
  Time latest = -std::numeric_limits<double>::infinity();
};

StallFinder::StallFinder(StallOptions options) : state_(std::make_unique<State>()) {
  if (!(options.quantile > 0.0 && options.quantile < 1.0)) {
    throw UsageError(fmt::format("the stall quantile must be in (0, 1), not {}", options.quantile));
  }
  if (options.after && !(*options.after > 0.0)) throw SettingError("stall_after", "must be a positive duration");
  state_->options = options;
}

StallFinder::~StallFinder() = default;

void StallFinder::reset() {
  const StallOptions options = state_->options;
  state_ = std::make_unique<State>();
  state_->options = options;
}

void StallFinder::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) {
  State& s = *state_;
  if (s.handover.size() < info.dictionary.activities.size()) s.handover.resize(info.dictionary.activities.size());
  for (std::size_t k = 0; k + 1 < record.instances.size(); ++k) {
    const kpi::ActivityInstance& a = record.instances[k];
    const kpi::ActivityInstance& b = record.instances[k + 1];
    const double gap = info.completion_only ? b.end - a.end : std::max(0.0, b.start - a.end);
    if (!std::isfinite(gap)) continue;
    s.handover[a.activity].add(gap);
    s.all.add(gap);
  }
  s.latest = std::max(s.latest, facts.end);
  if (facts.completed) return;
  OpenCase c;
  c.id = record.id;
  c.replication = record.replication;
  c.last_activity = facts.last_activity;
  c.last_event = facts.end;
  // Someone is on it: a log's unmatched start, or a simulation's execution started and not ended
  // (its other pending executions only wait in a queue).
  c.working = record.pending.empty()
                  ? !record.work_complete
                  : std::any_of(record.pending.begin(), record.pending.end(),
                                [](const kpi::ActivityInstance& p) { return std::isfinite(p.start); });
  s.open.push_back(std::move(c));
}

StallResult StallFinder::result(const kpi::LogInfo& info, std::size_t top) const {
  const State& s = *state_;
  const StallOptions& o = s.options;
  StallResult r;
  r.now = o.now ? *o.now : s.latest;
  r.in_flight = s.open.size();
  const std::string q = fmt::format("p{:g}", 100.0 * o.quantile);
  const double overall = s.all.count() >= o.min_samples ? interpolated_quantile(s.all, o.quantile) : kNaN;
  const kpi::NameTable& names = info.dictionary.activities;
  std::vector<ActivityThreshold> thresholds(names.size());
  for (std::size_t a = 0; a < names.size(); ++a) {
    ActivityThreshold& t = thresholds[a];
    t.activity = names.name(static_cast<std::uint32_t>(a));
    t.samples = a < s.handover.size() ? s.handover[a].count() : 0;
    if (o.after) {
      t.threshold = *o.after;
      t.basis = "given";
    } else if (t.samples >= o.min_samples) {
      t.threshold = interpolated_quantile(s.handover[a], o.quantile);
      t.basis =
          fmt::format("{} of {} hand-overs", q, kpi::format_value(static_cast<double>(t.samples), kpi::Unit::Count));
    } else {
      t.threshold = overall;
      t.basis = std::isfinite(overall) ? fmt::format("{} of all hand-overs (only {} here)", q, t.samples)
                                       : "unknown: too few hand-overs in the log";
    }
  }
  for (const OpenCase& c : s.open) {
    ActivityThreshold& t = thresholds[c.last_activity];
    ++t.in_flight;
    const double age = r.now - c.last_event;
    if (!std::isfinite(t.threshold) || !(age > t.threshold)) continue;
    ++t.stalled;
    StalledCase stalled;
    stalled.id = c.id;
    stalled.replication = c.replication;
    stalled.last_activity = t.activity;
    stalled.last_event = c.last_event;
    stalled.age = age;
    stalled.threshold = t.threshold;
    stalled.working = c.working;
    r.cases.push_back(std::move(stalled));
  }
  r.stalled = r.cases.size();
  std::stable_sort(r.cases.begin(), r.cases.end(), [](const StalledCase& a, const StalledCase& b) {
    const double x = a.age / std::max(a.threshold, 1e-9);
    const double y = b.age / std::max(b.threshold, 1e-9);
    if (x != y) return x > y;
    return a.age > b.age;
  });
  if (top > 0 && r.cases.size() > top) {
    r.notes.push_back(fmt::format("the {} most overdue of {} stalled cases listed", top, r.cases.size()));
    r.cases.resize(top);
  }
  for (ActivityThreshold& t : thresholds) {
    if (t.in_flight > 0) r.activities.push_back(std::move(t));
  }
  std::stable_sort(r.activities.begin(), r.activities.end(),
                   [](const ActivityThreshold& a, const ActivityThreshold& b) {
                     if (a.stalled != b.stalled) return a.stalled > b.stalled;
                     return a.in_flight > b.in_flight;
                   });
  if (r.in_flight == 0) {
    r.notes.push_back(
        "no case in flight: finished cases are told by an outcome column, an end activity or the process file's ends");
  }
  return r;
}

}  // namespace bpm::monitor
