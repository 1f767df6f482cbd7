#include "bpm/optimize/abtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

namespace {

void check_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw UsageError(fmt::format("confidence must be between 0 and 1, not {}", confidence));
  }
}

/// Counts are whole numbers: 1.5 successes is a typo, not data.
bool is_count(double x) { return std::isfinite(x) && x >= 0.0 && x == std::floor(x) && x < 0x1.0p53; }

void check_proportion(const Proportion& arm, char name) {
  if (!is_count(arm.successes) || !is_count(arm.trials) || !(arm.trials > 0.0) || arm.successes > arm.trials) {
    throw UsageError(fmt::format("arm {}: need whole numbers 0 <= successes <= trials and trials > 0, not {}/{}", name,
                                 arm.successes, arm.trials));
  }
}

void check_mean(const SampleMean& arm, char name) {
  if (!is_count(arm.n) || !(arm.n >= 2.0) || !(arm.sd >= 0.0) || !std::isfinite(arm.sd) || !std::isfinite(arm.mean)) {
    throw UsageError(fmt::format("arm {}: need a finite mean, a finite sd >= 0 and a whole n >= 2", name));
  }
}

/// A sample size per arm from its real-valued formula: at least `minimum` (a test needs that many
/// observations per arm), and refused when too large to count.
std::uint64_t whole_sample(double n, double minimum) {
  const double size = std::max(minimum, std::ceil(n - 1e-9));
  if (!(size < 0x1.0p63))
    throw UsageError("the sample size per arm is beyond counting: the lift is too small to detect");
  return static_cast<std::uint64_t>(size);
}

void check_design(double lift, double alpha, double power) {
  if (!(lift != 0.0) || !std::isfinite(lift)) throw UsageError("the lift to detect must be a non-zero number");
  if (!(alpha > 0.0 && alpha < 1.0)) throw UsageError(fmt::format("alpha must be between 0 and 1, not {}", alpha));
  if (!(power > 0.0 && power < 1.0)) throw UsageError(fmt::format("power must be between 0 and 1, not {}", power));
}

double relative(double difference, double base) { return base == 0.0 ? std::nan("") : difference / base; }

/// Strict decimal number: the whole text must be consumed.
bool to_number(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

}  // namespace

AbArm parse_ab_arm(std::string_view text) {
  const std::string s(text);
  AbArm arm;
  if (const auto slash = s.find('/'); slash != std::string::npos) {
    if (to_number(s.substr(0, slash), arm.proportion.successes) &&
        to_number(s.substr(slash + 1), arm.proportion.trials)) {
      return arm;
    }
  } else {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t comma = s.find(','); comma != std::string::npos; comma = s.find(',', from)) {
      parts.push_back(s.substr(from, comma - from));
      from = comma + 1;
    }
    parts.push_back(s.substr(from));
    arm.is_proportion = false;
    if (parts.size() == 3 && to_number(parts[0], arm.mean.mean) && to_number(parts[1], arm.mean.sd) &&
        to_number(parts[2], arm.mean.n)) {
      return arm;
    }
  }
  throw UsageError(fmt::format("'{}' is neither SUCCESSES/TRIALS (e.g. 120/1000) nor MEAN,SD,N (e.g. 12.5,3.2,40)", s));
}

AbResult compare_proportions(const Proportion& a, const Proportion& b, double confidence) {
  check_proportion(a, 'A');
  check_proportion(b, 'B');
  check_confidence(confidence);
  AbResult r;
  r.a = a.successes / a.trials;
  r.b = b.successes / b.trials;
  r.difference = r.b - r.a;
  r.relative_lift = relative(r.difference, r.a);
  const double se = std::sqrt(r.a * (1.0 - r.a) / a.trials + r.b * (1.0 - r.b) / b.trials);
  const double z = normal_quantile(0.5 + confidence / 2.0);
  r.lower = r.difference - z * se;
  r.upper = r.difference + z * se;
  // The test assumes "no difference", so its standard error pools both arms.
  const double pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const double se0 = std::sqrt(pooled * (1.0 - pooled) * (1.0 / a.trials + 1.0 / b.trials));
  if (se0 > 0.0) {
    r.statistic = r.difference / se0;
    r.p_value = 2.0 * normal_cdf(-std::abs(r.statistic));
  } else {
    r.statistic = 0.0;
    r.p_value = 1.0;
  }
  return r;
}

AbResult compare_means(const SampleMean& a, const SampleMean& b, double confidence) {
  check_mean(a, 'A');
  check_mean(b, 'B');
  check_confidence(confidence);
  AbResult r;
  r.a = a.mean;
  r.b = b.mean;
  r.difference = b.mean - a.mean;
  r.relative_lift = relative(r.difference, r.a);
  const double va = a.sd * a.sd / a.n;
  const double vb = b.sd * b.sd / b.n;
  const double se = std::sqrt(va + vb);
  // Finite inputs near the largest double can still overflow (1e308 - -1e308).
  if (!std::isfinite(r.difference) || !std::isfinite(se)) {
    throw UsageError("the arms' means or standard deviations are too large to compare: rescale them");
  }
  if (se == 0.0) {
    r.lower = r.upper = r.difference;
    r.p_value = r.difference == 0.0 ? 1.0 : 0.0;
    return r;
  }
  r.dof = (va + vb) * (va + vb) / (va * va / (a.n - 1.0) + vb * vb / (b.n - 1.0));
  const double t = student_t_quantile(0.5 + confidence / 2.0, r.dof);
  r.lower = r.difference - t * se;
  r.upper = r.difference + t * se;
  r.statistic = r.difference / se;
  r.p_value = 2.0 * student_t_cdf(-std::abs(r.statistic), r.dof);
  return r;
}

std::uint64_t sample_size_proportions(double base, double lift, double alpha, double power) {
  check_design(lift, alpha, power);
  const double p1 = base;
  const double p2 = base + lift;
  if (!(p1 > 0.0 && p1 < 1.0) || !(p2 > 0.0 && p2 < 1.0)) {
    throw UsageError(fmt::format("rates {} and {} must both lie strictly between 0 and 1", p1, p2));
  }
  const double z_alpha = normal_quantile(1.0 - alpha / 2.0);
  const double z_beta = normal_quantile(power);
  const double mean_rate = (p1 + p2) / 2.0;
  const double root =
      z_alpha * std::sqrt(2.0 * mean_rate * (1.0 - mean_rate)) + z_beta * std::sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
  return whole_sample(root * root / (lift * lift), 1.0);
}

std::uint64_t sample_size_means(double sd, double lift, double alpha, double power) {
  check_design(lift, alpha, power);
  if (!(sd > 0.0) || !std::isfinite(sd)) throw UsageError("the standard deviation must be positive");
  const double z = normal_quantile(1.0 - alpha / 2.0) + normal_quantile(power);
  return whole_sample(2.0 * z * z * sd * sd / (lift * lift), 2.0);  // a standard deviation needs two
}

}  // namespace bpm
