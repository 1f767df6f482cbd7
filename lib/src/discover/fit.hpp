#pragma once
// Fitting a distribution of the process format to a sample of durations: every family the
// format has that suits a positive quantity is fitted (by maximum likelihood where it has a closed
// form or a quick iteration, by moments otherwise), and the one with the smallest
// Kolmogorov–Smirnov distance to the sample is kept. A sample no family fits (KS above
// `histogram_above`) is written as a histogram of its quantiles instead, which follows any shape.
#include <string>
#include <vector>

#include "bpm/model/distribution.hpp"

namespace bpm::discover {

struct Fit {
  Distribution distribution;
  double ks = 0.0;  // Kolmogorov–Smirnov distance between the sample and the fitted law
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;
  /// "lognormal, KS 0.04 over 1108 executions; runner-up gamma (KS 0.05)"-style summary.
  std::string summary;
};

struct FitSettings {
  double histogram_above = 0.12;  // KS beyond which the histogram is used (with enough data)
  std::size_t histogram_min_n = 40;
  std::size_t histogram_bins = 20;
  /// Few distinct values (≤ this many, each seen more than once on average): an empirical table.
  std::size_t empirical_max_values = 8;
};

/// Fits a time distribution (seconds) to `sample` (non-negative values; at least one).
[[nodiscard]] Fit fit_time(std::vector<double> sample, const FitSettings& settings = {});

/// Rounds to `digits` significant digits (durations written to a file people read).
[[nodiscard]] double round_significant(double value, int digits = 4);

}  // namespace bpm::discover
