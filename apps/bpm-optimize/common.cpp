// Option plumbing shared by the bpm-optimize commands.
#include <fmt/format.h>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/model/process.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {

const char* const kExamples = R"(
EXAMPLES
  bpm-optimize compare processes/lead-to-cash.yaml --scenario faster-qualification --scenario sixth-ae
  bpm-optimize compare processes/lead-to-cash.yaml --all --replications 50 --format markdown
  bpm-optimize compare lead.yaml --set steps.qualify.duration='*0.8' --metric win_rate
  bpm-optimize bottlenecks processes/lead-to-cash.yaml --replications 20 --format json
  bpm-optimize sensitivity processes/lead-to-cash.yaml --delta 20% --svg tornado.svg
  bpm-optimize search processes/lead-to-cash.yaml | bpm-sim - --format table
  bpm-optimize search processes/lead-to-cash.yaml --budget 100 --report front.md --format markdown -o best.yaml
  bpm-optimize abtest --a 120/1000 --b 150/1000
  bpm-optimize abtest --a 12.5,3.2,40 --b 14.1,3.5,42
  bpm-optimize abtest --base 0.10 --lift 0.02 --power 0.8 --alpha 0.05
  bpm-optimize abtest --sd 3.2 --lift 1
  bpm-optimize score train leads.csv --outcome won --model lead-score.yaml
  bpm-optimize score apply open-leads.csv --model lead-score.yaml -o scores.csv

Scenarios and --set variants run the same replications and seed as the baseline (common random
numbers), so each difference is paired replication by replication; "significant" means its
confidence interval excludes zero.

Exit codes: 0 success, 1 invalid model or failed simulation, 2 usage error (bad option, unknown
scenario or metric, malformed --set, unreadable file), 3 search budget ran out before an answer,
130 interrupted. See share/doc/bpm-optimize.md.
)";

void add_output(CLI::App& command, std::string& format, std::string& output) {
  command.add_option("--format,-f", format, "Report format: table (default), markdown, csv, json or yaml")
      ->type_name("FORMAT");
  command.add_option("-o,--output", output, "Write the report to FILE (atomically) instead of stdout")
      ->type_name("FILE");
}

void add_shard_options(CLI::App& command, ShardOptions& o, const std::string& plan_help, const std::string& shard_help,
                       const std::string& gather_help) {
  command.add_flag("--plan", o.plan, plan_help);
  command.add_option("--shard", o.shard, shard_help)->type_name("K/N");
  command.add_option("--shards", o.shards, "Shard count when the index comes from the environment (Kubernetes)")
      ->type_name("N")
      ->check(app::whole_number(1, kMaxReplications));
  command.add_option("--gather", o.gather, gather_help)->type_name("PART...");
}

std::optional<ShardSpec> requested_shard(const ShardOptions& o, bool from_environment) {
  if (o.shards != -1 && o.shards < 1) throw UsageError(fmt::format("--shards must be at least 1, not {}", o.shards));
  if (o.shard.empty() && !from_environment) return std::nullopt;
  return bpm::requested_shard(
      o.shard, o.shards > 0 ? std::optional(static_cast<std::uint32_t>(o.shards)) : std::nullopt, app::environment);
}

void check_replications(long long replications) {
  if (replications != -1 && replications < 2) {
    throw UsageError(fmt::format("--replications must be at least 2 for confidence intervals, not {}", replications));
  }
}

}  // namespace bpm::optimize_app
