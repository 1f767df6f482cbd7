#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// Shard K of N of a run (`bpm-sim --shard K/N`), K counted from 1 like GNU parallel's `{#}`.
struct BPM_API ShardSpec {
  std::uint32_t index = 1;
  std::uint32_t count = 1;
};

/// Parses "K/N" with 1 <= K <= N; throws UsageError naming the text otherwise.
[[nodiscard]] BPM_API ShardSpec parse_shard(std::string_view text);

/// Looks up an environment variable: nullptr when unset (std::getenv in the tools, a map in tests).
using EnvironmentLookup = std::function<const char*(const char*)>;

/// The shard a batch engine assigned to this process, when --shard was not given:
/// - Slurm job arrays: K = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1, N = SLURM_ARRAY_TASK_COUNT
///   (the array must be contiguous, e.g. --array=0-6 or 1-7);
/// - Kubernetes Indexed Jobs: K = JOB_COMPLETION_INDEX + 1, N = `shards` (the count is not in the
///   environment: pass --shards N, normally the Job's `completions`).
/// `shards`, when given, overrides the count. Returns nothing when no variable is set; throws
/// UsageError for malformed values, or for --shards without any index in the environment.
[[nodiscard]] BPM_API std::optional<ShardSpec> shard_from_environment(const EnvironmentLookup& lookup,
                                                                      std::optional<std::uint32_t> shards);

/// The shard a tool runs: `--shard K/N` (`option`) when given, else the one a batch engine
/// assigned (shard_from_environment), else none. Throws UsageError for a malformed --shard,
/// --shard together with --shards, or a bad environment.
[[nodiscard]] BPM_API std::optional<ShardSpec> requested_shard(std::string_view option,
                                                               std::optional<std::uint32_t> shards,
                                                               const EnvironmentLookup& lookup);

}  // namespace bpm
