// The measures on small logs whose values follow from the definitions by hand.
#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/distance/log_distance.hpp"

using namespace bpm::distance;

namespace {

constexpr double kHour = 3600.0;
// 2026-01-05T00:00 UTC, a Monday.
constexpr double kMonday = 1767571200.0;

/// A case of instantaneous-free events: (activity code, start hour, end hour) from kMonday.
void add(LogProfile& p, std::vector<ProfileEvent> events) { p.add_case(events); }

ProfileEvent ev(std::uint32_t activity, double start_h, double end_h) {
  return ProfileEvent{activity, kMonday + start_h * kHour, kMonday + end_h * kHour};
}

}  // namespace

TEST_CASE("identical logs are at distance 0 on every measure", "[distance]") {
  LogProfile a;
  add(a, {ev(1, 0, 1), ev(2, 1, 3)});
  add(a, {ev(1, 2, 2.5), ev(3, 4, 30)});
  a.finish();
  const LogProfile b = a;
  for (const Measure m : all_measures()) {
    CAPTURE(measure_name(m));
    CHECK(measure(m, a, b).value == 0.0);
  }
}

TEST_CASE("n-gram distance by hand", "[distance]") {
  // Log A: one case "1 2"; log B: one case "1 3". Padded with 0: A = 0 0 1 2 0 0, B = 0 0 1 3 0 0.
  // 3-grams of A: 001 012 120 200; of B: 001 013 130 300. Shared 001; distance 6 / 8.
  LogProfile a;
  add(a, {ev(1, 0, 1), ev(2, 1, 2)});
  a.finish();
  LogProfile b;
  add(b, {ev(1, 0, 1), ev(3, 1, 2)});
  b.finish();
  CHECK(measure(Measure::NGram, a, b).value == Approx(6.0 / 8.0));
  DistanceSettings two;
  two.ngram = 2;  // 2-grams: A 01 12 20, B 01 13 30: 4 / 6
  CHECK(measure(Measure::NGram, a, b, two).value == Approx(4.0 / 6.0));
  // Events are ordered by start, then end, whatever order they are given in.
  LogProfile c;
  add(c, {ev(2, 1, 2), ev(1, 0, 1)});
  c.finish();
  CHECK(measure(Measure::NGram, a, c).value == 0.0);
}

TEST_CASE("CFLD by hand: optimal pairing, normalised by the longer trace", "[distance]") {
  // A: "1 2", "1 2 3"; B: "1 2 3", "4". Pairing (12, 123) + (123, 4) costs 1/3 + 3/3, the
  // greedy choice for the first trace; (12, 4) + (123, 123) costs 2/2 + 0 = 1: mean 0.5.
  LogProfile a;
  add(a, {ev(1, 0, 1), ev(2, 1, 2)});
  add(a, {ev(1, 0, 1), ev(2, 1, 2), ev(3, 2, 3)});
  a.finish();
  LogProfile b;
  add(b, {ev(1, 0, 1), ev(2, 1, 2), ev(3, 2, 3)});
  add(b, {ev(4, 0, 1)});
  b.finish();
  CHECK(measure(Measure::Cfld, a, b).value == Approx(0.5));
  // With fewer cases on one side, only that many pairs are made (the best ones).
  LogProfile c;
  add(c, {ev(1, 0, 1), ev(2, 1, 2), ev(3, 2, 3)});
  c.finish();
  CHECK(measure(Measure::Cfld, a, c).value == 0.0);
}

TEST_CASE("CFLD beyond the exact size is approximated on even samples, and says so", "[distance]") {
  LogProfile a;
  LogProfile b;
  for (std::uint32_t k = 0; k < 40; ++k) {
    add(a, {ev(1, 0, 1), ev(2 + k % 20, 1, 2)});
    add(b, {ev(1, 0, 1), ev(2 + (k + 1) % 20, 1, 2)});
  }
  a.finish();
  b.finish();
  const MeasureValue exact = measure(Measure::Cfld, a, b);
  CHECK(exact.note.empty());
  CHECK(exact.value == 0.0);  // the same 20 traces, twice each, on both sides
  DistanceSettings small;
  small.cfld_exact_pairs = 100;  // 20 × 20 distinct traces exceed it: 10 cases of each
  const MeasureValue approx = measure(Measure::Cfld, a, b, small);
  CHECK_THAT(approx.note, Catch::Contains("approximated"));
  CHECK(approx.value >= 0.0);
  CHECK(approx.value <= 0.5);
}

TEST_CASE("time measures by hand", "[distance]") {
  // A: one case 0h-1h; B: one case 2h-5h (Monday).
  LogProfile a;
  add(a, {ev(1, 0, 1)});
  a.finish();
  LogProfile b;
  add(b, {ev(1, 2, 5)});
  b.finish();
  // AED: bins {0, 1} vs {2, 5}: W1 = (2 + 4) / 2 = 3.
  CHECK(measure(Measure::Aed, a, b).value == Approx(3.0));
  // RED: {0, 1} vs {0, 3}: W1 = 1.
  CHECK(measure(Measure::Red, a, b).value == Approx(1.0));
  // CTD: cycle times 1h and 3h, less the smallest: {0} vs {2}: 2.
  CHECK(measure(Measure::Ctd, a, b).value == Approx(2.0));
  // CAR: first starts 0 vs 2: 2.
  CHECK(measure(Measure::Car, a, b).value == Approx(2.0));
  // CED: Monday hours {0, 1} vs {2, 5} = 3; other days empty in both: 3 / 7.
  CHECK(measure(Measure::Ced, a, b).value == Approx(3.0 / 7.0));
  // A weekday with events in one log only counts 23.
  LogProfile c;
  add(c, {ev(1, 24, 25)});  // Tuesday
  c.finish();
  CHECK(measure(Measure::Ced, a, c).value == Approx(2 * 23.0 / 7.0));
}

TEST_CASE("a log without cases has no distance", "[distance]") {
  LogProfile a;
  a.label = "empty.csv";
  a.finish();
  LogProfile b;
  add(b, {ev(1, 0, 1)});
  b.finish();
  CHECK_THROWS_AS(measure(Measure::Aed, a, b), bpm::DataError);
}

TEST_CASE("measure names", "[distance]") {
  for (const Measure m : all_measures()) CHECK(parse_measure(measure_name(m)) == m);
  CHECK(parse_measure("N-Gram") == Measure::NGram);
  CHECK_THROWS_AS(parse_measure("emdx"), bpm::UsageError);
}
