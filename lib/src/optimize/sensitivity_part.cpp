// Partial results of a sharded sensitivity study and their gathering (share/doc/scale-out.md).
// A part carries the whole study, so that gathering needs nothing but the parts, and the exact
// per-replication values of its evaluations, so that the gathered report is computed from the
// same numbers as a single run and is byte for byte the same.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "bpm/sim/summary.hpp"

namespace bpm {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "bpm-optimize sensitivity part";
constexpr int kFormatVersion = 2;  // 2: evaluations carry the pools they overload

const MetricUnit kUnits[] = {MetricUnit::Count, MetricUnit::Duration,    MetricUnit::PerDay, MetricUnit::Fraction,
                             MetricUnit::Money, MetricUnit::MoneyPerDay, MetricUnit::Level};
const ParameterKind kKinds[] = {ParameterKind::Duration,    ParameterKind::Interarrival, ParameterKind::Attribute,
                                ParameterKind::Probability, ParameterKind::Count,        ParameterKind::Cost};

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json study_json(const SensitivityStudy& s) {
  Json j = Json::object();
  j["tool"] = s.tool;
  j["version"] = s.version;
  j["process"] = s.process;
  j["source"] = s.source;
  j["digest"] = s.digest;
  j["seed"] = s.seed;
  j["replications"] = s.replications;
  j["delta"] = s.delta;
  j["confidence"] = s.confidence;
  j["time_unit"] = s.time_unit;
  j["time_unit_seconds"] = s.time_unit_seconds;
  Json metrics = Json::array();
  for (const SensitivityMetric& m : s.metrics)
    metrics.push_back(Json{{"name", m.name}, {"unit", metric_unit_name(m.unit)}});
  j["metrics"] = std::move(metrics);
  Json parameters = Json::array();
  for (const SensitivityParameter& p : s.parameters) {
    parameters.push_back(Json{{"path", p.path},
                              {"kind", std::string(parameter_kind_name(p.kind))},
                              {"base", p.base},
                              {"low", p.low},
                              {"high", p.high}});
  }
  j["parameters"] = std::move(parameters);
  j["design"] = s.design;
  Json evaluations = Json::array();
  for (const SensitivityEvaluation& e : s.evaluations) {
    evaluations.push_back(Json{{"label", e.label}, {"overrides", e.overrides}, {"overloaded", e.overloaded}});
  }
  j["evaluations"] = std::move(evaluations);
  return j;
}

/// Reads a part; every malformed input becomes a DataError naming the part.
class PartReader {
 public:
  explicit PartReader(std::string name) : name_(std::move(name)) {}

  SensitivityPart read(std::string_view text) {
    Json root;
    try {
      root = Json::parse(text);
    } catch (const Json::parse_error& e) {
      fail(fmt::format("not a JSON document: {}", e.what()));
    }
    try {
      if (!root.is_object() || root.value("format", "") != kFormat) {
        fail("not a sensitivity part (a shard of a sensitivity study writes one)");
      }
      if (root.at("format_version").get<int>() != kFormatVersion) {
        fail(fmt::format("part format version {} is not {}", root.at("format_version").dump(), kFormatVersion));
      }
      SensitivityPart part;
      part.name = name_;
      part.study = study(root.at("study"));
      part.shard.index = root.at("shard").at("index").get<std::uint32_t>();
      part.shard.count = root.at("shard").at("count").get<std::uint32_t>();
      part.first = root.at("first_evaluation").get<std::size_t>();
      for (const Json& evaluation : root.at("values")) {
        EvaluationValues values;
        for (const Json& column : evaluation) {
          std::vector<double> replications;
          for (const Json& v : column) replications.push_back(v.is_null() ? std::nan("") : v.get<double>());
          if (replications.size() != part.study.replications) fail("a metric has the wrong number of replications");
          values.push_back(std::move(replications));
        }
        if (values.size() != part.study.metrics.size()) fail("an evaluation has the wrong number of metrics");
        part.values.push_back(std::move(values));
      }
      if (part.first + part.values.size() > part.study.evaluations.size()) {
        fail("its evaluations go beyond the study's plan");
      }
      return part;
    } catch (const Json::exception& e) {
      fail(fmt::format("malformed sensitivity part: {}", e.what()));
    }
  }

 private:
  std::string name_;

  [[noreturn]] void fail(const std::string& message) const { throw DataError(Location{name_, 0, 0}, message); }

  template <class E, std::size_t N, class F>
  E lookup(const E (&options)[N], const std::string& name, F name_of, const char* what) const {
    for (const E option : options) {
      if (name_of(option) == name) return option;
    }
    fail(fmt::format("unknown {} '{}'", what, name));
  }

  SensitivityStudy study(const Json& j) const {
    SensitivityStudy s;
    s.tool = j.at("tool").get<std::string>();
    s.version = j.at("version").get<std::string>();
    s.process = j.at("process").get<std::string>();
    s.source = j.at("source").get<std::string>();
    s.digest = j.at("digest").get<std::string>();
    s.seed = j.at("seed").get<std::uint64_t>();
    s.replications = j.at("replications").get<std::uint32_t>();
    s.delta = j.at("delta").get<double>();
    s.confidence = j.at("confidence").get<double>();
    s.time_unit = j.at("time_unit").get<std::string>();
    s.time_unit_seconds = j.at("time_unit_seconds").get<double>();
    for (const Json& m : j.at("metrics")) {
      s.metrics.push_back({m.at("name").get<std::string>(),
                           lookup(
                               kUnits, m.at("unit").get<std::string>(),
                               [](MetricUnit u) { return std::string(metric_unit_name(u)); }, "metric unit")});
    }
    for (const Json& p : j.at("parameters")) {
      s.parameters.push_back(
          {p.at("path").get<std::string>(),
           lookup(
               kKinds, p.at("kind").get<std::string>(),
               [](ParameterKind k) { return std::string(parameter_kind_name(k)); }, "parameter kind"),
           p.at("base").get<double>(), p.at("low").get<double>(), p.at("high").get<double>()});
    }
    s.design = j.at("design").get<std::vector<std::vector<int>>>();
    for (const Json& e : j.at("evaluations")) {
      s.evaluations.push_back({e.at("label").get<std::string>(), e.at("overrides").get<std::vector<std::string>>(),
                               e.at("overloaded").get<std::vector<std::string>>()});
    }
    return s;
  }
};

std::string range_text(std::size_t first, std::size_t end) {
  return end - first == 1 ? fmt::format("evaluation {}", first) : fmt::format("evaluations {}-{}", first, end - 1);
}

std::string part_text(const SensitivityPart& part) {
  return fmt::format("'{}' ({})", part.name, range_text(part.first, part.first + part.values.size()));
}

/// The first field in which two studies differ, as "seed (7 vs 8)"; empty when they are one study.
std::string difference(const SensitivityStudy& a, const SensitivityStudy& b) {
  if (a.digest != b.digest) return fmt::format("process file (digest {} vs {})", a.digest, b.digest);
  if (a.seed != b.seed) return fmt::format("seed ({} vs {})", a.seed, b.seed);
  if (a.version != b.version) return fmt::format("version ({} vs {})", a.version, b.version);
  if (a.replications != b.replications) return fmt::format("replications ({} vs {})", a.replications, b.replications);
  if (a.delta != b.delta) return fmt::format("delta ({} vs {})", a.delta, b.delta);
  if (a.confidence != b.confidence) return fmt::format("confidence ({} vs {})", a.confidence, b.confidence);
  const auto names = [](const auto& items, auto name) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(name(item));
    return fmt::format("[{}]", fmt::join(out, ", "));
  };
  if (a.metrics != b.metrics) {
    const auto name = [](const SensitivityMetric& m) { return m.name; };
    return fmt::format("metrics ({} vs {})", names(a.metrics, name), names(b.metrics, name));
  }
  if (a.parameters != b.parameters) {
    const auto name = [](const SensitivityParameter& p) { return p.path; };
    return fmt::format("parameters ({} vs {})", names(a.parameters, name), names(b.parameters, name));
  }
  if (a.design.size() != b.design.size()) {
    return fmt::format("design ({} vs {} runs: the metamodel left out on one side?)", a.design.size(), b.design.size());
  }
  if (a.evaluations.size() != b.evaluations.size()) {
    return fmt::format("plan ({} vs {} evaluations)", a.evaluations.size(), b.evaluations.size());
  }
  // The file may be reached by another path on another machine: the digest decides, not the path.
  SensitivityStudy same_source = b;
  same_source.source = a.source;
  if (a != same_source) return "plan (the evaluations differ)";
  return {};
}

}  // namespace

EvaluationRange sensitivity_shard_range(const ShardSpec& shard, std::size_t evaluations) {
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw UsageError(fmt::format("shard {}/{} does not exist: K must be between 1 and N", shard.index, shard.count));
  }
  if (shard.count > evaluations) {
    throw UsageError(fmt::format("{} shards for {} evaluations: some shards would be empty", shard.count, evaluations));
  }
  const std::size_t base = evaluations / shard.count;
  const std::size_t extra = evaluations % shard.count;
  const std::size_t k = shard.index - 1;
  return EvaluationRange{k * base + std::min(k, extra), base + (k < extra ? 1 : 0)};
}

std::string write_sensitivity_part(const SensitivityPart& part) {
  Json root = Json::object();
  root["format"] = kFormat;
  root["format_version"] = kFormatVersion;
  root["study"] = study_json(part.study);
  root["shard"] = Json{{"index", part.shard.index}, {"count", part.shard.count}};
  root["first_evaluation"] = part.first;
  root["evaluation_count"] = part.values.size();
  root["plan_size"] = part.study.evaluations.size();
  Json values = Json::array();
  for (const EvaluationValues& evaluation : part.values) {
    Json metrics = Json::array();
    for (const auto& column : evaluation) {
      Json replications = Json::array();
      for (const double v : column) replications.push_back(number(v));
      metrics.push_back(std::move(replications));
    }
    values.push_back(std::move(metrics));
  }
  root["values"] = std::move(values);
  return root.dump() + "\n";
}

std::vector<SensitivityPart> read_sensitivity_parts(std::string_view text, const std::string& name) {
  const std::vector<std::string_view> documents = split_summary_documents(text);
  if (documents.empty()) throw DataError(Location{name, 0, 0}, "no sensitivity part");
  std::vector<SensitivityPart> parts;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    PartReader reader(documents.size() == 1 ? name : fmt::format("{}#{}", name, i + 1));
    parts.push_back(reader.read(documents[i]));
  }
  return parts;
}

GatheredSensitivity gather_sensitivity(std::vector<SensitivityPart> parts) {
  if (parts.empty()) throw UsageError("no sensitivity parts to gather");
  std::stable_sort(parts.begin(), parts.end(),
                   [](const SensitivityPart& a, const SensitivityPart& b) { return a.first < b.first; });
  const SensitivityPart& reference = parts.front();
  for (const SensitivityPart& part : parts) {
    if (const std::string d = difference(reference.study, part.study); !d.empty()) {
      throw Error(
          fmt::format("'{}' and '{}' are not parts of the same study: different {}", reference.name, part.name, d));
    }
    if (part.shard.count != reference.shard.count) {
      throw Error(fmt::format("'{}' and '{}' are not parts of the same study: different shard count ({} vs {})",
                              reference.name, part.name, reference.shard.count, part.shard.count));
    }
  }
  const std::size_t total = reference.study.evaluations.size();
  const ShardSpec layout = reference.shard;
  const auto missing_shards = [&](std::size_t first, std::size_t end) {
    std::vector<std::string> names;
    for (std::uint32_t k = 1; k <= layout.count && layout.count <= total; ++k) {
      const EvaluationRange r = sensitivity_shard_range(ShardSpec{k, layout.count}, total);
      if (r.first < end && first < r.first + r.count) names.push_back(fmt::format("{}/{}", k, layout.count));
    }
    if (names.empty()) return std::string();
    return fmt::format(" (shard{} {})", names.size() == 1 ? "" : "s", fmt::join(names, ", "));
  };
  std::size_t next = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const SensitivityPart& part = parts[i];
    if (part.first > next) {
      throw Error(fmt::format("{} missing{} before {}", range_text(next, part.first), missing_shards(next, part.first),
                              part_text(part)));
    }
    if (part.first < next) {
      const SensitivityPart& previous = parts[i - 1];
      const bool same = previous.first == part.first && previous.values.size() == part.values.size();
      throw Error(fmt::format("{} {} {}", part_text(part), same ? "duplicates" : "overlaps", part_text(previous)));
    }
    next = part.first + part.values.size();
  }
  if (next < total) {
    throw Error(fmt::format("{} missing{} after {}", range_text(next, total), missing_shards(next, total),
                            part_text(parts.back())));
  }
  GatheredSensitivity gathered;
  gathered.study = reference.study;
  gathered.values.reserve(total);
  for (SensitivityPart& part : parts) {
    for (EvaluationValues& values : part.values) gathered.values.push_back(std::move(values));
  }
  return gathered;
}

}  // namespace bpm
