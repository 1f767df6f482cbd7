// Merging partial summaries: a sharded run, written and read back, merges into the very bytes of
// the single run; parts of different runs, overlaps, duplicates and gaps are refused by name.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/sim/summary.hpp"

namespace {

constexpr std::uint32_t kReplications = 7;

const bpm::Process& claims() {
  static const bpm::Process process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/tests/data/sim-claims.yaml");
  return process;
}

bpm::SummaryRun run_info(std::uint64_t seed = 7) {
  bpm::SummaryRun run;
  run.version = "9.9.9";
  run.process = claims().name;
  run.source = "tests/data/sim-claims.yaml";
  run.digest = bpm::model_digest("claims");
  run.seed = seed;
  run.cases = 40;
  run.time_unit = claims().time_unit;
  run.time_unit_seconds = claims().time_unit_seconds;
  return run;
}

bpm::Summary simulate(std::uint32_t first, std::uint32_t count, bpm::SummaryRun run) {
  bpm::SimulationOptions options;
  options.first_replication = first;
  options.replications = count;
  options.seed = run.seed;
  options.cases = 40;
  return bpm::summarize(bpm::simulate(claims(), options), std::move(run));
}

/// Shard k of n, as `bpm-sim --shard k/n` writes it and `bpm-sim merge` reads it back.
bpm::SummaryPart shard(std::uint32_t k, std::uint32_t n, bpm::SummaryRun run = run_info()) {
  const bpm::ReplicationRange range = bpm::shard_range(k, n, kReplications);
  run.shard = bpm::SummaryShard{k, n, kReplications};
  const std::string name = "part-" + std::to_string(k) + ".yaml";
  return {name, bpm::read_summary(bpm::summary_yaml(simulate(range.first, range.count, std::move(run))), name)};
}

std::string merge_message(std::vector<bpm::SummaryPart> parts) {
  try {
    (void)bpm::merge_summaries(std::move(parts));
  } catch (const bpm::Error& e) {
    return e.what();
  }
  return "(merged)";
}

}  // namespace

TEST_CASE("shard ranges are contiguous, balanced and cover the run", "[sim][shard]") {
  CHECK(bpm::shard_range(1, 3, 10).first == 0);
  CHECK(bpm::shard_range(1, 3, 10).count == 4);
  CHECK(bpm::shard_range(2, 3, 10).first == 4);
  CHECK(bpm::shard_range(2, 3, 10).count == 3);
  CHECK(bpm::shard_range(3, 3, 10).first == 7);
  CHECK(bpm::shard_range(3, 3, 10).count == 3);
  for (std::uint32_t n = 1; n <= 50; ++n) {
    std::uint32_t next = 0;
    for (std::uint32_t k = 1; k <= n; ++k) {
      const auto r = bpm::shard_range(k, n, 50);
      CHECK(r.first == next);
      CHECK((r.count == 50 / n || r.count == 50 / n + 1));
      next = r.first + r.count;
    }
    CHECK(next == 50);
  }
  CHECK_THROWS_AS(bpm::shard_range(0, 3, 10), bpm::UsageError);
  CHECK_THROWS_AS(bpm::shard_range(4, 3, 10), bpm::UsageError);
  CHECK_THROWS_AS(bpm::shard_range(1, 11, 10), bpm::UsageError);
}

TEST_CASE("merged shards equal the single run byte for byte", "[sim][shard]") {
  const std::string single = bpm::summary_yaml(simulate(0, kReplications, run_info()));
  const std::string single_json = bpm::summary_json(simulate(0, kReplications, run_info()));
  for (const std::uint32_t n : {1U, 2U, 3U, 7U}) {
    CAPTURE(n);
    std::vector<bpm::SummaryPart> parts;
    for (std::uint32_t k = n; k >= 1; --k) parts.push_back(shard(k, n));  // any order
    const bpm::Summary merged = bpm::merge_summaries(parts);
    CHECK(bpm::summary_yaml(merged) == single);
    CHECK(bpm::summary_json(merged) == single_json);
    CHECK_FALSE(merged.run.shard.has_value());
  }
}

TEST_CASE("a partial summary carries its range and shard", "[sim][shard]") {
  const bpm::SummaryPart part = shard(2, 3);
  CHECK(part.summary.run.first_replication == 3);
  CHECK(part.summary.run.replications == 2);
  REQUIRE(part.summary.run.shard.has_value());
  CHECK(part.summary.run.shard->index == 2);
  CHECK(part.summary.run.shard->count == 3);
  CHECK(part.summary.run.shard->total_replications == kReplications);
  CHECK(bpm::summary_yaml(part.summary).find("shard: {index: 2, count: 3, total_replications: 7}") !=
        std::string::npos);
}

TEST_CASE("missing, duplicated and overlapping parts are refused by name", "[sim][shard]") {
  SECTION("a missing shard in the middle") {
    CHECK(merge_message({shard(1, 3), shard(3, 3)}) ==
          "replications 3-4 missing (shard 2/3) before 'part-3.yaml' (replications 5-6)");
  }
  SECTION("a missing last shard") {
    CHECK(merge_message({shard(1, 3), shard(2, 3)}) ==
          "replications 5-6 missing (shard 3/3) after 'part-2.yaml' (replications 3-4)");
  }
  SECTION("a missing first shard") {
    CHECK(merge_message({shard(2, 3), shard(3, 3)}) ==
          "replications 0-2 missing (shard 1/3) before 'part-2.yaml' (replications 3-4)");
  }
  SECTION("the same shard twice") {
    auto again = shard(2, 3);
    again.name = "copy.yaml";
    CHECK(merge_message({shard(1, 3), shard(2, 3), again, shard(3, 3)}) ==
          "'copy.yaml' (replications 3-4) duplicates 'part-2.yaml' (replications 3-4)");
  }
  SECTION("overlapping shards of different layouts") {
    CHECK_THAT(merge_message({shard(1, 2), shard(2, 3)}),
               Catch::Contains("not parts of the same run: different shard count (2 vs 3)"));
  }
  SECTION("overlapping ranges without shard metadata") {
    auto a = shard(1, 2);
    auto b = shard(2, 3);
    a.summary.run.shard.reset();
    b.summary.run.shard.reset();
    CHECK(merge_message({a, b}) == "'part-2.yaml' (replications 3-4) overlaps 'part-1.yaml' (replications 0-3)");
  }
  SECTION("nothing to merge") { CHECK_THROWS_AS(bpm::merge_summaries({}), bpm::UsageError); }
  SECTION("many missing shards are counted, the first few named") {
    // Parts of one replication each, without metrics: only their ranges matter here.
    const auto part = [](std::uint32_t k) {
      bpm::SummaryPart p{"part-" + std::to_string(k) + ".yaml", {}};
      p.summary.run = run_info();
      p.summary.run.first_replication = k - 1;
      p.summary.run.replications = 1;
      p.summary.run.shard = bpm::SummaryShard{k, 20, 20};
      return p;
    };
    CHECK(merge_message({part(1), part(20)}) ==
          "replications 1-18 missing (18 shards: 2/20, 3/20, 4/20, 5/20, 6/20, ...) before 'part-20.yaml' "
          "(replication 19)");
    CHECK(merge_message({part(1), part(2), part(3), part(4), part(5), part(6), part(7), part(8), part(9), part(10),
                         part(11), part(12), part(13), part(15), part(16), part(17), part(18), part(19), part(20)}) ==
          "replication 13 missing (shard 14/20) before 'part-15.yaml' (replication 14)");
  }
}

TEST_CASE("parts of different runs are refused by name", "[sim][shard]") {
  const auto refused = [](bpm::SummaryRun other) {
    return merge_message({shard(1, 2), shard(2, 2, std::move(other))});
  };
  bpm::SummaryRun run = run_info();
  run.digest = bpm::model_digest("another file");
  CHECK_THAT(
      refused(run),
      Catch::StartsWith("'part-1.yaml' and 'part-2.yaml' are not parts of the same run: different process file"));
  CHECK_THAT(refused(run_info(8)), Catch::EndsWith("different seed (7 vs 8)"));
  run = run_info();
  run.version = "9.9.10";
  CHECK_THAT(refused(run), Catch::EndsWith("different version (9.9.9 vs 9.9.10)"));
  run = run_info();
  run.scenario = "faster";
  CHECK_THAT(refused(run), Catch::EndsWith("different scenario (none vs 'faster')"));
  run = run_info();
  run.overrides = {"resources.ae.count=5"};
  CHECK_THAT(refused(run), Catch::EndsWith("different overrides ([] vs [resources.ae.count=5])"));
  run = run_info();
  run.time_unit = "hours";
  run.time_unit_seconds = 3600.0;
  CHECK_THAT(refused(run), Catch::EndsWith("different time unit (minutes vs hours)"));
}

TEST_CASE("a stream of concatenated documents splits into parts", "[sim][shard]") {
  const std::string a = bpm::summary_yaml(shard(1, 2).summary);
  const std::string b = bpm::summary_json(shard(2, 2).summary);
  const auto parts = bpm::read_summary_parts("---\n" + a + "---\n" + b + "\n...\n", "<stdin>");
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].name == "<stdin>#1");
  CHECK(parts[1].name == "<stdin>#2");
  CHECK(bpm::summary_yaml(bpm::merge_summaries(parts)) == bpm::summary_yaml(simulate(0, kReplications, run_info())));
  CHECK(bpm::read_summary_parts(a, "a.yaml").front().name == "a.yaml");
  CHECK_THROWS_AS(bpm::read_summary_parts("---\n\n", "empty.yaml"), bpm::DataError);
}
