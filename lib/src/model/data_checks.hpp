#pragma once
// Checks of parameters and costs computed from case attributes, over draws of the attributes
// (the same draws as draw_moments). Private to the library: the lint's data-parameters rule.
#include <optional>
#include <string>
#include <string_view>

#include "bpm/model/process.hpp"

namespace bpm::detail {

/// The first draw of the arrival attributes for which the parameters of `d` are invalid, as the
/// values of the attributes its expressions read ("x = -0.37"); nullopt when every draw is valid,
/// or when it reads attributes not drawn at arrival for every case (that cannot be checked here).
[[nodiscard]] std::optional<std::string> invalid_parameters_example(const Process& process, const Distribution& d,
                                                                    std::string_view key);

/// The same for an expression whose value must be a number ≥ 0 (a cost formula).
[[nodiscard]] std::optional<std::string> negative_value_example(const Process& process, const Expression& e,
                                                                std::string_view key);

}  // namespace bpm::detail
