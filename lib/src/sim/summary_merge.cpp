// Merging the partial summaries of a sharded run (bpm-sim merge; share/doc/scale-out.md).
// Replication r draws from the same streams whichever shard runs it, so concatenating the
// per-replication values in replication order and adding the exact histogram counts gives the
// single run's data; the estimates are then recomputed exactly as summarize() computes them.
#include <fmt/format.h>
#include <algorithm>
#include <numeric>

#include "bpm/core/error.hpp"
#include "bpm/sim/summary.hpp"

namespace bpm {
namespace {

std::string range_text(std::uint64_t first, std::uint64_t end) {
  return end - first == 1 ? fmt::format("replication {}", first) : fmt::format("replications {}-{}", first, end - 1);
}

std::string part_text(const SummaryPart& part) {
  const SummaryRun& run = part.summary.run;
  return fmt::format("'{}' ({})", part.name,
                     range_text(run.first_replication, std::uint64_t{run.first_replication} + run.replications));
}

std::string quoted_or_none(const std::string& text) { return text.empty() ? "none" : fmt::format("'{}'", text); }

/// The first property in which two parts differ, as "seed (7 vs 8)"; empty when they are parts of one run.
std::string difference(const Summary& a, const Summary& b) {
  const SummaryRun& x = a.run;
  const SummaryRun& y = b.run;
  if (x.digest != y.digest) return fmt::format("process file (digest {} vs {})", x.digest, y.digest);
  if (x.seed != y.seed) return fmt::format("seed ({} vs {})", x.seed, y.seed);
  if (x.version != y.version) return fmt::format("version ({} vs {})", x.version, y.version);
  if (x.tool != y.tool) return fmt::format("tool ({} vs {})", x.tool, y.tool);
  if (x.scenario != y.scenario)
    return fmt::format("scenario ({} vs {})", quoted_or_none(x.scenario), quoted_or_none(y.scenario));
  if (x.overrides != y.overrides) {
    return fmt::format("overrides ([{}] vs [{}])", fmt::join(x.overrides, ", "), fmt::join(y.overrides, ", "));
  }
  if (x.cases != y.cases) {
    const auto text = [](const std::optional<std::uint64_t>& c) {
      return c ? std::to_string(*c) : std::string("none");
    };
    return fmt::format("number of cases ({} vs {})", text(x.cases), text(y.cases));
  }
  if (x.time_unit != y.time_unit) return fmt::format("time unit ({} vs {})", x.time_unit, y.time_unit);
  if (x.confidence != y.confidence) return fmt::format("confidence ({} vs {})", x.confidence, y.confidence);
  if (x.process != y.process) return fmt::format("process ('{}' vs '{}')", x.process, y.process);
  if (x.warnings != y.warnings) return fmt::format("warnings ({} vs {})", x.warnings.size(), y.warnings.size());
  if (x.shard.has_value() && y.shard.has_value()) {
    if (x.shard->count != y.shard->count) return fmt::format("shard count ({} vs {})", x.shard->count, y.shard->count);
    if (x.shard->total_replications != y.shard->total_replications) {
      return fmt::format("total replications ({} vs {})", x.shard->total_replications, y.shard->total_replications);
    }
  }
  if (a.metrics.size() != b.metrics.size())
    return fmt::format("metrics ({} vs {})", a.metrics.size(), b.metrics.size());
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    if (a.metrics[i].name != b.metrics[i].name || a.metrics[i].unit != b.metrics[i].unit) {
      return fmt::format("metrics ('{}' vs '{}')", a.metrics[i].name, b.metrics[i].name);
    }
  }
  return {};
}

/// Names the shards that would have run [first, end), when the shard layout is known.
std::string missing_shards(const std::optional<SummaryShard>& shard, std::uint32_t first, std::uint32_t end) {
  if (!shard) return {};
  std::vector<std::string> names;
  for (std::uint32_t k = 1; k <= shard->count; ++k) {
    const ReplicationRange r = shard_range(k, shard->count, shard->total_replications);
    if (r.first < end && first < r.first + r.count) names.push_back(fmt::format("{}/{}", k, shard->count));
  }
  if (names.empty()) return {};
  // A stream cut short can miss hundreds of shards: name the first few and count them all.
  constexpr std::size_t kNamed = 5;
  if (names.size() > kNamed + 1) {
    const std::size_t all = names.size();
    names.resize(kNamed);
    return fmt::format(" ({} shards: {}, ...)", all, fmt::join(names, ", "));
  }
  return fmt::format(" (shard{} {})", names.size() == 1 ? "" : "s", fmt::join(names, ", "));
}

}  // namespace

ReplicationRange shard_range(std::uint32_t index, std::uint32_t count, std::uint32_t total) {
  if (count < 1 || index < 1 || index > count) {
    throw UsageError(fmt::format("shard {}/{} does not exist: K must be between 1 and N", index, count));
  }
  if (count > total) {
    throw UsageError(fmt::format("{} shards for {} replications: some shards would be empty", count, total));
  }
  const std::uint32_t base = total / count;
  const std::uint32_t extra = total % count;
  const std::uint32_t k = index - 1;
  return ReplicationRange{k * base + std::min(k, extra), base + (k < extra ? 1U : 0U)};
}

Summary merge_summaries(std::vector<SummaryPart> parts) {
  if (parts.empty()) throw UsageError("no partial summaries to merge");
  std::stable_sort(parts.begin(), parts.end(), [](const SummaryPart& a, const SummaryPart& b) {
    return a.summary.run.first_replication < b.summary.run.first_replication;
  });
  const SummaryPart& reference = parts.front();
  std::optional<SummaryShard> layout;
  for (const auto& part : parts) {
    if (const std::string d = difference(reference.summary, part.summary); !d.empty()) {
      throw Error(
          fmt::format("'{}' and '{}' are not parts of the same run: different {}", reference.name, part.name, d));
    }
    if (!layout) layout = part.summary.run.shard;
  }

  std::uint32_t next = 0;  // the first replication not yet covered
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const SummaryRun& run = parts[i].summary.run;
    if (run.first_replication > next) {
      throw Error(fmt::format("{} missing{} before {}", range_text(next, run.first_replication),
                              missing_shards(layout, next, run.first_replication), part_text(parts[i])));
    }
    if (run.first_replication < next) {
      const SummaryPart& previous = parts[i - 1];
      const bool same = previous.summary.run.first_replication == run.first_replication &&
                        previous.summary.run.replications == run.replications;
      throw Error(fmt::format("{} {} {}", part_text(parts[i]), same ? "duplicates" : "overlaps", part_text(previous)));
    }
    next = run.first_replication + run.replications;
  }
  if (layout && next < layout->total_replications) {
    throw Error(fmt::format("{} missing{} after {}", range_text(next, layout->total_replications),
                            missing_shards(layout, next, layout->total_replications), part_text(parts.back())));
  }
  if (layout && next > layout->total_replications) {
    throw Error(
        fmt::format("{} goes beyond the run's {} replications", part_text(parts.back()), layout->total_replications));
  }

  Summary merged;
  merged.run = reference.summary.run;
  merged.run.first_replication = 0;
  merged.run.replications = next;
  merged.run.shard.reset();
  merged.metrics.reserve(reference.summary.metrics.size());
  for (std::size_t m = 0; m < reference.summary.metrics.size(); ++m) {
    SummaryMetric metric;
    metric.name = reference.summary.metrics[m].name;
    metric.unit = reference.summary.metrics[m].unit;
    metric.values.reserve(next);
    for (const auto& part : parts) {
      const auto& values = part.summary.metrics[m].values;
      metric.values.insert(metric.values.end(), values.begin(), values.end());
    }
    merged.metrics.push_back(std::move(metric));
  }
  for (const auto& part : parts) {
    merged.cycle_time.merge(part.summary.cycle_time);
    merged.waiting_time.merge(part.summary.waiting_time);
  }
  compute_estimates(merged);
  return merged;
}

std::vector<std::string_view> split_summary_documents(std::string_view text) {
  std::vector<std::string_view> documents;
  std::size_t start = 0;
  std::size_t line = 0;
  const auto add = [&](std::size_t end) {
    const std::string_view doc = text.substr(start, end - start);
    if (doc.find_first_not_of(" \t\r\n") != std::string_view::npos) documents.push_back(doc);
  };
  while (line < text.size()) {
    std::size_t eol = text.find('\n', line);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view content = text.substr(line, eol - line);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (content == "---" || content == "...") {
      add(line);
      start = std::min(eol + 1, text.size());
    }
    line = eol + 1;
  }
  add(text.size());
  return documents;
}

std::vector<SummaryPart> read_summary_parts(std::string_view text, const std::string& name) {
  const std::vector<std::string_view> documents = split_summary_documents(text);
  if (documents.empty()) throw DataError(Location{name, 0, 0}, "no summary document");
  std::vector<SummaryPart> parts;
  parts.reserve(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    std::string part_name = documents.size() == 1 ? name : fmt::format("{}#{}", name, i + 1);
    Summary summary = read_summary(documents[i], part_name);
    parts.push_back(SummaryPart{std::move(part_name), std::move(summary)});
  }
  return parts;
}

}  // namespace bpm
