// Common random numbers per construct: adding a construct to one step leaves the draws of every
// other step as they were (one random stream per element), so a what-if compares like with like.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine_test_support.hpp"

namespace {

// `a` is the step the variants change; `b`, a calendar-free wait every case reaches whatever
// happens at `a` (its timers lead there too), is the step whose draws must not change.
const char* const kBase = R"yaml(process: crn
time_unit: minutes
resources:
  r: { count: 3 }
  r2: { count: 1, cost_per_hour: 10 }
arrivals: { every: exponential(10m), attributes: { v: "uniform(0, 1)" } }
start: a
steps:
  a: { resource: r, duration: exponential(5m), next: b }
  b: { wait: exponential(30m), next: done }
  done: { end: done }
simulation: { cases: 300, replications: 2, seed: 5 }
)yaml";

/// Seconds since 2026-01-01 of a log time stamp such as 2026-01-05T00:10:16.224.
double seconds(const std::string& stamp) {
  REQUIRE(stamp.size() >= 19);
  const auto number = [&](std::size_t at, std::size_t length) { return std::stoi(stamp.substr(at, length)); };
  // Days from the civil date (proleptic Gregorian), as in Howard Hinnant's days_from_civil.
  const auto days = [](int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
  };
  const double day = days(number(0, 4), number(5, 2), number(8, 2)) - days(2026, 1, 1);
  return day * 86400.0 + number(11, 2) * 3600.0 + number(14, 2) * 60.0 + std::stod(stamp.substr(17));
}

/// The times of the waits at `b`, per replication, sorted: the draws of b's stream that were used.
std::vector<std::vector<double>> waits_at_b(const std::string& yaml) {
  bpm::SimulationOptions options;
  const simtest::Csv log = simtest::parse_csv(simtest::run_with_log(simtest::model(yaml), options));
  std::vector<std::vector<double>> out(2);
  for (const auto& row : log.rows) {
    if (row[log.column("activity")] != "b" || row[log.column("end_time")].empty()) continue;
    const auto replication = static_cast<std::size_t>(std::stoul(row[log.column("replication")]));
    REQUIRE(replication < out.size());
    out[replication].push_back(seconds(row[log.column("end_time")]) - seconds(row[log.column("enable_time")]));
  }
  for (auto& waits : out) std::sort(waits.begin(), waits.end());
  return out;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a construct added to one step leaves another step's draws as they were", "[sim][determinism][crn]") {
  struct Variant {
    const char* construct;
    const char* from;
    const char* to;
  };
  const Variant variant = GENERATE(
      Variant{"instances", "duration: exponential(5m), next: b",
              "duration: exponential(5m), instances: { count: poisson(2) }, next: b"},
      Variant{"abandon", "duration: exponential(5m), next: b",
              "duration: exponential(5m), abandon: { after: exponential(2m), to: b }, next: b"},
      Variant{"batch", "duration: exponential(5m), next: b",
              "duration: exponential(5m), batch: { size: 3, timeout: exponential(30m) }, next: b"},
      Variant{"timeout", "duration: exponential(5m), next: b",
              "duration: exponential(5m), timeout: { after: exponential(4m), to: b }, next: b"},
      Variant{"escalate", "next: b }\n  b:",
              "escalate: { after: exponential(3m), to: notify }, next: b }\n"
              "  notify: { duration: exponential(1m), next: fyi }\n  fyi: { end: notified, terminate: false }\n  b:"},
      Variant{"members", "r: { count: 3 }",
              "r: { members: { ann: { speed: 2 }, bob: { cost_per_hour: 30 }, cy: { speed: 0.5 } } }"},
      Variant{"several pools", "a: { resource: r,", "a: { resource: [r, r2], policy: cheapest,"},
      Variant{"data duration", "duration: exponential(5m), next: b", "duration: \"exponential(v * 10m)\", next: b"});
  CAPTURE(variant.construct);
  const std::string changed = replace(kBase, variant.from, variant.to);
  REQUIRE(changed != kBase);
  const auto base = waits_at_b(kBase);
  const auto with = waits_at_b(changed);
  for (std::size_t r = 0; r < base.size(); ++r) {
    CAPTURE(r);
    REQUIRE(base[r].size() == 300);
    REQUIRE(with[r].size() == base[r].size());
    // The log writes milliseconds: a wait is a difference of two rounded times.
    std::size_t differ = 0;
    for (std::size_t i = 0; i < base[r].size(); ++i) differ += std::fabs(base[r][i] - with[r][i]) > 0.0015 ? 1U : 0U;
    CHECK(differ == 0);
  }
  // The construct did change the run: otherwise the test would prove nothing.
  const bpm::SimulationResult a = simtest::run(simtest::model(kBase));
  const bpm::SimulationResult b = simtest::run(simtest::model(changed));
  bool differs = a.metrics.size() != b.metrics.size();
  for (std::size_t m = 0; !differs && m < a.replications[0].values.size(); ++m) {
    differs = a.replications[0].values[m] != b.replications[0].values[m];
  }
  CHECK(differs);
}
