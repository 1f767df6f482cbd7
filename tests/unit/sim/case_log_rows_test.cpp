#include <catch2/catch.hpp>

#include <vector>

#include "sim/case_log_rows.hpp"

using bpm::sim::CaseLogRows;
using bpm::sim::LogRow;

namespace {

LogRow row(std::uint32_t i) { return LogRow{i, bpm::sim::kNone, bpm::sim::kNone, i * 1.0, i * 2.0, i * 3.0, i * 0.5}; }

std::vector<std::uint32_t> drained(CaseLogRows& rows, std::uint32_t c, std::size_t* largest_batch = nullptr) {
  std::vector<std::uint32_t> steps;
  rows.drain(c, [&](std::span<const LogRow> batch) {
    if (largest_batch != nullptr) *largest_batch = std::max(*largest_batch, batch.size());
    for (const LogRow& r : batch) {
      CHECK(r.ended == r.step * 3.0);
      steps.push_back(r.step);
    }
  });
  return steps;
}

}  // namespace

TEST_CASE("log rows of a long case go to a file and come back in order", "[sim]") {
  // A case of ten million steps once held every row in memory until it ended (1.3 GB with --log).
  CaseLogRows rows;
  rows.resize(3);
  const auto n = static_cast<std::uint32_t>(3 * CaseLogRows::kRowsInMemory + 17);
  for (std::uint32_t i = 0; i < n; ++i) {
    rows.add(1, row(i));
    if (i % 1000 == 0) rows.add(2, row(i));  // another case in between
  }
  CHECK(rows.count(1) == n);
  std::size_t largest = 0;
  const std::vector<std::uint32_t> steps = drained(rows, 1, &largest);
  REQUIRE(steps.size() == n);
  for (std::uint32_t i = 0; i < n; ++i) REQUIRE(steps[i] == i);
  CHECK(largest <= CaseLogRows::kRowsInMemory);
  CHECK(rows.count(1) == 0);
  const std::vector<std::uint32_t> other = drained(rows, 2);
  REQUIRE(other.size() == (n + 999) / 1000);
  CHECK(other.back() == (n - 1) / 1000 * 1000);
  CHECK(drained(rows, 0).empty());
}

TEST_CASE("log rows are forgotten with their case slot and replication", "[sim]") {
  CaseLogRows rows;
  rows.resize(1);
  for (std::uint32_t i = 0; i < CaseLogRows::kRowsInMemory + 5; ++i) rows.add(0, row(i));
  rows.clear(0);
  CHECK(rows.count(0) == 0);
  rows.add(0, row(7));
  CHECK(drained(rows, 0) == std::vector<std::uint32_t>{7});
  for (std::uint32_t i = 0; i < CaseLogRows::kRowsInMemory + 5; ++i) rows.add(0, row(i));
  rows.reset();
  rows.add(0, row(9));
  CHECK(drained(rows, 0) == std::vector<std::uint32_t>{9});
}
