#include "discover/validation.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/distance/log_distance.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"

namespace bpm::discover {

distance::LogProfile profile_of(const LogStore& log, std::size_t from, std::size_t to, distance::ActivityCodes& codes) {
  distance::LogProfile profile;
  std::vector<std::uint32_t> code(log.activities.size());
  for (std::size_t a = 0; a < code.size(); ++a) code[a] = codes.code(log.activities[a]);
  std::vector<distance::ProfileEvent> events;
  for (std::size_t k = from; k < to; ++k) {
    events.clear();
    for (const Event& e : log.cases[k].events) events.push_back({code[e.activity], e.start, e.end});
    profile.add_case(events);
  }
  profile.finish();
  return profile;
}

std::vector<double> validation_measures(const Process& model, const distance::LogProfile& real,
                                        distance::ActivityCodes& codes, unsigned replications) {
  std::ostringstream csv;
  {
    EventLogWriter writer(csv);
    SimulationOptions options;
    options.replications = replications;
    options.cases = real.cases();
    options.log = &writer;
    (void)simulate(model, options);
  }
  // The simulator's own CSV (bpm/sim/event_log.hpp): rows grouped by case within replications.
  // Columns are found by name in the header, after the `#bpm-sim-log` comment lines, so the
  // log may gain columns or metadata without breaking validation.
  const std::string text = csv.str();
  std::vector<distance::LogProfile> simulated(replications);
  std::vector<distance::ProfileEvent> events;
  std::string current_case;
  std::size_t current_rep = 0;
  CsvSplitter splitter(',');
  auto flush = [&] {
    if (!events.empty()) simulated[current_rep].add_case(events);
    events.clear();
  };
  enum Column : std::size_t { Case, Replication, Activity, Start, End, Count };
  constexpr std::string_view kNames[Count] = {"case_id", "replication", "activity", "start_time", "end_time"};
  std::size_t column[Count] = {};
  bool header = false;
  std::size_t needed = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view row(text.data() + at, end - at);
    at = end + 1;
    if (row.empty() || row.front() == '#' || !splitter.split(row)) continue;
    const auto& f = splitter.fields();
    if (!header) {
      for (std::size_t c = 0; c < Count; ++c) {
        const auto it = std::find(f.begin(), f.end(), kNames[c]);
        if (it == f.end()) throw Error("simulated log lacks the column " + std::string(kNames[c]));
        column[c] = static_cast<std::size_t>(it - f.begin());
        needed = std::max(needed, column[c] + 1);
      }
      header = true;
      continue;
    }
    if (f.size() < needed) continue;
    std::size_t rep = 0;
    const std::string_view rep_text = f[column[Replication]];
    if (std::from_chars(rep_text.data(), rep_text.data() + rep_text.size(), rep).ec != std::errc{}) continue;
    rep %= replications;
    if (f[column[Case]] != current_case || rep != current_rep) {
      flush();
      current_case.assign(f[column[Case]]);
      current_rep = rep;
    }
    const auto start = kpi::parse_iso_timestamp(f[column[Start]]);
    const auto finish = kpi::parse_iso_timestamp(f[column[End]]);
    if (!start || !finish) continue;
    events.push_back({codes.code(f[column[Activity]]), *start, *finish});
  }
  flush();
  const distance::Measure measures[] = {distance::Measure::NGram, distance::Measure::Aed, distance::Measure::Ced,
                                        distance::Measure::Red, distance::Measure::Ctd};
  std::vector<double> means(std::size(measures), 0.0);
  std::size_t used = 0;
  for (distance::LogProfile& p : simulated) {
    p.finish();
    if (p.cases() == 0) continue;
    ++used;
    for (std::size_t m = 0; m < means.size(); ++m) means[m] += distance::measure(measures[m], real, p).value;
  }
  for (double& m : means) m = used > 0 ? m / static_cast<double>(used) : std::numeric_limits<double>::infinity();
  return means;
}

}  // namespace bpm::discover
