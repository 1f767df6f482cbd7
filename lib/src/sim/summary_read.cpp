// Reading summary documents back (bpm-kpi, bpm-optimize compare, merging parts of a run). JSON is
// read by the same YAML parser: JSON is a subset of YAML 1.2, and yaml-cpp gives line and column
// marks for every node, which a malformed-input message needs.
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/sim/summary.hpp"
#include "sim/summary_doc.hpp"

namespace bpm {
namespace {

constexpr std::string_view kFormat = "bpm-sim-summary/1";

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  Summary read(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      throw DataError(Location{file_, e.mark.line + 1, e.mark.column + 1}, "malformed summary: " + e.msg);
    }
    if (!root.IsMap()) fail(root, "not a bpm-sim summary: the document is not a mapping");
    const YAML::Node format = root["format"];
    if (!format) fail(root, fmt::format("not a bpm-sim summary: no 'format: {}'", kFormat));
    if (string(format, "format") != kFormat) {
      fail(format, fmt::format("unsupported summary format '{}' (this version reads {})", format.Scalar(), kFormat));
    }
    Summary summary;
    read_metadata(child(root, "metadata"), summary.run);
    read_metrics(child(root, "metrics"), summary);
    const YAML::Node histograms = child(root, "histograms");
    if (string(child(histograms, "unit"), "histograms unit") != "seconds") {
      fail(histograms["unit"], "histograms must be in seconds");
    }
    summary.cycle_time = histogram(child(histograms, "cycle_time"), "cycle_time");
    summary.waiting_time = histogram(child(histograms, "waiting_time"), "waiting_time");
    return summary;
  }

 private:
  std::string file_;

  [[nodiscard]] Location at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0) return Location{file_, 0, 0};
    return Location{file_, mark.line + 1, mark.column + 1};
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    throw DataError(at(node), message);
  }

  YAML::Node child(const YAML::Node& map, const char* key) const {
    if (!map.IsMap()) fail(map, fmt::format("expected a mapping with '{}'", key));
    YAML::Node node = map[key];
    if (!node) fail(map, fmt::format("missing '{}'", key));
    return node;
  }

  std::string string(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) fail(node, fmt::format("{} must be a single value", what));
    return node.Scalar();
  }

  /// A string or null (empty).
  std::string optional_string(const YAML::Node& node, std::string_view what) const {
    if (node.IsNull()) return {};
    return string(node, what);
  }

  double number(const YAML::Node& node, std::string_view what) const {
    if (node.IsNull()) return std::numeric_limits<double>::quiet_NaN();
    std::string text = string(node, what);
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    if (lower == ".nan" || lower == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (lower == ".inf" || lower == "+.inf" || lower == "inf") return std::numeric_limits<double>::infinity();
    if (lower == "-.inf" || lower == "-inf") return -std::numeric_limits<double>::infinity();
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      fail(node, fmt::format("{} must be a number, not '{}'", what, text));
    }
    return value;
  }

  template <class Int>
  Int integer(const YAML::Node& node, std::string_view what) const {
    const std::string text = string(node, what);
    Int value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      fail(node, fmt::format("{} must be a whole number, not '{}'", what, text));
    }
    return value;
  }

  void read_metadata(const YAML::Node& node, SummaryRun& run) const {
    run.tool = string(child(node, "tool"), "tool");
    run.version = string(child(node, "version"), "version");
    run.process = string(child(node, "process"), "process");
    run.source = string(child(node, "source"), "source");
    run.digest = string(child(node, "digest"), "digest");
    run.scenario = optional_string(child(node, "scenario"), "scenario");
    const YAML::Node overrides = child(node, "overrides");
    if (!overrides.IsSequence()) fail(overrides, "overrides must be a list");
    for (const auto& o : overrides) run.overrides.push_back(string(o, "an override"));
    run.seed = integer<std::uint64_t>(child(node, "seed"), "seed");
    run.first_replication = integer<std::uint32_t>(child(node, "first_replication"), "first_replication");
    run.replications = integer<std::uint32_t>(child(node, "replications"), "replications");
    if (const YAML::Node shard = node["shard"]; shard && !shard.IsNull()) {
      SummaryShard part;
      part.index = integer<std::uint32_t>(child(shard, "index"), "shard index");
      part.count = integer<std::uint32_t>(child(shard, "count"), "shard count");
      part.total_replications = integer<std::uint32_t>(child(shard, "total_replications"), "total_replications");
      if (part.index < 1 || part.index > part.count) {
        fail(shard, fmt::format("shard index {} is not between 1 and the shard count {}", part.index, part.count));
      }
      run.shard = part;
    }
    const YAML::Node cases = child(node, "cases");
    if (!cases.IsNull()) run.cases = integer<std::uint64_t>(cases, "cases");
    const YAML::Node unit = child(node, "time_unit");
    run.time_unit = string(unit, "time_unit");
    const auto seconds = unit_seconds(run.time_unit);
    if (!seconds) fail(unit, fmt::format("unknown time_unit '{}'", run.time_unit));
    run.time_unit_seconds = *seconds;
    const YAML::Node confidence = child(node, "confidence");
    run.confidence = number(confidence, "confidence");
    if (!(run.confidence > 0.0 && run.confidence < 1.0)) fail(confidence, "confidence must be between 0 and 1");
  }

  MetricUnit unit(const YAML::Node& node, const std::string& time_unit) const {
    const std::string name = string(node, "unit");
    for (const MetricUnit u : detail::kMetricUnits) {
      if (name == detail::document_unit_name(u, time_unit)) return u;
    }
    std::string known;
    for (const MetricUnit u : detail::kMetricUnits) {
      known += fmt::format("{}{}", known.empty() ? "" : ", ", detail::document_unit_name(u, time_unit));
    }
    fail(node, fmt::format("unknown metric unit '{}' (units: {})", name, known));
  }

  void read_metrics(const YAML::Node& node, Summary& summary) const {
    if (!node.IsMap()) fail(node, "metrics must be a mapping of metric names");
    for (const auto& item : node) {
      SummaryMetric metric;
      metric.name = string(item.first, "a metric name");
      const YAML::Node& m = item.second;
      metric.unit = unit(child(m, "unit"), summary.run.time_unit);
      metric.estimate.mean = number(child(m, "mean"), "mean");
      metric.estimate.sd = number(child(m, "sd"), "sd");
      metric.estimate.half_width = number(child(m, "half_width"), "half_width");
      const YAML::Node n = child(m, "n");
      metric.estimate.n = integer<std::uint64_t>(n, "n");
      const YAML::Node values = child(m, "values");
      if (!values.IsSequence()) fail(values, "values must be a list");
      for (const auto& v : values) metric.values.push_back(number(v, "a value"));
      if (metric.values.size() != summary.run.replications) {
        fail(values, fmt::format("metric '{}' has {} values for {} replications", metric.name, metric.values.size(),
                                 summary.run.replications));
      }
      const auto defined = static_cast<std::uint64_t>(
          std::count_if(metric.values.begin(), metric.values.end(), [](double v) { return !std::isnan(v); }));
      if (defined != metric.estimate.n) {
        fail(n, fmt::format("metric '{}' has n = {} but {} defined values", metric.name, metric.estimate.n, defined));
      }
      summary.metrics.push_back(std::move(metric));
    }
  }

  std::vector<LogHistogram::Bucket> buckets(const YAML::Node& node, std::uint64_t& total) const {
    if (!node.IsSequence()) fail(node, "buckets must be a list of [index, count] pairs");
    std::vector<LogHistogram::Bucket> out;
    for (const auto& pair : node) {
      if (!pair.IsSequence() || pair.size() != 2) fail(pair, "a bucket is an [index, count] pair");
      out.push_back(
          {integer<std::int32_t>(pair[0], "a bucket index"), integer<std::uint64_t>(pair[1], "a bucket count")});
      total += out.back().count;
    }
    return out;
  }

  LogHistogram histogram(const YAML::Node& node, std::string_view what) const {
    const YAML::Node count_node = child(node, "count");
    const auto count = integer<std::uint64_t>(count_node, "count");
    const auto zero = integer<std::uint64_t>(child(node, "zero"), "zero");
    const double min = number(child(node, "min"), "min");
    const double max = number(child(node, "max"), "max");
    std::uint64_t total = zero;
    const auto positive = buckets(child(node, "buckets"), total);
    const auto negative = buckets(child(node, "negative"), total);
    if (total != count)
      fail(count_node, fmt::format("histogram {} has count {} but its buckets hold {}", what, count, total));
    if (count == 0) return LogHistogram{};
    // The exact sum is not stored (see summary_write.cpp); the bucket representatives stand in.
    double sum = 0.0;
    for (const auto& b : positive) sum += LogHistogram::bucket_value(b.index) * static_cast<double>(b.count);
    for (const auto& b : negative) sum -= LogHistogram::bucket_value(b.index) * static_cast<double>(b.count);
    try {
      return LogHistogram::from_buckets(positive, negative, zero, min, max, sum);
    } catch (const Error& e) {
      fail(node, fmt::format("histogram {}: {}", what, e.what()));
    }
  }
};

}  // namespace

Summary read_summary(std::string_view text, const std::string& file_name) { return Reader(file_name).read(text); }

}  // namespace bpm
