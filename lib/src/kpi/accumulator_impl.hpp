#pragma once
// The state behind KpiAccumulator, shared by its case-adding half (accumulator.cpp) and its
// reporting half (accumulator_report.cpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>
#include "bpm/kpi/analysis.hpp"

#include "bpm/stats/histogram.hpp"
#include "bpm/stats/running_stats.hpp"
#include "kpi/daily_series.hpp"
#include "kpi/process_index.hpp"
#include "kpi/working_hours_inference.hpp"
#include "metrics/waiting.hpp"

namespace bpm::kpi {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDay = 86400.0;

/// Executions of one activity by measured cases.
struct ActivityAcc {
  std::uint64_t count = 0;
  std::uint64_t cases = 0;
  std::uint64_t repeats = 0;
  double waiting = 0.0;
  double waiting_queue = 0.0;   // the part with the pool's calendar open (all of it without one)
  double waiting_closed = 0.0;  // ... and closed
  double processing = 0.0;
  double cost = 0.0;
  std::uint64_t batches = 0;    // batch executions (a `batch` column) that served measured cases
  std::uint64_t last_case = 0;  // stamp of the last case that ran it: repeat detection without a set
  // Its last row in that case, to tell another instance of the same visit (same_visit()).
  Time last_enable = 0.0;
  Time last_end = 0.0;
  bool last_repeat = false;  // that row's visit was not the first

  void merge(const ActivityAcc& o) {
    count += o.count, cases += o.cases, repeats += o.repeats, batches += o.batches;
    waiting += o.waiting, waiting_queue += o.waiting_queue, waiting_closed += o.waiting_closed;
    processing += o.processing, cost += o.cost;
  }
};

/// One resource: executions of measured cases, and time averages over the measured period that
/// count every case's work (as the simulator's do).
struct ResourceAcc {
  std::uint64_t count = 0;
  double waiting = 0.0;
  double waiting_queue = 0.0;
  double waiting_closed = 0.0;
  double busy = 0.0;                 // work seconds inside the measured period, closed hours excluded
  double pending_area = 0.0;         // item-seconds of work waiting for it inside the measured period
  std::vector<double> busy_by_hour;  // 168 hours of the week of `busy`, for resources with inferred hours

  void merge(const ResourceAcc& o) {
    count += o.count, waiting += o.waiting, waiting_queue += o.waiting_queue, waiting_closed += o.waiting_closed;
    busy += o.busy, pending_area += o.pending_area;
    if (!o.busy_by_hour.empty()) {
      busy_by_hour.resize(168, 0.0);
      for (std::size_t h = 0; h < 168; ++h) busy_by_hour[h] += o.busy_by_hour[h];
    }
  }
};

/// One batch execution of a log with a `batch` column (ActivityInstance::batch), gathered from the
/// rows of the cases it served as they arrive: its pool is busy once, its queue time counts once
/// (from its release to its start), its fixed cost once. Each figure is kept exact so far as rows
/// come in: what a later row changes (the latest arrival estimating the release, the number of
/// rows sharing the cost) is corrected by difference.
struct BatchAcc {
  std::int32_t resource = -1;
  Time ready = std::numeric_limits<double>::quiet_NaN();  // released: batch_ready, else the latest enable
  bool ready_given = false;                               // from batch_ready
  Time queue_end = 0.0;                                   // started, or the end of a wait cut short
  Time lo = 0.0, hi = 0.0;                                // the window of its first row
  double queue_area = 0.0;                                // counted so far in the pool's pending_area
  std::uint32_t rows = 0;                                 // of every case it served
  std::uint32_t measured_rows = 0;
  double measured_cost = 0.0;  // the logged costs of the measured rows
  double work_cost = 0.0;      // the execution's work at its rate (a fee formula's rows: cost = share + fee)
  double fees_counted = 0.0;   // counted so far in CaseStats::fixed_cost
};

struct SlaAcc {
  std::uint64_t met = 0;
  std::uint64_t breached = 0;
  std::vector<Time> pending;  // `from` times of open cases that have not reached `to`

  void merge(const SlaAcc& o) {
    met += o.met, breached += o.breached;
    pending.insert(pending.end(), o.pending.begin(), o.pending.end());
  }
};

struct VariantAcc {
  std::uint64_t count = 0;
  std::uint64_t completed = 0;
  double cycle_sum = 0.0;
  std::uint64_t first_seen = 0;  // for a stable order among equally frequent variants
};

inline double parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = kNaN;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) return kNaN;
  return value;
}

/// Everything measured over one replication (or the whole log when there is none).
struct CaseStats {
  std::uint64_t arrived = 0;
  std::uint64_t completed = 0;
  std::uint64_t rework_cases = 0;
  LogHistogram cycle;
  LogHistogram waiting;
  metrics::WaitSplit idle;  // waiting of completed cases by cause
  double processing_sum = 0.0;
  double wip_area = 0.0;    // case-seconds in the system inside the measured period
  double fixed_cost = 0.0;  // fixed step costs of the measured executions (cost.rostered)
  // Case-level moments, for the confidence interval of a mean over cases (one replication).
  RunningStats cycle_cases;
  RunningStats waiting_cases;
  RunningStats processing_cases;
  std::vector<std::pair<std::string, Location>> open_examples;  // some in-flight cases: id, first row
  double first = std::numeric_limits<double>::infinity();
  double last = -std::numeric_limits<double>::infinity();
  std::vector<Time> open_starts;
  std::map<std::string, std::uint64_t> outcomes;
  double cost_total = 0.0;
  double cost_completed = 0.0;
  double revenue_total = 0.0;
  double won_revenue = 0.0;
  std::vector<ActivityAcc> activities;
  std::vector<ResourceAcc> resources;
  /// Per pool of the process (Process::resources order): item-seconds of work that waited in its
  /// queue but was taken by another pool the task lists (`resource: [a, b]`, policy first or
  /// cheapest: the simulator queues such work at every listed pool).
  std::vector<double> listed_queue_area;
  std::vector<SlaAcc> slas;
  DailySeries series;
  std::unordered_map<std::string, VariantAcc> variants;
  std::uint64_t ending_nowhere = 0;
  std::vector<std::string> nowhere_examples;
  /// Batch executions by (activity << 32 | batch): one replication's, so not merged.
  std::unordered_map<std::uint64_t, BatchAcc> batches;

  void merge(const CaseStats& o) {
    arrived += o.arrived, completed += o.completed, rework_cases += o.rework_cases;
    cycle.merge(o.cycle);
    waiting.merge(o.waiting);
    idle += o.idle;
    processing_sum += o.processing_sum;
    wip_area += o.wip_area;
    fixed_cost += o.fixed_cost;
    cycle_cases.merge(o.cycle_cases);
    waiting_cases.merge(o.waiting_cases);
    processing_cases.merge(o.processing_cases);
    for (const auto& l : o.open_examples) {
      if (open_examples.size() < 20) open_examples.push_back(l);
    }
    first = std::min(first, o.first);
    last = std::max(last, o.last);
    open_starts.insert(open_starts.end(), o.open_starts.begin(), o.open_starts.end());
    for (const auto& [name, n] : o.outcomes) outcomes[name] += n;
    cost_total += o.cost_total, cost_completed += o.cost_completed, revenue_total += o.revenue_total;
    won_revenue += o.won_revenue;
    if (activities.size() < o.activities.size()) activities.resize(o.activities.size());
    for (std::size_t i = 0; i < o.activities.size(); ++i) activities[i].merge(o.activities[i]);
    if (resources.size() < o.resources.size()) resources.resize(o.resources.size());
    for (std::size_t i = 0; i < o.resources.size(); ++i) resources[i].merge(o.resources[i]);
    if (listed_queue_area.size() < o.listed_queue_area.size()) listed_queue_area.resize(o.listed_queue_area.size());
    for (std::size_t i = 0; i < o.listed_queue_area.size(); ++i) listed_queue_area[i] += o.listed_queue_area[i];
    if (slas.size() < o.slas.size()) slas.resize(o.slas.size());
    for (std::size_t i = 0; i < o.slas.size(); ++i) slas[i].merge(o.slas[i]);
    series.merge(o.series);
    for (const auto& [key, v] : o.variants) {
      VariantAcc& mine = variants[key];
      if (mine.count == 0) mine.first_seen = v.first_seen;
      mine.first_seen = std::min(mine.first_seen, v.first_seen);
      mine.count += v.count, mine.completed += v.completed, mine.cycle_sum += v.cycle_sum;
    }
    ending_nowhere += o.ending_nowhere;
    for (const std::string& e : o.nowhere_examples) {
      if (nowhere_examples.size() < 10) nowhere_examples.push_back(e);
    }
  }
};

struct KpiAccumulator::Impl {
  const AnalysisOptions& options;
  const LogInfo& info;
  std::unique_ptr<ProcessIndex> process;
  std::vector<std::unique_ptr<CaseStats>> states;
  std::unordered_map<std::uint32_t, std::size_t> state_of_replication;
  std::vector<std::uint32_t> replication_ids;
  std::uint64_t case_stamp = 0;
  std::string variant_key;  // reused buffer

  // Per activity id: the step it denotes (nullptr when unknown or no process). Grown lazily as
  // the reader interns names.
  std::vector<const Step*> step_of_activity;
  std::vector<char> final_activity;
  std::size_t known_activities = 0;
  std::vector<char> end_activity;  // from --end-activity
  std::vector<const Resource*> pool_of_resource;
  // Where each resource's working hours come from (share/doc/metrics.md, "Working hours").
  enum class HoursSource : std::uint8_t { Pool, Option, Inferred, AlwaysOpen };
  std::vector<HoursSource> hours_source;
  std::vector<std::int32_t> option_calendar;  // index into options.resource_calendars (Option)
  std::vector<CalendarClock> option_clocks;   // one per options.resource_calendars
  WorkingHoursInference inference;
  /// Sorts out each newly seen resource: pool, --calendar, inferred or always open.
  void sync_resources();
  std::vector<const CalendarClock*> clock_of_resource;        // the hours its work keeps
  std::vector<const CalendarClock*> queue_clock_of_resource;  // the pool's, which splits its queue
  std::vector<const Member*> member_of_resource;              // a named member of its pool, or nullptr
  std::vector<metrics::Span> spans;                           // of the case being added: reused
  std::vector<Time> sweep_scratch;
  std::optional<Time> measure_from;
  std::uint64_t warmup_cases = 0;
  std::uint64_t excluded = 0;  // cases before the measured period
  std::uint64_t filtered = 0;  // cases AnalysisOptions::filter left out
  std::vector<CaseObserver*> observers;
  bool period_decided = false;

  // Revenue: one bound formula per outcome, over the kept attributes.
  struct RevenueRule {
    std::string outcome;
    Expression formula;
  };
  std::vector<RevenueRule> revenue_rules;
  std::vector<Value> attribute_slots;
  StringTable strings;
  int revenue_column = -1;

  Impl(const AnalysisOptions& o, const LogInfo& i);

  CaseStats& state_for(std::uint32_t replication);

  void sync_activities();

  /// The rule of share/doc/metrics.md, "Completed cases".
  bool is_completed(const CaseRecord& c, std::uint32_t last_activity) const;

  double instance_cost(const ActivityInstance& i) const;

  double case_revenue(const CaseRecord& c);

  /// Time of an SLA endpoint in a case; NaN when not reached.
  static Time endpoint_time(const SlaEndpoint& e, const CaseRecord& c, Time start, Time end, bool completed,
                            const std::vector<const Step*>& steps);

  /// The measured period of a replication as cases stream in (share/doc/metrics.md, "Measured
  /// period"): a simulation log's own [start of measuring, horizon end] (lo = +inf until its start
  /// is known: the cases seen before ended before it); other logs are unbounded here, and the
  /// report takes their first and last event.
  struct Window {
    Time lo = -std::numeric_limits<double>::infinity();
    Time hi = std::numeric_limits<double>::infinity();
    bool simulated = false;
  };
  [[nodiscard]] Window window_of(std::uint32_t replication) const;
  /// The window's bounds once every case is in: for the report.
  [[nodiscard]] Time window_start(const CaseStats& s, std::uint32_t replication) const;
  [[nodiscard]] Time window_end(const CaseStats& s) const;

  /// False for cases before the measured period: --from, or a simulation's warm-up.
  bool measured(const CaseRecord& c, Time start, const Window& window) const;

  /// The log resource's pool and the hours its work keeps (a named member's own, within the
  /// pool's): nullptr without a process, or when always open.
  const Resource* pool_of(std::int32_t resource);
  const CalendarClock* clock_of(std::int32_t resource);
  /// The hours that split a wait for the resource into queue and closed: its pool's, as in the
  /// simulator (a case waits for the pool, not for one member).
  const CalendarClock* queue_clock_of(std::int32_t resource);
  /// The hourly rate of whoever did an execution (a member's own, else its pool's); 0 when unknown.
  [[nodiscard]] double hourly_rate(const ActivityInstance& i) const;
  /// An execution's fixed part of its cost, for cost.rostered: the step's fixed cost, or the fee
  /// its cost formula charged.
  [[nodiscard]] double fixed_cost_of(const ActivityInstance& i, const Step& step, double processing, double cost) const;
  /// Notes a row of a batch execution that ran at its resource from `started` (its queue ended
  /// then): counts the batch's queue time once, from its release. True for the batch's first row,
  /// whose busy time the caller counts (the others' is the same execution's).
  bool add_batch_row(CaseStats& s, const ActivityInstance& a, Time started, const Window& window);
  /// Notes a measured row of a batch execution: the execution's fixed cost (or, under a fee
  /// formula, the row's own fee) in cost.rostered, and the batch among its step's batches.
  void add_batch_cost(CaseStats& s, const ActivityInstance& a, const Step* step, double processing, double cost);
  /// Adds the wait [enable, started) of an execution of `step` to the queues of the pools the step
  /// lists beside the one that took it (CaseStats::listed_queue_area).
  void add_listed_queues(CaseStats& s, const Step* step, std::int32_t resource, Time enable, Time started,
                         const Window& window);

  /// Work time of an instance: end - start, or the open hours of its pool's calendar within it
  /// when the process gives one (a simulated task paused overnight did not work overnight).
  double processing_of(const ActivityInstance& i);

  /// The measured period, decided with the first case, once the log's convention is known.
  void decide_period();

  void add(CaseRecord& c);
  void add_slas(const CaseRecord& c, CaseStats& s, Time start, Time end, bool completed);
};

}  // namespace bpm::kpi
