// Planning a sensitivity study: which parameters, their ±X% levels, the two-level design of the
// metamodel and the overrides of every evaluation. Everything is decided here, before any
// simulation, so that a plan can be listed (--plan) and run in shards anywhere.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/core/version.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/model/override.hpp"
#include "bpm/model/routing_analysis.hpp"
#include "bpm/optimize/compare.hpp"
#include "bpm/optimize/kpi_columns.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "model/yaml_reader.hpp"
#include "optimize/hadamard.hpp"

namespace bpm {

std::string_view parameter_kind_name(ParameterKind kind) noexcept {
  switch (kind) {
    case ParameterKind::Duration: return "duration";
    case ParameterKind::Interarrival: return "interarrival";
    case ParameterKind::Attribute: return "attribute";
    case ParameterKind::Probability: return "probability";
    case ParameterKind::Count: return "count";
    case ParameterKind::Cost: return "cost";
  }
  return "duration";
}

double parse_sensitivity_delta(std::string_view text) {
  const auto value = detail::parse_number(text, true);
  if (!value || !std::isfinite(*value)) {
    throw UsageError(fmt::format("--delta takes a percentage such as 10% or a fraction such as 0.1, not '{}'", text));
  }
  if (*value <= 0.0 || *value >= 1.0) {
    throw UsageError(fmt::format("--delta must be more than 0% and less than 100%, not '{}'", text));
  }
  return *value;
}

namespace {

/// A candidate parameter and where it lives, or why it cannot be perturbed.
struct Candidate {
  std::string path;
  ParameterKind kind = ParameterKind::Duration;
  double base = 1.0;
  std::string unsuitable = {};    // non-empty: the reason it is not a parameter
  bool skip_by_default = false;   // eligible only when named (the absorbing xor branch)
  const Step* gateway = nullptr;  // xor branches
  std::size_t branch = 0;
};

bool drawn(const Branch& branch) { return branch.p.has_value() && !branch.when; }

/// The drawn branch of an xor gateway that absorbs the others' changes by default: the most likely.
std::size_t absorbing_branch(const Step& step) {
  std::size_t best = step.branches.size();
  for (std::size_t i = 0; i < step.branches.size(); ++i) {
    if (drawn(step.branches[i]) && (best == step.branches.size() || *step.branches[i].p > *step.branches[best].p))
      best = i;
  }
  return best;
}

std::vector<Candidate> candidates(const Process& process) {
  std::vector<Candidate> out;
  const auto zero = [](const std::string& path) {
    return fmt::format("'{}' is 0 in the file: ±X% leaves it unchanged", path);
  };
  for (const Step& step : process.steps) {
    const std::string prefix = "steps." + step.id + ".";
    switch (step.kind) {
      case StepKind::Task: {
        Candidate duration{prefix + "duration", ParameterKind::Duration};
        if (!step.duration) duration.unsuitable = fmt::format("step '{}' has no duration to scale", step.id);
        out.push_back(duration);
        Candidate cost{prefix + "cost", ParameterKind::Cost, step.cost};
        if (step.cost == 0.0) cost.unsuitable = zero(cost.path);
        out.push_back(cost);
        out.push_back(Candidate{prefix + "priority", ParameterKind::Count, 0.0,
                                "a priority orders queues: it is not a quantity to perturb by ±X%"});
        Candidate rework{prefix + "rework.p", ParameterKind::Probability, step.rework ? step.rework->p : 0.0};
        if (rework.base == 0.0) rework.unsuitable = zero(rework.path);
        out.push_back(rework);
        break;
      }
      case StepKind::Wait: out.push_back(Candidate{prefix + "wait", ParameterKind::Duration}); break;
      case StepKind::Xor:
      case StepKind::Or: {
        const bool is_xor = step.kind == StepKind::Xor;
        const std::size_t absorber = is_xor ? absorbing_branch(step) : step.branches.size();
        for (std::size_t i = 0; i < step.branches.size(); ++i) {
          const Branch& branch = step.branches[i];
          Candidate c{fmt::format("{}{}.{}.p", prefix, is_xor ? "xor" : "or", i), ParameterKind::Probability,
                      branch.p.value_or(0.0)};
          c.gateway = is_xor ? &step : nullptr;
          c.branch = i;
          if (!branch.p) {
            c.unsuitable = fmt::format("branch {} of '{}' has no probability", i, step.id);
          } else if (is_xor && branch.when) {
            c.unsuitable = fmt::format("branch {} of '{}' is chosen by its condition, not drawn", i, step.id);
          } else if (c.base == 0.0) {
            c.unsuitable = zero(c.path);
          }
          c.skip_by_default = i == absorber;
          out.push_back(std::move(c));
        }
        break;
      }
      default: break;
    }
  }
  for (const Resource& resource : process.resources) {
    const std::string prefix = "resources." + resource.id + ".";
    out.push_back(Candidate{prefix + "count", ParameterKind::Count, static_cast<double>(resource.count)});
    Candidate cost{prefix + "cost_per_hour", ParameterKind::Cost, resource.cost_per_hour};
    if (resource.cost_per_hour == 0.0) cost.unsuitable = zero(cost.path);
    out.push_back(cost);
  }
  out.push_back(Candidate{"arrivals.every", ParameterKind::Interarrival});
  for (const Attribute& attribute : process.arrivals.attributes) {
    Candidate c{"arrivals.attributes." + attribute.name, ParameterKind::Attribute};
    if (attribute.categorical) c.unsuitable = fmt::format("attribute '{}' is categorical", attribute.name);
    if (attribute.formula) c.unsuitable = fmt::format("attribute '{}' is computed by a formula", attribute.name);
    out.push_back(std::move(c));
  }
  return out;
}

/// Rounds away the last bits of binary noise (1.1 × 5 = 5.500000000000001), so that levels are
/// written and read back as the short numbers they are meant to be.
double tidy(double value) { return std::stod(fmt::format("{:.10g}", value)); }

std::string number_text(double value) { return fmt::format("{}", value); }

void set_levels(SensitivityParameter& p, double delta) {
  switch (p.kind) {
    case ParameterKind::Duration:
    case ParameterKind::Interarrival:
    case ParameterKind::Attribute:
      p.base = 1.0;
      p.low = tidy(1.0 - delta);
      p.high = tidy(1.0 + delta);
      return;
    case ParameterKind::Probability:
      p.low = tidy(std::max(0.0, p.base * (1.0 - delta)));
      p.high = tidy(std::min(1.0, p.base * (1.0 + delta)));
      return;
    case ParameterKind::Count:
      // Servers are whole, and a ±X% of a small pool is no small change (±10% of 2 is ±50%):
      // counts move by one server, never below one, and are reported in their own section.
      p.low = std::max(1.0, p.base - 1.0);
      p.high = p.base + 1.0;
      return;
    case ParameterKind::Cost:
      p.low = tidy(p.base * (1.0 - delta));
      p.high = tidy(p.base * (1.0 + delta));
      return;
  }
}

bool is_scaled(ParameterKind kind) {
  return kind == ParameterKind::Duration || kind == ParameterKind::Interarrival || kind == ParameterKind::Attribute;
}

/// Builds the overrides of one evaluation from the level (−1, 0, +1) of every parameter.
class OverrideBuilder {
 public:
  OverrideBuilder(const std::vector<SensitivityParameter>& parameters, const std::vector<const Candidate*>& where)
      : parameters_(parameters), where_(where) {}

  std::vector<std::string> build(const std::vector<int>& levels) const {
    std::vector<std::string> out;
    std::map<const Step*, std::map<std::size_t, double>> gateways;  // xor branches set, by gateway
    std::vector<const Step*> gateway_order;
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
      const SensitivityParameter& p = parameters_[i];
      const Candidate& c = *where_[i];
      if (c.gateway != nullptr) {
        if (!gateways.contains(c.gateway)) gateway_order.push_back(c.gateway);
        gateways[c.gateway][c.branch] = level_value(p, levels[i]);
        continue;
      }
      if (levels[i] == 0) continue;
      const double value = level_value(p, levels[i]);
      out.push_back(fmt::format("{}={}{}", p.path, is_scaled(p.kind) ? "*" : "", number_text(value)));
    }
    for (const Step* gateway : gateway_order) add_gateway(*gateway, gateways[gateway], out);
    return out;
  }

 private:
  const std::vector<SensitivityParameter>& parameters_;
  const std::vector<const Candidate*>& where_;

  static double level_value(const SensitivityParameter& p, int level) {
    return level < 0 ? p.low : level > 0 ? p.high : p.base;
  }

  /// The drawn branches that are not parameters keep their proportions and take up what the
  /// perturbed ones leave, so that the probabilities still sum to 1.
  static void add_gateway(const Step& gateway, const std::map<std::size_t, double>& set,
                          std::vector<std::string>& out) {
    bool changed = false;
    double taken = 0.0;
    double absorbing = 0.0;
    for (std::size_t i = 0; i < gateway.branches.size(); ++i) {
      if (!drawn(gateway.branches[i])) continue;
      if (const auto it = set.find(i); it != set.end()) {
        taken += it->second;
        changed = changed || it->second != *gateway.branches[i].p;
      } else {
        absorbing += *gateway.branches[i].p;
      }
    }
    if (!changed) return;
    if (absorbing <= 0.0 || taken > 1.0) {
      throw UsageError(fmt::format(
          "the drawn branches of xor gateway '{}' cannot be renormalised at these levels ({} of probability "
          "perturbed, {} left to absorb it): lower --delta or leave a likelier branch out of --param",
          gateway.id, number_text(tidy(taken)), number_text(tidy(absorbing))));
    }
    const double factor = (1.0 - taken) / absorbing;
    for (std::size_t i = 0; i < gateway.branches.size(); ++i) {
      if (!drawn(gateway.branches[i])) continue;
      const auto it = set.find(i);
      const double value = it != set.end() ? it->second : tidy(*gateway.branches[i].p * factor);
      out.push_back(fmt::format("steps.{}.xor.{}.p={}", gateway.id, i, number_text(value)));
    }
  }
};

std::vector<const Candidate*> select(const std::vector<Candidate>& all, const Process& process,
                                     const std::vector<std::string>& requested) {
  std::vector<const Candidate*> chosen;
  if (requested.empty()) {
    for (const Candidate& c : all) {
      if (c.unsuitable.empty() && !c.skip_by_default) chosen.push_back(&c);
    }
    return chosen;
  }
  std::set<std::string> seen;
  for (const std::string& path : requested) {
    if (!seen.insert(path).second) throw UsageError(fmt::format("--param '{}' is given twice", path));
  }
  const std::vector<std::string> paths = override_paths(process);
  for (const std::string& path : requested) {
    const auto it = std::find_if(all.begin(), all.end(), [&](const Candidate& c) { return c.path == path; });
    if (it == all.end()) {
      if (std::find(paths.begin(), paths.end(), path) != paths.end()) {
        throw UsageError(
            fmt::format("--param '{}': not a quantity to perturb by ±X% (sensitivity takes durations, "
                        "waits, costs, probabilities, counts, arrivals.every and numeric attributes)",
                        path));
      }
      std::vector<std::string> eligible;
      for (const Candidate& c : all) {
        if (c.unsuitable.empty()) eligible.push_back(c.path);
      }
      std::string hint = detail::closest_match(path, eligible);
      if (hint.empty()) hint = detail::closest_match(path, paths);
      throw UsageError(hint.empty()
                           ? fmt::format("--param: unknown parameter path '{}' (see bpm-optimize sensitivity --plan "
                                         "for the parameters of this file)",
                                         path)
                           : fmt::format("--param: unknown parameter path '{}' (did you mean '{}'?)", path, hint));
    }
    if (!it->unsuitable.empty()) throw UsageError(fmt::format("--param '{}': {}", path, it->unsuitable));
  }
  // File order, whatever the order of the options: the report does not depend on it.
  for (const Candidate& c : all) {
    if (seen.contains(c.path)) chosen.push_back(&c);
  }
  // An xor gateway needs a drawn branch outside the parameters to keep the sum at 1.
  std::map<const Step*, std::size_t> per_gateway;
  for (const Candidate* c : chosen) {
    if (c->gateway != nullptr) ++per_gateway[c->gateway];
  }
  for (const auto& [gateway, count] : per_gateway) {
    const auto drawn_count =
        static_cast<std::size_t>(std::count_if(gateway->branches.begin(), gateway->branches.end(), drawn));
    if (count >= drawn_count) {
      throw UsageError(
          fmt::format("--param names every drawn branch of xor gateway '{}': leave one out to absorb the "
                      "change, since the probabilities must sum to 1",
                      gateway->id));
    }
  }
  return chosen;
}

/// The pools an evaluation's variant overloads, by the capacity check of lint resource-overload.
std::vector<std::string> overloaded_by(const Process& process, const SensitivityEvaluation& evaluation) {
  Process variant = process;
  for (const std::string& text : evaluation.overrides) {
    Override override_ = parse_set_option(text);
    override_.where = Location{evaluation.label, 0, 0};
    apply_override(variant, override_);
  }
  std::vector<std::string> pools;
  for (const std::size_t r : overloaded_pools(variant)) pools.push_back(variant.resources[r].id);
  return pools;
}

std::vector<SensitivityMetric> study_metrics(const Process& process, const SensitivityOptions& options, bool staffing) {
  // The names come from the vocabulary: no model is compiled to learn them.
  SimulationResult shape;
  for (const metrics::ProcessMetric& m : metrics::process_metrics(process, metrics::Source::Simulation)) {
    shape.metrics.push_back(MetricInfo{m.name, m.def->unit, std::string(m.def->definition)});
  }
  for (MetricInfo& kpi : kpi_columns(process)) shape.metrics.push_back(std::move(kpi));
  const std::vector<std::string> names =
      options.metrics.empty() ? default_metrics(process, shape, staffing) : options.metrics;
  std::vector<SensitivityMetric> metrics;
  for (const std::string& name : names) {
    const int index = shape.metric_index(name);
    if (index < 0) {
      std::vector<std::string> known;
      for (const MetricInfo& info : shape.metrics) known.push_back(info.name);
      const std::string hint = detail::closest_match(name, known);
      throw UsageError(hint.empty() ? fmt::format("unknown metric '{}' (see share/doc/metrics.md)", name)
                                    : fmt::format("unknown metric '{}' (did you mean '{}'?)", name, hint));
    }
    if (std::any_of(metrics.begin(), metrics.end(), [&](const SensitivityMetric& m) { return m.name == name; }))
      continue;
    metrics.push_back({name, shape.metrics[static_cast<std::size_t>(index)].unit});
  }
  if (metrics.empty()) throw UsageError("no metric to study: give --metric NAME");
  return metrics;
}

}  // namespace

std::vector<std::string> sensitivity_parameter_paths(const Process& process) {
  std::vector<std::string> paths;
  for (const Candidate& c : candidates(process)) {
    if (c.unsuitable.empty() && !c.skip_by_default) paths.push_back(c.path);
  }
  return paths;
}

SensitivityStudy plan_sensitivity(const Process& process, const SensitivityOptions& options) {
  if (!(options.delta > 0.0 && options.delta < 1.0)) {
    throw UsageError(fmt::format("--delta must be more than 0% and less than 100%, not {}", options.delta));
  }
  SensitivityStudy study;
  study.version = std::string(version());
  study.process = process.name;
  study.source = options.source;
  study.digest = options.digest;
  study.seed = options.seed.value_or(process.simulation.seed);
  study.replications = options.replications != 0 ? options.replications : process.simulation.replications;
  if (study.replications < 2) {
    throw UsageError(
        fmt::format("a sensitivity study needs at least 2 replications for its confidence intervals, "
                    "not {}: give --replications",
                    study.replications));
  }
  study.delta = options.delta;
  study.confidence = options.confidence;
  study.time_unit = process.time_unit;
  study.time_unit_seconds = process.time_unit_seconds;
  const std::vector<Candidate> all = candidates(process);
  const std::vector<const Candidate*> chosen = select(all, process, options.parameters);
  if (chosen.empty()) throw UsageError("the process has no numeric parameter to perturb");
  const bool staffing =
      std::any_of(chosen.begin(), chosen.end(), [](const Candidate* c) { return c->kind == ParameterKind::Count; });
  study.metrics = study_metrics(process, options, staffing);
  for (const Candidate* c : chosen) {
    SensitivityParameter p{c->path, c->kind, c->base, c->base, c->base};
    set_levels(p, options.delta);
    if (p.path.ends_with(".rework.p") && p.high >= 1.0) {
      throw UsageError(
          fmt::format("'{}' at +{}% would be {}: every case would be redone forever; lower --delta or "
                      "leave it out with --param",
                      p.path, number_text(options.delta * 100), number_text(p.high)));
    }
    if (p.low == p.base && p.high == p.base) {
      throw UsageError(fmt::format("--param '{}': ±{}% leaves it unchanged", p.path, number_text(options.delta * 100)));
    }
    study.parameters.push_back(std::move(p));
  }

  const std::size_t n = study.parameters.size();
  if (options.metamodel) study.design = foldover_design(n);

  const OverrideBuilder builder(study.parameters, chosen);
  std::vector<int> levels(n, 0);
  study.evaluations.push_back({"baseline", {}, {}});
  for (std::size_t i = 0; i < n; ++i) {
    for (const int level : {-1, 1}) {
      levels[i] = level;
      study.evaluations.push_back(
          {fmt::format("{} {}", study.parameters[i].path, level < 0 ? "low" : "high"), builder.build(levels), {}});
    }
    levels[i] = 0;
  }
  for (std::size_t run = 0; run < study.design.size(); ++run) {
    study.evaluations.push_back({fmt::format("design {}", run + 1), builder.build(study.design[run]), {}});
  }
  for (SensitivityEvaluation& evaluation : study.evaluations)
    evaluation.overloaded = overloaded_by(process, evaluation);
  return study;
}

}  // namespace bpm
