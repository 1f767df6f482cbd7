// The moments of a distribution whose parameters are expressions of case attributes: averaged over
// draws of the attributes, since the expressions may be any function of them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "bpm/model/routing_analysis.hpp"
#include "core/random.hpp"
#include "model/condition_weights.hpp"
#include "model/data_checks.hpp"
#include "model/distribution_support.hpp"

namespace bpm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Value draw_attribute(const Process& process, const Attribute& attribute, Rng& rng) {
  if (!attribute.categorical) return Value::number(attribute.numeric.sample(rng));
  double u = rng.uniform();
  std::size_t k = 0;
  while (k + 1 < attribute.weights.size() && u >= attribute.weights[k]) u -= attribute.weights[k++];
  const auto id = process.strings.find(attribute.categories[k]);
  return id ? Value::string(*id) : Value::number(kNaN);
}

/// Whether every name the expressions read is an arrival attribute that every case draws and no
/// step changes (then its draws at arrival are its values at every step).
bool reads_only_arrival_attributes(const Process& process, const Expression& e) {
  for (const std::string& name : e.identifiers()) {
    bool common = false;
    for (const Attribute& a : process.arrivals.attributes) common = common || a.name == name;
    if (!common) return false;
    for (const Step& step : process.steps) {
      for (const Assignment& set : step.set) {
        if (set.attribute == name) return false;
      }
    }
  }
  return true;
}

bool reads_only_arrival_attributes(const Process& process, const Distribution& d) {
  for (const ParamExpression& e : d.expressions) {
    if (!reads_only_arrival_attributes(process, e.expression)) return false;
  }
  return true;
}

/// `fixed` (a copy of d without expressions) with the parameters d computes from `slots`; false
/// when they are invalid.
bool with_parameters(const Distribution& d, const Value* slots, Distribution& fixed) {
  for (const ParamExpression& e : d.expressions) {
    const Value v = e.expression.eval(slots);
    const double x = v.is_string() ? kNaN : v.num * e.unit;
    set_parameter(fixed.p, fixed.lower, fixed.upper, e.slot, x);
  }
  return valid_parameters(fixed.kind, fixed.p, fixed.lower, fixed.upper);
}

/// "x = -0.37, kind = 'big'": the values of the attributes the expressions read.
template <class Expressions>
std::string describe_values(const Process& process, const Expressions& expressions, const Value* slots) {
  std::string out;
  std::vector<std::string> seen;
  const auto& attributes = process.arrivals.attributes;
  for (const Expression* e : expressions) {
    for (const std::string& name : e->identifiers()) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      for (std::size_t a = 0; a < attributes.size(); ++a) {
        if (attributes[a].name != name) continue;
        if (!out.empty()) out += ", ";
        out += slots[a].is_string() ? fmt::format("{} = '{}'", name, process.strings.at(slots[a].str))
                                    : fmt::format("{} = {:.4g}", name, slots[a].num);
      }
    }
  }
  return out;
}

constexpr std::uint64_t kMomentSeed = 0x6270'6d2d'6461'7461ULL;  // "bpm-data"

/// Calls `each(slots)` for kConditionSamples draws of the arrival attributes from a fixed stream,
/// until it returns false. The loader binds names to slots in Process::attribute_names() order,
/// whose first entries are the arrival attributes.
template <class Each>
void for_attribute_draws(const Process& process, std::string_view key, Each each) {
  Rng rng = Rng::stream(kMomentSeed, 0, Rng::key(key));
  const auto& attributes = process.arrivals.attributes;
  std::vector<Value> slots(process.attribute_names().size(), Value::number(kNaN));
  for (std::size_t draw = 0; draw < detail::kConditionSamples; ++draw) {
    for (std::size_t a = 0; a < attributes.size(); ++a) slots[a] = draw_attribute(process, attributes[a], rng);
    if (!each(slots.data())) return;
  }
}

}  // namespace

DrawMoments draw_moments(const Process& process, const Distribution& d, std::string_view key) {
  DrawMoments out;
  if (!d.data_dependent()) {
    out.mean = d.mean();
    out.second = d.variance() + out.mean * out.mean;
    return out;
  }
  out.estimated = true;
  if (!reads_only_arrival_attributes(process, d)) {
    out.mean = out.second = kNaN;
    return out;
  }
  Distribution fixed = d;
  fixed.expressions.clear();
  double sum = 0.0;
  double sum_squares = 0.0;
  bool valid = true;
  for_attribute_draws(process, key, [&](const Value* slots) {
    valid = with_parameters(d, slots, fixed);
    const double mean = fixed.mean();
    sum += mean;
    sum_squares += fixed.variance() + mean * mean;
    return valid;
  });
  if (!valid) {
    out.mean = out.second = kNaN;
    return out;
  }
  const auto n = static_cast<double>(detail::kConditionSamples);
  out.mean = sum / n;
  out.second = sum_squares / n;
  return out;
}

double expected_value(const Process& process, const Expression& e, std::string_view key) {
  if (e.identifiers().empty()) return e.eval(nullptr).num;
  if (!reads_only_arrival_attributes(process, e)) return kNaN;
  double sum = 0.0;
  for_attribute_draws(process, key, [&](const Value* slots) {
    const Value v = e.eval(slots);
    sum += v.is_string() ? kNaN : v.num;
    return std::isfinite(sum);
  });
  return sum / static_cast<double>(detail::kConditionSamples);
}

double mean_instances(const Process& process, const Step& step) {
  if (!step.instances) return 1.0;
  if (step.instances->count) {
    // As for durations, should count distributions ever take parameters from attributes.
    const double mean = draw_moments(process, *step.instances->count, "steps." + step.id + ".instances").mean;
    return std::isnan(mean) ? mean : std::max(0.0, mean);
  }
  if (!step.instances->count_of) return 1.0;
  const Expression& e = *step.instances->count_of;
  // As the simulator rounds a drawn count (sim/engine_instances.cpp): to the nearest whole number,
  // none below 1.
  const auto rounded = [](const Value& v) {
    const double x = v.is_string() ? kNaN : v.num;
    return std::isfinite(x) ? std::max(0.0, std::floor(x + 0.5)) : 0.0;
  };
  if (e.identifiers().empty()) return rounded(e.eval(nullptr));
  if (!reads_only_arrival_attributes(process, e)) return kNaN;
  double sum = 0.0;
  for_attribute_draws(process, "steps." + step.id + ".instances", [&](const Value* slots) {
    sum += rounded(e.eval(slots));
    return true;
  });
  return sum / static_cast<double>(detail::kConditionSamples);
}

double executions_per_visit(const Process& process, const Step& step) {
  const double batch = step.batch ? static_cast<double>(std::max<long long>(step.batch->size, 1)) : 1.0;
  return mean_instances(process, step) / batch;
}

namespace detail {

std::optional<std::string> invalid_parameters_example(const Process& process, const Distribution& d,
                                                      std::string_view key) {
  if (!d.data_dependent() || !reads_only_arrival_attributes(process, d)) return std::nullopt;
  Distribution fixed = d;
  fixed.expressions.clear();
  std::optional<std::string> example;
  for_attribute_draws(process, key, [&](const Value* slots) {
    if (with_parameters(d, slots, fixed)) return true;
    std::vector<const Expression*> read;
    for (const ParamExpression& e : d.expressions) read.push_back(&e.expression);
    example = describe_values(process, read, slots);
    return false;
  });
  return example;
}

std::optional<std::string> negative_value_example(const Process& process, const Expression& e, std::string_view key) {
  if (!reads_only_arrival_attributes(process, e)) return std::nullopt;
  std::optional<std::string> example;
  for_attribute_draws(process, key, [&](const Value* slots) {
    const Value v = e.eval(slots);
    if (!v.is_string() && v.num >= 0.0 && std::isfinite(v.num)) return true;
    example = describe_values(process, std::vector<const Expression*>{&e}, slots);
    return false;
  });
  return example;
}

}  // namespace detail

}  // namespace bpm
