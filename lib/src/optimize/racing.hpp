#pragma once
// How racing in the search corrects its drops for multiple testing. Private to the search; the
// guarantee is documented in share/doc/bpm-optimize.md#search ("What racing guarantees").
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace bpm::optimize_detail {

/// The looks at which a configuration can be dropped: one per batch of replications but the last,
/// after which it has run every replication and is judged on its means (an interval that excludes
/// a limit agrees with the mean, so a drop there would change nothing). At least 1.
[[nodiscard]] inline std::uint32_t racing_looks(std::uint32_t replications, std::uint32_t batch) {
  const std::uint32_t looks = batch == 0 ? 1U : (replications + batch - 1) / batch;
  return looks > 1 ? looks - 1 : 1U;
}

/// The confidence of each two-sided interval that can drop a configuration. A drop is a one-sided
/// test (the interval lies wholly on the losing side of zero or of a limit) of level
/// (1 − confidence) / (looks × tests): Bonferroni over the looks and the tests made at a look, so
/// that a configuration is dropped wrongly with probability at most 1 − confidence over its whole
/// race. A two-sided interval whose one side has that level has twice the level in all.
[[nodiscard]] inline double racing_drop_confidence(double confidence, std::uint32_t looks, std::size_t tests) {
  const double tests_in_race =
      static_cast<double>(std::max(looks, 1U)) * static_cast<double>(std::max<std::size_t>(tests, 1));
  return std::max(1.0 - 2.0 * (1.0 - confidence) / tests_in_race, 1e-9);
}

}  // namespace bpm::optimize_detail
