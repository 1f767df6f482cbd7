// Arrivals that change: weekly rate profiles (a non-homogeneous Poisson process), batches of
// cases per arrival, and several named streams with their own attributes and first steps.
#include <catch2/catch.hpp>

#include "bpm/core/time.hpp"
#include "engine_test_support.hpp"

namespace {

/// Variance of a sample, and the 3-standard-error band of a Poisson count's variance around its
/// mean: var(s²) = (μ4 − σ⁴ (n−3)/(n−1)) / n with μ4 = λ + 3λ² for a Poisson(λ).
void check_poisson_dispersion(const std::vector<double>& counts, double lambda, std::string_view what) {
  const auto n = static_cast<double>(counts.size());
  double mean = 0.0;
  for (const double c : counts) mean += c / n;
  double variance = 0.0;
  for (const double c : counts) variance += (c - mean) * (c - mean) / (n - 1.0);
  const double mu4 = lambda + 3.0 * lambda * lambda;
  const double se = std::sqrt((mu4 - lambda * lambda * (n - 3.0) / (n - 1.0)) / n);
  INFO(what << ": variance " << variance << ", Poisson " << lambda << " ± " << 3.0 * se);
  CHECK(std::fabs(variance - lambda) <= 3.0 * se);
}

}  // namespace

TEST_CASE("a weekly rate profile brings a Poisson number of cases in each window", "[sim][arrivals][theory]") {
  // Monday 08:00-12:00 at 10/h and 12:00-18:00 at 4/h, nothing else: a week from Monday 00:00
  // brings Poisson(40 + 24 = 64) cases, the morning Poisson(40); counts in disjoint windows of
  // a Poisson process are Poisson variables, so mean = variance = the integrated rate.
  const auto p = simtest::model(R"yaml(
process: nhpp
arrivals:
  rate:
    mon: { "08:00-12:00": 10/h, "12:00-18:00": 4/h }
start: log
steps:
  log: { duration: 1s, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 1w, replications: 400, seed: 17 }
)yaml");
  bpm::SimulationResult r;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, {}, &r));
  const auto week = simtest::values(r, "cases.arrived");
  simtest::check_theory(simtest::estimate(week), 64.0, 0.0, "cases in the week");
  check_poisson_dispersion(week, 64.0, "cases in the week");
  // The morning window, from the arrival (enable) times of the log.
  std::vector<double> morning(400, 0.0);
  const double monday = bpm::parse_datetime("2026-01-05T00:00");
  for (const auto& row : log.rows) {
    const double hour = (bpm::parse_datetime(row[log.column("enable_time")]) - monday) / 3600.0;
    CHECK(hour >= 8.0);
    CHECK(hour < 18.0);
    if (hour < 12.0) morning[std::stoul(row[log.column("replication")])] += 1.0;
  }
  simtest::check_theory(simtest::estimate(morning), 40.0, 0.0, "cases in the morning");
  check_poisson_dispersion(morning, 40.0, "cases in the morning");
}

TEST_CASE("a rate profile only brings cases in its hours and while its calendar is open", "[sim][arrivals]") {
  // 12/h around the clock, but only while the office (Mon-Fri 09:00-17:00) is open: 480 a week.
  // Every case arrives inside office hours (its first task's enable time in the log).
  const auto p = simtest::model(R"yaml(
process: office-rate
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals:
  rate: { daily: 12/h }
  calendar: office
start: log
steps:
  log: { duration: 1m, next: done }
  done: { end: done }
simulation: { start: 2026-01-05T00:00, horizon: 1w, replications: 40, seed: 5 }
)yaml");
  bpm::SimulationResult r;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, {}, &r));
  simtest::check_theory(simtest::estimate(r, "cases.arrived"), 480.0, 0.0, "cases a week");
  REQUIRE(log.rows.size() > 1000);
  for (const auto& row : log.rows) {
    const double t = bpm::parse_datetime(row[log.column("enable_time")]);
    const double day = std::floor(t / 86400.0);
    const double hour = (t - day * 86400.0) / 3600.0;
    const int weekday = bpm::weekday_from_days(static_cast<std::int64_t>(day));
    INFO(row[log.column("enable_time")]);
    CHECK(weekday < 5);
    CHECK(hour >= 9.0);
    CHECK(hour < 17.0);
  }
}

TEST_CASE("batch arrivals bring size cases at once", "[sim][arrivals][theory]") {
  // An arrival every hour for 100 hours, each a batch of poisson(3) cases: the count of cases is
  // a sum of 100 independent Poisson(3), so Poisson(300). The cases of one batch share their
  // arrival time.
  const auto p = simtest::model(R"yaml(
process: batches
arrivals: { every: 1h, size: poisson(3) }
start: log
steps:
  log: { duration: 1m, next: done }
  done: { end: done }
simulation: { horizon: 100h, replications: 200, seed: 8 }
)yaml");
  bpm::SimulationResult r;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, {}, &r));
  const auto cases = simtest::values(r, "cases.arrived");
  simtest::check_theory(simtest::estimate(cases), 300.0, 0.0, "cases");
  check_poisson_dispersion(cases, 300.0, "cases");
  for (const auto& row : log.rows) {
    const double t = bpm::parse_datetime(row[log.column("enable_time")]) - bpm::parse_datetime("2026-01-05T00:00");
    CHECK(std::fmod(t, 3600.0) == 0.0);  // every case arrived on the hour, with its batch
  }
}

TEST_CASE("several streams bring their own cases, attributes and first steps", "[sim][arrivals]") {
  const auto p = simtest::model(R"yaml(
process: two-streams
arrivals:
  attributes:
    amount: "uniform(100, 200)"
    channel: { direct: 1 }
  streams:
    web:
      every: exponential(1h)
      attributes: { channel: { web: 1 } }
    referrals:
      rate: { daily: 2/h }
      start: fast-track
      attributes: { referrer: { partner: 0.5, customer: 0.5 } }
start: triage
steps:
  triage: { duration: 5m, next: done }
  fast-track: { duration: 1m, next: done }
  done: { end: done }
simulation: { horizon: 10d, replications: 30, seed: 4 }
)yaml");
  bpm::SimulationResult r;
  bpm::SimulationOptions options;
  options.replications = 2;
  const auto log = simtest::parse_csv(simtest::run_with_log(p, options, &r));
  CHECK(log.header.back() == "referrer");
  for (const auto& row : log.rows) {
    const std::string& activity = row[log.column("activity")];
    const std::string& channel = row[log.column("channel")];
    const std::string& referrer = row[log.column("referrer")];
    const double amount = std::stod(row[log.column("amount")]);
    CHECK(amount >= 100.0);
    CHECK(amount <= 200.0);
    if (activity == "triage") {
      CHECK(channel == "web");
      CHECK(referrer.empty());
    } else {
      CHECK(activity == "fast-track");
      CHECK(channel == "direct");
      CHECK((referrer == "partner" || referrer == "customer"));
    }
  }
  const auto all = simtest::run(p);
  simtest::check_theory(simtest::estimate(all, "streams.web.arrived"), 240.0, 0.0, "web cases in 10 days");
  simtest::check_theory(simtest::estimate(all, "streams.referrals.arrived"), 480.0, 0.0, "referrals in 10 days");
  simtest::check_theory(simtest::estimate(all, "cases.arrived"), 720.0, 0.0, "all cases");
}

TEST_CASE("rates, batches and streams are independent of the thread count", "[sim][arrivals][determinism]") {
  simtest::check_thread_independent(simtest::model(R"yaml(
process: mixed-arrivals
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  clerks: { count: 3, calendar: office }
arrivals:
  attributes: { value: "exponential(100)" }
  streams:
    phone: { rate: { mon: { "09:00-12:00": 8/h }, tue-fri: 3/h }, calendar: office }
    mail: { every: exponential(2h), size: "binomial(4, 0.5)" }
start: handle
steps:
  handle: { resource: clerks, duration: exponential(15m), next: done }
  done: { end: done }
simulation: { horizon: 20d, replications: 4, seed: 12 }
)yaml"));
}
