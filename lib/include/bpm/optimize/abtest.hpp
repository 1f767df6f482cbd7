#pragma once
#include <cstdint>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// Conversions of one arm of an A/B test.
struct BPM_API Proportion {
  double successes = 0.0;
  double trials = 0.0;
};

/// A mean with its sample standard deviation and size.
struct BPM_API SampleMean {
  double mean = 0.0;
  double sd = 0.0;
  double n = 0.0;
};

/// One arm as written on the command line: "120/1000" (successes/trials) or "12.5,3.2,40"
/// (mean,sd,n). Throws UsageError for anything else.
struct BPM_API AbArm {
  bool is_proportion = true;
  Proportion proportion;
  SampleMean mean;
};
[[nodiscard]] BPM_API AbArm parse_ab_arm(std::string_view text);

/// B - A with its confidence interval and the two-sided p-value of "no difference".
struct BPM_API AbResult {
  double a = 0.0;  // rate or mean of arm A
  double b = 0.0;
  double difference = 0.0;  // b - a
  double lower = 0.0;       // confidence interval of the difference
  double upper = 0.0;
  double statistic = 0.0;  // z (proportions) or Welch t (means)
  double dof = 0.0;        // Welch degrees of freedom; 0 for the z test
  double p_value = 1.0;
  double relative_lift = 0.0;  // difference / a (NaN when a == 0)
};

/// Two-proportion z test (pooled standard error for the test, unpooled for the interval).
/// Throws UsageError unless 0 ≤ successes ≤ trials and trials > 0 on both arms.
[[nodiscard]] BPM_API AbResult compare_proportions(const Proportion& a, const Proportion& b, double confidence = 0.95);

/// Welch's unequal-variance t test and interval. Throws UsageError unless n ≥ 2 and sd ≥ 0.
[[nodiscard]] BPM_API AbResult compare_means(const SampleMean& a, const SampleMean& b, double confidence = 0.95);

/// Cases per arm for a two-sided two-proportion z test at level alpha to detect `base` → `base + lift`
/// with the given power (normal approximation, no continuity correction; rounded up).
[[nodiscard]] BPM_API std::uint64_t sample_size_proportions(double base, double lift, double alpha, double power);

/// Cases per arm to detect a difference `lift` of means with standard deviation `sd` in each arm.
[[nodiscard]] BPM_API std::uint64_t sample_size_means(double sd, double lift, double alpha, double power);

}  // namespace bpm
