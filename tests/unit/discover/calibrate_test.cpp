// `bpm-design discover --process FILE`: the model's structure is kept and only its numbers come
// from the log. Calibrating a copy of the discovered LoanApp model whose numbers were all
// flattened must give back the numbers discovery measured, on the same structure.
#include <catch2/catch.hpp>

#include <string>

#include "bpm/discover/discover.hpp"

using namespace bpm;

namespace {

std::string train_log() { return std::string(BPM_TEST_DATA) + "/logs/discovery/LoanApp_simplified_train.csv.gz"; }

}  // namespace

TEST_CASE("discover --process: the structure is kept, the numbers are calibrated", "[discover]") {
  discover::DiscoverOptions options;
  const discover::DiscoveryResult discovered = discover::discover({train_log()}, options);
  const Process& truth = discovered.process;

  Process flat = truth;
  flat.name = "hand-made";
  for (Step& s : flat.steps) {
    if (s.kind == StepKind::Task) {
      s.duration = Distribution{};
      s.duration->kind = DistKind::Constant;
      s.duration->is_time = true;
      s.duration->p[0] = 3600.0;
      if (s.rework) s.rework->p = 0.5;
    }
    for (Branch& b : s.branches) {
      if (b.p) b.p = 1.0 / static_cast<double>(s.branches.size());
    }
  }
  for (Resource& r : flat.resources) r.count = 1;
  flat.arrivals.every.kind = DistKind::Constant;
  flat.arrivals.every.p[0] = 60.0;

  options.existing = &flat;
  const discover::DiscoveryResult calibrated = discover::discover({train_log()}, options);
  const Process& p = calibrated.process;
  CHECK(p.name == "hand-made");
  CHECK(calibrated.yaml.rfind("# Calibrated by bpm-design discover", 0) == 0);
  REQUIRE(p.steps.size() == truth.steps.size());
  for (std::size_t k = 0; k < p.steps.size(); ++k) {
    const Step& got = p.steps[k];
    const Step& want = truth.steps[k];
    INFO(want.id);
    REQUIRE(got.id == want.id);
    CHECK(got.kind == want.kind);
    CHECK(got.next == want.next);
    CHECK(got.targets == want.targets);
    REQUIRE(got.branches.size() == want.branches.size());
    for (std::size_t b = 0; b < got.branches.size(); ++b) {
      CHECK(got.branches[b].to == want.branches[b].to);
      REQUIRE(got.branches[b].p.has_value() == want.branches[b].p.has_value());
      if (want.branches[b].p) CHECK(*got.branches[b].p == Approx(*want.branches[b].p).margin(0.002));
    }
    if (want.kind == StepKind::Task) {
      REQUIRE(got.duration);
      CHECK(got.duration->mean() == Approx(want.duration->mean()).epsilon(0.01));
      CHECK(got.rework.has_value() == want.rework.has_value());
      if (want.rework) CHECK(got.rework->p == Approx(want.rework->p).margin(0.001));
    }
  }
  REQUIRE(p.resources.size() == truth.resources.size());
  for (std::size_t r = 0; r < p.resources.size(); ++r) CHECK(p.resources[r].count == truth.resources[r].count);
  // The arrival clock of the model (its calendar) is kept, the gaps measured in it.
  CHECK(p.arrivals.calendar == truth.arrivals.calendar);
  CHECK(p.arrivals.every.mean() == Approx(truth.arrivals.every.mean()).epsilon(0.05));
}

TEST_CASE("discover --process: tasks the log does not have keep their numbers, and say so", "[discover]") {
  discover::DiscoverOptions options;
  Process model = discover::discover({train_log()}, options).process;
  Step* renamed = nullptr;
  for (Step& s : model.steps) {
    if (s.kind == StepKind::Task && !s.rework) {
      renamed = &s;
      break;
    }
  }
  REQUIRE(renamed != nullptr);
  const std::string old_id = renamed->id;
  for (Step& s : model.steps) {
    if (s.next == old_id) s.next = "hand-made task";
    for (Branch& b : s.branches) {
      if (b.to == old_id) b.to = "hand-made task";
    }
    for (std::string& t : s.targets) {
      if (t == old_id) t = "hand-made task";
    }
    for (std::string& j : s.join_of) {
      if (j == old_id) j = "hand-made task";
    }
    if (s.rework && s.rework->to == old_id) s.rework->to = "hand-made task";
  }
  renamed->id = "hand-made task";
  renamed->duration->kind = DistKind::Constant;
  renamed->duration->p[0] = 7200.0;
  model.index_steps();
  options.existing = &model;
  const discover::DiscoveryResult calibrated = discover::discover({train_log()}, options);
  const Step* kept = calibrated.process.find_step("hand-made task");
  REQUIRE(kept != nullptr);
  CHECK(kept->duration->mean() == Approx(7200.0));
  bool said_task = false;
  bool said_activity = false;
  for (const auto& note : calibrated.notes) {
    said_task =
        said_task || note.message.find("task 'hand-made task' is not an activity of the log") != std::string::npos;
    said_activity = said_activity || note.message.find("'" + old_id + "'") != std::string::npos;
  }
  CHECK(said_task);
  CHECK(said_activity);
}
