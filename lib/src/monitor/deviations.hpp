#pragma once
// Alignments told in the analyst's words: "skipped `assess-damage`", "`pay` before `register`",
// "unknown activity `foo`". Private to monitor.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/alignment.hpp"

namespace bpm::monitor {

enum class DeviationKind : std::uint8_t {
  Skipped,         // a model move: the process required it here
  Order,           // a log move and a model move of the same activity: done at the wrong point
  Repeated,        // a log move of an activity the case had already done, where no loop allows it
  Unexpected,      // a log move of a known activity the process does not allow here
  AfterEnd,        // a log move after the case had reached an end
  Unknown,         // an activity the process file does not have
  WrongOutcome,    // the case ended with another outcome than the process leads to
  UnknownOutcome,  // an outcome no end of the process has
};

[[nodiscard]] const char* deviation_kind_name(DeviationKind kind) noexcept;

struct DescribedDeviation {
  DeviationKind kind = DeviationKind::Skipped;
  std::string text;
};

/// The deviations of an alignment, in order of appearance. `names` names the trace's events (the
/// log's activity names); with `has_outcome` the last event is the case's outcome.
[[nodiscard]] std::vector<DescribedDeviation> describe(const Alignment& alignment, const PetriNet& net,
                                                       std::span<const std::string_view> names, bool has_outcome);

}  // namespace bpm::monitor
