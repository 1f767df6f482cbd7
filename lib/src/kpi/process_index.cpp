#include "kpi/process_index.hpp"

#include <algorithm>
#include <unordered_set>

namespace bpm::kpi {

std::string normalize_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c == ' ' || c == '-' || c == '_') {
      out.push_back('_');
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

/// Steps reachable from `step` through gateways (and, or, xor, join) only, stopping at tasks and
/// waits: true when one of them is an end.
bool reaches_end(const Process& process, const Step& step) {
  std::vector<std::string_view> todo{step.next};
  std::unordered_set<std::string_view> seen;
  while (!todo.empty()) {
    const std::string_view id = todo.back();
    todo.pop_back();
    if (id.empty() || !seen.insert(id).second) continue;
    const Step* next = process.find_step(id);
    if (next == nullptr) continue;
    switch (next->kind) {
      case StepKind::End: return true;
      case StepKind::Task:
      case StepKind::Wait: break;
      case StepKind::Join: todo.push_back(next->next); break;
      case StepKind::Xor:
      case StepKind::Or:
        for (const Branch& b : next->branches) todo.push_back(b.to);
        break;
      case StepKind::And:
        for (const std::string& t : next->targets) todo.push_back(t);
        break;
    }
  }
  return false;
}

}  // namespace

ProcessIndex::ProcessIndex(const Process& process) : process_(&process) {
  for (const Step& step : process.steps) {
    if (step.kind != StepKind::Task && step.kind != StepKind::Wait) continue;
    const std::string key = normalize_name(step.id);
    steps_.emplace(key, &step);
    final_.emplace(key, reaches_end(process, step));
  }
  for (const Resource& resource : process.resources) {
    resources_.emplace(normalize_name(resource.id), &resource);
    if (!resource.calendar.empty() && clocks_.find(resource.calendar) == clocks_.end()) {
      if (const Calendar* calendar = process.find_calendar(resource.calendar)) {
        clocks_.emplace(resource.calendar, CalendarClock(*calendar));
      }
    }
    // bpm-sim writes a member in the log's resource column (and the pool in `role`).
    for (const Member& member : resource.members) {
      const std::string key = normalize_name(member.id);
      resources_.emplace(key, &resource);
      members_.emplace(key, &member);
      if (member.calendar.empty()) continue;
      if (const Calendar* own = process.find_calendar(member.calendar)) {
        const Calendar* pool = resource.calendar.empty() ? nullptr : process.find_calendar(resource.calendar);
        member_clocks_.emplace(member.id, CalendarClock(pool != nullptr ? intersect_calendars(*own, *pool) : *own));
      }
    }
  }
}

const Step* ProcessIndex::step_for(std::string_view activity) const {
  const auto found = steps_.find(normalize_name(activity));
  return found == steps_.end() ? nullptr : found->second;
}

bool ProcessIndex::is_final(std::string_view activity) const {
  const auto found = final_.find(normalize_name(activity));
  return found != final_.end() && found->second;
}

const Resource* ProcessIndex::resource_for(std::string_view resource) const {
  const std::string key = normalize_name(resource);
  auto found = resources_.find(key);
  if (found != resources_.end()) return found->second;
  // An individual of a pool, as simulators name servers: "ae#2", "ae_2" (after normalising "-").
  const std::size_t cut = key.find_last_of("#_");
  if (cut != std::string::npos && cut + 1 < key.size() &&
      std::all_of(key.begin() + static_cast<std::ptrdiff_t>(cut) + 1, key.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    found = resources_.find(key.substr(0, cut));
    if (found != resources_.end()) return found->second;
  }
  return nullptr;
}

double ProcessIndex::open_seconds(const Resource& resource, Time a, Time b) const {
  if (!(b > a)) return 0.0;
  const auto clock = clocks_.find(resource.calendar);
  if (clock == clocks_.end()) return b - a;
  return clock->second.open_seconds(a, b);
}

const Member* ProcessIndex::member_for(std::string_view resource) const {
  const auto found = members_.find(normalize_name(resource));
  return found == members_.end() ? nullptr : found->second;
}

double ProcessIndex::open_seconds(const Resource& resource, const Member& member, Time a, Time b) const {
  if (!(b > a)) return 0.0;
  const auto own = member_clocks_.find(member.id);
  if (own == member_clocks_.end()) return open_seconds(resource, a, b);
  return own->second.open_seconds(a, b);
}

const CalendarClock* ProcessIndex::work_clock_of(const Resource& resource, const Member* member) const {
  if (member != nullptr) {
    const auto own = member_clocks_.find(member->id);
    if (own != member_clocks_.end()) return own->second.always_open() ? nullptr : &own->second;
  }
  return clock_of(resource);
}

const CalendarClock* ProcessIndex::clock_of(const Resource& resource) const {
  const auto clock = clocks_.find(resource.calendar);
  return clock == clocks_.end() || clock->second.always_open() ? nullptr : &clock->second;
}

std::vector<std::string> ProcessIndex::final_steps() const {
  std::vector<std::string> names;
  for (const Step& step : process_->steps) {
    if ((step.kind == StepKind::Task || step.kind == StepKind::Wait) && is_final(step.id)) names.push_back(step.id);
  }
  return names;
}

}  // namespace bpm::kpi
