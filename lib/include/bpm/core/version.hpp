#pragma once
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {
/// The library's version, "MAJOR.MINOR.PATCH"; every tool prints it for --version.
BPM_API std::string_view version() noexcept;
}  // namespace bpm
