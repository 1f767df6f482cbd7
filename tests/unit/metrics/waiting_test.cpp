// waiting_time is the time a case was not being worked on, split by cause (metrics/waiting.hpp),
// and never more than its cycle time, in bpm-sim and in bpm-kpi alike.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "bpm/kpi/analysis.hpp"
#include "bpm/model/calendar.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "core/random.hpp"
#include "metrics/waiting.hpp"

namespace {

using bpm::metrics::Cause;
using bpm::metrics::Span;

bool open_at(const bpm::CalendarClock* clock, double t) { return clock == nullptr || clock->is_open(t); }

/// The documented rule at one instant, by brute force: not idle when some work goes on in open
/// hours; else queue, closed, timer, sync, the first that holds.
std::optional<Cause> cause_at(const std::vector<Span>& spans, double t) {
  bool queue = false, closed = false, timer = false;
  for (const Span& s : spans) {
    if (!(s.from <= t && t < s.to)) continue;
    switch (s.kind) {
      case Span::Kind::Work:
        if (open_at(s.clock, t)) return std::nullopt;
        closed = true;
        break;
      case Span::Kind::Pending: (open_at(s.clock, t) ? queue : closed) = true; break;
      case Span::Kind::Timer: timer = true; break;
    }
  }
  return queue ? Cause::Queue : closed ? Cause::Closed : timer ? Cause::Timer : Cause::Sync;
}

}  // namespace

TEST_CASE("waiting: the idle split of random overlapping spans matches a minute-by-minute count",
          "[metrics][waiting]") {
  // Spans and the office calendar change on whole minutes, so the cause is constant within each
  // minute and its midpoint decides it: an exact oracle independent of split_idle's sweep.
  bpm::Calendar office;
  for (std::size_t day = 0; day < 5; ++day) office.week[day] = bpm::parse_day_intervals("09:00-17:00");
  const bpm::CalendarClock clock(office);
  bpm::Rng random(2026, 1);
  std::vector<bpm::Time> scratch;
  constexpr double kMinute = 60.0;
  const double monday = 4 * 86400.0;  // 1970-01-05 is a Monday
  for (int trial = 0; trial < 300; ++trial) {
    INFO("trial " << trial);
    std::vector<Span> spans;
    const auto n = static_cast<int>(1 + random.uniform() * 8);
    const double from = monday + std::floor(random.uniform() * 3 * 24 * 60) * kMinute;
    double to = from;
    for (int k = 0; k < n; ++k) {
      Span s;
      const double u = random.uniform();
      s.kind = u < 0.4 ? Span::Kind::Work : u < 0.8 ? Span::Kind::Pending : Span::Kind::Timer;
      s.from = from + std::floor(random.uniform() * 2 * 24 * 60) * kMinute;
      s.to = s.from + std::floor(random.uniform() * 20 * 60) * kMinute;
      s.clock = s.kind != Span::Kind::Timer && random.uniform() < 0.6 ? &clock : nullptr;
      spans.push_back(s);
      to = std::max(to, s.to);
    }
    to += std::floor(random.uniform() * 120) * kMinute;  // a gap at the end: sync time
    const bpm::metrics::WaitSplit split = bpm::metrics::split_idle(spans, from, to, scratch);
    bpm::metrics::WaitSplit oracle;
    for (double t = from; t < to; t += kMinute) {
      if (const auto cause = cause_at(spans, t + kMinute / 2)) oracle[*cause] += kMinute;
    }
    for (std::size_t c = 0; c < bpm::metrics::kCauses; ++c) {
      INFO(bpm::metrics::cause_name(static_cast<Cause>(c)));
      CHECK(split.seconds[c] == Approx(oracle.seconds[c]).margin(1e-6));
    }
    CHECK(split.total() <= to - from + 1e-9);
  }
}

TEST_CASE("waiting: waiting_time never exceeds cycle_time, per case, in bpm-sim and bpm-kpi", "[metrics][waiting]") {
  // One case per run, so each run's figures are one case's. Its four branches queue for one
  // clerk with office hours while a timer runs: the summed waits of the branches exceed the cycle
  // time, the time the case was not worked on cannot.
  const bpm::Process process = bpm::parse_process(R"yaml(
process: branches
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerk: { count: 1, calendar: office }
arrivals:
  every: exponential(8h)
start: fork
steps:
  fork: { and: [a, b, c, d, hold] }
  a: { resource: clerk, duration: exponential(2h), next: join }
  b: { resource: clerk, duration: exponential(2h), next: join }
  c: { resource: clerk, duration: exponential(2h), next: join }
  d: { resource: clerk, duration: exponential(2h), next: join }
  hold: { wait: exponential(6h), next: join }
  join: { join: [a, b, c, d, hold], next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, cases: 1, replications: 1 }
)yaml",
                                                  "branches.yaml");
  const auto path = std::filesystem::temp_directory_path() / "waiting-branches.csv";
  int summed_exceeds = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    INFO("seed " << seed);
    bpm::SimulationOptions options;
    options.seed = seed;
    std::ostringstream log;
    bpm::SimulationResult result;
    {
      bpm::EventLogWriter writer(log);
      options.log = &writer;
      result = bpm::simulate(process, options);
    }
    const auto value = [&result](std::string_view name) {
      return result.replications.at(0).values.at(static_cast<std::size_t>(result.metric_index(name)));
    };
    const double cycle = value("cycle_time.mean");
    const double waiting = value("waiting_time.mean");
    REQUIRE(std::isfinite(cycle));
    CHECK(waiting >= 0.0);
    CHECK(waiting <= cycle);
    // The causes add up to the waiting time.
    const double causes = value("waiting_time.queue.mean") + value("waiting_time.closed.mean") +
                          value("waiting_time.timer.mean") + value("waiting_time.sync.mean");
    CHECK(causes == Approx(waiting).margin(1e-6));
    double summed = 0.0;
    for (const char* step : {"a", "b", "c", "d", "hold"}) {
      summed += value(fmt::format("steps.{}.waiting.mean", step)) * value(fmt::format("steps.{}.count", step));
    }
    if (summed > cycle) ++summed_exceeds;

    std::ofstream(path) << log.str();
    bpm::kpi::AnalysisOptions analysis;
    analysis.process = &process;
    const bpm::kpi::Report report = bpm::kpi::analyze({path.string()}, analysis);
    const auto logged = [&report](std::string_view name) {
      for (const auto& m : report.metrics) {
        if (m.name == name) return m.value;
      }
      FAIL("no metric " << name);
      return 0.0;
    };
    CHECK(logged("waiting_time.mean") <= logged("cycle_time.mean"));
    CHECK(logged("waiting_time.mean") == Approx(waiting).margin(0.01));  // the log is to the ms
  }
  std::filesystem::remove(path);
  CHECK(summed_exceeds > 10);  // the old definition (summed waits) broke the bound on this model
}
