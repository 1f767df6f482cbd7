#pragma once
// Prosimos' simulation parameters (the JSON file of `diff_res_bpsim.py start-simulation
// --json_path`), read for `bpm-design import --params FILE.json`.
//
// Distributions follow scipy.stats as Prosimos samples them: `distribution_params` are the
// family's shape parameters, then loc and scale, then optionally min and max (truncation):
// fix [value]; expon [loc, scale]; norm [mean, sd]; uniform [loc, width]; lognorm [s, loc,
// scale] (s the sd of the log, scale = exp(mu)); gamma [a, loc, scale]; triang [c, loc, scale]
// (mode = loc + c·scale); weibull_min [c, loc, scale]. Times are in seconds. Both the list form
// of newer Prosimos versions and the dictionary form of older ones (and of Simod's QBP
// conversion) are read.
#include <string>
#include <string_view>

#include "design/external_params.hpp"

namespace bpm::design {

/// Throws ModelError (located in the file) when the text is not JSON or not an object.
[[nodiscard]] ExternalParameters read_prosimos(std::string_view json, const std::string& file_name);

}  // namespace bpm::design
