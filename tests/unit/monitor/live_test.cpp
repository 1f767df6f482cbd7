// The live dashboard's reading (LiveLog): a log written in pieces, polled after each, reports what
// analyze_logs reports on the same rows read at once, while holding only the cases in flight.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/monitor/live.hpp"

using namespace bpm;

namespace {

const char* const kHeader = "case_id,activity,resource,enable_time,start_time,end_time,cost,outcome,amount\n";
// tests/data/logs/tiny.csv (A won, B lost, C in flight), then a fourth case.
const char* const kRows[] = {
    "A,register,ann,2026-01-05T08:00,2026-01-05T08:00,2026-01-05T09:00,10,won,1000\n",
    "A,review,bob,2026-01-05T09:00,2026-01-05T10:00,2026-01-05T12:00,20,won,1000\n",
    "A,review,bob,2026-01-05T12:00,2026-01-05T13:00,2026-01-05T14:00,20,won,1000\n",
    "A,close,ann,2026-01-05T14:00,2026-01-05T14:00,2026-01-05T16:00,5,won,1000\n",
    "B,register,ann,2026-01-05T09:00,2026-01-05T09:00,2026-01-05T10:00,10,lost,\n",
    "B,review,bob,2026-01-05T10:00,2026-01-05T12:00,2026-01-05T13:00,20,lost,\n",
    "B,close,ann,2026-01-05T13:00,2026-01-05T16:00,2026-01-05T17:00,5,lost,\n",
    "C,register,ann,2026-01-05T10:00,2026-01-05T10:00,2026-01-05T11:00,10,,\n",
    "C,review,bob,2026-01-05T11:00,2026-01-06T09:00,2026-01-06T12:00,20,,\n",
    "D,register,ann,2026-01-06T10:00,2026-01-06T10:00,2026-01-06T11:00,10,,\n",
    "D,review,bob,2026-01-06T11:00,2026-01-06T12:00,2026-01-06T14:00,20,won,500\n",
};

std::string rows(std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t k = from; k < to; ++k) text += kRows[k];
  return text;
}

void append(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

/// Every metric of `live` equals the one analyze_logs computes on `text` read at once.
void same_as_whole(const kpi::Report& live, const std::string& text, const kpi::AnalysisOptions& options) {
  const kpi_test::TempFile whole("whole.csv", text);
  const kpi::Report expected = kpi::analyze_logs({whole.path()}, options);
  REQUIRE(live.metrics.size() == expected.metrics.size());
  for (const kpi::Metric& m : expected.metrics) {
    INFO(m.name);
    const kpi::Metric* got = live.find(m.name);
    REQUIRE(got != nullptr);
    if (std::isnan(m.value)) {
      CHECK(std::isnan(got->value));
    } else {
      CHECK(got->value == Approx(m.value).epsilon(1e-12));
    }
  }
  REQUIRE(live.resources.size() == expected.resources.size());
  for (std::size_t r = 0; r < live.resources.size(); ++r) {
    CHECK(live.resources[r].name == expected.resources[r].name);
    CHECK(live.resources[r].count == expected.resources[r].count);
  }
}

}  // namespace

TEST_CASE("live log: only appended rows are read, figures as if read at once", "[monitor][live]") {
  const std::string third = kRows[2];
  kpi_test::TempFile log("growing.csv", std::string(kHeader) + rows(0, 2) + third.substr(0, 30));
  kpi::AnalysisOptions options;
  monitor::LiveLog live(log.path(), options);

  // The half-written third row waits for its line break.
  CHECK(live.poll() == 2);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 2), options);
  CHECK(live.report().sources == std::vector<std::string>{log.path()});
  CHECK(live.poll() == 0);

  append(log.path(), third.substr(30) + rows(3, 6));
  CHECK(live.poll() == 4);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 6), options);

  append(log.path(), rows(6, 10));
  CHECK(live.poll() == 4);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 10), options);
  // A is won and got no row in this pass: folded into the statistics and forgotten. B got its
  // last row in this pass; C and D are in flight.
  CHECK(live.open_cases() == 3);

  append(log.path(), rows(10, 11));
  CHECK(live.poll() == 1);
  same_as_whole(live.report(), std::string(kHeader) + rows(0, 11), options);
  // B folded; C in flight; D just finished.
  CHECK(live.open_cases() == 2);
  CHECK(live.held_bytes() == std::string(kRows[7]).size() + std::string(kRows[8]).size() +
                                 std::string(kRows[9]).size() + std::string(kRows[10]).size());

  SECTION("a file that got shorter is read again from its start") {
    std::ofstream(log.path(), std::ios::binary | std::ios::trunc) << kHeader << kRows[0];
    CHECK(live.poll() == 1);
    same_as_whole(live.report(), std::string(kHeader) + kRows[0], options);
    CHECK(live.open_cases() == 1);
  }
}

TEST_CASE("live log: cases idle for the settle time are let go", "[monitor][live]") {
  kpi_test::TempFile log("growing.csv", std::string(kHeader) + rows(7, 9));
  kpi::AnalysisOptions options;
  monitor::LiveOptions settle;
  settle.settle = 1800.0;
  monitor::LiveLog live(log.path(), options, settle);
  CHECK(live.poll() == 2);
  CHECK(live.open_cases() == 1);
  // D ends 2 h after C's last event: C, in flight, is not held any longer but still counted.
  append(log.path(), rows(9, 11));
  CHECK(live.poll() == 2);
  CHECK(live.open_cases() == 1);
  same_as_whole(live.report(), std::string(kHeader) + rows(7, 11), options);
}

TEST_CASE("live log: the header names no case column", "[monitor][live]") {
  kpi_test::TempFile log("bad.csv", "when,what\n2026-01-05T08:00,x\n");
  kpi::AnalysisOptions options;
  monitor::LiveLog live(log.path(), options);
  CHECK_THROWS_AS(live.poll(), DataError);
}
