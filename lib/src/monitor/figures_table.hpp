#pragma once
// The figures of an analysis as a table of its report document (private to the renderers).
#include <cstdint>
#include <vector>

#include "bpm/monitor/figures.hpp"
#include "bpm/report/document.hpp"

namespace bpm::monitor {

/// Adds the table `metrics` (registered name, value) for `audience`.
void add_figures(report::Document& doc, const std::vector<Figure>& figures, std::uint8_t audience);

}  // namespace bpm::monitor
