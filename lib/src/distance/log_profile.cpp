#include "bpm/distance/log_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace bpm::distance {

void BinCounts::add(std::int64_t bin, std::uint64_t n) {
  // Events arrive roughly in time order, so most additions extend the last bin.
  if (!bins_.empty() && bins_.back().first == bin) {
    bins_.back().second += n;
  } else {
    if (!bins_.empty() && bin < bins_.back().first) sorted_ = false;
    bins_.emplace_back(bin, n);
  }
  total_ += n;
}

void BinCounts::finish() {
  if (!sorted_) std::sort(bins_.begin(), bins_.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    if (out > 0 && bins_[out - 1].first == bins_[i].first) {
      bins_[out - 1].second += bins_[i].second;
    } else {
      bins_[out++] = bins_[i];
    }
  }
  bins_.resize(out);
  sorted_ = true;
}

std::uint32_t ActivityCodes::code(std::string_view name) { return names_.intern(name) + 1; }

namespace {

std::int64_t bin_of(double seconds, double bin_seconds) {
  return static_cast<std::int64_t>(std::floor(seconds / bin_seconds));
}

}  // namespace

void LogProfile::add_case(std::span<ProfileEvent> case_events, double bin_seconds) {
  std::stable_sort(case_events.begin(), case_events.end(), [](const ProfileEvent& a, const ProfileEvent& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end < b.end;
  });
  const Time first_start = case_events.front().start;
  Time last_end = case_events.front().end;
  for (const ProfileEvent& e : case_events) {
    activities.push_back(e.activity);
    last_end = std::max(last_end, e.end);
    for (const Time t : {e.start, e.end}) {
      absolute.add(bin_of(t, bin_seconds));
      relative.add(bin_of(t - first_start, bin_seconds));
      const auto days = static_cast<std::int64_t>(std::floor(t / 86400.0));
      const double in_day = t - static_cast<double>(days) * 86400.0;
      const auto hour = std::min<std::size_t>(23, static_cast<std::size_t>(in_day / 3600.0));
      ++circadian[static_cast<std::size_t>(weekday_from_days(days))][hour];
    }
  }
  events += case_events.size();
  offsets.push_back(activities.size());
  cycle_times.push_back(last_end - first_start);
  arrivals.add(bin_of(first_start, bin_seconds));
}

void LogProfile::finish() {
  absolute.finish();
  relative.finish();
  arrivals.finish();
}

ProfileBuilder::ProfileBuilder(ActivityCodes& codes, const kpi::LogInfo& info, std::string label, bool by_replication,
                               double bin_seconds)
    : codes_(&codes),
      info_(&info),
      label_(std::move(label)),
      by_replication_(by_replication),
      bin_seconds_(bin_seconds) {}

void ProfileBuilder::on_case(kpi::CaseRecord& record) {
  if (record.instances.empty()) return;
  const kpi::NameTable& names = info_->dictionary.activities;
  while (local_to_code_.size() < names.size()) {
    local_to_code_.push_back(codes_->code(names.name(static_cast<std::uint32_t>(local_to_code_.size()))));
  }
  // Instances come in completion order; the measures order them by (start, end, appearance).
  std::vector<kpi::ActivityInstance>& instances = record.instances;
  std::stable_sort(
      instances.begin(), instances.end(),
      [](const kpi::ActivityInstance& a, const kpi::ActivityInstance& b) { return a.sequence < b.sequence; });
  scratch_.clear();
  const bool instants = !info_->has_start;
  for (const kpi::ActivityInstance& i : instances) {
    const Time start = instants || std::isnan(i.start) ? i.end : i.start;
    scratch_.push_back(ProfileEvent{local_to_code_[i.activity], start, i.end});
  }
  const std::uint32_t replication = by_replication_ ? record.replication : 0;
  auto it = std::find_if(profiles_.begin(), profiles_.end(), [&](const auto& p) { return p.first == replication; });
  if (it == profiles_.end()) {
    profiles_.emplace_back(replication, LogProfile{});
    it = std::prev(profiles_.end());
  }
  it->second.add_case(scratch_, bin_seconds_);
}

void ProfileBuilder::reset() { profiles_.clear(); }

std::vector<LogProfile> ProfileBuilder::take() {
  std::sort(profiles_.begin(), profiles_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<LogProfile> out;
  out.reserve(profiles_.size());
  const bool replicated = by_replication_ && info_->has_replication;
  for (auto& [replication, profile] : profiles_) {
    profile.finish();
    profile.label = replicated ? fmt::format("{} replication {}", label_, replication) : label_;
    out.push_back(std::move(profile));
  }
  profiles_.clear();
  return out;
}

std::vector<LogProfile> read_profiles(const std::vector<std::string>& paths, const kpi::LogOptions& options,
                                      ActivityCodes& codes, kpi::LogInfo& info, bool by_replication) {
  std::string label;
  for (const std::string& path : paths) {
    if (!label.empty()) label += "+";
    label += path == "-" ? "<stdin>" : path;
  }
  ProfileBuilder builder(codes, info, label, by_replication);
  kpi::read_logs(paths, options, info, builder);
  return builder.take();
}

}  // namespace bpm::distance
