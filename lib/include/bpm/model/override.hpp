#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// Applies one what-if override, e.g. `steps.qualify.duration: "*0.8"` (scale a distribution),
/// `resources.ae.count: 6`, `arrivals.every: exponential(20m)`, `steps.decision?.xor.1.p: 0.5`.
/// Values are a literal in the file's syntax, `*k` (scale a number or every sample of a
/// distribution) or `+k`/`-k` (add to a number). Throws ModelError at override.where for unknown
/// paths (with a did-you-mean) or for values the loader would refuse (e.g. a count of 0).
BPM_API void apply_override(Process& process, const Override& override_);

/// Applies a named scenario of the file. Throws UsageError for an unknown name (listing the
/// scenarios the file defines).
BPM_API void apply_scenario(Process& process, std::string_view scenario);

/// Parses a command-line `PATH=VALUE` into an Override located at "--set". Throws UsageError.
[[nodiscard]] BPM_API Override parse_set_option(std::string_view text);

/// Applies command-line `PATH=VALUE` overrides in order and returns them as applied
/// ("path=value"). A bad one is a UsageError ("--set: ..."): it is part of the command line, not
/// a fault of the file.
BPM_API std::vector<std::string> apply_set_options(Process& process, const std::vector<std::string>& sets);

/// Every path an override may name in this process, in file order (for hints and documentation).
[[nodiscard]] BPM_API std::vector<std::string> override_paths(const Process& process);

}  // namespace bpm
