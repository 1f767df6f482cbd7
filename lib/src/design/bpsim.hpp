#pragma once
// BPSim (WfMC Business Process Simulation) parameters and ISO 8601 durations: the standard ways
// simulation data travels inside BPMN files.
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "bpm/model/distribution.hpp"
#include "bpm/model/process.hpp"

namespace bpm::design {

inline constexpr const char* kBpsimNamespace = "http://www.bpsim.org/schemas/2.0";

/// "PT1H30M", "P2D", "PT0.5S": the shortest ISO 8601 duration of a number of seconds.
[[nodiscard]] std::string iso_duration(double seconds);

/// Seconds of an ISO 8601 duration "PnYnMnWnDTnHnMnS" (a year is 365 days, a month 30);
/// nullopt when malformed.
[[nodiscard]] std::optional<double> parse_iso_duration(std::string_view text);

/// BPSim's name for a time unit ("s", "min", "hour", "day") and its seconds.
struct BpsimUnit {
  std::string name;
  double seconds = 1.0;
};

/// The BPSim base time unit closest to a process's time unit (weeks become days).
[[nodiscard]] BpsimUnit bpsim_unit(double time_unit_seconds);

/// Seconds of a BPSim baseTimeUnit; nullopt for an unknown name.
[[nodiscard]] std::optional<double> bpsim_unit_seconds(std::string_view name);

/// `d` with every parameter that is an expression of case attributes at its expected value over
/// them (bpm::expected_value: the 4096-draw estimate `analyze` uses), for the formats that take
/// numbers only; `d` itself when it has no such parameter. nullopt when some parameter has no
/// estimate (it reads attributes that steps set) or the estimates are no valid parameters.
[[nodiscard]] std::optional<Distribution> at_expected_parameters(const Process& process, const Distribution& d,
                                                                 std::string_view key);

/// Appends the BPSim element of a distribution (e.g. <bpsim:TriangularDistribution min= mode=
/// max=/>) to `parent`, time values in `unit`. False, with nothing appended, when BPSim has no
/// equivalent (beta, histogram, truncation of a family other than the normal, a scale factor) or
/// a parameter is not a number (an expression: at_expected_parameters first).
bool append_bpsim_distribution(pugi::xml_node parent, const Distribution& d, const BpsimUnit& unit);

/// The distribution text (design/dist_text.hpp: "triangular(10, 20, 40)", "empirical([1, 0.5],
/// [2, 0.5])", bare numbers in the scenario's base unit) of the first BPSim parameter element
/// under `parent`; nullopt when there is none or
/// it is not understood. `unsupported` receives the element's name in that case.
[[nodiscard]] std::optional<std::string> bpsim_distribution_text(pugi::xml_node parent, std::string* unsupported);

/// `text` without leading and trailing white space (space, tab, CR, LF).
[[nodiscard]] std::string trim_text(std::string_view text);

/// The local part of an element name: "bpsim:Scenario" -> "Scenario".
[[nodiscard]] std::string_view local_name(const char* name);

}  // namespace bpm::design
