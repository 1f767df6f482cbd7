#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/expression.hpp"

namespace bpm {

class Rng;  // lib/src/core/random.hpp: the library's random stream (PCG64)

/// The distribution families of the process format: the 13 of WfMC BPSim 2.0 plus constant and
/// histogram. See share/doc/process-format.md for their parameters.
enum class DistKind : std::uint8_t {
  Constant,
  Uniform,          // min, max
  Exponential,      // mean (BPSim "negative exponential")
  Normal,           // mean, sd
  Lognormal,        // mean, sd of the variable itself (not of its log)
  Triangular,       // min, mode, max
  Gamma,            // shape, scale
  Erlang,           // k, mean
  Beta,             // alpha, beta, min, max (standard beta scaled to [min, max])
  Weibull,          // shape, scale
  TruncatedNormal,  // mean, sd, min, max
  Poisson,          // mean
  Binomial,         // n, p
  Empirical,        // discrete values with weights (BPSim "user distribution")
  Histogram,        // bins [edge_i, edge_i+1) with weights, uniform inside a bin
};

/// Canonical lower-case name of a family, as written in process files ("truncated_normal").
/// A parameter given as an expression of case attributes (`mean: 30m + amount * 0.01m`),
/// evaluated for each draw.
struct BPM_API ParamExpression {
  std::uint8_t slot = 0;  // 0-3: Distribution::p[slot]; 4: lower; 5: upper
  Expression expression;
  double unit = 1.0;       // seconds per unit of its value for time values (the bare unit), else 1
  std::size_t offset = 0;  // where it starts in the distribution's text, for located errors
  friend bool operator==(const ParamExpression& a, const ParamExpression& b) {
    return a.slot == b.slot && a.unit == b.unit && a.expression.text() == b.expression.text();
  }
};

[[nodiscard]] BPM_API std::string_view dist_name(DistKind kind) noexcept;

/// A fully validated distribution. Values that are times are stored in seconds.
struct BPM_API Distribution {
  DistKind kind = DistKind::Constant;
  /// Parameters in the order of the DistKind comments, with time-valued ones in seconds.
  std::array<double, 4> p{};
  /// Empirical: values and their weights; Histogram: bin edges (n+1) and weights (n). Weights are
  /// normalised to sum to 1 at parse time.
  std::vector<double> values;
  std::vector<double> weights;
  /// Optional truncation of any family (`min:`/`max:`), applied by resampling (see sample()).
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  /// Multiplier applied to every sample: the `*0.8` of scenarios and --set.
  double scale = 1.0;
  /// Parameters that depend on the case (their slots of p, lower and upper are NaN); bound to
  /// attribute slots by the loader.
  std::vector<ParamExpression> expressions;
  /// True when the distribution produces durations (then its text uses units).
  /// True when some parameter is an expression of case attributes.
  [[nodiscard]] bool data_dependent() const noexcept { return !expressions.empty(); }
  bool is_time = false;

  /// One draw. Truncated distributions resample up to 64 times, then clamp to the bound, so a
  /// draw never loops forever even when the bounds hold almost no mass.
  [[nodiscard]] double sample(Rng& rng) const;
  /// Expected value of a draw as sample() makes it: the family truncated to [lower, upper]
  /// (including the rare clamp after the last resample), times `scale`. The lint and the
  /// analytic model use it, so that their loads agree with the simulator's.
  [[nodiscard]] double mean() const;
  /// Variance of a draw as sample() makes it (truncation, clamp, scale²).
  [[nodiscard]] double variance() const;
  /// P(draw <= x), or P(draw < x) when not `inclusive` (they differ at atoms: constants, counts,
  /// empirical values, the bounds a clamp lands on). Exact, from the family's CDF.
  [[nodiscard]] double cdf(double x, bool inclusive = true) const;
  /// Smallest and largest value a draw can take (after truncation and scale).
  [[nodiscard]] double support_min() const;
  [[nodiscard]] double support_max() const;
  /// Canonical text, e.g. "triangular(10m, 20m, 40m)" or "lognormal(mean: 12000, sd: 6000)";
  /// time values are written with format_duration. Empirical and histogram return "" (the YAML
  /// writer emits their mapping form).
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Distribution&, const Distribution&) = default;
};

/// Parses the text form of a distribution: `name(arg, arg, key: value, ...)`, positional or named
/// parameters, optional `min:`/`max:` on any family, units on time values when `is_time`
/// ("exponential(30m)"), a bare number or duration meaning a constant ("45m", "3"). Bare numbers
/// in a time distribution are in `bare_unit_seconds`. Accepted aliases: negexp,
/// negative_exponential, truncnormal, truncated_normal, user, constant, fixed.
/// Throws SyntaxError with the offset of the offending token, for unknown families, unknown or

/// As above, and a parameter may be an expression of case attributes (string literals interned
/// in `strings`), in bare units when it is a time value: "lognormal(mean: 30m + amount * 0.01m,
/// sd: 10m)". A whole text that is an expression is a constant: "45m + pages * 2m". Numbers keep
/// their units inside expressions. The expressions are left unbound (ParamExpression::offset says
/// where each starts, for errors while binding).
[[nodiscard]] BPM_API Distribution parse_distribution(std::string_view text, bool is_time, double bare_unit_seconds,
                                                      StringTable& strings);
/// missing parameters, and out-of-range values (sd < 0, min > max, p outside [0,1], ...).
[[nodiscard]] BPM_API Distribution parse_distribution(std::string_view text, bool is_time, double bare_unit_seconds);

/// Builds an Empirical (values + weights) or Histogram (edges + weights) distribution from the
/// mapping form `{ empirical: [[value, weight], ...] }` / `{ histogram: [[from, to, weight], ...] }`.
/// Rows are given as strings (durations allowed when is_time). Throws SyntaxError whose offset is
/// the index of the offending row.
[[nodiscard]] BPM_API Distribution make_table_distribution(DistKind kind,
                                                           const std::vector<std::vector<std::string>>& rows,
                                                           bool is_time, double bare_unit_seconds);

}  // namespace bpm
