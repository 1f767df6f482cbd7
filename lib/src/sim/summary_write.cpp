// The summary as a report document: for programs the YAML/JSON tree of share/doc/summary-format.md
// (read back by summary_read.cpp), for people the tables of summary_table.cpp, for CSV the metrics.
#include <fmt/format.h>
#include <cmath>

#include "bpm/report/document.hpp"
#include "bpm/sim/summary.hpp"
#include "sim/summary_doc.hpp"

namespace bpm {
namespace {

using DocNode = report::Node;

constexpr std::string_view kFormat = "bpm-sim-summary/1";

DocNode optional_string(const std::string& text) { return text.empty() ? DocNode::null() : DocNode::string(text); }

DocNode metadata(const SummaryRun& run) {
  DocNode node = DocNode::map();
  node.set("tool", DocNode::string(run.tool));
  node.set("version", DocNode::string(run.version));
  node.set("process", DocNode::string(run.process));
  node.set("source", DocNode::string(run.source));
  node.set("digest", DocNode::string(run.digest));
  node.set("scenario", optional_string(run.scenario));
  DocNode& overrides = node.set("overrides", DocNode::list(true));
  for (const auto& o : run.overrides) overrides.push(DocNode::string(o));
  node.set("seed", DocNode::integer(run.seed));
  node.set("first_replication", DocNode::integer(std::uint64_t{run.first_replication}));
  node.set("replications", DocNode::integer(std::uint64_t{run.replications}));
  // Only partial summaries carry it, so a merged document equals a single run's.
  if (run.shard) {
    DocNode& shard = node.set("shard", DocNode::map(true));
    shard.set("index", DocNode::integer(std::uint64_t{run.shard->index}));
    shard.set("count", DocNode::integer(std::uint64_t{run.shard->count}));
    shard.set("total_replications", DocNode::integer(std::uint64_t{run.shard->total_replications}));
  }
  node.set("cases", run.cases ? DocNode::integer(*run.cases) : DocNode::null());
  node.set("time_unit", DocNode::string(run.time_unit));
  node.set("confidence", DocNode::number(run.confidence));
  if (!run.warnings.empty()) {
    DocNode& warnings = node.set("warnings", DocNode::list());
    for (const auto& w : run.warnings) warnings.push(DocNode::string(w));
  }
  return node;
}

DocNode metric_node(const SummaryMetric& metric, const std::string& time_unit) {
  DocNode node = DocNode::map();
  node.set("unit", DocNode::string(detail::document_unit_name(metric.unit, time_unit)));
  node.set("mean", DocNode::number(metric.estimate.mean));
  node.set("sd", DocNode::number(metric.estimate.sd));
  node.set("half_width", DocNode::number(metric.estimate.half_width));
  node.set("n", DocNode::integer(metric.estimate.n));
  DocNode& values = node.set("values", DocNode::list(true));
  for (const double v : metric.values) values.push(DocNode::number(v));
  return node;
}

DocNode quantiles(const LogHistogram& histogram, double per_unit) {
  DocNode node = DocNode::map(true);
  node.set("cases", DocNode::integer(histogram.count()));
  node.set("min", DocNode::number(histogram.min() / per_unit));
  for (const double q : kSummaryQuantiles) {
    node.set(fmt::format("p{}", std::lround(q * 100)), DocNode::number(histogram.interpolated_quantile(q) / per_unit));
  }
  node.set("max", DocNode::number(histogram.max() / per_unit));
  return node;
}

DocNode buckets(const std::vector<LogHistogram::Bucket>& list) {
  DocNode node = DocNode::list(true);
  for (const auto& b : list) {
    DocNode pair = DocNode::list(true);
    pair.push(DocNode::integer(static_cast<std::int64_t>(b.index)));
    pair.push(DocNode::integer(b.count));
    node.push(std::move(pair));
  }
  return node;
}

/// The exact state of a histogram, in seconds, so that parts of a run can be merged. The exact
/// sum is left out on purpose: a sum of rounded partial sums is not the rounded total, and a
/// merged document must equal a single run byte for byte.
DocNode histogram_node(const LogHistogram& histogram) {
  DocNode node = DocNode::map();
  node.set("count", DocNode::integer(histogram.count()));
  node.set("zero", DocNode::integer(histogram.zero_count()));
  node.set("min", DocNode::number(histogram.min()));
  node.set("max", DocNode::number(histogram.max()));
  node.set("buckets", buckets(histogram.positive_buckets()));
  node.set("negative", buckets(histogram.negative_buckets()));
  return node;
}

void add_trees(report::Document& document, const Summary& summary) {
  document.tree("metadata") = metadata(summary.run);
  report::Node& metrics = document.tree("metrics");
  for (const auto& metric : summary.metrics) metrics.set(metric.name, metric_node(metric, summary.run.time_unit));
  report::Node& pooled = document.tree("case_quantiles");
  pooled.set("cycle_time", quantiles(summary.cycle_time, summary.run.time_unit_seconds));
  pooled.set("waiting_time", quantiles(summary.waiting_time, summary.run.time_unit_seconds));
  report::Node& histograms = document.tree("histograms");
  histograms.set("unit", DocNode::string("seconds"));
  histograms.set("cycle_time", histogram_node(summary.cycle_time));
  histograms.set("waiting_time", histogram_node(summary.waiting_time));
}

/// CSV: one row per metric, in the library's units.
void add_csv(report::Document& document, const Summary& summary) {
  report::Table& table = document.table("metrics", "Metrics",
                                        {{"metric"}, {"unit"}, {"mean"}, {"half_width"}, {"sd"}, {"n"}}, report::kCsv);
  for (const SummaryMetric& m : summary.metrics) {
    const double k = summary.internal_factor(m.unit);
    table.add({report::Value::text(m.name), report::Value::text(metric_unit_name(m.unit)),
               report::Value::measure(m.estimate.mean * k, m.unit),
               report::Value::measure(m.estimate.half_width * k, m.unit),
               report::Value::measure(m.estimate.sd * k, m.unit),
               report::Value::integer(static_cast<long long>(m.estimate.n))});
  }
}

}  // namespace

report::Document summary_document(const Summary& summary) {
  report::Document document(detail::summary_title(summary), std::string(kFormat));
  document.yaml_comment = fmt::format("{} summary of '{}'. Durations in {}; schema: share/doc/summary-format.md",
                                      summary.run.tool, summary.run.process, summary.run.time_unit);
  add_trees(document, summary);
  detail::add_summary_tables(document, summary);
  add_csv(document, summary);
  return document;
}

std::string summary_yaml(const Summary& summary) {
  return report::render(summary_document(summary), report::Format::Yaml);
}

std::string summary_json(const Summary& summary) {
  return report::render(summary_document(summary), report::Format::Json);
}

std::string summary_table(const Summary& summary) {
  return report::render(summary_document(summary), report::Format::Table);
}

std::string format_summary(const Summary& summary, report::Format format) {
  return report::render(summary_document(summary), format);
}

}  // namespace bpm
