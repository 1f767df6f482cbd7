// The control-flow miner on small logs whose structure is known.
#include <catch2/catch.hpp>

#include "bpm/discover/discover.hpp"
#include "bpm/lint/lint.hpp"
#include "discover/process_tree.hpp"
#include "discover/tree_to_flow.hpp"

using namespace bpm;
using namespace bpm::discover;

namespace {

const std::vector<std::string> kNames{"a", "b", "c", "d", "e"};

/// A trace of back-to-back one-hour events, or of the given (activity, start, end) hours.
MinerTrace seq(std::initializer_list<std::uint32_t> activities) {
  MinerTrace t;
  double at = 0.0;
  for (const auto a : activities) {
    t.push_back({a, at * 3600.0, (at + 1.0) * 3600.0});
    at += 1.0;
  }
  return t;
}

std::string mined(std::vector<MinerTrace> log, bool intervals = true, double noise = 0.2) {
  MinerSettings settings;
  settings.intervals = intervals;
  settings.noise = noise;
  MinerReport report;
  return tree_text(mine_tree(std::move(log), kNames.size(), settings, report), kNames);
}

std::vector<MinerTrace> repeat(std::vector<MinerTrace> traces, int times) {
  std::vector<MinerTrace> out;
  for (int k = 0; k < times; ++k) out.insert(out.end(), traces.begin(), traces.end());
  return out;
}

}  // namespace

TEST_CASE("miner: sequence, choice, loop", "[discover]") {
  CHECK(mined(repeat({seq({0, 1, 2})}, 5)) == "->(a, b, c)");
  CHECK(mined(repeat({seq({0, 1, 3}), seq({0, 2, 3})}, 5)) == "->(a, X(b, c), d)");
  CHECK(mined(repeat({seq({0, 1}), seq({0, 2, 0, 1})}, 5)) == "->(*(a, c), b)");
}

TEST_CASE("miner: concurrency needs overlapping intervals when the log has them", "[discover]") {
  // b and c in both orders, never overlapping: interleaved, not concurrent.
  const std::vector<MinerTrace> orders = repeat({seq({0, 1, 2, 3}), seq({0, 2, 1, 3})}, 5);
  CHECK(mined(orders, true) != "->(a, +(b, c), d)");
  // Without start times, both orders make them concurrent (the Inductive Miner's rule).
  CHECK(mined(orders, false) == "->(a, +(b, c), d)");
  // Overlapping intervals make them concurrent whatever the order.
  MinerTrace overlap{{0, 0, 3600}, {1, 3600, 9000}, {2, 5400, 7200}, {3, 9000, 9600}};
  CHECK(mined(repeat({overlap}, 5), true) == "->(a, +(b, c), d)");
}

TEST_CASE("miner: cases that stop early are an exit, not independent skips", "[discover]") {
  // 10 full cases a b c d, 10 that stop after a: b, c and d are skipped together.
  const std::string tree = mined(repeat({seq({0, 1, 2, 3}), seq({0})}, 10));
  CHECK(tree == "->(a, X(tau, ->(b, c, d)))");
}

TEST_CASE("miner: no block structure gives a chain, and the flow is valid", "[discover]") {
  // Orders that no cut explains with intervals and no overlap.
  std::vector<MinerTrace> log = repeat({seq({0, 1, 2, 1, 3}), seq({0, 2, 1, 2, 3}), seq({0, 1, 3})}, 4);
  MinerSettings settings;
  settings.intervals = true;
  MinerReport report;
  const TreeNode tree = mine_tree(log, kNames.size(), settings, report);
  CHECK(tree_text(tree, kNames).find("~(") != std::string::npos);
  Process p;
  p.name = "chain";
  p.arrivals.every.kind = DistKind::Constant;
  p.arrivals.every.is_time = true;
  p.arrivals.every.p[0] = 3600.0;
  tree_to_steps(tree, kNames, p);
  for (Step& s : p.steps) {
    if (s.kind == StepKind::Task) {
      s.duration = Distribution{};
      s.duration->kind = DistKind::Constant;
      s.duration->is_time = true;
      s.duration->p[0] = 60.0;
    }
  }
  p.simulation.cases = 10;
  CHECK_NOTHROW(require_valid(p));
}

TEST_CASE("tree to steps: probabilities and rework", "[discover]") {
  // a runs 15 times in 12 cases, 3 of them followed by b and a again: rework of a, p = 3/15.
  std::vector<MinerTrace> log = repeat({seq({0, 1, 0, 2}), seq({0, 2}), seq({0, 2}), seq({0, 2})}, 3);
  MinerSettings settings;
  MinerReport report;
  const TreeNode tree = mine_tree(log, kNames.size(), settings, report);
  REQUIRE(tree_text(tree, kNames) == "->(*(a, b), c)");
  Process p;
  tree_to_steps(tree, kNames, p);
  const Step* a = p.find_step("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->rework);
  CHECK(a->rework->to == "b");
  CHECK(a->rework->p == Approx(3.0 / 15.0).margin(1e-4));
  CHECK(p.start == "a");
  CHECK(rounded_probabilities({1, 1, 1}) == std::vector<double>{0.3334, 0.3333, 0.3333});
  CHECK(rounded_probabilities({1, 3}) == std::vector<double>{0.25, 0.75});
}

TEST_CASE("discover: a choice inside a parallel branch meets before the join", "[discover]") {
  // The running example of van der Aalst's book: examine casually or thoroughly, in parallel with
  // check ticket. Each branch must end in one input of the join, or the join would wait forever.
  const std::string log = std::string(BPM_TEST_DATA) + "/logs/running-example.csv";
  const bpm::discover::DiscoveryResult result = bpm::discover::discover({log}, bpm::discover::DiscoverOptions{});
  const bpm::Step* join = result.process.find_step("join");
  REQUIRE(join != nullptr);
  REQUIRE(join->join_of.size() == 2);
  const bpm::Step* merge = result.process.find_step(join->join_of[0]);
  REQUIRE(merge != nullptr);
  CHECK(merge->kind == bpm::StepKind::Wait);
  CHECK_FALSE(merge->logged);
  CHECK(merge->wait->mean() == 0.0);
  int into_merge = 0;
  for (const bpm::Step& s : result.process.steps) into_merge += s.next == merge->id ? 1 : 0;
  CHECK(into_merge == 2);  // examine casually, examine thoroughly
}
