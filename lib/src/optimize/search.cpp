// `bpm-optimize search`: a Pareto local search over the integer grid of the `optimize:` section,
// with racing. Simulation is noisy and expensive, so
// - every configuration runs the same replications of the same seed (common random numbers), and
//   configurations are compared replication by replication (paired differences);
// - a newcomer gets one batch of replications at a time and is dropped as soon as a member of the
//   front beats it on every objective with a confidence interval that excludes zero, or a
//   constraint is missed with a confidence interval that excludes the limit; only the
//   configurations still undecided get more replications (racing). The intervals are Bonferroni-
//   corrected over the looks and comparisons, so a configuration is dropped wrongly with
//   probability at most 1 − confidence;
// - the front (or the best, for one objective) is decided on the means of configurations that ran
//   every replication, so it is exactly the front that brute force over the same configurations
//   would find; the local search only decides which configurations are worth simulating.
#include "bpm/optimize/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <set>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/kpi_columns.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/sim/summary.hpp"
#include "bpm/stats/running_stats.hpp"
#include "core/parallel_for.hpp"
#include "optimize/front_choice.hpp"
#include "optimize/racing.hpp"

namespace bpm {

std::string_view search_status_name(SearchStatus status) noexcept {
  switch (status) {
    case SearchStatus::Front: return "front";
    case SearchStatus::Equivalent: return "equivalent";
    case SearchStatus::Dominated: return "dominated";
    case SearchStatus::RacedOut: return "raced out";
    case SearchStatus::Infeasible: return "infeasible";
    case SearchStatus::Unfinished: return "unfinished";
  }
  return "unfinished";
}

namespace {

/// Thrown by a replay that reaches a round whose evaluations are not all in the state.
struct PendingRound {
  std::vector<SearchEvaluation> evaluations;
};

/// Replication values of the metrics a configuration is judged on.
struct Record {
  std::vector<long long> values;
  std::vector<std::vector<double>> objectives;   // [objective][replication]
  std::vector<std::vector<double>> constraints;  // [constraint][replication]
  std::vector<std::vector<double>> extras;       // [extra metric][replication]
  std::uint32_t n = 0;
  bool explored = false;
  SearchStatus status = SearchStatus::Unfinished;
  std::string note;
};

Estimate estimate_of(const std::vector<double>& values, std::size_t n, double confidence) {
  RunningStats stats;
  for (std::size_t r = 0; r < n && r < values.size(); ++r) {
    if (std::isfinite(values[r])) stats.add(values[r]);
  }
  if (stats.count() == 0) return Estimate{std::nan(""), std::nan(""), std::nan(""), 0};
  return estimate(stats, confidence);
}

/// Mean of b - a over the first n replications where both are defined.
Estimate paired(const std::vector<double>& a, const std::vector<double>& b, std::size_t n, double confidence) {
  std::vector<double> x;
  std::vector<double> y;
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isfinite(a[r]) && std::isfinite(b[r])) {
      x.push_back(b[r]);
      y.push_back(a[r]);
    }
  }
  if (x.size() < 2) return Estimate{std::nan(""), std::nan(""), std::nan(""), x.size()};
  return paired_difference(x, y, confidence);
}

/// A figure for a note: 4 significant digits, durations humanised ("3.25d").
std::string value_text(double value, bool is_duration) {
  return is_duration ? humanize_duration(value) : fmt::format("{:.4g}", value);
}

class Searcher {
 public:
  /// `replay_only`: stop at the first round that the state does not hold (PendingRound) instead
  /// of simulating it.
  Searcher(const Process& process, const SearchOptions& options, bool replay_only = false)
      : base_(process), options_(options), replay_only_(replay_only) {
    if (!process.optimize) {
      throw ModelError(Location{process.source, 0, 0},
                       "the process has no optimize: section to search (see share/doc/process-format.md#optimize)");
    }
    check_section();
    const OptimizeSettings& o = *process.optimize;
    result_.process = process.name;
    result_.variables = o.vary;
    for (const auto& m : o.minimize) result_.objectives.push_back({m, false, MetricUnit::Count});
    for (const auto& m : o.maximize) result_.objectives.push_back({m, true, MetricUnit::Count});
    for (const auto& c : o.subject_to) {
      const std::size_t star = c.metric.find('*');
      if (star == std::string::npos) {
        result_.constraints.push_back({c.metric, c.target, c.text, MetricUnit::Count, c.where});
        continue;
      }
      for (const Resource& r : process.resources) {
        result_.constraints.push_back({c.metric.substr(0, star) + r.id + c.metric.substr(star + 1), c.target, c.text,
                                       MetricUnit::Count, c.where});
      }
    }
    // Staffing must not look free: with a pool's servers among the variables, their paid hours
    // are reported even when no objective or constraint counts them.
    const bool staffing = std::any_of(o.vary.begin(), o.vary.end(), [](const OptimizeVariable& v) {
      return v.path.starts_with("resources.") && v.path.ends_with(".count");
    });
    const auto named = [&](const std::string& metric) {
      return std::any_of(result_.objectives.begin(), result_.objectives.end(),
                         [&](const SearchObjective& x) { return x.metric == metric; }) ||
             std::any_of(result_.constraints.begin(), result_.constraints.end(),
                         [&](const SearchConstraint& x) { return x.metric == metric; });
    };
    if (staffing && !named("cost.rostered_per_case")) {
      result_.extras.push_back({"cost.rostered_per_case", false, MetricUnit::Money});
    }
    result_.replications = options.replications > 0 ? options.replications : process.simulation.replications;
    if (result_.replications < 2) {
      throw SettingError("replications", fmt::format("search needs at least 2 replications per configuration "
                                                     "for confidence intervals, not {}",
                                                     result_.replications));
    }
    result_.batch = options.batch > 0 ? options.batch : std::max(2U, (result_.replications + 4) / 5);
    result_.batch = std::min(result_.batch, result_.replications);
    if (result_.batch < 2) throw UsageError("the batch of replications must be at least 2");
    result_.budget = options.budget.value_or(o.budget);
    if (result_.budget < 1) throw UsageError("the budget must be at least 1 evaluation");
    result_.seed = options.seed.value_or(process.simulation.seed);
    result_.confidence = options.confidence;
    result_.looks = optimize_detail::racing_looks(result_.replications, result_.batch);
    if (options.state != nullptr) {
      for (const SearchEvaluationValues& v : options.state->values) {
        provided_[{v.evaluation.values, v.evaluation.first}] = &v;
      }
      const std::size_t metrics = result_.objectives.size() + result_.constraints.size() + result_.extras.size();
      if (!options.state->values.empty() && options.state->units.size() == metrics) {
        for (std::size_t k = 0; k < result_.objectives.size(); ++k)
          result_.objectives[k].unit = options.state->units[k];
        for (std::size_t j = 0; j < result_.constraints.size(); ++j) {
          result_.constraints[j].unit = options.state->units[result_.objectives.size() + j];
        }
        for (std::size_t e = 0; e < result_.extras.size(); ++e) {
          result_.extras[e].unit = options.state->units[result_.objectives.size() + result_.constraints.size() + e];
        }
      }
    }
    result_.configurations = 1;
    for (const auto& v : o.vary) {
      const auto size = static_cast<std::uint64_t>(v.high - v.low + 1);
      result_.configurations = result_.configurations > std::numeric_limits<std::uint64_t>::max() / size
                                   ? std::numeric_limits<std::uint64_t>::max()
                                   : result_.configurations * size;
    }
  }

  /// The resolved settings (replications, batch, budget, seed) before the run.
  [[nodiscard]] const SearchResult& settings() const noexcept { return result_; }

  SearchResult run() {
    std::vector<long long> start;
    for (const auto& v : result_.variables) start.push_back(v.low + (v.high - v.low) / 2);
    race({start});
    while (!result_.budget_exhausted) {
      const std::optional<std::size_t> centre = next_centre();
      if (!centre) break;  // every member of the front has had its neighbourhood searched
      records_[*centre].explored = true;
      race(neighbours(records_[*centre].values));
    }
    finish();
    return std::move(result_);
  }

 private:
  const Process& base_;
  const SearchOptions& options_;
  SearchResult result_;
  std::vector<Record> records_;
  std::map<std::vector<long long>, std::size_t> index_;
  std::vector<std::size_t> front_;
  std::vector<int> objective_columns_;
  std::vector<int> constraint_columns_;
  std::vector<int> extra_columns_;
  bool replay_only_ = false;
  std::map<std::pair<std::vector<long long>, std::uint32_t>, const SearchEvaluationValues*> provided_;
  std::uint64_t rounds_ = 0;

 public:
  [[nodiscard]] std::uint64_t rounds() const noexcept { return rounds_; }

  [[nodiscard]] std::vector<MetricUnit> units() const {
    std::vector<MetricUnit> out;
    for (const auto& o : result_.objectives) out.push_back(o.unit);
    for (const auto& c : result_.constraints) out.push_back(c.unit);
    for (const auto& e : result_.extras) out.push_back(e.unit);
    return out;
  }

  /// Simulates evaluations, several at a time; the values of each, objectives then constraints.
  std::vector<std::vector<std::vector<double>>> simulate(const std::vector<SearchEvaluation>& evaluations) {
    std::vector<SimulationResult> results(evaluations.size());
    const unsigned threads = std::max(1U, options_.threads);
    const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, evaluations.size()));
    const unsigned inner = std::max(1U, threads / std::max(1U, workers));
    parallel_for(evaluations.size(), workers, [&](std::size_t i, unsigned) {
      SimulationOptions sim;
      sim.first_replication = evaluations[i].first;
      sim.replications = evaluations[i].count;
      sim.seed = result_.seed;
      sim.threads = inner;
      results[i] = bpm::simulate_with_kpis(variant(evaluations[i].values), sim);  // KPI names are metrics too
    });
    std::vector<std::vector<std::vector<double>>> out;
    for (const SimulationResult& result : results) {
      resolve_columns(result);
      std::vector<std::vector<double>> metrics;  // objectives, then constraints, then extras
      for (const int c : objective_columns_) metrics.push_back(result.column(static_cast<std::size_t>(c)));
      for (const int c : constraint_columns_) metrics.push_back(result.column(static_cast<std::size_t>(c)));
      for (const int c : extra_columns_) metrics.push_back(result.column(static_cast<std::size_t>(c)));
      out.push_back(std::move(metrics));
    }
    return out;
  }

 private:
  /// The lint rule that checks this section, alone, so that a bad path or metric is an error at
  /// its line before any simulation runs.
  void check_section() const {
    LintConfig config;
    for (const RuleInfo& rule : lint_rules()) config.levels[std::string(rule.id)] = RuleLevel::Off;
    config.levels["optimize-reference"] = RuleLevel::Error;
    for (const auto& d : lint(base_, config)) {
      if (d.severity == Severity::Error) throw ModelError(d.where, d.message);
    }
  }

  [[nodiscard]] Process variant(const std::vector<long long>& values) const {
    Process p = base_;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const OptimizeVariable& v = result_.variables[i];
      apply_override(p, Override{v.path, std::to_string(values[i]), v.where});
    }
    return p;
  }

  /// Metric columns are the same for every configuration (the values change, not the model's
  /// structure), so they are resolved once, from the first result.
  void resolve_columns(const SimulationResult& result) {
    if (!objective_columns_.empty() || result_.objectives.empty()) return;
    const OptimizeSettings& o = *base_.optimize;
    const auto column = [&](const std::string& metric, const Location& where, MetricUnit& unit) {
      const int index = result.metric_index(metric);
      if (index < 0) throw ModelError(where, fmt::format("'{}' is not a metric of this process", metric));
      unit = result.metrics[static_cast<std::size_t>(index)].unit;
      return index;
    };
    for (auto& objective : result_.objectives) {
      objective_columns_.push_back(column(objective.metric, o.metric_locations.at(objective.metric), objective.unit));
    }
    for (std::size_t j = 0; j < result_.constraints.size(); ++j) {
      constraint_columns_.push_back(
          column(result_.constraints[j].metric, result_.constraints[j].where, result_.constraints[j].unit));
    }
    for (auto& extra : result_.extras) extra_columns_.push_back(column(extra.metric, o.where, extra.unit));
  }

  /// One round: one more batch of replications of each configuration, taken from the state
  /// when it holds them, else simulated.
  void evaluate(const std::vector<std::size_t>& batch) {
    std::vector<SearchEvaluation> round;
    for (const std::size_t i : batch) {
      const Record& r = records_[i];
      round.push_back({r.values, r.n, std::min(result_.batch, result_.replications - r.n)});
    }
    std::vector<std::vector<std::vector<double>>> metrics(round.size());
    std::vector<SearchEvaluation> missing;
    std::vector<std::size_t> missing_at;
    for (std::size_t k = 0; k < round.size(); ++k) {
      const auto it = provided_.find({round[k].values, round[k].first});
      if (it != provided_.end() && it->second->evaluation.count == round[k].count) {
        metrics[k] = it->second->metrics;
      } else {
        missing.push_back(round[k]);
        missing_at.push_back(k);
      }
    }
    if (!missing.empty() && replay_only_) throw PendingRound{round};
    if (!missing.empty()) {
      auto simulated = simulate(missing);
      for (std::size_t m = 0; m < missing.size(); ++m) metrics[missing_at[m]] = std::move(simulated[m]);
    }
    const std::size_t objectives = result_.objectives.size();
    const std::size_t constraints = result_.constraints.size();
    for (std::size_t k = 0; k < round.size(); ++k) {
      Record& record = records_[batch[k]];
      if (metrics[k].size() != objectives + constraints + result_.extras.size()) {
        throw Error("a gathered evaluation does not have the values of this search's metrics");
      }
      for (std::size_t m = 0; m < metrics[k].size(); ++m) {
        auto& target = m < objectives                 ? record.objectives[m]
                       : m < objectives + constraints ? record.constraints[m - objectives]
                                                      : record.extras[m - objectives - constraints];
        target.insert(target.end(), metrics[k][m].begin(), metrics[k][m].end());
      }
      record.n += round[k].count;
    }
    ++rounds_;
    result_.evaluations += batch.size();
    if (options_.progress) options_.progress(result_.evaluations, result_.budget);
  }

  /// How far the constraint means of the first n replications miss their limits, relative to the
  /// limits; 0 when every one is met.
  [[nodiscard]] double violation(const Record& r, std::size_t n, std::string* first_missed = nullptr) const {
    double total = 0.0;
    for (std::size_t j = 0; j < result_.constraints.size(); ++j) {
      const Target& t = result_.constraints[j].target;
      const double mean = estimate_of(r.constraints[j], n, result_.confidence).mean;
      if (std::isfinite(mean) && t.met_by(mean)) continue;
      const double scale = t.value != 0.0 ? std::abs(t.value) : 1.0;
      // An undefined mean (no case reached the SLA, ...) meets nothing: count it as a full miss.
      total += std::isfinite(mean) ? std::max(std::abs(mean - t.value) / scale, 1e-12) : 1.0;
      if (first_missed != nullptr && first_missed->empty()) {
        *first_missed = fmt::format(
            "{} not met ({})", result_.constraints[j].metric,
            std::isfinite(mean) ? value_text(mean, result_.constraints[j].unit == MetricUnit::Duration) : "undefined");
      }
    }
    return total;
  }

  /// The confidence of each interval that can drop a configuration after `tests` tests at a look
  /// (optimize/racing.hpp).
  [[nodiscard]] double drop_confidence(std::size_t tests) const {
    return optimize_detail::racing_drop_confidence(result_.confidence, result_.looks, tests);
  }

  /// A constraint whose confidence interval lies wholly on the wrong side of its limit.
  [[nodiscard]] std::string surely_missed(const Record& r) const {
    const double confidence = drop_confidence(result_.constraints.size());
    for (std::size_t j = 0; j < result_.constraints.size(); ++j) {
      const Target& t = result_.constraints[j].target;
      const Estimate e = estimate_of(r.constraints[j], r.n, confidence);
      if (!std::isfinite(e.half_width)) continue;
      const bool missed = t.higher_is_better() ? e.mean + e.half_width < t.value : e.mean - e.half_width > t.value;
      if (missed) {
        return fmt::format("{} not met ({} ± {} after {} replications)", result_.constraints[j].metric,
                           value_text(e.mean, result_.constraints[j].unit == MetricUnit::Duration),
                           value_text(e.half_width, result_.constraints[j].unit == MetricUnit::Duration), r.n);
      }
    }
    return {};
  }

  /// Whether `a` (which ran every replication) beats `c` on every objective, each paired
  /// difference over c's replications having an interval at `confidence` that excludes zero
  /// (an intersection-union test: no correction over the objectives is needed).
  [[nodiscard]] bool surely_beats(const Record& a, const Record& c, double confidence) const {
    for (std::size_t k = 0; k < result_.objectives.size(); ++k) {
      const Estimate d = paired(a.objectives[k], c.objectives[k], c.n, confidence);
      const double worse = result_.objectives[k].maximize ? -d.mean : d.mean;  // how much worse c is
      if (!std::isfinite(d.half_width) || !(worse - d.half_width > 0.0)) return false;
    }
    return true;
  }

  [[nodiscard]] std::vector<double> means(const Record& r) const {
    std::vector<double> out;
    for (std::size_t k = 0; k < result_.objectives.size(); ++k) {
      const double m = estimate_of(r.objectives[k], r.n, result_.confidence).mean;
      out.push_back(result_.objectives[k].maximize ? -m : m);  // oriented: lower is better
    }
    return out;
  }

  /// Pareto dominance of oriented means; an undefined mean is worse than any number.
  static bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t k = 0; k < a.size(); ++k) {
      const double x = std::isfinite(a[k]) ? a[k] : std::numeric_limits<double>::infinity();
      const double y = std::isfinite(b[k]) ? b[k] : std::numeric_limits<double>::infinity();
      if (x > y) return false;
      if (x < y) better = true;
    }
    return better;
  }

  [[nodiscard]] bool finished_feasible(const Record& r) const {
    return r.n == result_.replications && r.status != SearchStatus::Infeasible && r.status != SearchStatus::RacedOut &&
           violation(r, r.n) == 0.0;
  }

  void update_front() {
    std::vector<std::size_t> pool;
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (finished_feasible(records_[i])) pool.push_back(i);
    }
    std::vector<std::vector<double>> m;
    for (const std::size_t i : pool) m.push_back(means(records_[i]));
    front_.clear();
    std::vector<std::vector<double>> front_means;
    for (std::size_t a = 0; a < pool.size(); ++a) {
      bool dominated = false;
      for (std::size_t b = 0; b < pool.size() && !dominated; ++b) dominated = b != a && dominates(m[b], m[a]);
      if (!dominated) {
        front_.push_back(pool[a]);
        front_means.push_back(m[a]);
      }
    }
    std::vector<std::size_t> order(front_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      if (front_means[x] != front_means[y]) return front_means[x] < front_means[y];
      return records_[front_[x]].values < records_[front_[y]].values;
    });
    std::vector<std::size_t> sorted;
    for (const std::size_t i : order) sorted.push_back(front_[i]);
    front_ = std::move(sorted);
  }

  /// The next configuration whose neighbourhood to search: a member of the front not searched
  /// yet; while nothing is feasible, the least infeasible configuration not searched yet (a
  /// best-first descent on the constraints' shortfall).
  std::optional<std::size_t> next_centre() const {
    for (const std::size_t i : front_) {
      if (!records_[i].explored) return i;
    }
    if (!front_.empty()) return std::nullopt;
    std::optional<std::size_t> best;
    double best_violation = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (records_[i].n == 0 || records_[i].explored) continue;
      const double v = violation(records_[i], records_[i].n);
      if (v < best_violation) {
        best_violation = v;
        best = i;
      }
    }
    return best;
  }

  /// ±1 on each variable, then one unit moved from one variable to another (a swap of staff
  /// between pools keeps the headcount, which single steps cannot).
  [[nodiscard]] std::vector<std::vector<long long>> neighbours(const std::vector<long long>& centre) const {
    std::vector<std::vector<long long>> out;
    const auto add = [&](std::vector<long long> values) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] < result_.variables[i].low || values[i] > result_.variables[i].high) return;
      }
      if (!index_.contains(values)) out.push_back(std::move(values));
    };
    for (std::size_t i = 0; i < centre.size(); ++i) {
      for (const long long step : {-1LL, 1LL}) {
        auto values = centre;
        values[i] += step;
        add(std::move(values));
      }
    }
    for (std::size_t i = 0; i < centre.size(); ++i) {
      for (std::size_t j = 0; j < centre.size(); ++j) {
        if (i == j) continue;
        auto values = centre;
        ++values[i];
        --values[j];
        add(std::move(values));
      }
    }
    return out;
  }

  /// Races new configurations: a batch at a time, dropping those surely infeasible or surely
  /// beaten by the front, until each has run every replication or is dropped.
  void race(const std::vector<std::vector<long long>>& configurations) {
    std::vector<std::size_t> active;
    for (const auto& values : configurations) {
      if (index_.contains(values)) continue;
      index_[values] = records_.size();
      Record record;
      record.values = values;
      record.objectives.resize(result_.objectives.size());
      record.constraints.resize(result_.constraints.size());
      record.extras.resize(result_.extras.size());
      records_.push_back(std::move(record));
      active.push_back(records_.size() - 1);
    }
    while (!active.empty()) {
      const std::uint64_t left = result_.budget - result_.evaluations;
      if (left == 0) {
        result_.budget_exhausted = true;
        break;
      }
      std::vector<std::size_t> batch = active;
      if (batch.size() > left) {
        batch.resize(static_cast<std::size_t>(left));
        result_.budget_exhausted = true;
      }
      evaluate(batch);
      std::vector<std::size_t> still;
      for (const std::size_t i : active) {
        Record& r = records_[i];
        if (std::find(batch.begin(), batch.end(), i) == batch.end()) {
          still.push_back(i);
          continue;
        }
        if (std::string missed = surely_missed(r); !missed.empty()) {
          r.status = SearchStatus::Infeasible;
          r.note = std::move(missed);
          continue;
        }
        const double confidence = drop_confidence(front_.size());
        const auto beaten = std::find_if(front_.begin(), front_.end(),
                                         [&](std::size_t a) { return surely_beats(records_[a], r, confidence); });
        if (r.n < result_.replications && beaten != front_.end()) {
          r.status = SearchStatus::RacedOut;
          r.note = fmt::format("beaten by #{} after {} replications", *beaten + 1, r.n);
          continue;
        }
        if (r.n < result_.replications) still.push_back(i);  // else finished: judged on its means
      }
      active = std::move(still);
      if (result_.budget_exhausted) break;
    }
    update_front();
  }

  /// The knee of a front: the member closest to the ideal point once each objective is scaled to
  /// [0, 1] over the front. The first member wins a tie.
  [[nodiscard]] std::size_t knee() const {
    const std::size_t k = result_.objectives.size();
    std::vector<double> low(k, std::numeric_limits<double>::infinity());
    std::vector<double> high(k, -std::numeric_limits<double>::infinity());
    for (const std::size_t i : front_) {
      const auto m = means(records_[i]);
      for (std::size_t o = 0; o < k; ++o) {
        low[o] = std::min(low[o], m[o]);
        high[o] = std::max(high[o], m[o]);
      }
    }
    std::size_t best = front_.front();
    double best_distance = std::numeric_limits<double>::infinity();
    for (const std::size_t i : front_) {
      const auto m = means(records_[i]);
      double distance = 0.0;
      for (std::size_t o = 0; o < k; ++o) {
        const double span = high[o] - low[o];
        const double x = span > 0.0 ? (m[o] - low[o]) / span : 0.0;
        distance += x * x;
      }
      if (distance < best_distance) {
        best_distance = distance;
        best = i;
      }
    }
    return best;
  }

  void finish() {
    update_front();
    // Only configurations that were simulated are reported: when the budget runs out inside a
    // race, the newcomers it never reached were not evaluated.
    std::vector<std::optional<std::size_t>> position(records_.size());
    for (std::size_t i = 0; i < records_.size(); ++i) {
      Record& r = records_[i];
      if (r.n == 0) continue;
      position[i] = result_.candidates.size();
      SearchCandidate c;
      c.id = static_cast<std::uint32_t>(i + 1);
      c.values = r.values;
      c.replications = r.n;
      for (const auto& values : r.objectives) c.objectives.push_back(estimate_of(values, r.n, result_.confidence));
      for (const auto& values : r.constraints) c.constraints.push_back(estimate_of(values, r.n, result_.confidence));
      for (const auto& values : r.extras) c.extras.push_back(estimate_of(values, r.n, result_.confidence));
      std::string missed;
      c.violation = violation(r, r.n, &missed);
      c.status = r.status;
      c.note = r.note;
      if (std::find(front_.begin(), front_.end(), i) != front_.end()) {
        c.status = SearchStatus::Front;
      } else if (r.status == SearchStatus::Unfinished && r.n == result_.replications) {
        if (c.violation > 0.0) {
          c.status = SearchStatus::Infeasible;
          c.note = missed;
        } else {
          c.status = SearchStatus::Dominated;
          const auto m = means(r);
          for (const std::size_t a : front_) {
            if (dominates(means(records_[a]), m)) {
              c.note = fmt::format("dominated by #{}", a + 1);
              break;
            }
          }
        }
      }
      result_.candidates.push_back(std::move(c));
    }
    for (const std::size_t i : front_) result_.front.push_back(*position[i]);
    if (!front_.empty()) {
      if (result_.objectives.size() == 1) {
        result_.chosen = *position[front_.front()];
      } else {
        choose_on_front(position);
      }
    } else if (!result_.candidates.empty()) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < result_.candidates.size(); ++i) {
        if (result_.candidates[i].violation < result_.candidates[best].violation) best = i;
      }
      result_.closest = best;
    }
  }

  /// The knee, or the cheaper / simpler front member that the knee is not significantly better
  /// than on any objective (optimize_detail::choose_on_front); those members are marked
  /// equivalent.
  void choose_on_front(const std::vector<std::optional<std::size_t>>& position) {
    const std::size_t knee_record = knee();
    std::vector<optimize_detail::FrontMember> members;
    std::size_t knee_member = 0;
    for (std::size_t k = 0; k < front_.size(); ++k) {
      const Record& r = records_[front_[k]];
      if (front_[k] == knee_record) knee_member = k;
      members.push_back({r.objectives, r.values});
    }
    const optimize_detail::FrontChoice choice =
        optimize_detail::choose_on_front(members, knee_member, result_.objectives, result_.confidence);
    result_.knee = *position[knee_record];
    result_.chosen = *position[front_[choice.chosen]];
    for (const std::size_t k : choice.equivalent) {
      SearchCandidate& c = result_.candidates[*position[front_[k]]];
      c.status = SearchStatus::Equivalent;
      c.note = front_[k] == knee_record
                   ? fmt::format("the knee; #{} is not significantly worse on any objective and is {}",
                                 front_[choice.chosen] + 1, choice_reason())
                   : fmt::format("the knee #{} is not significantly better on any objective", knee_record + 1);
    }
    if (front_[choice.chosen] != knee_record) {
      result_.candidates[*result_.chosen].note =
          fmt::format("the knee #{} is not significantly better on any objective; this one is {}", knee_record + 1,
                      choice_reason());
    }
  }

  /// Why the choice among equivalents went where it did (optimize_detail::choose_on_front).
  [[nodiscard]] std::string choice_reason() const {
    for (const SearchObjective& o : result_.objectives) {
      if (!o.maximize && o.unit == MetricUnit::Money) return fmt::format("cheaper ({})", o.metric);
    }
    return "simpler (fewer units in all)";
  }
};

void check_confidence(const SearchOptions& options) {
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw UsageError(fmt::format("the confidence must be between 0 and 1, not {}", options.confidence));
  }
}

}  // namespace

SearchResult search(const Process& process, const SearchOptions& options) {
  check_confidence(options);
  return Searcher(process, options).run();
}

Process apply_candidate(const Process& process, const SearchResult& result, std::size_t candidate) {
  Process out = process;
  const SearchCandidate& c = result.candidates.at(candidate);
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const OptimizeVariable& v = result.variables[i];
    apply_override(out, Override{v.path, std::to_string(c.values[i]), v.where});
  }
  return out;
}

// ----- scale-out ----------------------------------------------------------------------------------

std::string search_study(const Process& process, std::string_view text, const SearchOptions& options) {
  check_confidence(options);
  const Searcher searcher(process, options);
  const SearchResult& s = searcher.settings();
  return fmt::format("{} seed {} replications {} batch {} budget {} confidence {}", model_digest(text), s.seed,
                     s.replications, s.batch, s.budget, s.confidence);
}

namespace {

/// The round after the state's, and how many rounds the replay went through before it.
std::pair<std::vector<SearchEvaluation>, std::uint64_t> replay(const Process& process, const SearchOptions& options) {
  check_confidence(options);
  Searcher searcher(process, options, true);
  try {
    (void)searcher.run();
  } catch (const PendingRound& pending) {
    return {pending.evaluations, searcher.rounds()};
  }
  return {{}, searcher.rounds()};
}

}  // namespace

std::vector<SearchEvaluation> next_search_round(const Process& process, const SearchOptions& options) {
  return replay(process, options).first;
}

SearchShardRange search_shard_range(const ShardSpec& shard, std::size_t round_size) {
  const std::size_t n = shard.count;
  const std::size_t k = shard.index - 1;
  const std::size_t base = round_size / n;
  const std::size_t extra = round_size % n;
  const std::size_t first = k * base + std::min(k, extra);
  return {first, base + (k < extra ? 1 : 0)};
}

SearchPart run_search_part(const Process& process, const SearchOptions& options, const std::string& study,
                           const ShardSpec& shard) {
  const auto [round, rounds] = replay(process, options);
  if (round.empty()) throw UsageError("the search is complete: it needs no more evaluations");
  const SearchShardRange range = search_shard_range(shard, round.size());
  const std::vector<SearchEvaluation> mine(round.begin() + static_cast<std::ptrdiff_t>(range.first),
                                           round.begin() + static_cast<std::ptrdiff_t>(range.first + range.count));
  Searcher searcher(process, options);
  auto values = mine.empty() ? std::vector<std::vector<std::vector<double>>>{} : searcher.simulate(mine);
  SearchPart part;
  part.study = study;
  part.round = rounds;
  part.round_size = round.size();
  part.first = range.first;
  part.units = searcher.units();
  for (std::size_t i = 0; i < mine.size(); ++i) part.values.push_back({mine[i], std::move(values[i])});
  return part;
}

SearchState gather_search_round(const Process& process, const SearchOptions& options, const std::string& study,
                                const std::vector<SearchPart>& parts) {
  const auto [round, rounds] = replay(process, options);
  if (round.empty()) throw Error("the search is complete: there is no round to gather");
  if (parts.empty()) throw SettingError("parts", "the parts of the round are needed");
  std::vector<const SearchPart*> owner(round.size(), nullptr);
  for (const SearchPart& part : parts) {
    if (part.study != study) {
      throw Error(fmt::format("'{}' is a part of another study (process file, seed or options differ)", part.name));
    }
    if (part.round != rounds || part.round_size != round.size()) {
      throw Error(
          fmt::format("'{}' is a part of round {}, not of the next round {}", part.name, part.round + 1, rounds + 1));
    }
    for (std::size_t i = 0; i < part.values.size(); ++i) {
      const std::size_t at = part.first + i;
      if (at >= round.size() || !(part.values[i].evaluation == round[at])) {
        throw Error(fmt::format("'{}' holds evaluations that are not those of round {}", part.name, rounds + 1));
      }
      if (owner[at] != nullptr) {
        throw Error(fmt::format("'{}' and '{}' both hold evaluation {} of round {}", owner[at]->name, part.name, at + 1,
                                rounds + 1));
      }
      owner[at] = &part;
    }
  }
  for (std::size_t at = 0; at < round.size(); ++at) {
    if (owner[at] == nullptr) {
      throw Error(fmt::format("evaluation {} of round {} ({} evaluations) is in no part: a shard is missing", at + 1,
                              rounds + 1, round.size()));
    }
  }
  SearchState state = options.state != nullptr ? *options.state : SearchState{};
  state.study = study;
  state.rounds = rounds + 1;
  // A shard whose share of a small round was empty simulated nothing and knows no units.
  for (const SearchPart& part : parts) {
    if (!part.values.empty()) state.units = part.units;
  }
  for (std::size_t at = 0; at < round.size(); ++at) {
    state.values.push_back(owner[at]->values[at - owner[at]->first]);
  }
  return state;
}

}  // namespace bpm
