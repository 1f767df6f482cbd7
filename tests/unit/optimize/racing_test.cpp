// The multiple-testing correction of racing (share/doc/bpm-optimize.md#search, "What racing
// guarantees"): a true contender is dropped with probability at most 1 − confidence.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "optimize/racing.hpp"

namespace {

using bpm::optimize_detail::racing_drop_confidence;
using bpm::optimize_detail::racing_looks;

/// Standard normal draws by Box–Muller on std::mt19937_64, whose output the standard fixes: the
/// same numbers under every standard library (std::normal_distribution is not).
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : engine_(seed) {}
  double operator()() {
    constexpr double kTwoPi = 6.283185307179586;
    const double u1 = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  }

 private:
  std::mt19937_64 engine_;
};

/// The share of races in which a configuration as good as each of `tests` front members is
/// dropped: at every look but the last, each paired difference (worse by 0 in truth) is tested
/// with the interval at `confidence` and dropped when the interval lies wholly above 0.
double wrong_drops(double confidence, std::uint32_t replications, std::uint32_t batch, std::size_t tests, int races) {
  Normal normal(20261204);
  int dropped = 0;
  for (int race = 0; race < races; ++race) {
    std::vector<bpm::RunningStats> differences(tests);
    bool drop = false;
    for (std::uint32_t n = 0; n < replications;) {
      for (std::uint32_t b = 0; b < batch && n < replications; ++b, ++n) {
        for (auto& d : differences) d.add(normal());
      }
      if (n >= replications || drop) continue;  // the last look judges on means: no drop
      for (const auto& d : differences) {
        const bpm::Estimate e = bpm::estimate(d, confidence);
        drop = drop || (std::isfinite(e.half_width) && e.mean - e.half_width > 0.0);
      }
    }
    dropped += drop ? 1 : 0;
  }
  return static_cast<double>(dropped) / races;
}

}  // namespace

TEST_CASE("racing looks: every batch but the last", "[optimize][search]") {
  CHECK(racing_looks(10, 2) == 4);
  CHECK(racing_looks(30, 6) == 4);
  CHECK(racing_looks(11, 2) == 5);  // six batches, the last of one replication
  CHECK(racing_looks(4, 4) == 1);   // one batch: nothing is dropped early, the level is moot
  CHECK(racing_drop_confidence(0.95, 4, 3) == Approx(1.0 - 0.1 / 12.0));
  CHECK(racing_drop_confidence(0.95, 1, 1) == Approx(0.9));  // a one-sided 5% test
}

TEST_CASE("racing drops a true contender with probability at most 1 - confidence", "[optimize][search]") {
  // 10 replications in batches of 2 (4 looks that can drop), 3 front members at each look. The
  // bound is checked with 3 standard errors of the simulated share to spare (fixed seed).
  constexpr int kRaces = 20000;
  constexpr std::uint32_t kReplications = 10;
  constexpr std::uint32_t kBatch = 2;
  constexpr std::size_t kTests = 3;
  const double alpha = 0.05;
  const double se = std::sqrt(alpha * (1.0 - alpha) / kRaces);
  const double corrected = wrong_drops(racing_drop_confidence(1.0 - alpha, racing_looks(kReplications, kBatch), kTests),
                                       kReplications, kBatch, kTests, kRaces);
  INFO("corrected: " << corrected);
  CHECK(corrected <= alpha + 3.0 * se);
  // Without the correction (a 95% interval at every look and test) the bound is broken: this is
  // what the correction is for.
  const double uncorrected = wrong_drops(1.0 - alpha, kReplications, kBatch, kTests, kRaces);
  INFO("uncorrected: " << uncorrected);
  CHECK(uncorrected > alpha + 3.0 * se);
}
