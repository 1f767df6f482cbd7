#pragma once
// Time-varying arrivals: whether the case arrival rate of a log varies with the hour of the day
// and the weekday beyond what a constant rate over the arrival hours explains (a chi-square test
// of homogeneity), and if so the weekly rate profile (`arrivals.rate`) that describes it: a
// weekday factor times an hour-of-day shape, fitted by Poisson maximum likelihood, with adjacent
// hours and similar weekdays pooled while the data cannot tell their rates apart.
#include <string>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/arrival_rate.hpp"

namespace bpm::discover {

struct ArrivalProfileSettings {
  /// Significance level of the test of a constant rate: below it, the profile is used.
  double alpha = 0.01;
  /// Adjacent hours (and weekdays) are pooled while a test of equal rates has a p-value above this
  /// divided by the number of pairs compared (Bonferroni).
  double pool_alpha = 0.05;
  /// Within each weekday, arrivals outside the central (1 − 2·trim) of its times of day are
  /// outside the hours the constant rate is tested over.
  double trim = 0.005;
};

struct ArrivalProfile {
  bool tested = false;     // enough arrivals and hours for the test
  bool varies = false;     // the test rejected a constant rate: `profile` holds the rates
  double statistic = 0.0;  // chi-square statistic
  double degrees = 0.0;    // its degrees of freedom
  double p_value = 1.0;
  RateProfile profile;  // per hour, by weekday and time of day
  std::string summary;  // for the file's comment
};

/// `arrivals`: absolute seconds, sorted. Times are read on the log's clock (weekday and hour of
/// the timestamps as given).
[[nodiscard]] ArrivalProfile fit_arrival_profile(const std::vector<Time>& arrivals,
                                                 const ArrivalProfileSettings& settings = {});

/// The expected number of arrivals of `profile` in [from, to] (absolute seconds).
[[nodiscard]] double expected_arrivals(const RateProfile& profile, Time from, Time to);

}  // namespace bpm::discover
