// The reference figures of the real public logs (tests/data/logs/PROVENANCE.md), computed
// independently: cases, variants, mean and median case duration (last end - first start).
#include <catch2/catch.hpp>

#include "bpm/kpi/analysis.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::data;
using kpi_test::kHour;

namespace {

Report read(const std::string& name) { return analyze_logs({data(name)}, {}); }

}  // namespace

TEST_CASE("running-example (pm4py CSV and XES): 6 cases, 6 variants", "[kpi][real]") {
  for (const char* name : {"running-example.csv", "running-example.xes"}) {
    CAPTURE(name);
    const Report r = read(name);
    CHECK(r.value("cases.arrived") == 6);
    CHECK(r.variant_count == 6);
    CHECK(r.value("cycle_time.mean") == Approx(268.58 * kHour).epsilon(1e-4));
    // The median from the sketch, within 1% (it interpolates the middle two of six).
    CHECK(r.value("cycle_time.p50") == Approx(226.65 * kHour).epsilon(0.01));
    CHECK(r.issues.total() == 0);
  }
}

TEST_CASE("roadtraffic100traces: 100 cases, 10 variants", "[kpi][real]") {
  const Report r = read("roadtraffic100traces.csv");
  CHECK(r.value("cases.arrived") == 100);
  CHECK(r.variant_count == 10);
  CHECK(r.value("cycle_time.mean") == Approx(7499.26 * kHour).epsilon(1e-5));
  CHECK(r.value("cycle_time.p50") == Approx(6072.0 * kHour).epsilon(0.01));
}

TEST_CASE("PurchasingExample (Simod, gzip, unsorted, zoned): 608 cases, 121 variants", "[kpi][real]") {
  const Report r = read("PurchasingExample.csv.gz");
  CHECK(r.value("cases.arrived") == 608);
  CHECK(r.variant_count == 121);
  CHECK(r.value("cycle_time.mean") == Approx(515.02 * kHour).epsilon(1e-5));
  CHECK(r.value("cycle_time.p50") == Approx(286.14 * kHour).epsilon(0.01));
}

TEST_CASE("interval_event_log (start_timestamp + time:timestamp) and receipt (XES.gz)", "[kpi][real]") {
  const Report interval = read("interval_event_log.csv");
  CHECK(interval.value("cases.arrived") == 1266);
  CHECK(interval.value("steps.place order.count") > 0);
  CHECK(interval.value("flow_efficiency") > 0.0);
  const Report receipt = read("receipt.xes.gz");
  CHECK(receipt.value("cases.arrived") == 1434);
  CHECK(receipt.convention == "xes");
}
