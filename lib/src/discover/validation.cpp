#include "discover/validation.hpp"

#include <sstream>
#include <string>

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
  std::size_t at = text.find('\n');
  while (at != std::string::npos && at + 1 < text.size()) {
    const std::size_t end = text.find('\n', at + 1);
    const std::string_view row(text.data() + at + 1, (end == std::string::npos ? text.size() : end) - at - 1);
    at = end;
    if (row.empty() || !splitter.split(row)) continue;
    const auto& f = splitter.fields();
    if (f.size() < 7) continue;
    const std::size_t rep = static_cast<std::size_t>(std::stoul(std::string(f[1]))) % replications;
    if (f[0] != current_case || rep != current_rep) {
      flush();
      current_case.assign(f[0]);
      current_rep = rep;
    }
    const auto start = kpi::parse_iso_timestamp(f[5]);
    const auto finish = kpi::parse_iso_timestamp(f[6]);
    if (!start || !finish) continue;
    events.push_back({codes.code(f[2]), *start, *finish});
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
