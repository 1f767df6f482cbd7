// Bounded memory: logs read in memory whose cases outgrow --memory-limit continue through
// temporary files, and must give the very report of the in-memory path — KPIs, case order (sums
// of doubles depend on it) and the examples of data issues alike.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/kpi/analysis.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/report_format.hpp"
#include "kpi_test_util.hpp"

namespace {

using bpm::kpi::LogOrder;

struct Reading {
  std::string json;
  bool spilled = false;
  std::uint64_t cases = 0;
  std::uint64_t issues = 0;
};

Reading read(const std::vector<std::string>& paths, std::uint64_t limit, LogOrder order) {
  bpm::kpi::AnalysisOptions options;
  options.log.memory_limit = limit;
  options.log.order = order;
  bpm::kpi::LogInfo info;
  bpm::kpi::KpiAccumulator accumulator(options, info);
  bpm::kpi::read_logs(paths, options.log, info, accumulator);
  std::ostringstream out;
  bpm::kpi::write_report(out, accumulator.report(), bpm::kpi::ReportFormat::Json);
  return {out.str(), info.spilled, info.cases, info.issues.total()};
}

/// A deterministic shuffle (an LCG), so that cases interleave as in a log sorted by time.
void shuffle(std::vector<std::string>& rows) {
  std::uint64_t state = 12345;
  for (std::size_t i = rows.size(); i > 1; --i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(rows[i - 1], rows[(state >> 33) % i]);
  }
}

/// 400 interleaved cases of an interval log with more than 20 of each row-level and case-level
/// issue (ends before starts, duplicates), so that which examples are kept is tested too.
std::string interval_log() {
  std::vector<std::string> rows;
  for (int c = 0; c < 400; ++c) {
    for (int s = 0; s < 5; ++s) {
      const int start = 8 + s;
      const int end = (c % 13 == 0 && s == 2) ? start - 1 : start + 1;  // ends before it starts
      std::string row =
          fmt::format("case-{},step{},r{},2026-02-{:02}T{:02}:00,2026-02-{:02}T{:02}:30,{},{}", c, (s + c) % 4, c % 7,
                      1 + c % 27, start, 1 + c % 27, end, c % 5 + s, c % 3 == 0 ? "won" : "lost");
      rows.push_back(row);
      if (c % 11 == 0 && s == 1) rows.push_back(row);  // a duplicate event
    }
  }
  shuffle(rows);
  std::string text = "case_id,activity,resource,start_time,end_time,cost,outcome\n";
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

/// The same as a lifecycle log, with starts that never complete, completes without a start and
/// suspensions.
std::string lifecycle_log() {
  std::vector<std::string> rows;
  for (int c = 0; c < 300; ++c) {
    for (int s = 0; s < 4; ++s) {
      const auto row = [&](const char* transition, int minute) {
        rows.push_back(fmt::format("L{},task{},{},2026-03-{:02}T1{}:{:02}", c, (s * 3 + c) % 5, transition, c % 28 + 1,
                                   s, minute));
      };
      if (!(c % 9 == 0 && s == 3)) row("start", 0);
      if (!(c % 7 == 0 && s == 1)) row("complete", 40);
      if (c % 17 == 0 && s == 0) row("suspend", 10);
    }
  }
  shuffle(rows);
  std::string text = "case:concept:name,concept:name,lifecycle:transition,time:timestamp\n";
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

/// 200 interleaved cases whose second step four at a time share a batch execution (the batch
/// columns go through the temporary files too), some of them with the batch's release.
std::string batch_log() {
  std::vector<std::string> rows;
  for (int c = 0; c < 200; ++c) {
    const int day = 1 + c / 4 % 27;
    rows.push_back(fmt::format("B{},intake,clerk,2026-04-{:02}T0{}:00,2026-04-{:02}T0{}:00,2026-04-{:02}T0{}:30,4,,", c,
                               day, c % 4 + 1, day, c % 4 + 1, day, c % 4 + 1));
    rows.push_back(fmt::format("B{},pay,finance,2026-04-{:02}T0{}:30,2026-04-{:02}T10:00,2026-04-{:02}T11:00,5,{},{}",
                               c, day, c % 4 + 1, day, day, c / 4,
                               c / 4 % 2 == 0 ? fmt::format("2026-04-{:02}T09:00", day) : ""));
  }
  shuffle(rows);
  std::string text = "case_id,activity,resource,enable_time,start_time,end_time,cost,batch,batch_ready\n";
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

}  // namespace

TEST_CASE("a memory limit moves unsorted logs to temporary files with the same report", "[kpi][log][spill]") {
  const kpi_test::TempFile interval("interval.csv", interval_log());
  const kpi_test::TempFile lifecycle("lifecycle.csv", lifecycle_log());
  const kpi_test::TempFile batches("batches.csv", batch_log());
  const std::vector<std::vector<std::string>> inputs = {
      {kpi_test::data("PurchasingExample.csv.gz")},  // real, unsorted
      {kpi_test::data("dirty.csv")},                 // one of each data problem
      {kpi_test::data("receipt.xes.gz")},            // XES, lifecycle
      {interval.path()},
      {lifecycle.path()},
      {batches.path()},
      {kpi_test::data("tiny.csv"), kpi_test::data("tiny-later.csv")},  // stitched
  };
  for (const auto& paths : inputs) {
    CAPTURE(paths.front());
    const Reading whole = read(paths, bpm::kpi::LogOptions::kDefaultMemoryLimit, LogOrder::Any);
    REQUIRE_FALSE(whole.spilled);
    // 1 byte spills at the first row; the others part-way through, with cases open on both sides.
    for (const std::uint64_t limit : {std::uint64_t{1}, std::uint64_t{20000}, std::uint64_t{200000}}) {
      CAPTURE(limit);
      const Reading spilled = read(paths, limit, LogOrder::Any);
      if (limit == 1) CHECK(spilled.spilled);
      CHECK(spilled.cases == whole.cases);
      CHECK(spilled.issues == whole.issues);
      CHECK(spilled.json == whole.json);
    }
  }
  // The generated logs really have more issues than the report keeps examples of.
  CHECK(read({interval.path()}, 1, LogOrder::Any).issues > 60);
  CHECK(read({lifecycle.path()}, 1, LogOrder::Any).issues > 60);
  // The batches came through the temporary files: 50 of them, of four cases each.
  const std::string batched = read({batches.path()}, 1, LogOrder::Any).json;
  CHECK(batched.find("\"steps.pay.batch_size.mean\"") != std::string::npos);
}

TEST_CASE("a log found out not to be grouped while streaming spills too", "[kpi][log][spill]") {
  const kpi_test::TempFile interval("interval.csv", interval_log());
  const Reading whole = read({interval.path()}, bpm::kpi::LogOptions::kDefaultMemoryLimit, LogOrder::Auto);
  const Reading spilled = read({interval.path()}, 50000, LogOrder::Auto);
  CHECK(spilled.spilled);
  CHECK(spilled.json == whole.json);
  // Grouped logs stream whatever the limit: only the in-memory path counts against it.
  CHECK_FALSE(read({kpi_test::data("PurchasingExample.csv.gz")}, 1, LogOrder::Auto).spilled);
}

TEST_CASE("temporary files go to $TMPDIR and leave nothing behind", "[kpi][log][spill]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("bpm-spill-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before != nullptr ? before : "";
  ::setenv("TMPDIR", dir.c_str(), 1);
  const Reading spilled = read({kpi_test::data("PurchasingExample.csv.gz")}, 1, LogOrder::Any);
  CHECK(spilled.spilled);
  CHECK(std::filesystem::is_empty(dir));
  ::setenv("TMPDIR", (dir / "missing").c_str(), 1);
  CHECK_THROWS_AS(read({kpi_test::data("PurchasingExample.csv.gz")}, 1, LogOrder::Any), bpm::IoError);
  if (before != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("memory sizes", "[kpi][log][spill]") {
  using bpm::kpi::parse_memory_size;
  CHECK(parse_memory_size("1000") == 1000);
  CHECK(parse_memory_size("64K") == 64 * 1024);
  CHECK(parse_memory_size("512M") == 512ULL << 20);
  CHECK(parse_memory_size("2G") == 2ULL << 30);
  CHECK(parse_memory_size("2gib") == 2ULL << 30);
  CHECK(parse_memory_size("3MB") == 3ULL << 20);
  CHECK(parse_memory_size("1T") == 1ULL << 40);
  for (const char* bad : {"", "0", "G", "1.5G", "-1", "12X", "1GG", "99999999999T"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_memory_size(bad), bpm::UsageError);
  }
}
