// The choice among front members that simulation cannot tell apart (share/doc/bpm-optimize.md#search).
#include <catch2/catch.hpp>

#include <vector>

#include "optimize/front_choice.hpp"

namespace {

using bpm::optimize_detail::FrontMember;

/// Replication values `mean + noise[r]`: the same noise pattern for every member, as common
/// random numbers give, scaled so that differences of `gap` or less are within noise.
std::vector<double> replications(double mean, double spread, int pattern) {
  static const std::vector<double> noise{0.3, -1.1, 0.8, -0.2, 1.4, -0.9, 0.1, -0.6, 1.0, -0.8};
  std::vector<double> out;
  for (std::size_t r = 0; r < noise.size(); ++r) {
    // A member-specific wobble that does not cancel in the paired differences.
    const double own = (r % 2 == 0 ? 1.0 : -1.0) * (pattern % 3 - 1) * 0.5;
    out.push_back(mean + spread * (noise[r] + own));
  }
  return out;
}

const std::vector<bpm::SearchObjective> kTimeAndCost{{"cycle_time.p90", false, bpm::MetricUnit::Duration},
                                                     {"cost.rostered_per_case", false, bpm::MetricUnit::Money}};

}  // namespace

TEST_CASE("front members the knee does not beat: the cheaper one is chosen", "[optimize][search]") {
  // #0 cheap and slower by 2 minutes of p90 with a spread of 60 (indistinguishable), #1 the knee,
  // #2 faster but dearer: the knee beats #2 on cost (exactly: no noise on cost).
  const std::vector<FrontMember> front{
      {{replications(6100, 60, 0), replications(370, 0, 0)}, {2, 6, 1}},
      {{replications(6098, 60, 1), replications(404, 0, 1)}, {2, 6, 2}},
      {{replications(6090, 60, 2), replications(450, 0, 2)}, {2, 7, 2}},
  };
  const auto choice = bpm::optimize_detail::choose_on_front(front, 1, kTimeAndCost, 0.95);
  CHECK(choice.chosen == 0);
  CHECK(choice.equivalent == std::vector<std::size_t>{1});
}

TEST_CASE("the knee stays when it is significantly better than every cheaper member", "[optimize][search]") {
  // #0 is cheaper but 600 minutes slower with a spread of 10: the knee is significantly faster.
  const std::vector<FrontMember> front{
      {{replications(6700, 10, 0), replications(370, 0, 0)}, {2, 6, 1}},
      {{replications(6100, 10, 1), replications(404, 0, 1)}, {2, 6, 2}},
  };
  const auto choice = bpm::optimize_detail::choose_on_front(front, 1, kTimeAndCost, 0.95);
  CHECK(choice.chosen == 1);
  CHECK(choice.equivalent.empty());
}

TEST_CASE("without a money objective the simpler member is chosen, ties to the knee", "[optimize][search]") {
  const std::vector<bpm::SearchObjective> two_times{{"cycle_time.mean", false, bpm::MetricUnit::Duration},
                                                    {"cycle_time.p90", false, bpm::MetricUnit::Duration}};
  const std::vector<FrontMember> front{
      {{replications(100, 30, 0), replications(200, 30, 0)}, {3, 3}},  // 6 units
      {{replications(101, 30, 1), replications(199, 30, 1)}, {2, 3}},  // the knee, 5 units
      {{replications(99, 30, 2), replications(201, 30, 2)}, {1, 3}},   // 4 units
      {{replications(102, 30, 0), replications(198, 30, 1)}, {2, 2}},  // 4 units, later
  };
  const auto choice = bpm::optimize_detail::choose_on_front(front, 1, two_times, 0.95);
  CHECK(choice.chosen == 2);
  CHECK(choice.equivalent == std::vector<std::size_t>{0, 1, 3});
  // A front of one: the knee.
  const auto alone = bpm::optimize_detail::choose_on_front({front[1]}, 0, two_times, 0.95);
  CHECK(alone.chosen == 0);
  CHECK(alone.equivalent.empty());
}
