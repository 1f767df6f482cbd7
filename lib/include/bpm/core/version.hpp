#pragma once
#include <string_view>

namespace bpm {
/// The library's version, "MAJOR.MINOR.PATCH"; every tool prints it for --version.
std::string_view version() noexcept;
}  // namespace bpm
