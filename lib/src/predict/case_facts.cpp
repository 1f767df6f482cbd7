// A case at the cut: its label, where the cut falls, and what it did before. The rules (also in
// share/doc/bpm-optimize.md#score): an outcome is known when the case ends (or, for an activity
// label, when that activity starts); a case whose outcome was known by the cut is "decided" and
// neither trains nor is scored there, so no feature can carry its outcome.
#include "case_facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>

namespace bpm::predict_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The earliest time of an instance that the log itself recorded (the enable time may be an
/// estimate): when its row was written at the latest.
Time recorded_time(const kpi::ActivityInstance& i) noexcept {
  return std::isnan(i.start) ? i.end : std::min(i.start, i.end);
}

CaseLabel label_of(const kpi::CaseRecord& record, const Label& label, std::int64_t label_activity, bool has_outcomes) {
  CaseLabel out;
  out.decided = kNaN;
  if (!label.activity.empty()) {
    for (const kpi::ActivityInstance& i : record.instances) {
      if (static_cast<std::int64_t>(i.activity) != label_activity) continue;
      const Time t = recorded_time(i);
      if (out.value != 1 || t < out.decided) out.decided = t;
      out.value = 1;
    }
    if (out.value == 1) return out;
    // Without the activity: negative once the case is over, which only an outcome column tells.
    if (has_outcomes && record.outcome.empty()) return out;
    out.value = 0;
    out.decided = record.end();
    return out;
  }
  if (record.outcome.empty()) return out;
  out.value = std::find(label.outcomes.begin(), label.outcomes.end(), record.outcome) != label.outcomes.end() ? 1 : 0;
  out.decided = record.end();
  return out;
}

}  // namespace

void facts_at_cut(const kpi::CaseRecord& record, const Label& label, const Cut& cut, std::int64_t label_activity,
                  std::int64_t cut_activity, bool has_outcomes, std::optional<Time> now, CaseFacts& out) {
  out.counts.clear();
  out.known.assign(record.attributes.size(), false);
  out.last = -1;
  out.elapsed = 0.0;
  out.waiting = 0.0;
  out.label = label_of(record, label, label_activity, has_outcomes);
  if (record.instances.empty()) {
    out.state = CaseState::Empty;
    return;
  }
  out.start = record.start();
  const bool open = out.label.value < 0;

  // Where the cut falls; NaN when the case never got there.
  Time cut_time = kNaN;
  switch (cut.kind) {
    case Cut::Kind::Arrival: cut_time = out.start; break;
    case Cut::Kind::Elapsed: cut_time = out.start + cut.seconds; break;
    case Cut::Kind::Events: {
      if (record.instances.size() >= cut.events) {
        // Instances are in completion order: the n-th completion.
        cut_time = record.instances[cut.events - 1].end;
      }
      break;
    }
    case Cut::Kind::After:
      for (const kpi::ActivityInstance& i : record.instances) {
        if (static_cast<std::int64_t>(i.activity) == cut_activity) {
          cut_time = i.end;
          break;
        }
      }
      break;
  }
  out.cut = cut_time;
  if (std::isnan(cut_time)) {
    out.state = open ? CaseState::NotReached : CaseState::Decided;
    return;
  }
  if (cut.kind != Cut::Kind::Arrival && !open && !(out.label.decided > cut_time)) {
    out.state = CaseState::Decided;
    return;
  }
  if (cut.kind == Cut::Kind::Elapsed && open && now && *now < cut_time) {
    out.state = CaseState::NotReached;
    return;
  }
  out.state = CaseState::Usable;

  if (cut.kind == Cut::Kind::Arrival) {
    // Case data known when it started: recorded on its earliest row.
    Time first = std::numeric_limits<double>::infinity();
    for (const kpi::ActivityInstance& i : record.instances) first = std::min(first, recorded_time(i));
    for (std::size_t a = 0; a < record.attributes.size(); ++a) {
      out.known[a] = !record.attributes[a].empty() && record.attribute_times[a] <= first;
    }
    return;
  }
  for (std::size_t a = 0; a < record.attributes.size(); ++a) {
    out.known[a] = !record.attributes[a].empty() && record.attribute_times[a] <= cut_time;
  }
  out.elapsed = cut_time - out.start;
  Time last_end = -std::numeric_limits<double>::infinity();
  for (const kpi::ActivityInstance& i : record.instances) {
    if (i.enable <= cut_time) {
      const Time started = std::isnan(i.start) ? i.end : i.start;
      out.waiting += std::max(0.0, std::min(started, cut_time) - i.enable);
    }
    if (!(i.end <= cut_time)) continue;
    if (i.end >= last_end) {  // completion order: a later instance wins a tie
      last_end = i.end;
      out.last = static_cast<std::int32_t>(i.activity);
    }
    const auto it = std::lower_bound(out.counts.begin(), out.counts.end(), i.activity,
                                     [](const auto& c, std::uint32_t a) { return c.first < a; });
    if (it != out.counts.end() && it->first == i.activity) {
      ++it->second;
    } else {
      out.counts.insert(it, {i.activity, 1});
    }
  }
}

bool is_missing_value(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  static constexpr std::string_view kMarkers[] = {"",     "NA",  "N/A", "n/a", "null", "NULL",
                                                  "None", "NaN", "nan", "-",   "?"};
  return std::find(std::begin(kMarkers), std::end(kMarkers), text) != std::end(kMarkers);
}

std::string_view level_of(std::string_view text, std::string& buffer) {
  if (is_missing_value(text)) return kMissingLevel;
  const double x = parse_value(text);
  if (std::isnan(x)) return text;
  buffer = fmt::format("{}", x);
  return buffer;
}

double parse_value(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return kNaN;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return kNaN;
  return value;
}

}  // namespace bpm::predict_detail
