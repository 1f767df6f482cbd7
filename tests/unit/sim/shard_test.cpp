// Which shard a process runs: --shard K/N, Slurm array tasks, Kubernetes Indexed Jobs.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/sim/shard.hpp"

namespace {

std::optional<bpm::ShardSpec> from(const std::map<std::string, std::string>& env,
                                   std::optional<std::uint32_t> shards = std::nullopt) {
  return bpm::shard_from_environment(
      [&env](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      shards);
}

}  // namespace

TEST_CASE("option --shard K/N counts K from 1", "[sim][shard]") {
  CHECK(bpm::parse_shard("1/1").index == 1);
  CHECK(bpm::parse_shard("3/7").index == 3);
  CHECK(bpm::parse_shard("3/7").count == 7);
  for (const char* bad : {"0/3", "4/3", "1/0", "3", "a/b", "1/", "/2", "-1/3", "1/3x", ""}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(bpm::parse_shard(bad), bpm::UsageError);
  }
}

TEST_CASE("a batch engine's environment names the shard", "[sim][shard]") {
  CHECK_FALSE(from({}).has_value());
  SECTION("Slurm arrays, from 0 or from 1") {
    auto s = from({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "7"}});
    REQUIRE(s.has_value());
    CHECK(s->index == 1);
    CHECK(s->count == 7);
    s = from({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "7"}});
    REQUIRE(s.has_value());
    CHECK(s->index == 7);
    CHECK(from({{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_COUNT", "7"}}, 4)->count == 4);
    CHECK_THROWS_AS(from({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_COUNT", "7"}}), bpm::UsageError);
    CHECK_THROWS_AS(from({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "7"}}), bpm::UsageError);
    CHECK_THROWS_AS(from({{"SLURM_ARRAY_TASK_ID", "1"}}), bpm::UsageError);
  }
  SECTION("Kubernetes Indexed Jobs need --shards") {
    const auto s = from({{"JOB_COMPLETION_INDEX", "4"}}, 5);
    REQUIRE(s.has_value());
    CHECK(s->index == 5);
    CHECK(s->count == 5);
    CHECK_THROWS_AS(from({{"JOB_COMPLETION_INDEX", "4"}}), bpm::UsageError);
    CHECK_THROWS_AS(from({{"JOB_COMPLETION_INDEX", "5"}}, 5), bpm::UsageError);
  }
  SECTION("--shards alone is a usage error") { CHECK_THROWS_AS(from({}, 3), bpm::UsageError); }
}

TEST_CASE("the option wins over the environment, and does not take --shards", "[sim][shard]") {
  const std::map<std::string, std::string> env = {
      {"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}};
  const auto lookup = [&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  const auto by_option = bpm::requested_shard("2/5", std::nullopt, lookup);
  REQUIRE(by_option);
  CHECK(by_option->index == 2);
  CHECK(by_option->count == 5);
  const auto by_environment = bpm::requested_shard("", std::nullopt, lookup);
  REQUIRE(by_environment);
  CHECK(by_environment->index == 3);
  CHECK(by_environment->count == 4);
  CHECK_FALSE(bpm::requested_shard("", std::nullopt, [](const char*) -> const char* { return nullptr; }));
  try {
    (void)bpm::requested_shard("2/5", 5, lookup);
    FAIL("no error");
  } catch (const bpm::SettingError& e) {
    CHECK(e.setting() == "shards");  // the tool names its flag (--shards)
    CHECK_THAT(e.what(), Catch::Contains("already gives the count"));
  }
}
