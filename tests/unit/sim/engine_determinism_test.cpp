// Reproducibility: the same seed gives the same numbers whatever the thread count, replications
// are independent of the order they run in, and common random numbers keep arrivals and
// attributes identical across scenarios that change something else.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>

#include "bpm/core/time.hpp"
#include "bpm/model/override.hpp"
#include "engine_test_support.hpp"

namespace {

bpm::Process lead_to_cash() { return bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml"); }

// Bitwise equality, NaN included.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("the same seed gives identical results for one and two threads", "[sim][determinism]") {
  const auto process = lead_to_cash();
  bpm::SimulationOptions options;
  options.replications = 5;
  const auto one = simtest::run(process, options);
  options.threads = 2;
  const auto two = simtest::run(process, options);
  REQUIRE(one.replications.size() == 5);
  REQUIRE(two.replications.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(one.replications[i].replication == i);
    CHECK(two.replications[i].replication == i);
    CHECK(same_bits(one.replications[i].values, two.replications[i].values));
    CHECK(one.replications[i].cycle_time == two.replications[i].cycle_time);
    CHECK(one.replications[i].waiting_time == two.replications[i].waiting_time);
    CHECK(one.replications[i].events == two.replications[i].events);
  }
  // Different replications do differ, and a different seed changes the numbers.
  CHECK_FALSE(same_bits(one.replications[0].values, one.replications[1].values));
  options.seed = 43;
  const auto other = simtest::run(process, options);
  CHECK_FALSE(same_bits(one.replications[0].values, other.replications[0].values));
}

TEST_CASE("a replication gives the same numbers whichever range it runs in", "[sim][determinism]") {
  // Shards run sub-ranges of replications: replication 3 alone equals replication 3 of 0-4.
  const auto process = lead_to_cash();
  bpm::SimulationOptions all;
  all.replications = 5;
  const auto full = simtest::run(process, all);
  bpm::SimulationOptions shard;
  shard.replications = 2;
  shard.first_replication = 3;
  const auto part = simtest::run(process, shard);
  REQUIRE(part.replications.size() == 2);
  CHECK(part.replications[0].replication == 3);
  CHECK(same_bits(part.replications[0].values, full.replications[3].values));
  CHECK(same_bits(part.replications[1].values, full.replications[4].values));
}

TEST_CASE("common random numbers: another duration leaves arrivals and attributes unchanged", "[sim][determinism]") {
  auto baseline = lead_to_cash();
  auto faster = lead_to_cash();
  bpm::apply_override(faster, bpm::Override{"steps.demo.duration", "*0.5", {}});
  bpm::SimulationOptions options;
  options.replications = 2;
  const auto a = simtest::parse_csv(simtest::run_with_log(baseline, options));
  const auto b = simtest::parse_csv(simtest::run_with_log(faster, options));

  // qualify is the first step: its enable time is the arrival time of the case.
  const auto arrivals = [](const simtest::Csv& csv) {
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> out;
    for (const auto& row : csv.rows) {
      if (row[csv.column("activity")] != "qualify") continue;
      const auto key = std::pair(row[csv.column("replication")], row[csv.column("case_id")]);
      out.emplace(key, std::vector<std::string>{row[csv.column("enable_time")], row[csv.column("deal_value")],
                                                row[csv.column("segment")]});
    }
    return out;
  };
  const auto first = arrivals(a);
  const auto second = arrivals(b);
  REQUIRE(first.size() > 1000);
  CHECK(first == second);

  // ... while the demos, which did change, differ.
  const auto sum_demo = [](const simtest::Csv& csv) {
    double total = 0.0;
    for (const auto& row : csv.rows) {
      if (row[csv.column("activity")] == "demo" && !row[csv.column("end_time")].empty()) {
        total += bpm::parse_datetime(row[csv.column("end_time")]) - bpm::parse_datetime(row[csv.column("start_time")]);
      }
    }
    return total;
  };
  CHECK(sum_demo(b) < 0.8 * sum_demo(a));
}
