#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "bpm/model/distribution.hpp"

namespace bpm {

/// Poisson and binomial draws are counts; in a time distribution each count is one bare time unit,
/// whose length in seconds lives in this otherwise unused parameter slot (1 outside time, and 0 in a
/// hand-built Distribution is read as 1). `scale` stays free for the scenario multiplier.
inline constexpr std::size_t kCountUnitIndex = 3;

[[nodiscard]] inline double count_unit(const Distribution& d) noexcept {
  const double unit = d.p[kCountUnitIndex];
  return unit > 0 ? unit : 1.0;
}

/// Truncated draws and rejection loops give up after this many candidates and clamp, so that a
/// draw always ends; the moments of a truncated distribution account for that clamp.
inline constexpr int kMaxTries = 64;

/// Whether parameters computed for one case satisfy the family's constraints (those the parser
/// checks for constants: sd ≥ 0, min ≤ max, a positive mean, ...).
[[nodiscard]] bool valid_parameters(DistKind kind, const std::array<double, 4>& p, double lower, double upper) noexcept;

/// Stores a value an expression computed into the parameter it stands for (ParamExpression::slot:
/// 0-3 the family's parameters, 4 the lower and 5 the upper truncation bound).
inline void set_parameter(std::array<double, 4>& p, double& lower, double& upper, std::uint32_t slot,
                          double value) noexcept {
  if (slot < 4) {
    p[slot] = value;
  } else if (slot == 4) {
    lower = value;
  } else {
    upper = value;
  }
}

/// The range of the family itself, before truncation and scale.
[[nodiscard]] std::pair<double, double> family_support(const Distribution& d) noexcept;

/// A distribution ready for the simulator's hot loop, which draws from the same few distributions
/// millions of times: the constants a family derives from its parameters (the lognormal's mu and
/// sigma, two logarithms and a square root) are computed once instead of at every draw. Its draws
/// are Distribution::sample's, bit for bit: the same numbers from the stream, the same arithmetic.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const Distribution& d);

  [[nodiscard]] double sample(Rng& rng) const noexcept;
  /// A draw of a distribution whose parameters depend on the case: evaluated on its attribute
  /// values (slots as bound by the loader). NaN when they make the parameters invalid (a negative
  /// sd, a mean of 0, ...); the same as sample(rng) when nothing depends on the case.
  [[nodiscard]] double sample(Rng& rng, const Value* attributes) const noexcept;
  [[nodiscard]] bool data_dependent() const noexcept { return !d_.expressions.empty(); }
  [[nodiscard]] const Distribution& distribution() const noexcept { return d_; }

  /// Per-family constants (only the lognormal has any so far).
  struct Derived {
    double mu = 0.0;     // lognormal: mean of the log
    double sigma = 0.0;  // lognormal: sd of the log
  };

 private:
  Distribution d_;
  Derived derived_;
};

}  // namespace bpm
