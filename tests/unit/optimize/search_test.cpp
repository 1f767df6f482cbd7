// bpm-optimize search against brute force on a grid small enough to enumerate.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/search.hpp"
#include "bpm/sim/simulator.hpp"

namespace {

// Two pools in series, about 1.5 and 1.8 servers of load: one server overloads either pool, and
// every extra server shortens the queues at a price. 6 x 6 = 36 configurations.
constexpr const char* kModel = R"yaml(
process: two-pools
resources:
  clerks: { count: 2, cost_per_hour: 30 }
  experts: { count: 2, cost_per_hour: 60 }
arrivals:
  every: exponential(10m)
start: intake
steps:
  intake: { resource: clerks, duration: exponential(15m), next: review }
  review: { resource: experts, duration: exponential(18m), next: done }
  done: { end: handled }
simulation: { horizon: 4d, replications: 10, seed: 7 }
optimize:
  vary: { resources.clerks.count: 1..6, resources.experts.count: 1..6 }
  minimize: [cost.rostered_per_case]
  subject_to: ["cycle_time.mean <= 45m"]
  budget: 1000
)yaml";

constexpr std::uint32_t kReplications = 10;
constexpr std::uint32_t kBatch = 2;
constexpr std::uint64_t kSeed = 7;

/// Brute force: every configuration with every replication, judged on the means.
struct Point {
  std::vector<long long> values;
  std::vector<double> objectives;  // oriented: lower is better
  bool feasible = true;
};

double mean_of(const bpm::SimulationResult& r, const std::string& metric) {
  const int index = r.metric_index(metric);
  REQUIRE(index >= 0);
  double sum = 0.0;
  int n = 0;
  for (const auto& rep : r.replications) {
    const double v = rep.values[static_cast<std::size_t>(index)];
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  return n == 0 ? std::nan("") : sum / n;
}

std::vector<Point> enumerate(const bpm::Process& base) {
  const bpm::OptimizeSettings& o = *base.optimize;
  std::vector<Point> points;
  for (long long a = o.vary[0].low; a <= o.vary[0].high; ++a) {
    for (long long b = o.vary[1].low; b <= o.vary[1].high; ++b) {
      bpm::Process p = base;
      bpm::apply_override(p, {o.vary[0].path, std::to_string(a), {}});
      bpm::apply_override(p, {o.vary[1].path, std::to_string(b), {}});
      bpm::SimulationOptions sim;
      sim.replications = kReplications;
      sim.seed = kSeed;
      sim.threads = 2;
      const bpm::SimulationResult r = bpm::simulate(p, sim);
      Point point{{a, b}, {}, true};
      for (const auto& m : o.minimize) point.objectives.push_back(mean_of(r, m));
      for (const auto& m : o.maximize) point.objectives.push_back(-mean_of(r, m));
      for (const auto& c : o.subject_to) {
        std::vector<std::string> metrics{c.metric};
        if (const std::size_t star = c.metric.find('*'); star != std::string::npos) {
          metrics.clear();
          for (const auto& pool : p.resources) {
            metrics.push_back(c.metric.substr(0, star) + pool.id + c.metric.substr(star + 1));
          }
        }
        for (const auto& metric : metrics) {
          const double v = mean_of(r, metric);
          point.feasible = point.feasible && std::isfinite(v) && c.target.met_by(v);
        }
      }
      points.push_back(point);
    }
  }
  return points;
}

bool dominates(const Point& a, const Point& b) {
  bool better = false;
  for (std::size_t k = 0; k < a.objectives.size(); ++k) {
    if (a.objectives[k] > b.objectives[k]) return false;
    if (a.objectives[k] < b.objectives[k]) better = true;
  }
  return better;
}

std::set<std::vector<long long>> true_front(const std::vector<Point>& points) {
  std::set<std::vector<long long>> front;
  for (const Point& p : points) {
    if (!p.feasible) continue;
    const bool dominated =
        std::any_of(points.begin(), points.end(), [&](const Point& q) { return q.feasible && dominates(q, p); });
    if (!dominated) front.insert(p.values);
  }
  return front;
}

std::set<std::vector<long long>> found_front(const bpm::SearchResult& r) {
  std::set<std::vector<long long>> front;
  for (const std::size_t i : r.front) front.insert(r.candidates[i].values);
  return front;
}

bpm::SearchOptions options(unsigned threads = 1) {
  bpm::SearchOptions o;
  o.replications = kReplications;
  o.batch = kBatch;
  o.seed = kSeed;
  o.threads = threads;
  return o;
}

bpm::Process model(const std::string& optimize_section = {}) {
  std::string text = kModel;
  if (!optimize_section.empty()) text = text.substr(0, text.find("optimize:")) + optimize_section;
  return bpm::parse_process(text, "two-pools.yaml");
}

/// Evaluations brute force spends: every configuration, every batch.
constexpr std::uint64_t kBruteForce = 36 * (kReplications / kBatch);

}  // namespace

TEST_CASE("search finds the brute-force optimum of one objective with far fewer evaluations", "[optimize][search]") {
  const bpm::Process base = model();
  const auto truth = true_front(enumerate(base));
  REQUIRE(truth.size() == 1);
  const bpm::SearchResult r = bpm::search(base, options());
  REQUIRE(r.chosen);
  CHECK(r.candidates[*r.chosen].values == *truth.begin());
  CHECK(found_front(r) == truth);
  CHECK_FALSE(r.budget_exhausted);
  CHECK(r.configurations == 36);
  // Racing and the local search: well under half of what brute force spends.
  CHECK(r.evaluations * 2 < kBruteForce);
  CHECK(r.evaluations == 14);  // pinned: the method is deterministic for a seed
  INFO("evaluations " << r.evaluations << " of " << kBruteForce << ", configurations " << r.candidates.size());
  CHECK(r.candidates.size() < 36);
}

TEST_CASE("search finds the brute-force Pareto front of two objectives", "[optimize][search]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 1..6, resources.experts.count: 1..6 }
  minimize: [cycle_time.mean, cost.rostered_per_case]
  subject_to: "resources.*.utilisation <= 0.9"
  budget: 1000
)yaml");
  const auto truth = true_front(enumerate(base));
  REQUIRE(truth.size() >= 3);
  const bpm::SearchResult r = bpm::search(base, options());
  CHECK(found_front(r) == truth);
  CHECK_FALSE(r.budget_exhausted);
  INFO("evaluations " << r.evaluations << " of " << kBruteForce);
  CHECK(r.evaluations * 3 < kBruteForce * 2);
  CHECK(r.evaluations == 119);
  CHECK(truth.size() == 14);
  // The knee is on the front and neither extreme when the front is longer than two; the chosen
  // member is the knee or a cheaper one the knee does not beat significantly on any objective.
  REQUIRE(r.knee);
  REQUIRE(r.chosen);
  CHECK(truth.contains(r.candidates[*r.knee].values));
  CHECK(*r.knee != r.front.front());
  CHECK(*r.knee != r.front.back());
  CHECK(truth.contains(r.candidates[*r.chosen].values));
  if (*r.chosen != *r.knee) {
    CHECK(r.candidates[*r.chosen].objectives[1].mean < r.candidates[*r.knee].objectives[1].mean);
    CHECK(r.candidates[*r.knee].status == bpm::SearchStatus::Equivalent);
  }
}

TEST_CASE("search is deterministic whatever the threads", "[optimize][search]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 2..4, resources.experts.count: 2..4 }
  minimize: [cycle_time.mean, cost.rostered_per_case]
  budget: 30
)yaml");
  bpm::SearchOptions o = options(1);
  o.replications = 4;
  const std::string one = bpm::format_search(bpm::search(base, o), bpm::OptimizeFormat::Json, "minutes", 60);
  o.threads = 3;
  const std::string three = bpm::format_search(bpm::search(base, o), bpm::OptimizeFormat::Json, "minutes", 60);
  CHECK(one == three);
}

TEST_CASE("search respects the budget", "[optimize][search]") {
  const bpm::Process base = model();
  bpm::SearchOptions o = options();
  o.budget = 7;
  const bpm::SearchResult r = bpm::search(base, o);
  CHECK(r.evaluations == 7);
  CHECK(r.budget_exhausted);
  const bool unfinished = std::any_of(r.candidates.begin(), r.candidates.end(), [](const bpm::SearchCandidate& c) {
    return c.status == bpm::SearchStatus::Unfinished;
  });
  CHECK(unfinished);
  // Only configurations that were simulated count as evaluated: the start ran its 5 batches, then
  // the race of its neighbours reached two of them before the budget ran out.
  for (const bpm::SearchCandidate& c : r.candidates) CHECK(c.replications > 0);
  CHECK(r.candidates.size() == 3);
  CHECK(bpm::format_search(r, bpm::OptimizeFormat::Json, "minutes", 60).find("\"evaluated\": 3") != std::string::npos);
}

TEST_CASE("a knee the noise cannot tell from cheaper members: the cheapest of them is chosen", "[optimize][search]") {
  // Four replications leave the p90 of the lean rosters within noise of the knee's: the search
  // marks them equivalent and writes out the cheapest (share/doc/bpm-optimize.md#search).
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 1..6, resources.experts.count: 1..6 }
  minimize: [cycle_time.p90, cost.rostered_per_case]
  subject_to: "resources.*.utilisation <= 0.9"
  budget: 1000
)yaml");
  bpm::SearchOptions o = options();
  o.replications = 4;
  o.seed = 4;
  const bpm::SearchResult r = bpm::search(base, o);
  REQUIRE(r.knee);
  REQUIRE(r.chosen);
  REQUIRE(*r.chosen != *r.knee);
  const bpm::SearchCandidate& knee = r.candidates[*r.knee];
  const bpm::SearchCandidate& chosen = r.candidates[*r.chosen];
  CHECK(knee.status == bpm::SearchStatus::Equivalent);
  CHECK_THAT(knee.note, Catch::Contains("cheaper (cost.rostered_per_case)"));
  CHECK_THAT(chosen.note, Catch::StartsWith(fmt::format("the knee #{} is not significantly better", knee.id)));
  // The chosen one is the cheapest of the knee and its equivalents, and slower on p90 (else the
  // knee would not be the knee).
  CHECK(chosen.objectives[1].mean < knee.objectives[1].mean);
  CHECK(chosen.objectives[0].mean > knee.objectives[0].mean);
  std::size_t equivalents = 0;
  for (const std::size_t i : r.front) {
    const bpm::SearchCandidate& c = r.candidates[i];
    if (c.status != bpm::SearchStatus::Equivalent) continue;
    ++equivalents;
    CHECK(c.objectives[1].mean > chosen.objectives[1].mean);
  }
  CHECK(equivalents >= 2);  // the knee and at least one other
  // Members dearer than the knee are significantly dearer (cost varies little): never equivalent.
  for (const std::size_t i : r.front) {
    const bpm::SearchCandidate& c = r.candidates[i];
    if (c.objectives[1].mean > knee.objectives[1].mean) CHECK(c.status == bpm::SearchStatus::Front);
  }
}

TEST_CASE("a budget spent before any answer: what was learned, not a blame on the constraints", "[optimize][search]") {
  const bpm::Process base = model();
  bpm::SearchOptions o = options();
  o.budget = 3;  // the start's first three batches: it has not run its 10 replications yet
  const bpm::SearchResult r = bpm::search(base, o);
  REQUIRE(r.budget_exhausted);
  CHECK_FALSE(r.chosen);
  CHECK(r.evaluations == 3);
  REQUIRE(r.candidates.size() == 1);
  CHECK(r.candidates[0].replications == 6);
  CHECK(r.candidates[0].status == bpm::SearchStatus::Unfinished);
  const bpm::BudgetExhausted e = bpm::budget_error(r, "minutes", 60);
  const std::string message = e.what();
  CHECK_THAT(message, Catch::StartsWith("the budget of 3 evaluations ran out before the search found a configuration "
                                        "that ran all 10 replications and meets the constraints: 1 configuration "
                                        "simulated: 0 infeasible, 0 raced out, 1 unfinished; "));
  CHECK_THAT(message, Catch::Contains("the most promising, #1 (resources.clerks.count=3 resources.experts.count=3)"));
  CHECK_THAT(message, Catch::Contains("meets every constraint on the 6 replications it ran"));
  CHECK_THAT(message, Catch::Contains("raise the budget: a configuration that runs every replication costs 5 "
                                      "evaluations of 2 replications"));
  CHECK(message.find("cannot be met") == std::string::npos);
}

TEST_CASE("staffing variables: the rostered cost is reported when no objective counts it", "[optimize][search]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 2..3, resources.experts.count: 2..3 }
  minimize: [cycle_time.mean, cost.per_case]
  budget: 40
)yaml");
  bpm::SearchOptions o = options();
  o.replications = 4;
  const bpm::SearchResult r = bpm::search(base, o);
  REQUIRE(r.extras.size() == 1);
  CHECK(r.extras[0].metric == "cost.rostered_per_case");
  CHECK(r.extras[0].unit == bpm::MetricUnit::Money);
  for (const bpm::SearchCandidate& c : r.candidates) {
    REQUIRE(c.extras.size() == 1);
    CHECK(c.extras[0].mean > c.objectives[1].mean);  // paid idle hours on top of the worked ones
  }
  CHECK(bpm::format_search(r, bpm::OptimizeFormat::Markdown, "minutes", 60).find("cost.rostered_per_case") !=
        std::string::npos);
  // With the rostered cost an objective, nothing is added.
  const bpm::SearchResult named = bpm::search(model(R"yaml(optimize:
  vary: { resources.clerks.count: 2..3, resources.experts.count: 2..3 }
  minimize: [cycle_time.mean, cost.rostered_per_case]
  budget: 40
)yaml"),
                                              o);
  CHECK(named.extras.empty());
}

TEST_CASE("search reports which constraint cannot be met", "[optimize][search]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 1..2, resources.experts.count: 1..2 }
  minimize: cost.rostered_per_case
  subject_to: ["cycle_time.mean <= 10m", "resources.*.utilisation <= 0.99"]
  budget: 100
)yaml");
  const bpm::SearchResult r = bpm::search(base, options());
  CHECK_FALSE(r.chosen);
  REQUIRE(r.closest);
  CHECK(r.candidates.size() == 4);  // the whole grid was tried
  const bpm::ModelError e = bpm::infeasibility_error(r, "minutes", 60);
  const std::string message = e.what();
  CHECK(message.find("'cycle_time.mean <= 10m' cannot be met: the best cycle_time.mean reached is") !=
        std::string::npos);
  CHECK(message.find("utilisation") == std::string::npos);  // met by the closest configuration
  CHECK(message.find("closest: #") != std::string::npos);
  CHECK(e.where().line == 17);  // the constraint's line
}

TEST_CASE("search refuses an unknown path, an impossible range and an unknown metric", "[optimize][search]") {
  const auto error = [](const std::string& section) -> std::string {
    try {
      (void)bpm::search(model(section), options());
    } catch (const bpm::ModelError& e) {
      return e.where().str() + ": " + e.what();
    }
    return "no error";
  };
  CHECK(error("optimize:\n  vary: { resources.clerk.count: 1..3 }\n  minimize: cycle_time.mean\n") ==
        "two-pools.yaml:15:11: optimize vary: unknown override path 'resources.clerk.count' (did you mean "
        "'resources.clerks.count'?)");
  CHECK(error("optimize:\n  vary: { resources.clerks.count: 0..3 }\n  minimize: cycle_time.mean\n") ==
        "two-pools.yaml:15:11: optimize vary: resources.clerks.count: must be between 1 and 1000000, but the "
        "override makes it 0");
  CHECK(error("optimize:\n  vary: { resources.clerks.count: 1..3 }\n  minimize: cost_per_case\n") ==
        "two-pools.yaml:16:13: optimize objective 'cost_per_case' is not a metric of this process (did you mean "
        "'cost.per_case'?)");
  CHECK(error("optimize:\n  vary: { resources.clerks.count: 1..3 }\n  minimize: cycle_time.mean\n"
              "  subject_to: \"resources.*.utilization <= 0.8\"\n") ==
        "two-pools.yaml:17:15: optimize constraint metric 'resources.clerks.utilization' is not a metric of this "
        "process (did you mean 'resources.clerks.utilisation'?)");
  bpm::Process none = model();
  none.optimize.reset();
  CHECK_THROWS_WITH(bpm::search(none, options()), Catch::Contains("no optimize: section"));
}

TEST_CASE("the chosen configuration is the baseline with the chosen values", "[optimize][search]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 2..3, resources.experts.count: 2..3 }
  minimize: cycle_time.mean
  budget: 40
)yaml");
  bpm::SearchOptions o = options();
  o.replications = 4;
  const bpm::SearchResult r = bpm::search(base, o);
  REQUIRE(r.chosen);
  const bpm::Process chosen = bpm::apply_candidate(base, r, *r.chosen);
  CHECK(chosen.find_resource("clerks")->count == r.candidates[*r.chosen].values[0]);
  CHECK(chosen.find_resource("experts")->count == r.candidates[*r.chosen].values[1]);
  // More servers of each pool never lengthen the mean cycle time much: the best is the largest staff.
  CHECK(r.candidates[*r.chosen].values == std::vector<long long>{3, 3});
  CHECK(chosen.optimize);
}

TEST_CASE("a search run as rounds of shards gives the single-process result", "[optimize][search][shard]") {
  const bpm::Process base = model(R"yaml(optimize:
  vary: { resources.clerks.count: 2..4, resources.experts.count: 2..4 }
  minimize: [cycle_time.mean, cost.rostered_per_case]
  budget: 40
)yaml");
  bpm::SearchOptions o = options();
  o.replications = 4;
  const std::string text = "the file's text";
  const std::string study = bpm::search_study(base, text, o);
  bpm::SearchState state;
  std::uint64_t rounds = 0;
  while (true) {
    o.state = rounds == 0 ? nullptr : &state;
    const auto round = bpm::next_search_round(base, o);
    if (round.empty()) break;
    std::vector<bpm::SearchPart> parts;
    for (std::uint32_t k = 1; k <= 3; ++k) {
      // Through the JSON documents, as between machines.
      const bpm::SearchPart part = bpm::run_search_part(base, o, study, bpm::ShardSpec{k, 3});
      parts.push_back(bpm::read_search_part(bpm::write_search_part(part), "part-" + std::to_string(k)));
    }
    state = bpm::read_search_state(bpm::write_search_state(bpm::gather_search_round(base, o, study, parts)), "state");
    ++rounds;
    CHECK(state.rounds == rounds);
    REQUIRE(rounds < 100);
  }
  o.state = &state;
  const std::string sharded = bpm::format_search(bpm::search(base, o), bpm::OptimizeFormat::Json, "minutes", 60);
  o.state = nullptr;
  const bpm::SearchResult single = bpm::search(base, o);
  CHECK(sharded == bpm::format_search(single, bpm::OptimizeFormat::Json, "minutes", 60));
  CHECK(rounds > 3);
  CHECK(state.values.size() == single.evaluations);

  // A part must belong to the study and the round, and the round must be complete.
  o.state = nullptr;
  const bpm::SearchPart first = bpm::run_search_part(base, o, study, bpm::ShardSpec{1, 1});
  CHECK_THROWS_WITH(bpm::gather_search_round(base, o, "another study", {first}), Catch::Contains("another study"));
  o.state = &state;
  CHECK(bpm::next_search_round(base, o).empty());
  CHECK_THROWS_WITH(bpm::gather_search_round(base, o, study, {first}), Catch::Contains("complete"));
}

TEST_CASE("search objectives and constraints may name the process's KPIs", "[optimize][search]") {
  // The same study as the single-objective one, written over KPI names: the same answer.
  const bpm::Process base = model(R"yaml(kpis:
  staffing_per_case: { formula: cost.rostered_per_case }
  cycle_minutes: { formula: "cycle_time.mean / 60" }
optimize:
  vary: { resources.clerks.count: 1..6, resources.experts.count: 1..6 }
  minimize: [staffing_per_case]
  subject_to: ["cycle_minutes <= 45"]
  budget: 1000
)yaml");
  const bpm::SearchResult by_kpi = bpm::search(base, options());
  const bpm::SearchResult by_metric = bpm::search(model(), options());
  REQUIRE(by_kpi.chosen);
  REQUIRE(by_metric.chosen);
  CHECK(by_kpi.candidates[*by_kpi.chosen].values == by_metric.candidates[*by_metric.chosen].values);
  CHECK(by_kpi.evaluations == by_metric.evaluations);
}
