// The compile step: names resolved to indices, and random streams named after model elements
// (the common-random-numbers contract: a stream's numbers depend on its name, not on its position).
#include <catch2/catch.hpp>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "core/random.hpp"
#include "sim/compiled_model.hpp"

namespace {

std::uint32_t step_index(const bpm::sim::CompiledModel& m, const std::string& id) {
  const auto it = std::find(m.step_ids.begin(), m.step_ids.end(), id);
  REQUIRE(it != m.step_ids.end());
  return static_cast<std::uint32_t>(it - m.step_ids.begin());
}

}  // namespace

TEST_CASE("compiling lead-to-cash resolves every reference to an index", "[sim][compile]") {
  const auto process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml");
  const auto m = bpm::sim::compile(process, std::nullopt, std::nullopt);
  using bpm::StepKind;
  CHECK(m.step_ids[m.start_step] == "qualify");
  const auto& qualify = m.steps[step_index(m, "qualify")];
  CHECK(qualify.kind == StepKind::Task);
  CHECK(m.resources[qualify.resource].id == "sdr");
  CHECK(qualify.cost_per_second == Approx(40.0 / 3600));
  CHECK(m.step_ids[qualify.next] == "qualified?");
  const auto& prepare = m.steps[step_index(m, "prepare")];
  REQUIRE(prepare.kind == StepKind::And);
  CHECK(m.step_ids[m.targets[prepare.first]] == "proposal");
  CHECK(m.step_ids[m.targets[prepare.first + 1]] == "credit-check");
  const auto& check = m.steps[step_index(m, "credit-check")];
  CHECK(check.rework_p == 0.05);
  CHECK(check.rework_to == step_index(m, "credit-check"));  // redo by default
  // Xor: the `when` branch first, then the p branches with cumulative normalised probabilities.
  const auto& decision = m.steps[step_index(m, "qualified?")];
  REQUIRE(decision.count == 3);
  CHECK(decision.p_branches == 2);
  CHECK(m.branches[decision.first].condition != bpm::sim::kNone);
  CHECK(m.branches[decision.first + 1].cumulative == Approx(0.55));
  CHECK(m.branches[decision.first + 2].cumulative == 1.0);
  // The AE queue serves negotiate (priority 2), then proposal (1), then demo (0).
  const auto& ae = m.resources[m.steps[step_index(m, "demo")].resource];
  CHECK(ae.priorities == std::vector<int>{2, 1, 0});
  CHECK(m.steps[step_index(m, "negotiate")].queue_level == 0);
  CHECK(m.steps[step_index(m, "demo")].queue_level == 2);
  CHECK(m.outcomes == std::vector<std::string>{"won", "lost"});
  CHECK(m.won_outcome == 0);
  // SLA endpoints: arrival is implicit; qualify.start, demo.start, demo.end, negotiate.start get slots.
  CHECK(m.endpoint_slots == 4);
  CHECK(m.slas[0].from == bpm::sim::kArrivalEndpoint);
  CHECK(m.slas[0].to == qualify.start_endpoint);
  CHECK(m.limits.seed == 42);
  CHECK(m.limits.horizon == Approx(90 * 86400.0));
  CHECK(m.limits.warmup_time == Approx(7 * 86400.0));
}

TEST_CASE("random streams are named after the model element and their purpose", "[sim][compile]") {
  const auto process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml");
  const auto m = bpm::sim::compile(process, 7, 100);
  CHECK(m.limits.seed == 7);
  CHECK(m.limits.cases == 100u);
  CHECK_FALSE(m.limits.horizon);  // a number of cases replaces the horizon: the run drains
  const std::vector<std::string> expected = {"arrivals.every",
                                             "arrivals.attributes.deal_value",
                                             "arrivals.attributes.segment",
                                             "steps.qualify.duration",
                                             "steps.qualified?.routing",
                                             "steps.book-demo.wait",
                                             "steps.demo.duration",
                                             "steps.proposal.duration",
                                             "steps.credit-check.duration",
                                             "steps.credit-check.rework",
                                             "steps.negotiate.duration",
                                             "steps.decision?.routing"};
  CHECK(m.stream_names == expected);
  for (std::size_t i = 0; i < m.stream_names.size(); ++i) CHECK(m.stream_keys[i] == bpm::Rng::key(m.stream_names[i]));
  CHECK(m.steps[step_index(m, "qualify")].stream == 3);
  CHECK(m.streams.at(0).stream == 0);
}

TEST_CASE("a run needs an end", "[sim][compile]") {
  auto process = bpm::parse_process(R"yaml(
process: endless
arrivals: { every: 10 }
start: done
steps:
  done: { end: done }
)yaml",
                                    "endless.yaml");
  CHECK_THROWS_AS(bpm::sim::compile(process, std::nullopt, std::nullopt), bpm::UsageError);
  CHECK_NOTHROW(bpm::sim::compile(process, std::nullopt, 10));
}

TEST_CASE("a condition on one categorical attribute is decided by table", "[sim][compile]") {
  // qualified? tests `segment == 'mid-market'` first: the compiled table must agree with the
  // expression for every string the process knows, and the engine reads only the table.
  const auto process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/lead-to-cash.yaml");
  const auto m = bpm::sim::compile(process, std::nullopt, std::nullopt);
  const auto& decision = m.steps[step_index(m, "qualified?")];
  const auto& branch = m.branches[decision.first];
  REQUIRE(branch.condition != bpm::sim::kNone);
  REQUIRE(branch.category_slot != bpm::sim::kNone);
  REQUIRE(m.strings != nullptr);
  const auto mid = m.strings->find("mid-market");
  const auto smb = m.strings->find("smb");
  REQUIRE(mid);
  REQUIRE(smb);
  CHECK(m.condition_truth.at(branch.truth + static_cast<std::size_t>(*mid)) == 1);
  CHECK(m.condition_truth.at(branch.truth + static_cast<std::size_t>(*smb)) == 0);
}
