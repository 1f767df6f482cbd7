#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/sim/result.hpp"
#include "bpm/sim/shard.hpp"
#include "bpm/stats/student_t.hpp"

namespace bpm {

struct SearchState;

/// How `bpm-optimize search` spends its simulations. Every configuration runs replications
/// 0, 1, 2, ... of the same seed, so any two configurations are compared with common random
/// numbers, replication by replication.
struct BPM_API SearchOptions {
  std::uint32_t replications = 0;       // most a configuration gets; 0: the file's simulation.replications
  std::uint32_t batch = 0;              // replications per evaluation; 0: max(2, ceil(replications / 5))
  std::optional<std::uint64_t> budget;  // evaluations; default: the file's optimize.budget
  std::optional<std::uint64_t> seed;    // default: the file's simulation.seed
  unsigned threads = 1;                 // results are identical for any thread count
  double confidence = 0.95;
  /// Called after each round of evaluations with (evaluations spent, budget).
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  /// Evaluations already run elsewhere (a sharded search): taken from here instead of simulated.
  const SearchState* state = nullptr;
};

struct BPM_API SearchObjective {
  std::string metric;
  bool maximize = false;
  MetricUnit unit = MetricUnit::Count;
};

/// A constraint with its wildcard expanded: `resources.*.utilisation <= 0.85` gives one per pool.
struct BPM_API SearchConstraint {
  std::string metric;
  Target target;
  std::string text;  // as written in the file
  MetricUnit unit = MetricUnit::Count;
  Location where;
};

enum class SearchStatus : std::uint8_t {
  Front,       // not dominated (several objectives), or the best (one objective)
  Equivalent,  // on the front, and the knee is not significantly better on any objective
  Dominated,   // all replications run, feasible, but another configuration is better
  RacedOut,    // dropped early: significantly dominated by a configuration of the front
  Infeasible,  // a constraint's mean is not met (or significantly not met, when dropped early)
  Unfinished,  // the budget ran out before the race was decided
};

[[nodiscard]] BPM_API std::string_view search_status_name(SearchStatus status) noexcept;

/// One evaluated configuration. Estimates are over the replications it was given.
struct BPM_API SearchCandidate {
  std::uint32_t id = 0;           // evaluation order, from 1
  std::vector<long long> values;  // one per variable
  std::uint32_t replications = 0;
  std::vector<Estimate> objectives;   // one per SearchObjective
  std::vector<Estimate> constraints;  // one per SearchConstraint
  std::vector<Estimate> extras;       // one per SearchResult::extras
  double violation = 0.0;             // sum of relative shortfalls of the constraint means; 0 = feasible
  SearchStatus status = SearchStatus::Unfinished;
  std::string note;  // why: "dominated by #3", "resources.ae.utilisation <= 0.85 not met"
};

struct BPM_API SearchResult {
  std::string process;
  std::vector<OptimizeVariable> variables;
  std::vector<SearchObjective> objectives;
  std::vector<SearchConstraint> constraints;
  /// Metrics reported beside the objectives, not optimised: cost.rostered_per_case when a variable
  /// changes a pool's servers and no objective or constraint counts their paid hours (an extra
  /// idle server costs nothing in cost.per_case).
  std::vector<SearchObjective> extras;
  std::vector<SearchCandidate> candidates;  // the simulated configurations, in evaluation order
  std::vector<std::size_t> front;           // indexes of the front (the best alone for one objective), by objectives
  std::optional<std::size_t> knee;          // several objectives: the front member nearest the ideal point
  /// The configuration written out: the knee, or the cheaper / simpler member the knee is not
  /// significantly better than (status Equivalent; see share/doc/bpm-optimize.md#search); none
  /// when nothing was feasible.
  std::optional<std::size_t> chosen;
  std::optional<std::size_t> closest;  // without a feasible one: the least infeasible configuration
  std::uint64_t configurations = 0;    // size of the grid
  std::uint64_t evaluations = 0;
  std::uint64_t budget = 0;
  bool budget_exhausted = false;
  /// Racing drops a configuration on intervals at confidence 1 − (1 − confidence) / (looks ×
  /// tests): Bonferroni over the looks at which it can be dropped (every batch but the last, after
  /// which it is judged on its means) and the front members (or constraints) it is tested against
  /// at a look, so that a configuration is dropped wrongly with probability at most 1 − confidence.
  std::uint32_t looks = 0;
  std::uint32_t replications = 0;
  std::uint32_t batch = 0;
  std::uint64_t seed = 0;
  double confidence = 0.95;
};

/// Runs the search of the process's `optimize:` section (share/doc/bpm-optimize.md#search): a
/// Pareto local search over the integer grid, from the centre of the ranges, in a neighbourhood of
/// ±1 and swap moves, whose candidates race against the front with paired confidence intervals.
/// Throws ModelError (located in the file) for a missing or invalid section, UsageError for bad
/// options. Deterministic for a seed whatever `threads` is.
[[nodiscard]] BPM_API SearchResult search(const Process& process, const SearchOptions& options);

/// The process with a candidate's values applied (its `optimize:` section kept).
[[nodiscard]] BPM_API Process apply_candidate(const Process& process, const SearchResult& result,
                                              std::size_t candidate);

/// The report: header, the front (or best), and every evaluated candidate.
[[nodiscard]] BPM_API std::string format_search(const SearchResult& result, OptimizeFormat format,
                                                const std::string& time_unit, double time_unit_seconds);

/// What a search that ran out of budget without an answer learned, for the tool to throw: the
/// configurations it simulated and how they fared, and the most promising unfinished one with how
/// it stands against the constraints on the replications it ran. Call only without a chosen
/// configuration and with budget_exhausted.
[[nodiscard]] BPM_API BudgetExhausted budget_error(const SearchResult& result, const std::string& time_unit,
                                                   double time_unit_seconds);

/// Why nothing was feasible, for the tool to throw: the constraints that the least infeasible
/// configuration misses, the best mean any configuration reached for each, and that
/// configuration's values; located at the first constraint it misses. Call only without a chosen
/// configuration.
[[nodiscard]] BPM_API ModelError infeasibility_error(const SearchResult& result, const std::string& time_unit,
                                                     double time_unit_seconds);

// ----- scale-out: a search as rounds of evaluations ------------------------------------------

/// One evaluation: a configuration simulated for replications [first, first + count).
struct BPM_API SearchEvaluation {
  std::vector<long long> values;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  friend bool operator==(const SearchEvaluation&, const SearchEvaluation&) = default;
};

/// The replication values of an evaluation: one vector per objective, then per constraint.
struct BPM_API SearchEvaluationValues {
  SearchEvaluation evaluation;
  std::vector<std::vector<double>> metrics;
};

/// What a sharded search has gathered: the values of its first `rounds` rounds. The search is a
/// deterministic function of these values, so replaying it with the state reaches the next round,
/// and with every round gathered gives the single-process result byte for byte.
struct BPM_API SearchState {
  std::string study;  // search_study(): the file, seed and options it belongs to
  std::uint64_t rounds = 0;
  std::vector<MetricUnit> units;  // objectives, then constraints (once any evaluation has run)
  std::vector<SearchEvaluationValues> values;
};

/// The fingerprint of a study: the process file's text, the seed, replications, batch and budget.
[[nodiscard]] BPM_API std::string search_study(const Process& process, std::string_view text,
                                               const SearchOptions& options);

/// The evaluations of the next round, replaying the search over `options.state` (which may be
/// null: the first round). Empty when the search needs no more evaluations.
[[nodiscard]] BPM_API std::vector<SearchEvaluation> next_search_round(const Process& process,
                                                                      const SearchOptions& options);

/// What `search --plan` prints: "round R: N evaluations" and a line per evaluation (its index,
/// the values of the decision variables, its replications), or "complete: ..." for an empty round.
[[nodiscard]] BPM_API std::string format_search_plan(const Process& process, std::uint64_t rounds_gathered,
                                                     const std::vector<SearchEvaluation>& round);

/// A shard's share of a round: evaluations [first, first + count) of `round_size`, contiguous
/// ranges whose sizes differ by at most one, larger ones first. Rounds vary in size, so a shard
/// may be empty (its part holds no evaluations): an array job keeps one size for every round.
struct BPM_API SearchShardRange {
  std::size_t first = 0;
  std::size_t count = 0;
};
[[nodiscard]] BPM_API SearchShardRange search_shard_range(const ShardSpec& shard, std::size_t round_size);

/// The results of evaluations of a round, run on this machine.
struct BPM_API SearchPart {
  std::string name;  // file name, for messages
  std::string study;
  std::uint64_t round = 0;  // rounds gathered before this one
  std::size_t round_size = 0;
  std::size_t first = 0;
  std::vector<MetricUnit> units;
  std::vector<SearchEvaluationValues> values;
};
[[nodiscard]] BPM_API SearchPart run_search_part(const Process& process, const SearchOptions& options,
                                                 const std::string& study, const ShardSpec& shard);

/// JSON documents; doubles round-trip bit for bit. Readers throw DataError naming the file.
[[nodiscard]] BPM_API std::string write_search_state(const SearchState& state);
[[nodiscard]] BPM_API SearchState read_search_state(std::string_view text, const std::string& name);
[[nodiscard]] BPM_API std::string write_search_part(const SearchPart& part);
[[nodiscard]] BPM_API SearchPart read_search_part(std::string_view text, const std::string& name);

/// Folds the parts of the next round into a new state. Throws Error naming the parts when they
/// belong to another study or round, overlap, or leave evaluations of the round missing.
[[nodiscard]] BPM_API SearchState gather_search_round(const Process& process, const SearchOptions& options,
                                                      const std::string& study, const std::vector<SearchPart>& parts);

}  // namespace bpm
