#include <catch2/catch.hpp>
#include <cmath>

#include "bpm/core/error.hpp"
#include "bpm/stats/time_series.hpp"

TEST_CASE("time-weighted mean of a piecewise-constant level", "[stats]") {
  bpm::TimeWeighted wip(0.0, 0.0);
  wip.update(2.0, 3.0);  // 0 on [0, 2)
  wip.update(6.0, 1.0);  // 3 on [2, 6)
  wip.finish(10.0);      // 1 on [6, 10]
  CHECK(wip.area() == Approx(16.0));
  CHECK(wip.mean() == Approx(1.6));
  CHECK(wip.min() == 0.0);
  CHECK(wip.max() == 3.0);
  CHECK(wip.duration() == 10.0);
  CHECK(wip.level() == 1.0);
}

TEST_CASE("reset deletes the warm-up period", "[stats]") {
  bpm::TimeWeighted queue(100.0, 5.0);
  queue.update(150.0, 2.0);
  queue.reset(200.0);  // level 2 carries over into the new window
  CHECK(queue.start() == 200.0);
  CHECK(queue.area() == 0.0);
  queue.update(210.0, 4.0);
  queue.finish(220.0);
  CHECK(queue.mean() == Approx(3.0));
  CHECK(queue.min() == 2.0);
  CHECK(queue.max() == 4.0);
}

TEST_CASE("time-weighted statistic edge cases", "[stats]") {
  bpm::TimeWeighted level(5.0, 1.0);
  CHECK(std::isnan(level.mean()));
  level.update(5.0, 2.0);  // a change at the same instant holds for no time
  CHECK(std::isnan(level.mean()));
  level.finish(7.0);
  CHECK(level.mean() == 2.0);
  CHECK_THROWS_AS(level.update(6.0, 1.0), bpm::Error);
  CHECK_THROWS_AS(level.finish(1.0), bpm::Error);
}
