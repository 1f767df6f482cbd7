// Named members (discover/members.hpp): a log whose resources are people with known hours and
// speeds gives a pool of named members with those hours and speeds; a resource column that names a
// team (work overlapping itself) keeps an anonymous pool.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/discover/discover.hpp"
#include "bpm/model/calendar.hpp"

using namespace bpm;

namespace {

/// 2024-01-01 is a Monday.
const Time kMonday = parse_datetime("2024-01-01");
constexpr int kWeeks = 10;
constexpr double kSigma = 0.5;  // sd of log-durations

struct Person {
  const char* name;
  int from_hour, to_hour;  // Monday to Friday
  double speed;
};

/// Each person works through their hours, one task after the other with short pauses; durations
/// lognormal (median 20 minutes at speed 1, σ 0.5) divided by the speed; one event per case.
std::string people_log(const std::vector<Person>& people, std::uint64_t seed, std::size_t& alice_tasks) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  const auto normal = [&] {
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
  };
  std::string csv = "case_id,activity,resource,start_time,end_time\n";
  int id = 0;
  alice_tasks = 0;
  for (int day = 0; day < 7 * kWeeks; ++day) {
    if (day % 7 > 4) continue;
    for (const Person& p : people) {
      const Time open = kMonday + day * 86400.0 + p.from_hour * 3600.0;
      const Time close = kMonday + day * 86400.0 + p.to_hour * 3600.0;
      for (Time t = open + std::floor(uniform() * 300.0);;) {
        const double d = std::floor(1200.0 * std::exp(kSigma * normal()) / p.speed) + 1.0;
        if (t + d > close) break;
        csv += fmt::format("c{},check,{},{},{}\n", id++, p.name, format_datetime(t), format_datetime(t + d));
        if (std::string(p.name) == "alice") ++alice_tasks;
        t += d + std::floor(uniform() * 600.0);
      }
    }
  }
  return csv;
}

const Member* member_of(const Process& p, const std::string& id) {
  for (const Resource& r : p.resources) {
    for (const Member& m : r.members) {
      if (m.id == id) return &m;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("discover: resources become named members with their own hours and speeds", "[discover]") {
  // alice works mornings only and twice as fast; bob and carol work the day at speed 1.
  const std::vector<Person> people = {{"alice", 8, 12, 2.0}, {"bob", 8, 17, 1.0}, {"carol", 8, 17, 1.0}};
  std::size_t alice_tasks = 0;
  const kpi_test::TempFile log("people.csv", people_log(people, 3, alice_tasks));
  const auto result = discover::discover({log.path()}, discover::DiscoverOptions{});
  const Process& p = result.process;
  REQUIRE(p.resources.size() == 1);
  const Resource& pool = p.resources[0];
  REQUIRE(pool.members.size() == 3);
  CHECK(pool.count == 3);
  const Member* alice = member_of(p, "alice");
  const Member* bob = member_of(p, "bob");
  const Member* carol = member_of(p, "carol");
  REQUIRE(alice);
  REQUIRE(bob);
  REQUIRE(carol);

  SECTION("speeds: alice twice as fast as bob and carol, within the confidence interval of the median") {
    // Speeds are relative to the task's median over everyone; their ratios are the truth's. The
    // median of n log-normal log-ratios has sd ≈ 1.2533 σ / √n; a ratio of two such estimates
    // √2 times that at the smaller n; 99% interval.
    const double half_width = 2.576 * std::sqrt(2.0) * 1.2533 * kSigma / std::sqrt(static_cast<double>(alice_tasks));
    CHECK(std::fabs(std::log(alice->speed / bob->speed) - std::log(2.0)) <= half_width + 0.01);
    CHECK(std::fabs(std::log(alice->speed / carol->speed) - std::log(2.0)) <= half_width + 0.01);
    // bob and carol work alike: their speeds (each measured against the task's median over
    // everyone, which alice pulls down) agree within the interval.
    CHECK(std::fabs(std::log(bob->speed / carol->speed)) <= half_width);
  }

  SECTION("hours: alice has her own calendar, mornings only; bob and carol the pool's") {
    REQUIRE_FALSE(alice->calendar.empty());
    const Calendar* mornings = p.find_calendar(alice->calendar);
    REQUIRE(mornings);
    const CalendarClock clock(*mornings);
    CHECK(clock.is_open(kMonday + 10 * 3600.0));
    CHECK_FALSE(clock.is_open(kMonday + 14 * 3600.0));
    CHECK_FALSE(clock.is_open(kMonday + 5 * 86400.0 + 10 * 3600.0));  // Saturday
    CHECK(bob->calendar.empty());
    CHECK(carol->calendar.empty());
    const Calendar* day = p.find_calendar(pool.calendar);
    REQUIRE(day);
    CHECK(CalendarClock(*day).is_open(kMonday + 14 * 3600.0));
  }

  SECTION("the task's duration is fitted at speed 1") {
    const Step* check = p.find_step("check");
    REQUIRE(check);
    REQUIRE(check->duration);
    // The simulator divides the fitted duration by the member's speed, so at speed 1 it is bob's
    // (lognormal, median 20 minutes) times his speed: its mean, within the error of bob's speed
    // (the interval above) and of the mean itself (sd √(e^σ² − 1)/√n, negligible beside it).
    const double half_width = 2.576 * std::sqrt(2.0) * 1.2533 * kSigma / std::sqrt(static_cast<double>(alice_tasks));
    const double truth = 1200.0 * bob->speed * std::exp(kSigma * kSigma / 2.0);
    CHECK(std::fabs(std::log(check->duration->mean() / truth)) <= half_width);
  }
}

TEST_CASE("discover: equal speeds stay 1, and a resource that overlaps itself is a team, not a member", "[discover]") {
  std::size_t alice_tasks = 0;
  const std::vector<Person> same = {{"alice", 8, 12, 1.0}, {"bob", 8, 17, 1.0}, {"carol", 8, 17, 1.0}};
  const kpi_test::TempFile log("same.csv", people_log(same, 5, alice_tasks));
  const auto result = discover::discover({log.path()}, discover::DiscoverOptions{});
  REQUIRE(result.process.resources.size() == 1);
  for (const Member& m : result.process.resources[0].members) CHECK(m.speed == 1.0);

  // 'desk' is a shared label: its work overlaps itself throughout.
  std::string csv = "case_id,activity,resource,start_time,end_time\n";
  for (int i = 0; i < 200; ++i) {
    const Time start = kMonday + (i / 16) * 86400.0 + 9 * 3600.0 + (i % 16) * 900.0;
    csv += fmt::format("c{},check,desk,{},{}\n", i, format_datetime(start), format_datetime(start + 3600.0));
  }
  const kpi_test::TempFile team("team.csv", csv);
  const auto shared = discover::discover({team.path()}, discover::DiscoverOptions{});
  REQUIRE(shared.process.resources.size() == 1);
  CHECK(shared.process.resources[0].members.empty());
  CHECK(shared.yaml.find("names a role or team, not a person") != std::string::npos);
}
