#pragma once
// Scoring a discovered model against held-out cases of its log, to choose discovery settings on a
// train/validation split (DiscoverOptions::validation): the model simulates as many cases as the
// held-out part has, from its first arrival, and the five measures of the published comparisons
// (n-gram, AED, CED, RED, CTD; share/doc/log-distance.md) are taken against the held-out cases.
#include <cstddef>
#include <vector>

#include "bpm/distance/log_profile.hpp"
#include "bpm/model/process.hpp"
#include "discover/log_store.hpp"

namespace bpm::discover {

/// The profile of cases [from, to) of `log`, activity names coded by `codes`.
[[nodiscard]] distance::LogProfile profile_of(const LogStore& log, std::size_t from, std::size_t to,
                                              distance::ActivityCodes& codes);

/// The five measures (n-gram, AED, CED, RED, CTD), each the mean over `replications` simulated
/// logs of `model` against `real`. The model's simulation settings (start, cases) must already
/// aim at the held-out cases.
[[nodiscard]] std::vector<double> validation_measures(const Process& model, const distance::LogProfile& real,
                                                      distance::ActivityCodes& codes, unsigned replications);

}  // namespace bpm::discover
