// The golden values of tests/data/logs/discovery/README.md, computed by the reference
// implementation (log-distance-measures 2.1.0), reproduced to 1e-9.
#include <catch2/catch.hpp>

#include "bpm/distance/log_distance.hpp"

using namespace bpm::distance;

namespace {

std::string data(const std::string& name) { return std::string(BPM_TEST_DATA) + "/logs/discovery/" + name; }

struct Pair {
  LogProfile real;
  LogProfile simulated;
};

Pair read_pair(const std::string& first, const std::string& second) {
  ActivityCodes codes;
  bpm::kpi::LogInfo info_a;
  bpm::kpi::LogInfo info_b;
  auto a = read_profiles({data(first)}, {}, codes, info_a);
  auto b = read_profiles({data(second)}, {}, codes, info_b);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  return {std::move(a[0]), std::move(b[0])};
}

double value(Measure m, const Pair& p, std::size_t n = 3) {
  DistanceSettings settings;
  settings.ngram = n;
  return measure(m, p.real, p.simulated, settings).value;
}

}  // namespace

TEST_CASE("golden: LoanApp AgentSimulator test vs its simulated log", "[distance][golden]") {
  const Pair p = read_pair("LoanApp_agentsim_test.csv.gz", "LoanApp_agentsim_simulated_0.csv.gz");
  CHECK(value(Measure::NGram, p, 3) == Approx(0.05379746835443038).margin(1e-9));
  CHECK(value(Measure::NGram, p, 2) == Approx(0.04068396226415094).margin(1e-9));
  CHECK(value(Measure::Cfld, p) == Approx(0.04155483405483405).margin(1e-9));
  CHECK(value(Measure::Aed, p) == Approx(2.868024736592824).margin(1e-9));
  CHECK(value(Measure::Ced, p) == Approx(0.19601619685995741).margin(1e-9));
  CHECK(value(Measure::Red, p) == Approx(1.984225060098841).margin(1e-9));
  CHECK(value(Measure::Ctd, p) == Approx(2.2750000000000017).margin(1e-9));
  CHECK(value(Measure::Car, p) == Approx(0.0).margin(1e-9));
}

TEST_CASE("golden: LoanApp simplified test vs train", "[distance][golden]") {
  const Pair p = read_pair("LoanApp_simplified_test.csv.gz", "LoanApp_simplified_train.csv.gz");
  CHECK(value(Measure::NGram, p, 3) == Approx(0.028310310415462996).margin(1e-9));
  CHECK(value(Measure::NGram, p, 2) == Approx(0.020599800457773345).margin(1e-9));
  CHECK(value(Measure::Cfld, p) == Approx(0.02096992403021815).margin(1e-9));
  CHECK(value(Measure::Aed, p) == Approx(3.8645778079695345).margin(1e-9));
  CHECK(value(Measure::Ced, p) == Approx(0.056019949215600016).margin(1e-9));
  CHECK(value(Measure::Red, p) == Approx(0.14617108648607596).margin(1e-9));
  CHECK(value(Measure::Ctd, p) == Approx(0.5960000000000002).margin(1e-9));
  CHECK(value(Measure::Car, p) == Approx(0.0).margin(1e-9));
}
