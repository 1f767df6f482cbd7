#include "kpi/case_assembler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "kpi/spill_file.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// A 64-bit FNV-1a of (replication, id): what the grouped reader remembers of a finished case.
std::uint64_t case_hash(std::uint32_t replication, std::string_view id) noexcept {
  std::uint64_t h = 1469598103934665603ULL ^ replication;
  h *= 1099511628211ULL;
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  // Finalise (splitmix64) so that similar ids spread over the table.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

/// Open-addressing set of 64-bit hashes: 16 bytes per finished case at most, which is what the
/// streaming path spends to notice a log that is not grouped by case. A false "seen" needs two
/// ids with the same 64-bit hash (probability ~n²/2⁶⁵), and only forces the in-memory path.
class HashSet {
 public:
  bool contains(std::uint64_t h) const noexcept {
    if (slots_.empty()) return false;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == 0) return false;
      if (slots_[i] == h) return true;
    }
  }
  void insert(std::uint64_t h) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == h) return;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const std::uint64_t h : old) {
      if (h != 0) insert(h);
    }
  }
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

/// Open addressing from a case's hash to its index, for the in-memory path: one probe into a flat
/// array per row instead of a node-based map, which matters when rows jump between cases.
class CaseTable {
 public:
  /// The index stored for `h` whose case satisfies `same`, or -1.
  template <typename Same>
  [[nodiscard]] std::int64_t find(std::uint64_t h, const Same& same) const {
    if (slots_.empty()) return -1;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].hash == 0) return -1;
      if (slots_[i].hash == h && same(slots_[i].index)) return slots_[i].index;
    }
  }
  void insert(std::uint64_t h, std::uint32_t index) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = h & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, index};
    ++size_;
  }
  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = 0;
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.hash != 0) insert(slot.hash, slot.index);
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

struct LifecycleEvent {
  std::uint32_t activity = 0;
  std::int32_t resource = -1;
  Transition transition = Transition::None;
  Time time = 0.0;
  double cost = 0.0;
  std::uint32_t sequence = 0;
  std::uint64_t line = 0;
  std::int32_t batch = -1;
  Time batch_ready = 0.0;
};

// Estimated bytes of the in-memory path, for the memory limit: an open case (its OpenCase,
// table slots, vectors' headers) and one row of it, counting the slack of growing vectors. The
// figures are deliberately round; the resident size of a run is somewhat above the estimate.
constexpr std::uint64_t kCaseBytes = 400;
constexpr std::uint64_t kInstanceBytes = 2 * (sizeof(ActivityInstance) + sizeof(std::uint64_t));
constexpr std::uint64_t kLifecycleBytes = 2 * sizeof(LifecycleEvent);

/// The earliest time a row carries: when what it records was known at the latest.
Time row_time(const RawEvent& event) noexcept {
  Time t = event.end;
  if (!std::isnan(event.start) && !(event.start >= t)) t = event.start;
  if (!std::isnan(event.enable) && !(event.enable >= t)) t = event.enable;
  return t;
}

}  // namespace

Transition parse_transition(std::string_view text) noexcept {
  if (text.empty()) return Transition::None;
  if (iequals(text, "complete") || iequals(text, "completed") || iequals(text, "end")) return Transition::Complete;
  if (iequals(text, "start") || iequals(text, "started") || iequals(text, "begin")) return Transition::Start;
  if (iequals(text, "schedule") || iequals(text, "assign") || iequals(text, "scheduled") || iequals(text, "assigned") ||
      iequals(text, "reassign")) {
    return Transition::Schedule;
  }
  if (iequals(text, "withdraw") || iequals(text, "ate_abort")) return Transition::Abort;
  return Transition::Other;
}

struct CaseAssembler::OpenCase {
  CaseRecord record;
  std::vector<LifecycleEvent> lifecycle;
  std::vector<std::uint64_t> lines;      // per instance, for locating duplicates
  std::vector<std::uint32_t> order;      // scratch of finish_case, kept for its capacity
  std::vector<ActivityInstance> sorted;  // scratch of finish_case, swapped with the instances
  std::uint32_t next_sequence = 0;
  std::uint64_t ordinal = 0;  // the input row where the case first appeared: its finishing order
  bool used = false;
};

struct CaseAssembler::CaseIndex {
  // Grouped: only `current` is used. In memory: every case, in order of first appearance.
  std::vector<std::unique_ptr<OpenCase>> cases;
  OpenCase* current = nullptr;
  CaseTable by_key;
  HashSet finished;
};

CaseAssembler::CaseAssembler(bool grouped, LogDictionary& dictionary, IssueLog& issues, CaseSink& sink,
                             std::uint64_t memory_limit)
    : grouped_(grouped),
      dictionary_(dictionary),
      issues_(&issues),
      sink_(&sink),
      memory_limit_(memory_limit),
      index_(std::make_unique<CaseIndex>()) {}

CaseAssembler::~CaseAssembler() = default;

CaseAssembler::OpenCase& CaseAssembler::open_case(const RawEvent& event) {
  CaseIndex& index = *index_;
  OpenCase* current = index.current;
  if (current != nullptr && current->record.replication == event.replication && current->record.id == event.case_id) {
    return *current;
  }
  auto start_case = [&](OpenCase& open) {
    open.record.id.assign(event.case_id);
    open.record.replication = event.replication;
    open.record.first_row = locate(file_bits_ | event.line);
    open.record.attributes.assign(dictionary_.attributes.size(), std::string());
    open.record.attribute_times.assign(dictionary_.attributes.size(), std::numeric_limits<double>::quiet_NaN());
    open.ordinal = replaying_ ? replay_ordinal_ : events_;
    open.used = true;
    ++cases_;
  };
  if (grouped_) {
    if (current != nullptr) finish_case(*current);
    const std::uint64_t h = case_hash(event.replication, event.case_id);
    if (index.finished.contains(h)) {
      throw OrderViolation(locate(file_bits_ | event.line),
                           fmt::format("case '{}' reappears after rows of other cases: the log is not grouped by "
                                       "case (read in any order, it is held in memory)",
                                       event.case_id));
    }
    index.finished.insert(h);
    if (index.cases.empty()) index.cases.push_back(std::make_unique<OpenCase>());
    OpenCase& open = *index.cases.front();
    start_case(open);
    index.current = &open;
    return open;
  }
  const std::uint64_t h = case_hash(event.replication, event.case_id);
  const std::int64_t found = index.by_key.find(h, [&](std::uint32_t k) {
    const CaseRecord& r = index.cases[k]->record;
    return r.replication == event.replication && r.id == event.case_id;
  });
  if (found >= 0) {
    index.current = index.cases[static_cast<std::size_t>(found)].get();
    return *index.current;
  }
  index.by_key.insert(h, static_cast<std::uint32_t>(index.cases.size()));
  index.cases.push_back(std::make_unique<OpenCase>());
  OpenCase& open = *index.cases.back();
  start_case(open);
  held_bytes_ += kCaseBytes + event.case_id.size() + open.record.attributes.size() * sizeof(std::string);
  index.current = &open;
  return open;
}

void CaseAssembler::check_times(const RawEvent& event, Time& end) {
  if (std::isnan(event.start) || !(end < event.start)) return;
  if (issues_->wants_example(IssueKind::EndBeforeStart)) {
    issues_->add(IssueKind::EndBeforeStart, locate(file_bits_ | event.line),
                 fmt::format("case '{}': '{}' ends {} before it starts; taken as instantaneous", event.case_id,
                             dictionary_.activities.name(event.activity), humanize_duration(event.start - end)));
  } else {
    issues_->count(IssueKind::EndBeforeStart);
  }
  end = event.start;
}

void CaseAssembler::add(const RawEvent& event) {
  if (spill_ && !replaying_) {
    spill_row(event);
    return;
  }
  OpenCase& open = open_case(event);
  if (!replaying_) ++events_;
  CaseRecord& record = open.record;
  if (!event.outcome.empty()) record.outcome.assign(event.outcome);
  for (std::size_t i = 0; i < record.attributes.size(); ++i) {
    const std::string_view value = event.attributes[i];
    if (value.empty()) continue;
    const Time t = row_time(event);
    if (value != record.attributes[i]) {
      record.attributes[i].assign(value);
      record.attribute_times[i] = t;
    } else if (t < record.attribute_times[i]) {
      record.attribute_times[i] = t;  // rows out of time order: the value was known at the earliest
    }
  }
  const std::uint32_t sequence = open.next_sequence++;
  if (event.pending || event.interrupted) {
    (event.pending ? record.pending : record.interrupted)
        .push_back(ActivityInstance{event.activity, event.resource, event.enable, event.start, event.end, event.cost,
                                    sequence, event.batch, event.batch_ready});
    held_bytes_ += kInstanceBytes;
  } else if (event.transition != Transition::None) {
    saw_lifecycle_ = true;
    open.lifecycle.push_back(LifecycleEvent{event.activity, event.resource, event.transition, event.end, event.cost,
                                            sequence, file_bits_ | event.line, event.batch, event.batch_ready});
    held_bytes_ += kLifecycleBytes;
  } else {
    ActivityInstance instance{event.activity, event.resource, event.enable, event.start,      event.end,
                              event.cost,     sequence,       event.batch,  event.batch_ready};
    check_times(event, instance.end);
    if (!std::isnan(instance.enable) && !std::isnan(instance.start) && instance.enable > instance.start) {
      instance.enable = instance.start;
    }
    record.instances.push_back(instance);
    open.lines.push_back(file_bits_ | event.line);
    held_bytes_ += kInstanceBytes;
  }
  if (!grouped_ && !replaying_ && held_bytes_ > memory_limit_) start_spilling();
}

void CaseAssembler::set_file(const std::string& label) {
  files_.push_back(label);
  file_bits_ = static_cast<std::uint64_t>(files_.size() - 1) << 48;
}

Location CaseAssembler::locate(std::uint64_t located) const {
  const std::size_t file = located >> 48;
  const auto line = static_cast<int>(located & ((std::uint64_t{1} << 48) - 1));
  return Location{file < files_.size() ? files_[file] : std::string(), line, 0};
}

namespace {

/// Pairs start and complete events of one case into instances, FIFO per activity: the oldest open
/// start of an activity is closed by its next complete. Schedule events give the enable time of
/// the next start of the same activity.
template <typename Locate>
void pair_lifecycle(std::vector<LifecycleEvent>& events, CaseRecord& record, std::vector<std::uint64_t>& lines,
                    const Locate& where, const LogDictionary& dictionary, IssueLog& issues, bool unfinished_pending) {
  std::stable_sort(events.begin(), events.end(),
                   [](const LifecycleEvent& a, const LifecycleEvent& b) { return a.time < b.time; });
  struct Pending {
    std::uint32_t activity;
    Time time;
    const LifecycleEvent* event;
  };
  std::vector<Pending> schedules;
  std::vector<Pending> starts;
  auto take_oldest = [](std::vector<Pending>& list, std::uint32_t activity) -> std::optional<Pending> {
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (it->activity == activity) {
        const Pending found = *it;
        list.erase(it);
        return found;
      }
    }
    return std::nullopt;
  };
  for (const LifecycleEvent& event : events) {
    switch (event.transition) {
      case Transition::Schedule: schedules.push_back({event.activity, event.time, &event}); break;
      case Transition::Start: starts.push_back({event.activity, event.time, &event}); break;
      case Transition::Complete: {
        const auto start = take_oldest(starts, event.activity);
        ActivityInstance instance;
        instance.activity = event.activity;
        instance.end = event.time;
        instance.cost = event.cost;
        instance.sequence = event.sequence;
        // The batch that served it, from whichever of its events names one (bpm-sim's name it on all).
        const LifecycleEvent& batched = event.batch >= 0 || !start ? event : *start->event;
        instance.batch = batched.batch;
        instance.batch_ready = batched.batch_ready;
        if (start) {
          instance.start = start->time;
          instance.resource = event.resource >= 0 ? event.resource : start->event->resource;
          instance.cost += start->event->cost;
          instance.sequence = start->event->sequence;
          const auto schedule = take_oldest(schedules, event.activity);
          instance.enable = schedule ? std::min(schedule->time, start->time) : std::nan("");
        } else {
          // A complete with no start: the activity instance of a completion-only log.
          instance.start = std::nan("");
          instance.enable = std::nan("");
          instance.resource = event.resource;
          if (events.size() > 1 && std::any_of(events.begin(), events.end(), [](const LifecycleEvent& e) {
                return e.transition == Transition::Start;
              })) {
            if (issues.wants_example(IssueKind::UnmatchedComplete)) {
              issues.add(IssueKind::UnmatchedComplete, where(event.line),
                         fmt::format("case '{}': '{}' completes without a start; its start is estimated", record.id,
                                     dictionary.activities.name(event.activity)));
            } else {
              issues.count(IssueKind::UnmatchedComplete);
            }
          }
        }
        record.instances.push_back(instance);
        lines.push_back(event.line);
        break;
      }
      case Transition::Abort:
        if (unfinished_pending) {
          // A simulation's work cut short by a timer: it closes the oldest start (work under
          // way) or else the oldest schedule (queued or waiting) of the activity.
          const auto start = take_oldest(starts, event.activity);
          const auto schedule = take_oldest(schedules, event.activity);
          const Time enable = schedule ? schedule->time : start ? start->time : event.time;
          record.interrupted.push_back(ActivityInstance{event.activity,
                                                        event.resource >= 0 ? event.resource
                                                        : start             ? start->event->resource
                                                                            : event.resource,
                                                        start ? std::min(enable, start->time) : enable,
                                                        start ? start->time : kNaN, event.time, event.cost,
                                                        start ? start->event->sequence : event.sequence});
          break;
        }
        [[fallthrough]];
      case Transition::Other:
        if (issues.wants_example(IssueKind::IgnoredLifecycle)) {
          issues.add(IssueKind::IgnoredLifecycle, where(event.line),
                     fmt::format("case '{}': lifecycle transition of '{}' other than schedule/start/complete ignored",
                                 record.id, dictionary.activities.name(event.activity)));
        } else {
          issues.count(IssueKind::IgnoredLifecycle);
        }
        break;
      case Transition::None: break;
    }
  }
  if (unfinished_pending) {
    // A simulation's work under way at its end: started ones have a start, the others only an enable.
    for (const Pending& start : starts) {
      const auto schedule = take_oldest(schedules, start.activity);
      record.pending.push_back(ActivityInstance{
          start.activity, start.event->resource, schedule ? std::min(schedule->time, start.time) : start.time,
          start.time, kNaN, 0.0, start.event->sequence, start.event->batch, start.event->batch_ready});
    }
    for (const Pending& schedule : schedules) {
      record.pending.push_back(ActivityInstance{schedule.activity, schedule.event->resource, schedule.time, kNaN, kNaN,
                                                0.0, schedule.event->sequence, schedule.event->batch,
                                                schedule.event->batch_ready});
    }
    return;
  }
  for (const Pending& start : starts) {
    record.work_complete = false;
    if (issues.wants_example(IssueKind::UnmatchedStart)) {
      issues.add(IssueKind::UnmatchedStart, where(start.event->line),
                 fmt::format("case '{}': '{}' starts but never completes; the case counts as in flight", record.id,
                             dictionary.activities.name(start.activity)));
    } else {
      issues.count(IssueKind::UnmatchedStart);
    }
  }
}

/// Fills in the times a log did not record (share/doc/metrics.md, "Estimated times"):
/// a completion-only instance starts (and is enabled) at the previous completion in the case, the
/// first one at its own completion; an instance without an enable time is enabled at the latest
/// completion of another instance at or before its start, or at its start.
void estimate_times(std::vector<ActivityInstance>& instances) {
  bool missing_start = false;
  bool missing_enable = false;
  for (const ActivityInstance& i : instances) {
    missing_start = missing_start || std::isnan(i.start);
    missing_enable = missing_enable || std::isnan(i.enable);
  }
  if (!missing_start && !missing_enable) return;
  std::vector<std::uint32_t> by_end(instances.size());
  for (std::uint32_t i = 0; i < by_end.size(); ++i) by_end[i] = i;
  std::stable_sort(by_end.begin(), by_end.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (instances[a].end != instances[b].end) return instances[a].end < instances[b].end;
    return instances[a].sequence < instances[b].sequence;
  });
  if (missing_start) {
    for (std::size_t k = 0; k < by_end.size(); ++k) {
      ActivityInstance& i = instances[by_end[k]];
      if (!std::isnan(i.start)) continue;
      i.start = k == 0 ? i.end : std::min(i.end, instances[by_end[k - 1]].end);
      i.enable = i.start;
    }
  }
  if (!missing_enable) return;
  std::vector<std::uint32_t> by_start(by_end);
  std::stable_sort(by_start.begin(), by_start.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (instances[a].start != instances[b].start) return instances[a].start < instances[b].start;
    return instances[a].sequence < instances[b].sequence;
  });
  // Sweep starts in order with a pointer into the completions: the completions at or before a start
  // form a growing prefix of by_end, whose last element is the latest.
  std::size_t done = 0;
  for (const std::uint32_t k : by_start) {
    ActivityInstance& i = instances[k];
    while (done < by_end.size() && instances[by_end[done]].end <= i.start) ++done;
    if (!std::isnan(i.enable)) continue;
    i.enable = i.start;
    for (std::size_t back = done; back > 0; --back) {
      const std::uint32_t candidate = by_end[back - 1];
      if (candidate == k) continue;
      i.enable = instances[candidate].end;
      break;
    }
  }
}

}  // namespace

void CaseAssembler::finish_case(OpenCase& open) {
  CaseRecord& record = open.record;
  if (!open.lifecycle.empty()) {
    pair_lifecycle(
        open.lifecycle, record, open.lines, [this](std::uint64_t l) { return locate(l); }, dictionary_, *issues_,
        unfinished_pending_);
  }
  estimate_times(record.instances);
  // Execution order; `lines` follows the instances so duplicates can be located.
  std::vector<std::uint32_t>& order = open.order;
  order.resize(record.instances.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto& in = record.instances;
  // Completion order, ties in order of appearance: the trace order of PM4Py and of the XES
  // tools, so that variants agree with theirs.
  std::sort(order.begin(), order.end(), [&in](std::uint32_t a, std::uint32_t b) {
    if (in[a].end != in[b].end) return in[a].end < in[b].end;
    return in[a].sequence < in[b].sequence;
  });
  std::vector<ActivityInstance>& sorted = open.sorted;
  sorted.clear();
  for (std::size_t k = 0; k < order.size(); ++k) {
    const ActivityInstance& i = in[order[k]];
    if (!sorted.empty()) {
      const ActivityInstance& last = sorted.back();
      // Duplicates are adjacent after sorting unless an instance of another activity that ends at
      // the same time lies between them; that rarer case is left as two instances.
      if (last.activity == i.activity && last.resource == i.resource && last.start == i.start && last.end == i.end &&
          last.enable == i.enable) {
        if (issues_->wants_example(IssueKind::DuplicateEvent)) {
          issues_->add(IssueKind::DuplicateEvent, locate(open.lines.at(order[k])),
                       fmt::format("case '{}': duplicate of an earlier '{}' event; counted once", record.id,
                                   dictionary_.activities.name(i.activity)));
        } else {
          issues_->count(IssueKind::DuplicateEvent);
        }
        continue;
      }
    }
    sorted.push_back(i);
  }
  record.instances.swap(sorted);
  if (!record.pending.empty()) record.work_complete = false;
  sink_->on_case(record);
  // Reset for reuse, keeping capacity: the streaming path allocates nothing per case once warm.
  record.instances.clear();
  record.pending.clear();
  record.interrupted.clear();
  record.outcome.clear();
  record.work_complete = true;
  open.lifecycle.clear();
  open.lines.clear();
  open.next_sequence = 0;
  open.used = false;
}

void CaseAssembler::finish() {
  if (spill_) {
    finish_spilled();
    return;
  }
  CaseIndex& index = *index_;
  if (grouped_) {
    if (index.current != nullptr) finish_case(*index.current);
  } else {
    for (auto& open : index.cases) finish_case(*open);
  }
  index.current = nullptr;
  index.cases.clear();
  index.by_key.clear();
}

// ---- Bounded memory: partitions on disk ---------------------------------------------------------

namespace {

// Record tags of a partition file: an open case's whole state (written when spilling starts), or
// a row that came after.
constexpr char kStateTag = 'S';
constexpr char kRowTag = 'R';

void put_record(SpillFile& out, const CaseRecord& record) {
  static_assert(sizeof(Time) == sizeof(double));
  out.put_string(record.id);
  out.put(record.replication);
  out.put_vector(record.instances);
  out.put_vector(record.pending);
  out.put_vector(record.interrupted);
  out.put_string(record.outcome);
  out.put(static_cast<std::uint32_t>(record.attributes.size()));
  for (const std::string& value : record.attributes) out.put_string(value);
  for (const Time t : record.attribute_times) out.put(t);
  out.put(static_cast<std::uint8_t>(record.work_complete ? 1 : 0));
  out.put_string(record.first_row.file);
  out.put(record.first_row.line);
  out.put(record.first_row.column);
}

void get_record(SpillFile& in, CaseRecord& record) {
  in.get_string(record.id);
  record.replication = in.take<std::uint32_t>();
  in.get_vector(record.instances);
  in.get_vector(record.pending);
  in.get_vector(record.interrupted);
  in.get_string(record.outcome);
  record.attributes.resize(in.take<std::uint32_t>());
  for (std::string& value : record.attributes) in.get_string(value);
  record.attribute_times.resize(record.attributes.size());
  for (Time& t : record.attribute_times) t = in.take<Time>();
  record.work_complete = in.take<std::uint8_t>() != 0;
  in.get_string(record.first_row.file);
  record.first_row.line = in.take<int>();
  record.first_row.column = in.take<int>();
}

}  // namespace

struct CaseAssembler::Spill {
  // Each partition must fit in memory when finish() assembles it: 64 of them stretch the limit
  // 64-fold, to about 64 GiB of case state (some 250 M events) at the default 1 GiB.
  static constexpr std::size_t kPartitions = 64;
  std::vector<SpillFile> partitions;

  Spill() {
    partitions.reserve(kPartitions);
    for (std::size_t p = 0; p < kPartitions; ++p) partitions.emplace_back();
  }
  SpillFile& of(std::uint32_t replication, std::string_view id) {
    // The high bits: the low ones already place the case in the in-memory table.
    return partitions[(case_hash(replication, id) >> 40) % kPartitions];
  }
};

/// Receives the finished cases of one partition, each with the issue examples its finishing
/// produced, and writes them to a file in finishing order.
class CaseAssembler::PartitionSink final : public CaseSink {
 public:
  PartitionSink(SpillFile& out, const IssueLog& issues) : out_(out), issues_(issues) {}
  std::uint64_t ordinal = 0;  // of the case being finished

  void on_case(CaseRecord& record) override {
    out_.put(ordinal);
    put_record(out_, record);
    const std::vector<Issue>& examples = issues_.examples();
    out_.put(static_cast<std::uint32_t>(examples.size() - written_));
    for (; written_ < examples.size(); ++written_) {
      const Issue& issue = examples[written_];
      out_.put(static_cast<std::uint8_t>(issue.kind));
      out_.put_string(issue.where.file);
      out_.put(issue.where.line);
      out_.put(issue.where.column);
      out_.put_string(issue.message);
    }
  }
  void reset() override {}

 private:
  SpillFile& out_;
  const IssueLog& issues_;
  std::size_t written_ = 0;
};

void CaseAssembler::start_spilling() {
  spill_ = std::make_unique<Spill>();
  CaseIndex& index = *index_;
  for (const auto& open : index.cases) {
    SpillFile& out = spill_->of(open->record.replication, open->record.id);
    out.put(kStateTag);
    out.put(open->ordinal);
    put_record(out, open->record);
    out.put_vector(open->lifecycle);
    out.put_vector(open->lines);
    out.put(open->next_sequence);
  }
  index.cases.clear();
  index.cases.shrink_to_fit();
  index.by_key.clear();
  index.current = nullptr;
  held_bytes_ = 0;
}

void CaseAssembler::spill_row(const RawEvent& event) {
  // Row checks that issue examples happen here, in input order, as on the in-memory path.
  Time end = event.end;
  if (event.transition != Transition::None) {
    saw_lifecycle_ = true;
  } else if (!event.pending && !event.interrupted) {
    check_times(event, end);
  }
  SpillFile& out = spill_->of(event.replication, event.case_id);
  out.put(kRowTag);
  out.put(events_);
  out.put(static_cast<std::uint32_t>(file_bits_ >> 48));
  out.put(event.line);
  out.put(event.replication);
  out.put(event.activity);
  out.put(event.resource);
  out.put(event.transition);
  out.put(event.enable);
  out.put(event.start);
  out.put(end);
  out.put(event.cost);
  out.put(static_cast<std::uint8_t>((event.pending ? 1 : 0) | (event.interrupted ? 2 : 0)));
  out.put(event.batch);
  out.put(event.batch_ready);
  out.put_string(event.case_id);
  out.put_string(event.outcome);
  for (std::size_t i = 0; i < dictionary_.attributes.size(); ++i) out.put_string(event.attributes[i]);
  ++events_;
}

void CaseAssembler::finish_spilled() {
  CaseIndex& index = *index_;
  IssueLog* const issues = issues_;
  CaseSink* const sink = sink_;
  std::uint64_t unkept[kIssueKinds] = {};
  std::vector<SpillFile> finished;
  finished.reserve(Spill::kPartitions);

  // 1. Assemble each partition in memory as the in-memory path would, with issues in a log of
  //    its own; its cases come out in order of first appearance.
  std::string case_id;
  std::string outcome;
  std::vector<std::string> attributes(dictionary_.attributes.size());
  std::vector<std::string_view> attribute_views(attributes.size());
  replaying_ = true;
  for (SpillFile& in : spill_->partitions) {
    in.rewind();
    SpillFile& out = finished.emplace_back();
    IssueLog local;
    PartitionSink partition_sink(out, local);
    issues_ = &local;
    sink_ = &partition_sink;
    char tag = 0;
    while (in.get(tag)) {
      if (tag == kStateTag) {
        auto open = std::make_unique<OpenCase>();
        open->ordinal = in.take<std::uint64_t>();
        get_record(in, open->record);
        in.get_vector(open->lifecycle);
        in.get_vector(open->lines);
        open->next_sequence = in.take<std::uint32_t>();
        open->used = true;
        index.by_key.insert(case_hash(open->record.replication, open->record.id),
                            static_cast<std::uint32_t>(index.cases.size()));
        index.cases.push_back(std::move(open));
        continue;
      }
      RawEvent event;
      replay_ordinal_ = in.take<std::uint64_t>();
      file_bits_ = static_cast<std::uint64_t>(in.take<std::uint32_t>()) << 48;
      event.line = in.take<std::uint64_t>();
      event.replication = in.take<std::uint32_t>();
      event.activity = in.take<std::uint32_t>();
      event.resource = in.take<std::int32_t>();
      event.transition = in.take<Transition>();
      event.enable = in.take<Time>();
      event.start = in.take<Time>();
      event.end = in.take<Time>();
      event.cost = in.take<double>();
      const auto flags = in.take<std::uint8_t>();
      event.pending = (flags & 1) != 0;
      event.interrupted = (flags & 2) != 0;
      event.batch = in.take<std::int32_t>();
      event.batch_ready = in.take<Time>();
      in.get_string(case_id);
      in.get_string(outcome);
      for (std::size_t i = 0; i < attributes.size(); ++i) {
        in.get_string(attributes[i]);
        attribute_views[i] = attributes[i];
      }
      event.case_id = case_id;
      event.outcome = outcome;
      event.attributes = attribute_views.data();
      add(event);
    }
    in.clear();
    for (const auto& open : index.cases) {
      partition_sink.ordinal = open->ordinal;
      finish_case(*open);
    }
    index.cases.clear();
    index.by_key.clear();
    index.current = nullptr;
    // Issues past the partition's own examples are past the first examples of the whole log too.
    std::uint64_t kept[kIssueKinds] = {};
    for (const Issue& issue : local.examples()) ++kept[static_cast<std::size_t>(issue.kind)];
    for (std::size_t k = 0; k < kIssueKinds; ++k) unkept[k] += local.count_of(static_cast<IssueKind>(k)) - kept[k];
    out.rewind();
  }
  replaying_ = false;
  issues_ = issues;
  sink_ = sink;

  // 2. Merge the partitions by order of first appearance: the sink and the issue log receive
  //    what the in-memory path gives them, in the same order.
  struct Head {
    bool live = false;
    std::uint64_t ordinal = 0;
    CaseRecord record;
    std::vector<Issue> examples;
  };
  std::vector<Head> heads(finished.size());
  const auto advance = [&](std::size_t p) {
    Head& head = heads[p];
    SpillFile& in = finished[p];
    head.live = in.get(head.ordinal);
    if (!head.live) return;
    get_record(in, head.record);
    head.examples.resize(in.take<std::uint32_t>());
    for (Issue& issue : head.examples) {
      issue.kind = static_cast<IssueKind>(in.take<std::uint8_t>());
      in.get_string(issue.where.file);
      issue.where.line = in.take<int>();
      issue.where.column = in.take<int>();
      in.get_string(issue.message);
    }
  };
  for (std::size_t p = 0; p < heads.size(); ++p) advance(p);
  for (;;) {
    std::size_t next = heads.size();
    for (std::size_t p = 0; p < heads.size(); ++p) {
      if (heads[p].live && (next == heads.size() || heads[p].ordinal < heads[next].ordinal)) next = p;
    }
    if (next == heads.size()) break;
    Head& head = heads[next];
    for (Issue& issue : head.examples) {
      if (issues_->wants_example(issue.kind)) {
        issues_->add(issue.kind, std::move(issue.where), std::move(issue.message));
      } else {
        issues_->count(issue.kind);
      }
    }
    sink_->on_case(head.record);
    advance(next);
  }
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    if (unkept[k] > 0) issues_->count(static_cast<IssueKind>(k), unkept[k]);
  }
  spill_->partitions.clear();
}

}  // namespace bpm::kpi
