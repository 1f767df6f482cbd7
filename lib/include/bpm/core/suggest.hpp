#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

/// The candidate closest to `word` within edit distance 2, for "did you mean" hints (the one the
/// loader and the lint rules use); empty if none.
[[nodiscard]] BPM_API std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bpm
