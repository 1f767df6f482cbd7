#pragma once
#include <string>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// The canonical YAML text of a process (`bpm-design fmt`): fixed key order, flow style for short
/// mappings, durations with units, one blank line between sections. parse(to_yaml(p)) == p for
/// every field the format defines. Comments are not preserved (yaml-cpp drops them while parsing).
[[nodiscard]] BPM_API std::string to_yaml(const Process& process);

}  // namespace bpm
