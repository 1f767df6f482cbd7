#include "bpm/kpi/event_log.hpp"

#include <algorithm>
#include <limits>

namespace bpm::kpi {

Time CaseRecord::start() const noexcept {
  if (instances.empty()) return std::numeric_limits<double>::quiet_NaN();
  Time t = instances.front().enable;
  for (const ActivityInstance& i : instances) t = std::min(t, i.enable);
  return t;
}

Time CaseRecord::end() const noexcept {
  if (instances.empty()) return std::numeric_limits<double>::quiet_NaN();
  Time t = instances.front().end;
  for (const ActivityInstance& i : instances) t = std::max(t, i.end);
  return t;
}

std::uint32_t NameTable::intern(std::string_view name) {
  const auto found = ids_.find(name);
  if (found != ids_.end()) return found->second;
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string(name), id);
  return id;
}

std::int64_t NameTable::find(std::string_view name) const {
  const auto found = ids_.find(name);
  return found == ids_.end() ? -1 : static_cast<std::int64_t>(found->second);
}

const char* issue_kind_name(IssueKind kind) noexcept {
  switch (kind) {
    case IssueKind::RaggedRow: return "ragged-row";
    case IssueKind::MissingCase: return "missing-case-id";
    case IssueKind::MissingActivity: return "missing-activity";
    case IssueKind::MissingTimestamp: return "missing-timestamp";
    case IssueKind::BadTimestamp: return "bad-timestamp";
    case IssueKind::BadNumber: return "bad-number";
    case IssueKind::EndBeforeStart: return "end-before-start";
    case IssueKind::DuplicateEvent: return "duplicate-event";
    case IssueKind::UnmatchedStart: return "unmatched-start";
    case IssueKind::UnmatchedComplete: return "unmatched-complete";
    case IssueKind::IgnoredLifecycle: return "ignored-lifecycle";
    case IssueKind::UnknownActivity: return "unknown-activity";
    case IssueKind::CaseWithoutEnd: return "case-without-end";
    case IssueKind::Encoding: return "encoding";
  }
  return "unknown";
}

const char* issue_kind_description(IssueKind kind) noexcept {
  switch (kind) {
    case IssueKind::RaggedRow: return "rows with a different number of fields than the header (skipped)";
    case IssueKind::MissingCase: return "rows without a case id (skipped)";
    case IssueKind::MissingActivity: return "rows without an activity (skipped)";
    case IssueKind::MissingTimestamp: return "rows without a timestamp (skipped)";
    case IssueKind::BadTimestamp: return "rows with an unparseable timestamp (skipped)";
    case IssueKind::BadNumber: return "unparseable numbers (taken as 0)";
    case IssueKind::EndBeforeStart: return "instances that end before they start (taken as instantaneous)";
    case IssueKind::DuplicateEvent: return "duplicate events (counted once)";
    case IssueKind::UnmatchedStart: return "starts without a complete (case counted as in flight)";
    case IssueKind::UnmatchedComplete: return "completes without a start (start estimated)";
    case IssueKind::IgnoredLifecycle: return "lifecycle transitions other than schedule/start/complete (ignored)";
    case IssueKind::UnknownActivity: return "events of activities the process does not have";
    case IssueKind::CaseWithoutEnd: return "cases with no end (counted as in flight)";
    case IssueKind::Encoding: return "lines that are not text (NUL bytes: skipped; not UTF-8: read as Latin-1)";
  }
  return "";
}

void IssueLog::add(IssueKind kind, Location where, std::string message) {
  if (wants_example(kind)) examples_.push_back(Issue{kind, std::move(where), std::move(message)});
  count(kind);
}

void IssueLog::add_example(IssueKind kind, Location where, std::string message) {
  std::size_t kept = 0;
  for (const Issue& issue : examples_) kept += issue.kind == kind ? 1 : 0;
  if (kept < kExamples) examples_.push_back(Issue{kind, std::move(where), std::move(message)});
}

void IssueLog::merge(const IssueLog& other) {
  std::size_t kept[kIssueKinds] = {};
  for (const Issue& issue : examples_) ++kept[static_cast<std::size_t>(issue.kind)];
  for (const Issue& issue : other.examples_) {
    if (kept[static_cast<std::size_t>(issue.kind)]++ < kExamples) examples_.push_back(issue);
  }
  for (std::size_t k = 0; k < kIssueKinds; ++k) counts_[k] += other.counts_[k];
}

std::uint64_t IssueLog::total() const noexcept {
  std::uint64_t n = 0;
  for (const std::uint64_t c : counts_) n += c;
  return n;
}

}  // namespace bpm::kpi
