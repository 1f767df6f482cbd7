// Reading summary documents back (bpm-kpi, bpm-optimize compare, merging parts of a run). YAML
// and JSON become the same marked tree (summary_tree.hpp: a fast reader of what bpm-sim writes,
// yaml-cpp for the rest), so every error names its line and column whichever reader built it.
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/sim/summary.hpp"
#include "core/utf8.hpp"
#include "sim/summary_doc.hpp"
#include "sim/summary_tree.hpp"

namespace bpm {
namespace {

constexpr std::string_view kFormat = "bpm-sim-summary/1";

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  Summary read(std::string_view text) {
    detail::require_text(text, file_);
    detail::SummaryTree tree;
    if (!detail::parse_summary_fast(text, tree)) detail::parse_summary_yaml(text, file_, tree);
    const Node& root = tree.root;
    if (root.kind != Node::Kind::Map) fail(root, "not a bpm-sim summary: the document is not a mapping");
    const Node* format = root.find("format");
    if (format == nullptr) fail(root, fmt::format("not a bpm-sim summary: no 'format: {}'", kFormat));
    if (string(*format, "format") != kFormat) {
      fail(*format, fmt::format("unsupported summary format '{}' (this version reads {})", format->text, kFormat));
    }
    Summary summary;
    read_metadata(child(root, "metadata"), summary.run);
    read_metrics(child(root, "metrics"), summary);
    const Node& histograms = child(root, "histograms");
    const Node& unit = child(histograms, "unit");
    if (string(unit, "histograms unit") != "seconds") fail(unit, "histograms must be in seconds");
    summary.cycle_time = histogram(child(histograms, "cycle_time"), "cycle_time");
    summary.waiting_time = histogram(child(histograms, "waiting_time"), "waiting_time");
    return summary;
  }

 private:
  using Node = detail::TreeNode;
  std::string file_;

  [[nodiscard]] Location at(const Node& node) const {
    if (node.line < 0) return Location{file_, 0, 0};
    return Location{file_, node.line + 1, node.column + 1};
  }

  [[noreturn]] void fail(const Node& node, const std::string& message) const { throw DataError(at(node), message); }

  const Node& child(const Node& map, const char* key) const {
    if (map.kind != Node::Kind::Map) fail(map, fmt::format("expected a mapping with '{}'", key));
    const Node* node = map.find(key);
    if (node == nullptr) fail(map, fmt::format("missing '{}'", key));
    return *node;
  }

  std::string_view string(const Node& node, std::string_view what) const {
    if (node.kind != Node::Kind::Scalar) fail(node, fmt::format("{} must be a single value", what));
    return node.text;
  }

  /// A string or null (empty).
  std::string optional_string(const Node& node, std::string_view what) const {
    if (node.kind == Node::Kind::Null) return {};
    return std::string(string(node, what));
  }

  double number(const Node& node, std::string_view what) const {
    if (node.kind == Node::Kind::Null) return std::numeric_limits<double>::quiet_NaN();
    const std::string_view text = string(node, what);
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double value = 0.0;
    // from_chars also reads "nan", "inf" and "-inf" in any case, as YAML's spellings below do.
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return value;
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    if (lower == ".nan") return std::numeric_limits<double>::quiet_NaN();
    if (lower == ".inf" || lower == "+.inf") return std::numeric_limits<double>::infinity();
    if (lower == "-.inf") return -std::numeric_limits<double>::infinity();
    fail(node, fmt::format("{} must be a number, not '{}'", what, text));
  }

  template <class Int>
  Int integer(const Node& node, std::string_view what) const {
    const std::string_view text = string(node, what);
    Int value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      fail(node, fmt::format("{} must be a whole number, not '{}'", what, text));
    }
    return value;
  }

  void read_metadata(const Node& node, SummaryRun& run) const {
    run.tool = string(child(node, "tool"), "tool");
    run.version = string(child(node, "version"), "version");
    run.process = string(child(node, "process"), "process");
    run.source = string(child(node, "source"), "source");
    run.digest = string(child(node, "digest"), "digest");
    run.scenario = optional_string(child(node, "scenario"), "scenario");
    const Node& overrides = child(node, "overrides");
    if (overrides.kind != Node::Kind::List) fail(overrides, "overrides must be a list");
    for (const auto& o : overrides.children) run.overrides.emplace_back(string(o, "an override"));
    run.seed = integer<std::uint64_t>(child(node, "seed"), "seed");
    run.first_replication = integer<std::uint32_t>(child(node, "first_replication"), "first_replication");
    run.replications = integer<std::uint32_t>(child(node, "replications"), "replications");
    if (const Node* shard = node.find("shard"); shard != nullptr && shard->kind != Node::Kind::Null) {
      SummaryShard part;
      part.index = integer<std::uint32_t>(child(*shard, "index"), "shard index");
      part.count = integer<std::uint32_t>(child(*shard, "count"), "shard count");
      part.total_replications = integer<std::uint32_t>(child(*shard, "total_replications"), "total_replications");
      if (part.index < 1 || part.index > part.count) {
        fail(*shard, fmt::format("shard index {} is not between 1 and the shard count {}", part.index, part.count));
      }
      run.shard = part;
    }
    const Node& cases = child(node, "cases");
    if (cases.kind != Node::Kind::Null) run.cases = integer<std::uint64_t>(cases, "cases");
    const Node& unit = child(node, "time_unit");
    run.time_unit = string(unit, "time_unit");
    const auto seconds = unit_seconds(run.time_unit);
    if (!seconds) fail(unit, fmt::format("unknown time_unit '{}'", run.time_unit));
    run.time_unit_seconds = *seconds;
    const Node& confidence = child(node, "confidence");
    run.confidence = number(confidence, "confidence");
    if (!(run.confidence > 0.0 && run.confidence < 1.0)) fail(confidence, "confidence must be between 0 and 1");
    if (const Node* warnings = node.find("warnings"); warnings != nullptr && warnings->kind != Node::Kind::Null) {
      if (warnings->kind != Node::Kind::List) fail(*warnings, "warnings must be a list");
      for (const auto& w : warnings->children) run.warnings.emplace_back(string(w, "a warning"));
    }
  }

  MetricUnit unit(const Node& node, const std::string& time_unit) const {
    const std::string_view name = string(node, "unit");
    for (const MetricUnit u : kMetricUnits) {
      if (name == detail::document_unit_name(u, time_unit)) return u;
    }
    std::string known;
    for (const MetricUnit u : kMetricUnits) {
      known += fmt::format("{}{}", known.empty() ? "" : ", ", detail::document_unit_name(u, time_unit));
    }
    fail(node, fmt::format("unknown metric unit '{}' (units: {})", name, known));
  }

  void read_metrics(const Node& node, Summary& summary) const {
    if (node.kind != Node::Kind::Map) fail(node, "metrics must be a mapping of metric names");
    summary.metrics.reserve(node.children.size() / 2);
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
      SummaryMetric metric;
      metric.name = string(node.children[i], "a metric name");
      const Node& m = node.children[i + 1];
      metric.unit = unit(child(m, "unit"), summary.run.time_unit);
      metric.estimate.mean = number(child(m, "mean"), "mean");
      metric.estimate.sd = number(child(m, "sd"), "sd");
      metric.estimate.half_width = number(child(m, "half_width"), "half_width");
      const Node& n = child(m, "n");
      metric.estimate.n = integer<std::uint64_t>(n, "n");
      const Node& values = child(m, "values");
      if (values.kind != Node::Kind::List) fail(values, "values must be a list");
      metric.values.reserve(values.children.size());
      for (const auto& v : values.children) metric.values.push_back(number(v, "a value"));
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

  std::vector<LogHistogram::Bucket> buckets(const Node& node, std::uint64_t& total) const {
    if (node.kind != Node::Kind::List) fail(node, "buckets must be a list of [index, count] pairs");
    std::vector<LogHistogram::Bucket> out;
    out.reserve(node.children.size());
    for (const auto& pair : node.children) {
      if (pair.kind != Node::Kind::List || pair.children.size() != 2) fail(pair, "a bucket is an [index, count] pair");
      out.push_back({integer<std::int32_t>(pair.children[0], "a bucket index"),
                     integer<std::uint64_t>(pair.children[1], "a bucket count")});
      total += out.back().count;
    }
    return out;
  }

  LogHistogram histogram(const Node& node, std::string_view what) const {
    const Node& count_node = child(node, "count");
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
