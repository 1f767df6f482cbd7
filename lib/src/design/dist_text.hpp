#pragma once
// One-line text of any distribution, for XML attributes. The process format's text form covers
// every family but the two tables, which YAML writes as mappings; here they are written
// "empirical([value, weight], ...)" and "histogram([from, to, weight], ...)", with optional
// ", min: x, max: y", so that a distribution always fits one attribute and reads back exactly.
#include <string>
#include <string_view>

#include "bpm/model/distribution.hpp"

namespace bpm::design {

[[nodiscard]] std::string distribution_text(const Distribution& d);

/// Parses distribution_text's output or any text parse_distribution accepts. Throws SyntaxError.
[[nodiscard]] Distribution parse_distribution_text(std::string_view text, bool is_time, double bare_unit_seconds);

}  // namespace bpm::design
