// bpm-design discover: a simulation model from an event log (share/doc/discover.md).
#include "bpm/discover/discover.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/model/writer.hpp"
#include "discover/annotate.hpp"
#include "discover/arrival_profile.hpp"
#include "discover/branch_conditions.hpp"
#include "discover/calendar_discovery.hpp"
#include "discover/calibrate.hpp"
#include "discover/case_attributes.hpp"
#include "discover/extraneous_delays.hpp"
#include "discover/fit.hpp"
#include "discover/gateway_routing.hpp"
#include "discover/log_store.hpp"
#include "discover/members.hpp"
#include "discover/process_tree.hpp"
#include "discover/resource_pools.hpp"
#include "discover/tree_to_flow.hpp"
#include "discover/validation.hpp"

namespace bpm::discover {
namespace {

/// A validation split holds out and trains on at least this many cases.
constexpr std::size_t kMinValidationCases = 20;
/// Simulated logs per candidate setting on a validation split.
constexpr unsigned kValidationReplications = 3;

/// Beyond this many distinct activities, the rarest are left out of the control flow.
constexpr std::size_t kMaxActivities = 500;

std::string label_of(const std::vector<std::string>& paths) {
  std::string label;
  for (const std::string& p : paths) label += (label.empty() ? "" : ", ") + (p == "-" ? std::string("<stdin>") : p);
  return label;
}

std::string stem_of(const std::string& path) {
  if (path == "-") return "discovered";
  std::string name = path.substr(path.find_last_of('/') + 1);
  for (const char* suffix : {".gz", ".csv", ".xes", ".txt"}) {
    if (name.size() > std::string_view(suffix).size() && name.ends_with(suffix)) {
      name.resize(name.size() - std::string_view(suffix).size());
    }
  }
  return name.empty() ? "discovered" : name;
}

std::string percent(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

/// Everything discovery found, with the notes that become comments.
struct Discovery {
  const LogStore* log = nullptr;
  DateContext dates;
  Process process;
  Annotations notes;
  std::vector<DiscoveryNote> assumptions;
  void assume(std::string message) {
    notes.header.push_back("Assumed: " + message);
    assumptions.push_back({std::move(message)});
  }
};

std::vector<MinerTrace> miner_traces(const LogStore& log, const std::vector<char>& keep) {
  std::vector<MinerTrace> traces;
  traces.reserve(log.cases.size());
  for (const Case& c : log.cases) {
    MinerTrace t;
    t.reserve(c.events.size());
    for (const Event& e : c.events) {
      if (keep[e.activity]) t.push_back({e.activity, e.start, e.end});
    }
    traces.push_back(std::move(t));
  }
  return traces;
}

void discover_control_flow(Discovery& d, const DiscoverOptions& options) {
  const LogStore& log = *d.log;
  const std::size_t activities = log.activities.size();
  std::vector<std::uint64_t> frequency(activities, 0);
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) ++frequency[e.activity];
  }
  std::vector<char> keep(activities, 1);
  if (activities > kMaxActivities) {
    std::vector<std::uint32_t> order(activities);
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return frequency[a] > frequency[b]; });
    std::uint64_t kept_events = 0;
    for (std::size_t k = 0; k < activities; ++k) {
      keep[order[k]] = k < kMaxActivities ? 1 : 0;
      if (k < kMaxActivities) kept_events += frequency[order[k]];
    }
    d.assume(fmt::format(
        "the log has {} distinct activities; the model keeps the {} most frequent ({} of the "
        "events) and leaves the others out",
        activities, kMaxActivities, percent(static_cast<double>(kept_events) / static_cast<double>(log.events))));
  }
  MinerSettings settings;
  settings.noise = options.noise;
  settings.overlap = options.overlap;
  settings.intervals = log.has_start;
  MinerReport report;
  const TreeNode tree = mine_tree(miner_traces(log, keep), activities, settings, report);
  tree_to_steps(tree, log.activities, d.process);
  std::string method = fmt::format(
      "Control flow: inductive miner (infrequent-behaviour filter {}, concurrency when intervals overlap in {} of the "
      "cases with both) over {} cases",
      options.noise, percent(options.overlap), log.cases.size());
  if (report.removed_events > 0) {
    method += fmt::format("; {} events ({}) did not fit the structure and were left out as infrequent behaviour",
                          report.removed_events,
                          percent(static_cast<double>(report.removed_events) / static_cast<double>(log.events)));
  }
  if (report.chains > 0) {
    method += fmt::format(
        "; {} part(s) had no block structure and are chains (~): which activity follows which, "
        "how often",
        report.chains);
  }
  for (const Step& step : d.process.steps) {
    if (step.kind == StepKind::Wait && !step.logged) {
      d.notes.entries[{"steps", step.id}].push_back(
          "Where the paths of a choice inside a parallel branch meet before its join: no time, not logged.");
    }
  }
  d.notes.sections["start"].push_back(method + ".");
  d.notes.sections["start"].push_back("Process tree: " + tree_text(tree, log.activities));
}

/// Case attributes become arrival attributes; a gateway whose routing one of them explains
/// clearly better than probabilities (discover/branch_conditions.hpp) gets conditions on it.
void discover_data(Discovery& d, const AttributeScan& scan) {
  const LogStore& log = *d.log;
  std::vector<std::string>& lines = d.notes.sections["arrivals"];
  for (const CaseAttribute& a : scan.attributes) {
    std::string summary;
    d.process.arrivals.attributes.push_back(model_attribute(a, summary));
    lines.push_back("Case attribute " + summary);
  }
  for (const std::string& note : scan.notes) lines.push_back("Case attributes: " + note + ".");
  if (scan.attributes.empty()) return;
  const std::vector<std::int64_t> activity_of_step = activities_of_steps(d.process, log);
  for (std::size_t s = 0; s < d.process.steps.size(); ++s) {
    Step& step = d.process.steps[s];
    if (step.kind != StepKind::Xor) continue;
    const GatewayRouting routing = route_cases(d.process, s, activity_of_step, log);
    const std::optional<RoutingRule> rule = explain_routing(routing, scan.attributes);
    if (!rule) continue;
    for (std::size_t b = 0; b < step.branches.size(); ++b) {
      Branch& branch = step.branches[b];
      if (b == rule->fallback) {
        branch.p = 1.0;
        branch.when.reset();
      } else {
        branch.p.reset();
        branch.when = Expression::parse(rule->when[b], d.process.strings);
      }
    }
    d.notes.entries[{"steps", step.id}].push_back(fmt::format(
        "Routed by the case attribute '{}': its conditions send {} of the {} cases whose branch the log shows where "
        "they went, against {} for always the most frequent branch; cases no condition takes go to '{}'.",
        rule->attribute->column, percent(rule->accuracy), rule->cases, percent(rule->majority),
        step.branches[rule->fallback].to));
  }
}

/// The model's arrival attributes that the log also has (by name, of the same kind: categories or
/// numbers) take the log's weights or fitted distribution; the others are kept.
void calibrate_attributes(Discovery& d, const AttributeScan& scan) {
  for (Attribute& attribute : d.process.arrivals.attributes) {
    const auto found = std::find_if(scan.attributes.begin(), scan.attributes.end(), [&](const CaseAttribute& a) {
      return a.name == attribute.name || a.column == attribute.name;
    });
    if (found == scan.attributes.end()) continue;
    std::string summary;
    Attribute measured = model_attribute(*found, summary);
    if (measured.categorical != attribute.categorical) continue;
    measured.name = attribute.name;
    measured.where = attribute.where;
    attribute = std::move(measured);
    d.notes.sections["arrivals"].push_back("Calibrated: case attribute " + summary);
  }
}

/// Pools, their calendars, and the resource of each task.
struct Staffing {
  PoolAssignment pools;
  std::vector<CalendarClock> clocks;  // per pool (always open when it has no calendar)
  /// Per log resource: (index into Process::resources, index into its members), or (-1, -1) when
  /// the resource is not a named member.
  std::vector<std::pair<int, int>> member_of_resource;
};

/// The calendar of `cal`'s hours in the process, added under `name` unless one with the same hours
/// exists; returns the name used.
std::string add_calendar(Discovery& d, DiscoveredCalendar& cal, const std::string& name, const std::string& note) {
  for (const Calendar& existing : d.process.calendars) {
    if (existing.week == cal.calendar.week && existing.exceptions == cal.calendar.exceptions) return existing.name;
  }
  cal.calendar.name = name;
  d.process.calendars.push_back(cal.calendar);
  d.notes.entries[{"calendars", name}].push_back(note);
  return name;
}

/// A member's hours are its own when they differ from its pool's in at least this share of the
/// pool's weekly open time: the 15-minute resolution of discovered calendars makes members of one
/// team differ by a slot here and there, which is noise, not a roster.
constexpr double kOwnHoursShare = 0.1;

/// The weekly open time in which `a` and `b` (nullptr: always open) differ, as a share of b's,
/// their weekly hours compared (dated exceptions aside) on a 5-minute grid.
double differ_by(const Calendar& a, const Calendar* b) {
  Calendar weekly_a = a;
  weekly_a.exceptions.clear();
  const CalendarClock clock_a(weekly_a);
  CalendarClock clock_b;
  if (b != nullptr) {
    Calendar weekly_b = *b;
    weekly_b.exceptions.clear();
    clock_b = CalendarClock(weekly_b);
  }
  const Time monday = static_cast<double>(days_from_civil(2024, 1, 1)) * 86400.0;
  int differ = 0;
  int open_b = 0;
  for (int k = 0; k < 7 * 24 * 12; ++k) {
    const Time t = monday + 150.0 + 300.0 * k;
    const bool in_b = clock_b.always_open() || clock_b.is_open(t);
    differ += in_b != clock_a.is_open(t) ? 1 : 0;
    open_b += in_b ? 1 : 0;
  }
  return open_b > 0 ? static_cast<double>(differ) / open_b : 1.0;
}

/// A pool's resources as named members, each with its own hours where it has enough activity to
/// show them and they differ from the pool's; `false` when the pool cannot have members (a
/// resource of the log that works on several things at once is a role or team label).
bool name_members(Discovery& d, const Pool& pool, const std::vector<std::vector<Time>>& instants,
                  const std::vector<char>& shared, Resource& r, std::vector<std::string>& lines) {
  const LogStore& log = *d.log;
  for (const std::int32_t m : pool.members) {
    if (shared[static_cast<std::size_t>(m)]) {
      lines.push_back(
          fmt::format("No named members: '{}' works on several things at once in more than 1% of its "
                      "executions, so the log's resource column names a role or team, not a person.",
                      log.resources[static_cast<std::size_t>(m)]));
      return false;
    }
  }
  std::set<std::string> ids;
  for (const Resource& other : d.process.resources) {
    for (const Member& member : other.members) ids.insert(member.id);
  }
  for (const std::int32_t m : pool.members) {
    // A name the file cannot tell apart from another member's.
    if (!ids.insert(log.resources[static_cast<std::size_t>(m)]).second) return false;
  }
  std::size_t own_hours = 0;
  for (const std::int32_t m : pool.members) {
    Member member;
    member.id = log.resources[static_cast<std::size_t>(m)];
    const std::vector<Time>& own = instants[static_cast<std::size_t>(m)];
    if (own.size() >= 400) {
      DiscoveredCalendar cal = discover_calendar(own, member.id, d.dates);
      const Calendar* pool_calendar = d.process.find_calendar(r.calendar);
      if (!cal.always_open && differ_by(cal.calendar, pool_calendar) >= kOwnHoursShare) {
        member.calendar =
            add_calendar(d, cal, member.id + " hours", fmt::format("Working hours of {}: {}.", member.id, cal.summary));
        ++own_hours;
      }
    }
    r.members.push_back(std::move(member));
  }
  r.count = static_cast<int>(r.members.size());
  lines.push_back(own_hours == 0 ? std::string("Named members: the log's resources, in the pool's hours.")
                                 : fmt::format("Named members: the log's resources; {} with hours of their own (at "
                                               "least 200 executions, hours differing from the pool's in 10% of its "
                                               "week or more; a member works where both are open).",
                                               own_hours));
  return true;
}

Staffing discover_resources(Discovery& d) {
  const LogStore& log = *d.log;
  Staffing s;
  if (!log.has_resource) {
    d.assume(
        "the log names no resources: tasks use no resource pool, so nothing queues for staff, and durations "
        "are elapsed times");
    return s;
  }
  if (!log.has_start) {
    d.assume(
        "the log records completion times only: a task's duration is the time since the case's previous "
        "completion (its waiting included), and tasks use no resource pool");
    return s;
  }
  s.pools = discover_pools(log);
  s.member_of_resource.assign(log.resources.size(), {-1, -1});
  std::vector<std::vector<Time>> instants(s.pools.pools.size());
  std::vector<std::vector<Time>> by_resource(log.resources.size());
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) {
      if (e.resource < 0) continue;
      by_resource[static_cast<std::size_t>(e.resource)].push_back(e.start);
      by_resource[static_cast<std::size_t>(e.resource)].push_back(e.end);
      const int pool = s.pools.pool_of_resource[static_cast<std::size_t>(e.resource)];
      if (pool < 0) continue;
      instants[static_cast<std::size_t>(pool)].push_back(e.start);
      instants[static_cast<std::size_t>(pool)].push_back(e.end);
    }
  }
  const std::vector<char> shared = shared_resources(log);
  // Small pools do not show their hours well: they take the hours of all the staff.
  std::vector<Time> everyone;
  for (const auto& v : instants) everyone.insert(everyone.end(), v.begin(), v.end());
  const DiscoveredCalendar organisation = discover_calendar(everyone, "staff", d.dates);
  for (std::size_t p = 0; p < s.pools.pools.size(); ++p) {
    const Pool& pool = s.pools.pools[p];
    if (pool.activities.empty()) {
      s.clocks.emplace_back();
      continue;
    }
    DiscoveredCalendar cal =
        instants[p].size() >= 400 ? discover_calendar(instants[p], pool.id, d.dates) : organisation;
    const bool own = instants[p].size() >= 400;
    Resource r;
    r.id = pool.id;
    r.count = static_cast<int>(pool.members.size());
    std::vector<std::string> lines;
    std::string members;
    for (std::size_t k = 0; k < pool.members.size() && k < 6; ++k) {
      members += (k ? ", " : "") + log.resources[static_cast<std::size_t>(pool.members[k])];
    }
    if (pool.members.size() > 6) members += fmt::format(", ... ({} in all)", pool.members.size());
    lines.push_back(fmt::format("{}: {} resource(s) with similar activity profiles ({}), {} executions.", pool.id,
                                pool.members.size(), members, pool.events));
    if (cal.always_open) {
      lines.push_back("Works around the clock: " + cal.summary + ".");
      s.clocks.emplace_back();
    } else {
      r.calendar =
          add_calendar(d, cal, own ? pool.id + " hours" : "staff hours",
                       fmt::format("Working hours of {}: {}.",
                                   own ? pool.id : "all the staff (pools too small to tell their own)", cal.summary));
      s.clocks.emplace_back(*d.process.find_calendar(r.calendar));
    }
    if (name_members(d, pool, by_resource, shared, r, lines)) {
      for (std::size_t k = 0; k < pool.members.size(); ++k) {
        s.member_of_resource[static_cast<std::size_t>(pool.members[k])] = {static_cast<int>(d.process.resources.size()),
                                                                           static_cast<int>(k)};
      }
    } else {
      r.members.clear();
      r.count = static_cast<int>(pool.members.size());
    }
    d.process.resources.push_back(r);
    d.notes.entries[{"resources", pool.id}] = lines;
  }
  return s;
}

void discover_durations(Discovery& d, const Staffing& s) {
  const LogStore& log = *d.log;
  const CalendarClock always;
  std::vector<std::vector<double>> durations;  // per case and event: working time
  durations.reserve(log.cases.size());
  for (const Case& c : log.cases) {
    std::vector<double>& v = durations.emplace_back();
    for (const Event& e : c.events) {
      const int pool = s.pools.pool_of_activity.empty() ? -1 : s.pools.pool_of_activity[e.activity];
      const CalendarClock& clock = pool >= 0 ? s.clocks[static_cast<std::size_t>(pool)] : always;
      v.push_back(clock.always_open() ? e.end - e.start : clock.open_seconds(e.start, e.end));
    }
  }
  // Members who work measurably faster or slower than the others on the same tasks get a speed;
  // the task's duration is then fitted on durations brought to speed 1 (the simulator divides by it).
  std::vector<double> speed(log.resources.size(), 1.0);
  if (!s.member_of_resource.empty()) {
    const std::vector<SpeedEstimate> speeds = member_speeds(log, durations);
    for (std::size_t r = 0; r < speeds.size(); ++r) {
      const auto [pool, member] = s.member_of_resource[r];
      if (pool < 0 || !speeds[r].significant) continue;
      Resource& resource = d.process.resources[static_cast<std::size_t>(pool)];
      Member& m = resource.members[static_cast<std::size_t>(member)];
      speed[r] = round_significant(speeds[r].speed, 3);
      m.speed = speed[r];
      d.notes.entries[{"resources", resource.id}].push_back(fmt::format(
          "{}: speed {} — {} of its {} executions took longer than their task's median (sign test p = {:.2g}, "
          "Bonferroni over the members tested); speed = exp(−median log(duration ÷ task median)).",
          m.id, m.speed, speeds[r].slower, speeds[r].compared, speeds[r].p_value));
    }
  }
  std::vector<std::vector<double>> samples(log.activities.size());
  for (std::size_t c = 0; c < log.cases.size(); ++c) {
    for (std::size_t k = 0; k < log.cases[c].events.size(); ++k) {
      const Event& e = log.cases[c].events[k];
      samples[e.activity].push_back(durations[c][k] *
                                    (e.resource >= 0 ? speed[static_cast<std::size_t>(e.resource)] : 1.0));
    }
  }
  for (Step& step : d.process.steps) {
    if (step.kind != StepKind::Task) continue;
    const auto it = std::find(log.activities.begin(), log.activities.end(), step.id);
    if (it == log.activities.end()) continue;
    const auto a = static_cast<std::size_t>(it - log.activities.begin());
    const Fit fit = fit_time(samples[a]);
    step.duration = fit.distribution;
    const int pool = s.pools.pool_of_activity.empty() ? -1 : s.pools.pool_of_activity[a];
    std::vector<std::string>& lines = d.notes.entries[{"steps", step.id}];
    if (pool >= 0 && !s.pools.pools[static_cast<std::size_t>(pool)].activities.empty()) {
      step.resource = s.pools.pools[static_cast<std::size_t>(pool)].id;
      lines.push_back(fmt::format("{} executions; mean {} of working time, sd {}; duration: {}.", samples[a].size(),
                                  humanize_duration(fit.mean), humanize_duration(fit.sd), fit.summary));
    } else {
      lines.push_back(fmt::format("{} executions; mean {}, sd {}; duration: {}.", samples[a].size(),
                                  humanize_duration(fit.mean), humanize_duration(fit.sd), fit.summary));
    }
    if (step.rework) {
      lines.push_back(fmt::format("Repeated in {} of its executions (rework).", percent(step.rework->p)));
    }
  }
}

/// A timer before each activity whose executions wait noticeably for reasons other than staff and
/// working hours (discover/extraneous_delays.hpp).
void discover_delays(Discovery& d, const Staffing& s) {
  const LogStore& log = *d.log;
  const std::vector<std::vector<double>> delays = extraneous_delays(log, s.pools, s.clocks);
  std::vector<double> cycle;
  for (const Case& c : log.cases) cycle.push_back(c.last_end() - c.first_start());
  std::nth_element(cycle.begin(), cycle.begin() + static_cast<std::ptrdiff_t>(cycle.size() / 2), cycle.end());
  const double median_cycle = cycle[cycle.size() / 2];
  std::set<std::string> taken;
  for (const Step& step : d.process.steps) taken.insert(step.id);
  for (const std::string& a : log.activities) taken.insert(a);
  std::vector<Step> waits;
  for (Step& step : d.process.steps) {
    if (step.kind != StepKind::Task) continue;
    const auto it = std::find(log.activities.begin(), log.activities.end(), step.id);
    if (it == log.activities.end()) continue;
    const std::vector<double>& sample = delays[static_cast<std::size_t>(it - log.activities.begin())];
    if (sample.empty()) continue;
    double total = 0.0;
    std::size_t delayed = 0;
    for (const double x : sample) {
      total += x;
      delayed += x >= 1.0 ? std::size_t{1} : std::size_t{0};
    }
    const double mean = total / static_cast<double>(sample.size());
    // Worth a timer: a minute or more on average, and not negligible against a case's duration.
    if (mean < 60.0 || mean < 0.01 * median_cycle ||
        static_cast<double>(delayed) < 0.05 * static_cast<double>(sample.size())) {
      continue;
    }
    const Fit fit = fit_time(sample);
    Step wait;
    wait.id = "delay before " + step.id;
    for (int k = 2; taken.count(wait.id) > 0; ++k) wait.id = fmt::format("delay {} before {}", k, step.id);
    taken.insert(wait.id);
    wait.kind = StepKind::Wait;
    wait.wait = fit.distribution;
    wait.logged = false;
    wait.next = step.id;
    d.notes.entries[{"steps", wait.id}].push_back(fmt::format(
        "Extraneous delay before '{}': {} of its {} executions waited for neither staff nor working hours (mean {}, "
        "sd {}); {}. A timer, not written to event logs.",
        step.id, percent(static_cast<double>(delayed) / static_cast<double>(sample.size())), sample.size(),
        humanize_duration(fit.mean), humanize_duration(fit.sd), fit.summary));
    waits.push_back(std::move(wait));
  }
  // Everything that led to a delayed task now leads to its timer.
  for (const Step& wait : waits) {
    const std::string& task = wait.next;
    auto redirect = [&](std::string& ref) {
      if (ref == task) ref = wait.id;
    };
    redirect(d.process.start);
    for (Step& step : d.process.steps) {
      redirect(step.next);
      for (Branch& b : step.branches) redirect(b.to);
      for (std::string& t : step.targets) redirect(t);
      if (step.rework && !step.rework->to.empty()) redirect(step.rework->to);
    }
  }
  for (Step& wait : waits) {
    const auto at = std::find_if(d.process.steps.begin(), d.process.steps.end(),
                                 [&](const Step& other) { return other.id == wait.next; });
    d.process.steps.insert(at, std::move(wait));
  }
}

void discover_arrivals(Discovery& d) {
  const LogStore& log = *d.log;
  std::vector<Time> arrivals;
  for (const Case& c : log.cases) arrivals.push_back(c.arrival);
  std::sort(arrivals.begin(), arrivals.end());
  Arrivals& a = d.process.arrivals;
  std::vector<std::string>& lines = d.notes.sections["arrivals"];
  const ArrivalProfile profile = fit_arrival_profile(arrivals);
  if (profile.varies) {
    a.rate = profile.profile;
    lines.push_back(profile.summary);
    // A level that drifted over the log (as below for the stationary fit) is forecast by the
    // recent one: the profile is scaled to the arrivals of the last quarter of the log's time.
    const Time recent_from = arrivals.front() + 0.75 * (arrivals.back() - arrivals.front());
    const auto recent =
        static_cast<double>(arrivals.end() - std::lower_bound(arrivals.begin(), arrivals.end(), recent_from));
    const double expected = expected_arrivals(*a.rate, recent_from, arrivals.back());
    if (recent >= 30.0 && expected > 0.0 && (recent > 1.25 * expected || recent < 0.8 * expected)) {
      for (auto& day : a.rate->week) {
        for (RatePiece& piece : day) piece.rate = std::stod(fmt::format("{:.4g}", piece.rate * recent / expected));
      }
      lines.push_back(
          fmt::format("Arrivals drifted: the last quarter of the log's time (from {}) had {:.0f} arrivals "
                      "where the profile expects {:.0f}; its rates are scaled by {:.3g}, the recent level "
                      "being the better forecast.",
                      format_datetime(recent_from).substr(0, 10), recent, expected, recent / expected));
    }
    lines.push_back(
        fmt::format("Arrival times: {} of each case.", log.info.has_enable ? "first enablement" : "first start"));
    return;
  }
  if (profile.tested) lines.push_back(profile.summary);
  DiscoveredCalendar cal = discover_arrival_calendar(arrivals, "arrival hours", d.dates);
  CalendarClock clock;
  if (!cal.always_open) {
    d.process.calendars.push_back(cal.calendar);
    a.calendar = cal.calendar.name;
    clock = CalendarClock(cal.calendar);
    lines.push_back("Cases arrive in the hours of the calendar 'arrival hours': " + cal.summary + ".");
  }
  if (arrivals.size() < 2) {
    a.every = Distribution{};
    a.every.kind = DistKind::Constant;
    a.every.is_time = true;
    a.every.p[0] = 86400.0;
    d.assume("one case only: its arrival rate cannot be measured; one case a day");
    return;
  }
  std::vector<double> gaps;
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    gaps.push_back(clock.always_open() ? arrivals[k] - arrivals[k - 1]
                                       : clock.open_seconds(arrivals[k - 1], arrivals[k]));
  }
  if (std::all_of(gaps.begin(), gaps.end(), [](double g) { return g <= 0.0; })) {
    d.assume("every case starts at the same time: the arrival rate cannot be measured; one case a minute");
    a.every = Distribution{};
    a.every.kind = DistKind::Constant;
    a.every.is_time = true;
    a.every.p[0] = 60.0;
    return;
  }
  // A rate that drifted over the log (more than 25% between the whole log and its last quarter)
  // is forecast by the recent one: the gaps of the last quarter of the log's time are fitted.
  const Time span_start = arrivals.front();
  const Time recent_from = arrivals.front() + 0.75 * (arrivals.back() - arrivals.front());
  std::vector<double> recent;
  for (std::size_t k = 1; k < arrivals.size(); ++k) {
    if (arrivals[k - 1] >= recent_from) recent.push_back(gaps[k - 1]);
  }
  const double all_rate = static_cast<double>(gaps.size()) / std::max(1.0, arrivals.back() - span_start);
  const double recent_rate = static_cast<double>(recent.size()) / std::max(1.0, arrivals.back() - recent_from);
  if (recent.size() >= 30 && (recent_rate > 1.25 * all_rate || recent_rate < 0.8 * all_rate)) {
    lines.push_back(
        fmt::format("Arrivals drifted from {:.3g} a day over the whole log to {:.3g} a day in its last quarter "
                    "(from {}): the recent gaps are fitted, as the better forecast.",
                    all_rate * 86400.0, recent_rate * 86400.0, format_datetime(recent_from).substr(0, 10)));
    gaps = std::move(recent);
  }
  const Fit fit = fit_time(gaps);
  a.every = fit.distribution;
  lines.push_back(fmt::format("Inter-arrival times ({} of each case, {} arrivals{}): mean {}, sd {}; {}.",
                              log.info.has_enable ? "first enablement" : "first start", arrivals.size(),
                              clock.always_open() ? "" : ", counted in the arrival hours only",
                              humanize_duration(fit.mean), humanize_duration(fit.sd), fit.summary));
}

/// Raises the count of any pool whose offered load would reach its capacity (the queue would
/// grow without bound, and lint rejects the model).
void relieve_overload(Discovery& d) {
  for (int round = 0; round < 64; ++round) {
    const RoutingAnalysis routing = analyze_routing(d.process);
    if (!routing.finite) return;
    const LoadAnalysis load = analyze_load(d.process, routing);
    bool changed = false;
    for (std::size_t r = 0; r < d.process.resources.size(); ++r) {
      const PoolLoad& pool = load.pools[r];
      if (!(pool.capacity_servers > 0.0) || pool.offered_servers < 0.95 * pool.capacity_servers) continue;
      Resource& resource = d.process.resources[r];
      const int before = resource.count;
      const double per_server = pool.capacity_servers / resource.count;
      resource.count = std::max(before + 1, static_cast<int>(std::ceil(pool.offered_servers / (0.9 * per_server))));
      // Named pools get plain members (the pool's hours, speed 1) for the extra servers.
      for (int k = 1; !resource.members.empty() && static_cast<int>(resource.members.size()) < resource.count; ++k) {
        Member extra;
        extra.id = fmt::format("{}-extra-{}", resource.id, k);
        if (d.process.find_member_pool(extra.id) == nullptr) resource.members.push_back(std::move(extra));
      }
      d.assume(
          fmt::format("pool '{}' would be overloaded with its {} observed member(s) (offered load {:.2f} "
                      "servers in its hours); raised to {}",
                      resource.id, before, pool.offered_servers, resource.count));
      changed = true;
    }
    if (!changed) return;
  }
}

/// The time from which the arrival clock must run for the first case to arrive at `first`: one
/// mean inter-arrival time earlier, counted in the arrival hours.
Time start_before(Time first, const Process& p) {
  if (p.arrivals.rate) {
    // The time from which the rate profile expects one arrival before `first`.
    const RateProfile& profile = *p.arrivals.rate;
    Time start = first;
    while (expected_arrivals(profile, start, first) < 1.0 && first - start < 8 * 86400.0) start -= 3600.0;
    Time later = std::min(first, start + 3600.0);
    for (int k = 0; k < 30; ++k) {
      const Time mid = 0.5 * (start + later);
      (expected_arrivals(profile, mid, first) < 1.0 ? later : start) = mid;
    }
    return start;
  }
  const double gap = p.arrivals.every.mean();
  const Calendar* calendar = p.find_calendar(p.arrivals.calendar);
  if (calendar == nullptr || !(gap > 0.0)) return first - std::max(0.0, gap);
  const CalendarClock clock(*calendar);
  Time start = first - gap;
  for (int k = 0; k < 8; ++k) {
    const Time arrival = clock.add_open_time(start, gap);
    if (!std::isfinite(arrival) || std::fabs(arrival - first) < 1.0) break;
    start += first - arrival;
  }
  return start;
}

void set_simulation(Discovery& d, const DiscoverOptions& options) {
  const LogStore& log = *d.log;
  SimulationSettings& sim = d.process.simulation;
  const Time first = options.first_arrival ? *options.first_arrival : log.cases.front().arrival;
  sim.start = std::floor(start_before(first, d.process));
  sim.cases = log.cases.size();
  sim.horizon.reset();
  sim.replications = 10;
  sim.seed = options.seed;
  d.notes.sections["simulation"].push_back(fmt::format(
      "As many cases as the log has ({}); the run starts {} before {} so that the first case arrives then; 10 "
      "replications, as the accuracy measures are computed (bpm-kpi distance).",
      log.cases.size(),
      d.process.arrivals.rate ? "where the rate profile expects one arrival" : "one mean inter-arrival time",
      options.first_arrival ? format_datetime(first)
                            : fmt::format("the log's first arrival ({})", format_datetime(first))));
}

/// Whether a timestamp field carries a zone ("Z", "+01:00", "-0500"); nullopt when the field is
/// not an ISO 8601 date-time at all.
std::optional<bool> zoned_timestamp(std::string_view f) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (f.size() < 16 || !digit(f[0]) || !digit(f[3]) || f[4] != '-' || f[7] != '-' || (f[10] != 'T' && f[10] != ' ') ||
      f[13] != ':') {
    return std::nullopt;
  }
  if (f.back() == 'Z' || f.back() == 'z') return true;
  const std::size_t sign = f.find_last_of("+-");
  return sign != std::string_view::npos && sign > 16 && digit(f.back());
}

/// Logs (CSV files, not standard input) whose timestamps mix zoned and zone-less values: the
/// zoned ones are converted to UTC and the others taken as they are, which may not line up.
void check_zones(Discovery& d, const std::vector<std::string>& paths) {
  std::uint64_t zoned = 0;
  std::uint64_t naive = 0;
  for (const std::string& path : paths) {
    if (path == "-" || kpi::is_xes_path(path)) continue;
    LineReader lines(path);
    while (const auto line = lines.next()) {
      std::string_view rest = *line;
      while (!rest.empty()) {
        const std::size_t comma = rest.find_first_of(",;\t|");
        std::string_view field = rest.substr(0, comma);
        if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
        if (const auto z = zoned_timestamp(field)) (*z ? zoned : naive) += 1;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
  }
  if (zoned > 0 && naive > 0) {
    d.assume(
        fmt::format("the log mixes timestamps with a time zone ({}) and without one ({}): zoned times are "
                    "converted to UTC, the others taken as UTC; working hours may look shifted",
                    zoned, naive));
  }
}

/// `mining`: the control flow comes from the log (not from an existing model).
void check_input(Discovery& d, const std::string& label, bool mining) {
  const LogStore& log = *d.log;
  if (log.cases.empty()) {
    const std::uint64_t issues = log.info.issues.total();
    throw DataError(Location{label, 0, 0},
                    issues > 0 ? fmt::format("no case with a usable timestamp: nothing to discover ({} data issue(s); "
                                             "bpm-kpi lint lists them)",
                                             issues)
                               : "no case with a usable timestamp: nothing to discover");
  }
  if (log.cases.size() == 1 && mining) d.assume("the log has one case: its path is the whole control flow");
  if (log.activities.size() == 1 && mining) d.assume("the log has one activity: the process is that one task");
  bool ordered = false;
  for (const Case& c : log.cases) {
    for (std::size_t k = 1; k < c.events.size() && !ordered; ++k) ordered = c.events[k].start != c.events[0].start;
  }
  if (!ordered && log.events > log.cases.size()) {
    d.assume(
        "no case has two events at different times, so the timestamps do not order the events: the order of "
        "the log is taken as the order of work");
  }
  if (log.info.issues.total() > 0) {
    d.notes.header.push_back(
        fmt::format("The log had {} data issue(s) (bpm-kpi lint {} lists them); those rows "
                    "were left out.",
                    log.info.issues.total(), label));
  }
}

std::string build_yaml(Discovery& d, const std::string& label, bool calibrated) {
  const std::string how =
      calibrated ? "The structure is the model's (steps, gateways, conditions, resources, calendars, waits, simulation "
                   "settings); the numbers marked 'Calibrated' were measured in the log, the others are the model's. "
                   "Times are those of the log (UTC when it records time zones)."
                 : "Every number below was measured in the log; the comments say how. Times are those of the log "
                   "(UTC when it records time zones). Check it with bpm-design validate, run it with bpm-sim, and "
                   "compare a simulated log with the real one with bpm-kpi distance.";
  d.notes.header.insert(d.notes.header.begin(), {fmt::format("{} by bpm-design discover from {} ({} cases, {} events).",
                                                             calibrated ? "Calibrated" : "Discovered", label,
                                                             d.log->cases.size(), d.log->events),
                                                 how, ""});
  return annotate(to_yaml(d.process), d.notes);
}

/// Everything from the control flow to the simulation settings, over d.log.
void discover_model(Discovery& d, const DiscoverOptions& options, const AttributeScan& scan, const std::string& name,
                    const std::string& label) {
  const LogStore& log = *d.log;
  d.process.name = name;
  d.process.description = fmt::format("Discovered from {}", label);
  d.process.time_unit = "minutes";
  d.process.time_unit_seconds = 60.0;
  std::vector<Time> instants;
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) {
      instants.push_back(e.start);
      instants.push_back(e.end);
    }
  }
  d.dates = date_context(instants);
  discover_control_flow(d, options);
  discover_data(d, scan);
  const Staffing staffing = discover_resources(d);
  discover_durations(d, staffing);
  discover_delays(d, staffing);
  discover_arrivals(d);
  relieve_overload(d);
  set_simulation(d, options);
}

/// The noise threshold, then the overlap share, whose model, discovered from the earlier cases,
/// comes closest to the latest `options.validation` share of them (share/doc/discover.md,
/// "Choosing settings on a validation split"). Returns `options` with the chosen settings.
DiscoverOptions choose_settings(Discovery& d, const DiscoverOptions& options, const AttributeScan& scan) {
  const LogStore& log = *d.log;
  const auto held_out =
      static_cast<std::size_t>(std::llround(options.validation * static_cast<double>(log.cases.size())));
  const std::size_t train = log.cases.size() - held_out;
  if (held_out < kMinValidationCases || train < kMinValidationCases) {
    d.assume(
        fmt::format("a validation split needs at least {} cases on each side ({} would be held out of {}): the "
                    "default settings are used",
                    kMinValidationCases, held_out, log.cases.size()));
    return options;
  }
  LogStore training = log;
  training.cases.resize(train);
  training.events = 0;
  for (const Case& c : training.cases) training.events += c.events.size();
  AttributeScan training_scan = scan;
  for (CaseAttribute& a : training_scan.attributes) {
    a.values.resize(train);
    if (!a.numbers.empty()) a.numbers.resize(train);
  }
  distance::ActivityCodes codes;
  const distance::LogProfile real = profile_of(log, train, log.cases.size(), codes);
  struct Trial {
    double noise = 0.0;
    double overlap = 0.0;
    std::vector<double> measures;
    double score = 1.0;
  };
  std::vector<Trial> trials;
  auto run = [&](double noise, double overlap) {
    for (const Trial& t : trials) {
      if (t.noise == noise && t.overlap == overlap) return;
    }
    Discovery trial;
    trial.log = &training;
    DiscoverOptions o = options;
    o.noise = noise;
    o.overlap = overlap;
    o.first_arrival = log.cases[train].arrival;
    Trial t{noise, overlap, {}, 0.0};
    try {
      discover_model(trial, o, training_scan, "validation", "validation");
      // As bpm-sim would read it: expressions bound, steps indexed, checked.
      const Process model = parse_process(to_yaml(trial.process), "validation.yaml");
      require_valid(model);
      t.measures = validation_measures(model, real, codes, kValidationReplications);
    } catch (const Error&) {
      // A candidate whose model cannot run (on thin training data) is out of the running.
      t.measures.assign(5, std::numeric_limits<double>::infinity());
    }
    // Each measure relative to the given settings' (the first trial), averaged: units and scales differ.
    const std::vector<double>& base = trials.empty() ? t.measures : trials.front().measures;
    for (std::size_t m = 0; m < t.measures.size(); ++m) {
      t.score += (base[m] > 0.0 ? t.measures[m] / base[m] : (t.measures[m] > 0.0 ? 2.0 : 1.0)) /
                 static_cast<double>(t.measures.size());
    }
    trials.push_back(std::move(t));
  };
  auto best = [&] {
    std::size_t b = 0;
    for (std::size_t k = 1; k < trials.size(); ++k) {
      if (trials[k].score < trials[b].score - 1e-12) b = k;
    }
    return trials[b];
  };
  run(options.noise, options.overlap);
  if (!std::isfinite(trials.front().measures.front())) {
    d.assume("the model of the given settings could not be simulated on the validation split: they are kept");
    return options;
  }
  for (const double noise : {0.0, 0.1, 0.2, 0.3, 0.5}) run(noise, options.overlap);
  const double noise = best().noise;
  for (const double overlap : {0.3, 0.5, 0.7}) run(noise, overlap);
  const Trial chosen = best();
  std::string table;
  for (const Trial& t : trials) {
    table += fmt::format(
        "{}noise {}, overlap {}: {:.3f} (n-gram {:.3g}, AED {:.3g} h, CED {:.3g} h, RED {:.3g} h, "
        "CTD {:.3g} h)",
        table.empty() ? "" : "; ", t.noise, t.overlap, t.score, t.measures[0], t.measures[1], t.measures[2],
        t.measures[3], t.measures[4]);
  }
  d.notes.header.push_back(fmt::format(
      "Settings chosen on a validation split: models discovered from the first {} cases were simulated against the "
      "last {} ({} replications each) and scored by the five measures, each relative to the given settings' (lower "
      "is better): {}. Chosen: noise {}, overlap {}; the model below is discovered from all {} cases with them.",
      train, held_out, kValidationReplications, table, chosen.noise, chosen.overlap, log.cases.size()));
  DiscoverOptions out = options;
  out.noise = chosen.noise;
  out.overlap = chosen.overlap;
  return out;
}

DiscoveryResult finish(Discovery& d, const std::string& label, const LogStore& log, bool calibrated) {
  DiscoveryResult result;
  result.yaml = build_yaml(d, label, calibrated);
  // The file must be what bpm-sim runs: read it back and check it as every tool does.
  Process reread = parse_process(result.yaml, d.process.name + ".yaml");
  require_valid(reread);
  result.process = std::move(reread);
  result.notes = std::move(d.assumptions);
  result.cases = log.cases.size();
  result.events = log.events;
  return result;
}

}  // namespace

DiscoveryResult discover(const std::vector<std::string>& paths, const DiscoverOptions& options) {
  if (!(options.noise >= 0.0 && options.noise <= 1.0))
    throw SettingError("noise", fmt::format("must be in [0, 1], not {}", options.noise));
  if (!(options.overlap > 0.0 && options.overlap <= 1.0))
    throw SettingError("overlap", fmt::format("must be in (0, 1], not {}", options.overlap));
  if (!(options.validation >= 0.0 && options.validation < 1.0))
    throw SettingError("validation", fmt::format("must be in [0, 1), not {}", options.validation));
  if (options.validation > 0.0 && options.existing != nullptr)
    throw SettingError("validation", "chooses how the control flow is mined; with a process given, its own is kept");
  const std::string label = label_of(paths);
  kpi::LogOptions reading = options.log;
  for (const std::string& key : xes_case_attribute_keys(paths, options.log)) reading.keep_attributes.push_back(key);
  const LogStore log = read_log_store(paths, reading);
  Discovery d;
  d.log = &log;
  check_input(d, label, options.existing == nullptr);
  check_zones(d, paths);
  const AttributeScan scan = scan_case_attributes(paths, options.log, log);
  if (options.existing != nullptr) {
    // Calibration: the structure is the model's; only its numbers come from the log.
    d.process = *options.existing;
    if (!options.name.empty()) d.process.name = options.name;
    std::vector<std::string> assumed;
    calibrate(d.process, log, d.notes, assumed);
    calibrate_attributes(d, scan);
    for (std::string& a : assumed) d.assume(std::move(a));
    relieve_overload(d);
    return finish(d, label, log, true);
  }
  const DiscoverOptions chosen = options.validation > 0.0 ? choose_settings(d, options, scan) : options;
  discover_model(d, chosen, scan, options.name.empty() ? stem_of(paths.front()) : options.name, label);
  DiscoveryResult result = finish(d, label, log, false);
  result.noise = chosen.noise;
  result.overlap = chosen.overlap;
  return result;
}

}  // namespace bpm::discover
