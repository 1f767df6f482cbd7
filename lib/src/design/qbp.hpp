#pragma once
// BIMP's simulation parameters (QBP, namespace http://www.qbp-simulator.com/Schema201212): the
// `qbp:processSimulationInfo` element that BIMP, Apromore and Simod write beside the process.
//
// Conventions, as BIMP writes them and Prosimos and Simod read them (Prosimos
// bpdfr_simulation_engine/simulation_properties_parser.py, extract_dist_params): every value is
// in seconds whatever `qbp:timeUnit` says (that unit is only what BIMP's form displays);
// FIXED(mean); EXPONENTIAL(arg1 = mean); NORMAL(mean, arg1 = standard deviation);
// UNIFORM(arg1 = min, arg2 = max); TRIANGULAR(mean = mode, arg1 = min, arg2 = max);
// LOGNORMAL(mean, arg1 = variance); GAMMA(mean, arg1 = variance).
#include <functional>
#include <optional>
#include <pugixml.hpp>

#include "design/external_params.hpp"

namespace bpm::design {

inline constexpr const char* kQbpNamespace = "http://www.qbp-simulator.com/Schema201212";

/// The parameters of the first `processSimulationInfo` under `definitions`, or nullopt when there
/// is none. `where` locates an XML node for warnings.
[[nodiscard]] std::optional<ExternalParameters> read_qbp(pugi::xml_node definitions,
                                                         const std::function<Location(pugi::xml_node)>& where);

/// A QBP distribution element (type, mean, arg1, arg2) as a process-format distribution; nullopt
/// with `problem` set when it cannot be carried.
[[nodiscard]] std::optional<Distribution> qbp_distribution(pugi::xml_node element, bool is_time, std::string* problem);

}  // namespace bpm::design
