// Time-varying arrivals (discover/arrival_profile.hpp): a log generated with a known weekly rate
// profile gets that profile back within the confidence interval of each block's count; a log of
// constant-rate arrivals keeps the stationary fit; so do the real logs whose rate is constant, and
// a real log with a clear daily pattern gets a profile.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <random>
#include <string>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/discover/discover.hpp"
#include "discover/arrival_profile.hpp"

using namespace bpm;

namespace {

constexpr double kHour = 3600.0;
constexpr int kWeeks = 16;
/// 2024-01-01 is a Monday.
const Time kMonday = parse_datetime("2024-01-01");

/// The true rate (cases per hour) on weekday `w` (0 = Monday) at hour `h`.
using RateFn = double (*)(int w, int h);

double varying(int w, int h) {
  if (w > 4 || h < 8 || h >= 17) return 0.0;
  const double level = w == 0 ? 1.5 : 1.0;  // Mondays are busier
  return level * (h < 12 ? 6.0 : 3.0);      // mornings twice the afternoons
}

double constant(int w, int h) { return w <= 4 && h >= 9 && h < 17 ? 4.0 : 0.0; }

/// Arrivals of a non-homogeneous Poisson process with the piecewise-constant `rate`, exactly:
/// exponential gaps within each hour (memoryless, so restarting at hour boundaries is exact).
std::vector<Time> poisson_arrivals(RateFn rate, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  std::vector<Time> out;
  for (int d = 0; d < 7 * kWeeks; ++d) {
    for (int h = 0; h < 24; ++h) {
      const double r = rate(d % 7, h);
      if (r <= 0.0) continue;
      const Time from = kMonday + d * 86400.0 + h * kHour;
      for (Time t = from - std::log(uniform()) / r * kHour; t < from + kHour; t -= std::log(uniform()) / r * kHour) {
        out.push_back(std::floor(t));
      }
    }
  }
  return out;
}

std::string log_of(const std::vector<Time>& arrivals) {
  std::string csv = "case_id,activity,resource,start_time,end_time\n";
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    csv += fmt::format("c{},handle,clerk-{},{},{}\n", i, i % 3, format_datetime(arrivals[i]),
                       format_datetime(arrivals[i] + 600.0));
  }
  return csv;
}

/// The profile's rate on weekday `w` at hour `h` (the pieces are whole hours here).
double rate_at(const RateProfile& p, int w, int h) {
  for (const RatePiece& piece : p.week[static_cast<std::size_t>(w)]) {
    if (piece.from <= h * kHour && h * kHour < piece.to) return piece.rate;
  }
  return 0.0;
}

}  // namespace

TEST_CASE("arrival profile: a known weekly profile is recovered within its confidence intervals", "[discover]") {
  const std::vector<Time> arrivals = poisson_arrivals(varying, 7);
  const discover::ArrivalProfile fit = discover::fit_arrival_profile(arrivals);
  REQUIRE(fit.tested);
  REQUIRE(fit.varies);
  CHECK(fit.p_value < 1e-6);
  struct Block {
    int day_from, day_to, hour_from, hour_to;
  };
  for (const Block& b : {Block{0, 0, 8, 12}, Block{0, 0, 12, 17}, Block{1, 4, 8, 12}, Block{1, 4, 12, 17}}) {
    const double truth = varying(b.day_from, b.hour_from);
    double estimated = 0.0;
    double hours = 0.0;
    for (int w = b.day_from; w <= b.day_to; ++w) {
      for (int h = b.hour_from; h < b.hour_to; ++h) {
        estimated += rate_at(fit.profile, w, h) * kWeeks;
        hours += kWeeks;
      }
    }
    estimated /= hours;
    // The block's count is Poisson(truth · hours): its 99% confidence interval, as a rate.
    const double half_width = 2.576 * std::sqrt(truth * hours) / hours;
    INFO("days " << b.day_from << "-" << b.day_to << ", hours " << b.hour_from << "-" << b.hour_to);
    CHECK(std::fabs(estimated - truth) <= half_width);
    // The profile is flat within each true block: its hours and days were pooled.
    for (int w = b.day_from; w <= b.day_to; ++w) {
      for (int h = b.hour_from; h < b.hour_to; ++h)
        CHECK(rate_at(fit.profile, w, h) == rate_at(fit.profile, b.day_from, b.hour_from));
    }
  }
  // No arrivals outside the generator's hours.
  for (int w = 0; w < 7; ++w) {
    for (int h = 0; h < 24; ++h) {
      if (varying(w, h) == 0.0) CHECK(rate_at(fit.profile, w, h) == 0.0);
    }
  }
  // One expected arrival a week as the profile integrates it: the generator's 5·(4·6 + 5·3)·1.1 … exactly.
  CHECK(discover::expected_arrivals(fit.profile, kMonday, kMonday + 7 * 86400.0) ==
        Approx(static_cast<double>(arrivals.size()) / kWeeks).epsilon(0.01));
}

TEST_CASE("arrival profile: constant-rate arrivals keep the stationary fit", "[discover]") {
  const discover::ArrivalProfile fit = discover::fit_arrival_profile(poisson_arrivals(constant, 11));
  REQUIRE(fit.tested);
  CHECK_FALSE(fit.varies);
  CHECK(fit.p_value >= 0.01);
}

TEST_CASE("discover: time-varying arrivals become a rate profile in the process file", "[discover]") {
  SECTION("synthetic, varying") {
    const kpi_test::TempFile log("varying.csv", log_of(poisson_arrivals(varying, 7)));
    const auto result = discover::discover({log.path()}, discover::DiscoverOptions{});
    REQUIRE(result.process.arrivals.rate);
    CHECK(result.process.arrivals.calendar.empty());
    CHECK(result.yaml.find("rate:") != std::string::npos);
    // The run starts so that one arrival is expected before the log's first.
    const Time first = poisson_arrivals(varying, 7).front();
    CHECK(discover::expected_arrivals(*result.process.arrivals.rate, result.process.simulation.start, first) ==
          Approx(1.0).margin(0.02));
  }
  SECTION("synthetic, constant") {
    const kpi_test::TempFile log("constant.csv", log_of(poisson_arrivals(constant, 11)));
    const auto result = discover::discover({log.path()}, discover::DiscoverOptions{});
    CHECK_FALSE(result.process.arrivals.rate);
    CHECK(result.yaml.find("does not vary significantly") != std::string::npos);
  }
  SECTION("real logs") {
    // BPI receipt log (municipality, office hours): a clear daily pattern.
    const auto receipt =
        discover::discover({std::string(BPM_TEST_DATA) + "/logs/receipt.xes.gz"}, discover::DiscoverOptions{});
    CHECK(receipt.process.arrivals.rate);
    // Purchasing example: few arrivals a week, spread evenly over the hours it has.
    const auto purchasing = discover::discover({std::string(BPM_TEST_DATA) + "/logs/PurchasingExample.csv.gz"},
                                               discover::DiscoverOptions{});
    CHECK_FALSE(purchasing.process.arrivals.rate);
  }
}

namespace {
double varying_doubled(int w, int h) { return 2.0 * varying(w, h); }
}  // namespace

TEST_CASE("discover --process: a model's rate profile keeps its shape and takes the log's level", "[discover]") {
  const kpi_test::TempFile log("varying.csv", log_of(poisson_arrivals(varying, 7)));
  const auto model = discover::discover({log.path()}, discover::DiscoverOptions{});
  REQUIRE(model.process.arrivals.rate);
  const std::vector<Time> busier = poisson_arrivals(varying_doubled, 13);
  const kpi_test::TempFile busier_log("busier.csv", log_of(busier));
  discover::DiscoverOptions options;
  options.existing = &model.process;
  const auto calibrated = discover::discover({busier_log.path()}, options);
  REQUIRE(calibrated.process.arrivals.rate);
  const RateProfile& before = *model.process.arrivals.rate;
  const RateProfile& after = *calibrated.process.arrivals.rate;
  const double week_before = discover::expected_arrivals(before, kMonday, kMonday + 7 * 86400.0);
  const double week_after = discover::expected_arrivals(after, kMonday, kMonday + 7 * 86400.0);
  // The level is the new log's count over its span: Poisson, so within its 99% interval.
  const double truth = static_cast<double>(busier.size()) / kWeeks;
  CHECK(std::fabs(week_after - truth) <= 2.576 * std::sqrt(busier.size()) / kWeeks);
  // The shape is the model's: every piece scaled by one factor.
  for (std::size_t w = 0; w < 7; ++w) {
    REQUIRE(after.week[w].size() == before.week[w].size());
    for (std::size_t k = 0; k < after.week[w].size(); ++k) {
      CHECK(after.week[w][k].rate / before.week[w][k].rate == Approx(week_after / week_before).epsilon(1e-3));
    }
  }
  CHECK(calibrated.yaml.find("Calibrated: the rate profile's shape is the model's") != std::string::npos);
}
