// Working hours for utilisation: the --calendar form, and the hours inferred from a log when the
// process file has no calendar for a resource (share/doc/metrics.md, "Working hours").
//
// The constructed log: 8 weeks from Monday 2026-01-05. kim works Monday to Friday, four one-hour
// tasks a day (09-10, 11-12, 13-14, 15-16), and once on a Saturday (week 2, 10-11). lee works three
// Tuesdays, 09-12: too few instants for hours of their own, so lee gets the team's.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/working_hours.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::kHour;

namespace {

std::string constructed_log() {
  std::string csv = "case_id,activity,resource,start_time,end_time\n";
  int id = 0;
  auto task = [&](int day, int from, int to, const char* who) {
    // 2026-01-05 is a Monday; days count from it.
    const int month_day = 5 + day;
    const int month = month_day > 31 ? 2 : 1;
    const int dom = month_day > 31 ? month_day - 31 : month_day;
    csv += fmt::format("c{},work,{},2026-{:02}-{:02}T{:02}:00,2026-{:02}-{:02}T{:02}:00\n", ++id, who, month, dom, from,
                       month, dom, to);
  };
  for (int week = 0; week < 8; ++week) {
    for (int weekday = 0; weekday < 5; ++weekday) {
      for (const int hour : {9, 11, 13, 15}) task(7 * week + weekday, hour, hour + 1, "kim");
      if (week < 3 && weekday == 1) task(7 * week + weekday, 9, 12, "lee");
    }
    if (week == 1) task(7 * week + 5, 10, 11, "kim");
  }
  return csv;
}

const ResourceRow& row(const Report& r, const std::string& name) {
  for (const ResourceRow& x : r.resources) {
    if (x.name == name) return x;
  }
  FAIL("no resource " << name);
  throw;
}

double v(const Report& r, const std::string& name) {
  const Metric* m = r.find(name);
  INFO(name);
  REQUIRE(m != nullptr);
  return m->value;
}

}  // namespace

TEST_CASE("calendar hours as --calendar takes them: days, intervals, 24x7 and errors", "[kpi][working_hours]") {
  const bpm::Calendar office = parse_working_hours("mon-fri 09:00-17:00");
  for (std::size_t d = 0; d < 5; ++d) {
    REQUIRE(office.week[d].size() == 1);
    CHECK(office.week[d][0].from == 9 * kHour);
    CHECK(office.week[d][0].to == 17 * kHour);
  }
  CHECK(office.week[5].empty());
  CHECK(office.week[6].empty());
  CHECK(working_hours_text(office) == "mon-fri 09:00-17:00");

  const bpm::Calendar split = parse_working_hours("mon, wed 09:00-12:00,13:00-17:00; sat 10:00-14:00");
  CHECK(split.week[0].size() == 2);
  CHECK(split.week[1].empty());
  CHECK(split.week[2] == split.week[0]);
  CHECK(split.week[5].size() == 1);
  CHECK(working_hours_text(split) == "mon,wed 09:00-12:00, 13:00-17:00; sat 10:00-14:00");
  // The text reads back to the same hours.
  CHECK(parse_working_hours(working_hours_text(split)).week == split.week);

  CHECK(working_hours_text(parse_working_hours("24x7")) == "24x7");
  CHECK_THROWS_AS(parse_working_hours(""), bpm::UsageError);
  CHECK_THROWS_AS(parse_working_hours("mon-fri"), bpm::UsageError);
  CHECK_THROWS_AS(parse_working_hours("funday 09:00-17:00"), bpm::UsageError);
  CHECK_THROWS_AS(parse_working_hours("mon 17:00-09:00"), bpm::UsageError);
  CHECK_THROWS_WITH(parse_working_hours("mon-fri 9-5"), Catch::StartsWith("'mon-fri 9-5'"));
  try {
    (void)parse_working_hours("mon-fri 9-5");
  } catch (const bpm::SettingError& e) {
    CHECK(e.setting() == "calendar");
  }
}

TEST_CASE("working hours inferred from the log: utilisation against them", "[kpi][working_hours]") {
  const kpi_test::TempFile log("hours.csv", constructed_log());
  AnalysisOptions options;
  const Report r = analyze_logs({log.path()}, options);
  // From Monday 01-05 09:00 to Friday 02-27 16:00.
  REQUIRE(r.window_end - r.window_start == Approx((53 * 24 + 7) * kHour));
  // 40 working days of 8 hours, less the last hour of the window.
  const double capacity = (40 * 8 - 1) * kHour;

  const ResourceRow& kim = row(r, "kim");
  // The one Saturday does not open Saturdays: a quarter of the 8 dates of the busiest weekday.
  CHECK(kim.hours == "mon-fri 09:00-17:00 (inferred)");
  CHECK(kim.capacity == Approx(capacity));
  // The Saturday hour falls outside the hours: it does not count towards utilisation.
  CHECK(kim.busy == Approx(160 * kHour));
  CHECK(v(r, "resources.kim.utilisation") == Approx(160.0 / 319.0));
  CHECK(v(r, "resources.kim.busy_hours") == Approx(160.0));

  const ResourceRow& lee = row(r, "lee");
  CHECK(lee.hours == "mon-fri 09:00-17:00 (team, inferred)");
  CHECK(v(r, "resources.lee.utilisation") == Approx(9.0 / 319.0));

  SECTION("--calendar for one resource wins over inference") {
    options.resource_calendars.emplace_back("lee", parse_working_hours("tue 09:00-12:00"));
    const Report c = analyze_logs({log.path()}, options);
    CHECK(row(c, "lee").hours == "tue 09:00-12:00 (given)");
    // 8 Tuesdays of 3 hours.
    CHECK(v(c, "resources.lee.utilisation") == Approx(9.0 / 24.0));
    CHECK(row(c, "kim").hours == "mon-fri 09:00-17:00 (inferred)");
  }
  SECTION("--calendar for everyone") {
    options.resource_calendars.emplace_back("", parse_working_hours("24x7"));
    const Report c = analyze_logs({log.path()}, options);
    CHECK(row(c, "kim").hours == "24x7 (given)");
    CHECK(v(c, "resources.kim.utilisation") == Approx(161.0 / (53 * 24 + 7)));
  }
  SECTION("without inference: around the clock") {
    options.infer_working_hours = false;
    const Report c = analyze_logs({log.path()}, options);
    CHECK(row(c, "kim").hours == "24x7");
    CHECK(v(c, "resources.kim.busy_hours") == Approx(161.0));
  }
}

TEST_CASE("too few instants: no hours inferred", "[kpi][working_hours]") {
  // tiny.csv has 9 tasks (18 instants): the resources stay available around the clock.
  const Report r = analyze_logs({kpi_test::data("tiny.csv")}, AnalysisOptions{});
  for (const ResourceRow& x : r.resources) CHECK(x.hours == "24x7");
}
