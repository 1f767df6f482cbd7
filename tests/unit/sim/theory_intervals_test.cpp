// The replication confidence intervals themselves: their coverage over independent macro-
// replications, and the variance that common random numbers remove from paired differences.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "bpm/model/override.hpp"
#include "engine_test_support.hpp"

namespace {

// Work per case has an exact expectation: intake 12m, then review (18m) with probability 0.7,
// redone with probability 0.25 (1/0.75 visits per review): 12 + 0.7 · 18 / 0.75 = 28.8 minutes.
// Ample servers and a drained run of a fixed number of cases leave no bias, so any shortfall of
// coverage comes from the intervals or from replications that are not independent.
const char* const kWork = R"yaml(
process: work
resources:
  clerks: { count: 50 }
arrivals:
  every: exponential(5m)
start: intake
steps:
  intake: { resource: clerks, duration: "lognormal(12m, 6m)", next: route }
  route:
    xor:
      - { p: 0.7, to: review }
      - { p: 0.3, to: done }
  review: { resource: clerks, duration: exponential(18m), rework: { p: 0.25 }, next: done }
  done: { end: done }
simulation: { cases: 100, replications: 5, seed: 1 }
)yaml";

// Two clerks at 75%: the waits are long and noisy, and a 10% longer task moves them a lot.
const char* const kQueue = R"yaml(
process: queue
resources:
  clerks: { count: 2 }
arrivals:
  every: exponential(10m)
start: work
steps:
  work: { resource: clerks, duration: exponential(15m), next: done }
  done: { end: done }
simulation: { horizon: 20d, warmup: 2d, replications: 20, seed: 5 }
)yaml";

}  // namespace

TEST_CASE("replication confidence intervals cover the truth 95% of the time", "[sim][theory]") {
  // 400 macro-replications (seeds 1..400) of a 5-replication study. With exact 95% intervals the
  // number that cover 28.8 minutes is Binomial(400, 0.95): mean 380, sd 4.36; the check is its
  // two-sided 99.9% range (± 3.29 sd), so a correct engine fails it for one set of seeds in a thousand.
  const bpm::Process p = simtest::model(kWork);
  constexpr int kMacro = 400;
  constexpr double kTruth = (12.0 + 0.7 * 18.0 / 0.75) * 60.0;  // seconds
  int covered = 0;
  for (int m = 1; m <= kMacro; ++m) {
    bpm::SimulationOptions options;
    options.seed = static_cast<std::uint64_t>(m);
    const bpm::Estimate e = simtest::estimate(simtest::run(p, options), "processing_time.mean");
    covered += std::fabs(e.mean - kTruth) <= e.half_width ? 1 : 0;
  }
  const double sd = std::sqrt(kMacro * 0.95 * 0.05);
  INFO("covered " << covered << " of " << kMacro);
  CHECK(std::fabs(covered - kMacro * 0.95) <= 3.29 * sd);
}

TEST_CASE("common random numbers shrink the paired half-width against independent streams", "[sim][theory]") {
  // The same study of a 10% longer task, paired replication by replication: once with the same
  // seed (common random numbers: the same arrivals and draws) and once with the variant on
  // another seed (independent streams). Both estimate the same difference.
  const bpm::Process base = simtest::model(kQueue);
  bpm::Process longer = base;
  bpm::apply_override(longer, {"steps.work.duration", "*1.1", {}});
  const auto baseline = simtest::values(simtest::run(base), "cycle_time.mean");
  const auto common = simtest::values(simtest::run(longer), "cycle_time.mean");
  bpm::SimulationOptions other_seed;
  other_seed.seed = 1005;
  const auto independent = simtest::values(simtest::run(longer, other_seed), "cycle_time.mean");

  // CRN couple the two runs of a replication: their correlation is high. Without them (streams
  // that differ) the sample correlation of 20 pairs is about N(0, 0.23): above 0.9 by chance with
  // probability below 1e-4.
  const bpm::Estimate a = simtest::estimate(baseline);
  const bpm::Estimate b = simtest::estimate(common);
  double covariance = 0.0;
  for (std::size_t r = 0; r < baseline.size(); ++r) covariance += (baseline[r] - a.mean) * (common[r] - b.mean);
  covariance /= static_cast<double>(baseline.size() - 1);
  const double correlation = covariance / (a.sd * b.sd);
  INFO("correlation " << correlation << ", sd " << a.sd << " and " << b.sd);
  CHECK(correlation > 0.9);

  // Var(b − a) = Var(a) + Var(b) − 2 Cov(a, b): the paired interval is narrower than one on
  // independent streams. (By how much is bounded by the variances: the longer task runs at 82%
  // instead of 75%, its cycle time varies 2.4 times as much, so even a perfect correlation would
  // leave sd(b) − sd(a).)
  const bpm::Estimate crn = bpm::paired_difference(common, baseline);
  const bpm::Estimate apart = bpm::paired_difference(independent, baseline);
  INFO("CRN " << crn.mean << " ± " << crn.half_width << ", independent " << apart.mean << " ± " << apart.half_width);
  CHECK(crn.half_width < apart.half_width);
  CHECK(crn.half_width < std::sqrt(a.half_width * a.half_width + b.half_width * b.half_width));
  CHECK(crn.mean - crn.half_width > 0.0);  // a longer task, a longer cycle: CRN see it
  // The two estimate the same difference: they agree within their combined intervals.
  CHECK(std::fabs(crn.mean - apart.mean) <= crn.half_width + apart.half_width);
}
