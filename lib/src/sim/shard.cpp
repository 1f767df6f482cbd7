// Which shard this process is: from --shard K/N or from the batch engine's environment.
#include "bpm/sim/shard.hpp"

#include <fmt/format.h>
#include <charconv>
#include <string>

#include "bpm/core/error.hpp"

namespace bpm {
namespace {

std::optional<std::uint32_t> whole_number(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::uint32_t variable(const EnvironmentLookup& lookup, const char* name) {
  const char* text = lookup(name);
  const auto value = whole_number(text ? text : "");
  if (!value) throw UsageError(fmt::format("{}='{}' is not a whole number", name, text ? text : ""));
  return *value;
}

ShardSpec checked(ShardSpec spec, std::string_view origin) {
  if (spec.count < 1 || spec.index < 1 || spec.index > spec.count) {
    throw UsageError(fmt::format("{}shard {}/{} does not exist (shards are numbered 1 to N)",
                                 origin.empty() ? "" : fmt::format("{}: ", origin), spec.index, spec.count));
  }
  return spec;
}

}  // namespace

ShardSpec parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto index = whole_number(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!index || !count) throw SettingError("shard", fmt::format("must be K/N (e.g. 2/7), not '{}'", text));
  try {
    return checked(ShardSpec{*index, *count}, "");
  } catch (const UsageError& e) {
    throw SettingError("shard", e.what());
  }
}

std::optional<ShardSpec> shard_from_environment(const EnvironmentLookup& lookup, std::optional<std::uint32_t> shards) {
  if (lookup("SLURM_ARRAY_TASK_ID") != nullptr) {
    const std::uint32_t id = variable(lookup, "SLURM_ARRAY_TASK_ID");
    const std::uint32_t min = lookup("SLURM_ARRAY_TASK_MIN") != nullptr ? variable(lookup, "SLURM_ARRAY_TASK_MIN") : 0;
    if (id < min) throw UsageError(fmt::format("SLURM_ARRAY_TASK_ID={} is below SLURM_ARRAY_TASK_MIN={}", id, min));
    const std::uint32_t count = shards ? *shards : variable(lookup, "SLURM_ARRAY_TASK_COUNT");
    return checked(ShardSpec{id - min + 1, count}, "Slurm array task");
  }
  if (lookup("JOB_COMPLETION_INDEX") != nullptr) {
    const std::uint32_t index = variable(lookup, "JOB_COMPLETION_INDEX");
    if (!shards) {
      throw SettingError("shards",
                         "is needed: JOB_COMPLETION_INDEX is set, but not the shard count (the Job's completions)");
    }
    return checked(ShardSpec{index + 1, *shards}, "JOB_COMPLETION_INDEX");
  }
  if (shards)
    throw SettingError("shards",
                       "needs SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX in the environment; else name the shard "
                       "itself (K/N)");
  return std::nullopt;
}

std::optional<ShardSpec> requested_shard(std::string_view option, std::optional<std::uint32_t> shards,
                                         const EnvironmentLookup& lookup) {
  if (option.empty()) return shard_from_environment(lookup, shards);
  if (shards) throw SettingError("shards", "is not needed: the shard K/N already gives the count");
  return parse_shard(option);
}

}  // namespace bpm
