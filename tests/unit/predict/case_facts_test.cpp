// Cases at the cut: where the cut falls, what counts as decided, the behaviour before the cut,
// and which attribute values were known there.
#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/core/error.hpp"
#include "predict/case_facts.hpp"

namespace {

using bpm::predict::Cut;
using bpm::predict::Label;
using bpm::predict_detail::CaseFacts;
using bpm::predict_detail::CaseState;

constexpr double kHour = 3600.0;

/// A case of three activities (0, 1, 0), one hour apart, each waiting 10 minutes, won at 4h.
bpm::kpi::CaseRecord record() {
  bpm::kpi::CaseRecord r;
  r.id = "c1";
  r.outcome = "won";
  const auto add = [&](std::uint32_t activity, double at) {
    bpm::kpi::ActivityInstance i;
    i.activity = activity;
    i.enable = at;
    i.start = at + 600;
    i.end = at + kHour;
    i.sequence = static_cast<std::uint32_t>(r.instances.size());
    r.instances.push_back(i);
  };
  add(0, 0);
  add(1, kHour);
  add(0, 2 * kHour);
  add(2, 3 * kHour);
  r.attributes = {"smb", "late value"};
  r.attribute_times = {0.0, 3.5 * kHour};
  return r;
}

Label won() {
  Label l;
  l.outcomes = {"won"};
  return l;
}

CaseFacts facts(const bpm::kpi::CaseRecord& r, const Cut& cut, std::optional<double> now = std::nullopt,
                std::int64_t cut_activity = -1) {
  CaseFacts f;
  bpm::predict_detail::facts_at_cut(r, won(), cut, -1, cut_activity, true, now, f);
  return f;
}

}  // namespace

TEST_CASE("cuts: arrival, elapsed, events and after an activity", "[predict]") {
  const auto r = record();
  SECTION("arrival: attributes of the first row only") {
    const CaseFacts f = facts(r, bpm::predict::parse_cut("arrival"));
    CHECK(f.state == CaseState::Usable);
    CHECK(f.label.value == 1);
    CHECK(f.label.decided == 4 * kHour);
    CHECK(f.known == std::vector<bool>{true, false});
    CHECK(f.counts.empty());
  }
  SECTION("elapsed 2.5h: two completions, the last of activity 1, 20 minutes of waiting") {
    const CaseFacts f = facts(r, bpm::predict::parse_cut("150m"));
    CHECK(f.state == CaseState::Usable);
    CHECK(f.cut == 2.5 * kHour);
    CHECK(f.elapsed == 2.5 * kHour);
    CHECK(f.counts == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {1, 1}});
    CHECK(f.last == 1);
    CHECK(f.waiting == Approx(3 * 600.0));  // the third activity was enabled at 2h and waited 10 min by 2.5h
    CHECK(f.known == std::vector<bool>{true, false});
  }
  SECTION("events:3 is the third completion; the value recorded at 3.5h is still unknown") {
    const CaseFacts f = facts(r, bpm::predict::parse_cut("events:3"));
    CHECK(f.cut == 3 * kHour);
    CHECK(f.counts == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 2}, {1, 1}});
    CHECK(f.last == 0);
  }
  SECTION("after the first completion of activity 1") {
    const CaseFacts f = facts(r, bpm::predict::parse_cut("after:x"), std::nullopt, 1);
    CHECK(f.cut == 2 * kHour);
    CHECK(f.last == 1);
  }
  SECTION("a cut at or after the outcome: decided, not usable") {
    CHECK(facts(r, bpm::predict::parse_cut("4h")).state == CaseState::Decided);
    CHECK(facts(r, bpm::predict::parse_cut("events:4")).state == CaseState::Decided);
    CHECK(facts(r, bpm::predict::parse_cut("events:5")).state == CaseState::Decided);
    CHECK(facts(r, bpm::predict::parse_cut("after:x"), std::nullopt, 7).state == CaseState::Decided);
  }
  SECTION("an open case: not yet at an elapsed cut before `now`, at it after") {
    auto open = r;
    open.outcome.clear();
    CHECK(facts(open, bpm::predict::parse_cut("2d"), 5 * kHour).state == CaseState::NotReached);
    CHECK(facts(open, bpm::predict::parse_cut("2h"), 5 * kHour).state == CaseState::Usable);
    CHECK(facts(open, bpm::predict::parse_cut("events:9")).state == CaseState::NotReached);
    CHECK(facts(open, bpm::predict::parse_cut("2h")).label.value == -1);
  }
}

TEST_CASE("cut syntax", "[predict]") {
  CHECK(bpm::predict::parse_cut("arrival").kind == Cut::Kind::Arrival);
  CHECK(bpm::predict::parse_cut("0d").kind == Cut::Kind::Arrival);
  CHECK(bpm::predict::parse_cut("36h").seconds == 36 * kHour);
  CHECK(bpm::predict::parse_cut("36h").text() == "36h");
  CHECK(bpm::predict::parse_cut("events:3").text() == "events:3");
  CHECK(bpm::predict::parse_cut("after:demo").text() == "after:demo");
  CHECK_THROWS_WITH(bpm::predict::parse_cut("3"), Catch::Contains("a duration needs a unit"));
  CHECK_THROWS_WITH(bpm::predict::parse_cut("events:0"), Catch::Contains("at least 1"));
  CHECK_THROWS_WITH(bpm::predict::parse_cut("after:"), Catch::Contains("name the activity"));
  CHECK_THROWS_AS(bpm::predict::parse_cut("soon"), bpm::UsageError);
}
