#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/distance/log_distance.hpp"
#include "bpm/stats/running_stats.hpp"

namespace bpm::distance {
namespace {

std::string label_of(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace

DistanceReport compare_profiles(const LogProfile& real, const std::vector<LogProfile>& simulated,
                                const std::vector<Measure>& measures, const DistanceSettings& settings) {
  DistanceReport report;
  report.real_label = real.label;
  report.real_cases = real.cases();
  report.real_events = real.events;
  report.ngram = settings.ngram;
  for (const LogProfile& s : simulated) {
    report.simulated_labels.push_back(s.label);
    report.simulated_cases.push_back(s.cases());
  }
  for (const Measure m : measures) {
    DistanceReport::Row row;
    row.measure = m;
    RunningStats stats;
    for (const LogProfile& s : simulated) {
      MeasureValue v = measure(m, real, s, settings);
      row.values.push_back(v.value);
      stats.add(v.value);
      if (!v.note.empty()) row.notes.push_back(fmt::format("{}: {}", s.label, v.note));
    }
    row.estimate = estimate(stats);
    report.rows.push_back(std::move(row));
  }
  return report;
}

DistanceReport compare_logs(const std::string& real, const std::vector<std::string>& simulated,
                            const LogDistanceOptions& options) {
  if (simulated.empty()) throw UsageError("no simulated log to compare with the real one");
  ActivityCodes codes;
  std::uint64_t issues = 0;
  kpi::LogInfo real_info;
  // A real log with replications (a simulated log taken as the reference) is one log.
  std::vector<LogProfile> real_profiles = read_profiles({real}, options.log, codes, real_info, false);
  issues += real_info.issues.total();
  if (real_profiles.empty()) throw DataError(Location{label_of(real), 0, 0}, "the log has no case to compare");
  std::vector<LogProfile> sims;
  for (const std::string& path : simulated) {
    kpi::LogInfo info;
    std::vector<LogProfile> profiles = read_profiles({path}, options.log, codes, info);
    issues += info.issues.total();
    if (profiles.empty()) throw DataError(Location{label_of(path), 0, 0}, "the log has no case to compare");
    for (LogProfile& p : profiles) sims.push_back(std::move(p));
  }
  DistanceReport report = compare_profiles(real_profiles.front(), sims, options.measures, options.settings);
  report.data_issues = issues;
  return report;
}

}  // namespace bpm::distance
