// FunnelBuilder: per case, the stages it reached and when; per stage, reach, conversion, losses.
#include "bpm/monitor/funnel.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/stats/histogram.hpp"
#include "kpi/process_index.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kOutcomePrefix = "outcome:";

/// The process's tasks and timer waits in flow order: breadth first from the start.
std::vector<std::string> process_stages(const Process& p) {
  std::vector<std::string> stages;
  const auto start = step_index(p, p.start);
  if (!start) return stages;
  std::vector<bool> seen(p.steps.size(), false);
  std::deque<std::size_t> queue{*start};
  seen[*start] = true;
  while (!queue.empty()) {
    const std::size_t i = queue.front();
    queue.pop_front();
    if (p.steps[i].kind == StepKind::Task || p.steps[i].kind == StepKind::Wait) stages.push_back(p.steps[i].id);
    for (const std::size_t j : step_successors(p, i)) {
      if (seen[j]) continue;
      seen[j] = true;
      queue.push_back(j);
    }
  }
  return stages;
}

struct StageAcc {
  std::uint64_t reached = 0;
  std::uint64_t converted = 0;
  std::uint64_t out_of_order = 0;
  LogHistogram convert_time;
  std::uint64_t won_after = 0;  // reached it and then the outcome stage
  LogHistogram won_time;
  std::uint64_t in_flight_furthest = 0;
};

}  // namespace

struct FunnelBuilder::State {
  FunnelOptions options;
  bool dynamic = false;                  // stages are the log's activities, in order of first appearance
  std::vector<std::string> stage_names;  // fixed stages (activity stages only)
  std::vector<std::string> stage_keys;   // normalised names
  std::string outcome;                   // the outcome stage, if named; "" when decided by the log
  bool outcome_named = false;
  std::vector<std::int32_t> stage_of_activity;  // grown with the dictionary
  std::vector<StageAcc> stages;
  std::uint64_t cases = 0, completed = 0, won = 0, before_first = 0;
  // Completed cases by (furthest stage + 1, reached the outcome), and by last activity too.
  std::map<std::pair<std::int64_t, bool>, std::uint64_t> completed_at;
  std::map<std::tuple<std::int64_t, bool, std::uint32_t>, std::uint64_t> last_activity_at;
  std::vector<Time> reach;  // per case scratch

  void sync(const kpi::LogInfo& info) {
    const kpi::NameTable& names = info.dictionary.activities;
    while (stage_of_activity.size() < names.size()) {
      const auto id = static_cast<std::uint32_t>(stage_of_activity.size());
      std::int32_t stage = -1;
      if (dynamic) {
        stage = static_cast<std::int32_t>(id);
      } else {
        const std::string key = kpi::normalize_name(names.name(id));
        for (std::size_t k = 0; k < stage_keys.size(); ++k) {
          if (stage_keys[k] == key) stage = static_cast<std::int32_t>(k);
        }
      }
      stage_of_activity.push_back(stage);
    }
    if (dynamic && stages.size() < names.size()) stages.resize(names.size());
  }
};

namespace {

std::unique_ptr<FunnelBuilder::State> make_state(FunnelOptions options) {
  auto state = std::make_unique<FunnelBuilder::State>();
  FunnelBuilder::State& s = *state;
  std::vector<std::string> names = options.stages;
  if (names.empty() && options.process != nullptr) names = process_stages(*options.process);
  s.dynamic = names.empty();
  for (const std::string& name : names) {
    if (std::string_view(name).starts_with(kOutcomePrefix)) {
      if (s.outcome_named) throw UsageError("only one stage can be an outcome (the last)");
      s.outcome = name.substr(kOutcomePrefix.size());
      s.outcome_named = true;
      continue;
    }
    if (s.outcome_named) throw UsageError(fmt::format("the outcome stage must be the last, not before '{}'", name));
    s.stage_names.push_back(name);
    s.stage_keys.push_back(kpi::normalize_name(name));
  }
  if (!s.dynamic && s.stage_names.empty() && !s.outcome_named) throw UsageError("the funnel has no stage");
  s.stages.resize(s.stage_names.size());
  s.options = std::move(options);
  return state;
}

}  // namespace

FunnelBuilder::FunnelBuilder(FunnelOptions options) : state_(make_state(std::move(options))) {}

FunnelBuilder::~FunnelBuilder() = default;

void FunnelBuilder::reset() { state_ = make_state(state_->options); }

void FunnelBuilder::copy_state(const FunnelBuilder& other) { *state_ = *other.state_; }

void FunnelBuilder::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) {
  State& s = *state_;
  s.sync(info);
  ++s.cases;
  const std::size_t n = s.stages.size();
  s.reach.assign(n, kNaN);
  std::int64_t furthest = -1;
  for (const kpi::ActivityInstance& i : record.instances) {
    const std::int32_t stage = s.stage_of_activity[i.activity];
    if (stage < 0) continue;
    const auto k = static_cast<std::size_t>(stage);
    if (std::isnan(s.reach[k]) || i.end < s.reach[k]) s.reach[k] = i.end;
    furthest = std::max<std::int64_t>(furthest, stage);
  }
  const std::string& winning = s.outcome_named ? s.outcome : s.options.won_outcome;
  const bool won = facts.completed && !record.outcome.empty() && record.outcome == winning;
  for (std::size_t k = 0; k < n; ++k) {
    if (std::isnan(s.reach[k])) continue;
    StageAcc& acc = s.stages[k];
    ++acc.reached;
    if (k > 0 && !std::isnan(s.reach[k - 1])) {
      ++acc.converted;
      const double t = s.reach[k] - s.reach[k - 1];
      if (t >= 0.0) {
        acc.convert_time.add(t);
      } else {
        ++acc.out_of_order;
      }
    }
    if (won) {
      ++acc.won_after;
      acc.won_time.add(std::max(0.0, facts.end - s.reach[k]));
    }
  }
  if (furthest < 0 && !won) ++s.before_first;
  if (won) ++s.won;
  if (facts.completed) {
    ++s.completed;
    ++s.completed_at[{furthest, won}];
    ++s.last_activity_at[{furthest, won, facts.last_activity}];
  } else if (furthest >= 0) {
    ++s.stages[static_cast<std::size_t>(furthest)].in_flight_furthest;
  }
}

FunnelResult FunnelBuilder::result(const kpi::LogInfo& info) const {
  const State& s = *state_;
  FunnelResult r;
  if (s.options.process != nullptr) r.title = s.options.process->name;
  r.cases = s.cases;
  r.completed = s.completed;
  r.in_flight = s.cases - s.completed;
  r.before_first = s.before_first;
  const kpi::NameTable& names = info.dictionary.activities;
  // Named stages must exist in the log: a typo would otherwise draw an empty stage.
  if (!s.options.stages.empty()) {
    for (std::size_t k = 0; k < s.stage_names.size(); ++k) {
      const bool found = std::find(s.stage_of_activity.begin(), s.stage_of_activity.end(),
                                   static_cast<std::int32_t>(k)) != s.stage_of_activity.end();
      if (!found) throw UsageError(fmt::format("stage '{}' is no activity of the log", s.stage_names[k]));
    }
  }
  const bool outcome_stage = s.outcome_named || info.has_outcome;
  const std::string outcome = s.outcome_named ? s.outcome : s.options.won_outcome;

  const std::size_t n = s.stages.size();
  auto percent = [](std::uint64_t a, std::uint64_t b) {
    return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN;
  };
  for (std::size_t k = 0; k < n; ++k) {
    const StageAcc& acc = s.stages[k];
    FunnelStage stage;
    stage.name = s.dynamic ? names.name(static_cast<std::uint32_t>(k)) : s.stage_names[k];
    stage.reached = acc.reached;
    stage.of_all = percent(acc.reached, s.cases);
    stage.converted = k > 0 ? acc.converted : acc.reached;
    stage.conversion = k > 0 ? percent(acc.converted, s.stages[k - 1].reached) : kNaN;
    stage.out_of_order = acc.out_of_order;
    const bool timed = k > 0 && !acc.convert_time.empty();
    stage.convert_mean = timed ? acc.convert_time.mean() : kNaN;
    stage.convert_median = timed ? interpolated_quantile(acc.convert_time, 0.5) : kNaN;
    stage.convert_p90 = timed ? interpolated_quantile(acc.convert_time, 0.9) : kNaN;
    stage.in_flight_here = acc.in_flight_furthest;
    r.stages.push_back(std::move(stage));
  }
  if (outcome_stage) {
    FunnelStage stage;
    stage.name = fmt::format("outcome: {}", outcome);
    stage.reached = s.won;
    stage.of_all = percent(s.won, s.cases);
    if (n > 0) {
      const StageAcc& last = s.stages[n - 1];
      stage.converted = last.won_after;
      stage.conversion = percent(last.won_after, last.reached);
      const bool timed = !last.won_time.empty();
      stage.convert_mean = timed ? last.won_time.mean() : kNaN;
      stage.convert_median = timed ? interpolated_quantile(last.won_time, 0.5) : kNaN;
      stage.convert_p90 = timed ? interpolated_quantile(last.won_time, 0.9) : kNaN;
    } else {
      stage.converted = s.won;
      stage.conversion = kNaN;
    }
    r.stages.push_back(std::move(stage));
  }
  // Lost: completed without reaching the last stage (the outcome, or the last activity stage).
  const std::int64_t last = static_cast<std::int64_t>(n) - 1;
  auto is_lost = [&](std::int64_t furthest, bool won) { return outcome_stage ? !won : furthest != last; };
  for (const auto& [key, count] : s.completed_at) {
    if (!is_lost(key.first, key.second)) continue;
    r.lost += count;
    if (key.first >= 0) r.stages[static_cast<std::size_t>(key.first)].lost_here += count;
  }
  std::map<std::uint32_t, std::uint64_t> by_activity;
  for (const auto& [key, count] : s.last_activity_at) {
    if (is_lost(std::get<0>(key), std::get<1>(key))) by_activity[std::get<2>(key)] += count;
  }
  for (const auto& [activity, count] : by_activity) r.lost_last_activity.emplace_back(names.name(activity), count);
  std::stable_sort(r.lost_last_activity.begin(), r.lost_last_activity.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  });
  if (s.dynamic)
    r.notes.push_back("stages: the log's activities in order of first appearance (name the stages to choose others)");
  if (r.before_first > 0) r.notes.push_back(fmt::format("{} case(s) reached no stage", r.before_first));
  return r;
}

}  // namespace bpm::monitor
