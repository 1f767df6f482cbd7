// Case attributes of a log become arrival attributes, and branch conditions where they explain
// the routing clearly better than probabilities (discover/branch_conditions.hpp): constructed
// logs whose routing depends on an attribute — and one where it does not.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>

#include "../kpi/kpi_test_util.hpp"
#include "bpm/discover/discover.hpp"
#include "bpm/model/writer.hpp"

using namespace bpm;

namespace {

enum class Routing { BySegment, ByAmount, Independent, MostlyBySegment };

std::string segment_of(int i) { return (i * 7) % 10 < 4 ? "enterprise" : "smb"; }
int amount_of(int i) { return 1000 + ((i * 37) % 100) * 100; }  // 1000 .. 10900, 100 values

/// 300 cases, an hour apart in the day: receive, then review or fast-track, then close. `note` changes
/// from event to event (an event attribute, not a case attribute).
std::string constructed_log(Routing routing) {
  std::string csv = "case_id,activity,resource,start_time,end_time,segment,amount,note\n";
  for (int i = 0; i < 300; ++i) {
    bool review = false;
    switch (routing) {
      case Routing::BySegment: review = segment_of(i) == "enterprise"; break;
      case Routing::ByAmount: review = amount_of(i) >= 5000; break;
      case Routing::Independent: review = i % 3 == 0; break;
      case Routing::MostlyBySegment: review = (segment_of(i) == "enterprise") != (i % 10 == 0); break;
    }
    const char* path[] = {"receive", review ? "review" : "fast-track", "close"};
    const int day = i / 8;
    const int hour = 9 + i % 8;
    int at = i % 3;
    for (int k = 0; k < 3; ++k) {
      const int from = at;  // work follows work, without delays
      const int to = from + 5 + (i + k) % 4;
      at = to;
      csv += fmt::format("{},{},clerk-{},2024-01-{:02}T{:02}:{:02}:00,2024-01-{:02}T{:02}:{:02}:00,{},{},n{}\n", i,
                         path[k], 1 + (i + k) % 3, 1 + day % 28, hour, from, 1 + day % 28, hour, to, segment_of(i),
                         amount_of(i), k);
    }
  }
  return csv;
}

/// The same log routed by segment as XES, the segment a trace attribute (declared global).
std::string constructed_xes() {
  std::string xes =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1.0\">\n"
      "  <global scope=\"trace\">\n    <string key=\"concept:name\" value=\"\"/>\n"
      "    <string key=\"segment\" value=\"\"/>\n  </global>\n";
  for (int i = 0; i < 300; ++i) {
    const bool review = segment_of(i) == "enterprise";
    const char* path[] = {"receive", review ? "review" : "fast-track", "close"};
    xes += fmt::format(
        "  <trace>\n    <string key=\"concept:name\" value=\"{}\"/>\n"
        "    <string key=\"segment\" value=\"{}\"/>\n",
        i, segment_of(i));
    for (int k = 0; k < 3; ++k) {
      xes += fmt::format(
          "    <event>\n      <string key=\"concept:name\" value=\"{}\"/>\n"
          "      <date key=\"time:timestamp\" value=\"2024-01-{:02}T{:02}:{:02}:00\"/>\n    </event>\n",
          path[k], 1 + (i / 8) % 28, 9 + i % 8, 10 * k + 5);
    }
    xes += "  </trace>\n";
  }
  return xes + "</log>\n";
}

discover::DiscoveryResult discover_from(const std::string& csv) {
  const kpi_test::TempFile log("routing.csv", csv);
  discover::DiscoverOptions options;
  return discover::discover({log.path()}, options);
}

/// The task a branch leads to, through a timer (the delays discovery finds) if there is one.
std::string task_after(const Process& p, const std::string& to) {
  const Step* s = p.find_step(to);
  return s != nullptr && s->kind == StepKind::Wait ? s->next : to;
}

const Step& gateway_before(const Process& p, const std::string& task) {
  for (const Step& s : p.steps) {
    if (s.kind != StepKind::Xor) continue;
    for (const Branch& b : s.branches) {
      if (task_after(p, b.to) == task) return s;
    }
  }
  FAIL("no decision leads to " << task);
  throw;
}

}  // namespace

TEST_CASE("discover: constant columns of a case become arrival attributes", "[discover]") {
  const auto result = discover_from(constructed_log(Routing::Independent));
  const auto& attributes = result.process.arrivals.attributes;
  REQUIRE(attributes.size() == 2);  // segment and amount; not note, which changes within cases
  const Attribute& segment = attributes[0];
  CHECK(segment.name == "segment");
  REQUIRE(segment.categorical);
  REQUIRE(segment.categories == std::vector<std::string>{"smb", "enterprise"});
  CHECK(segment.weights[0] == Approx(0.6));
  CHECK(segment.weights[1] == Approx(0.4));
  const Attribute& amount = attributes[1];
  CHECK(amount.name == "amount");
  REQUIRE_FALSE(amount.categorical);
  CHECK_FALSE(amount.numeric.is_time);
  // Uniform on 1000..10900 (each value three times): the fitted law has that mean.
  CHECK(amount.numeric.mean() == Approx(5950.0).epsilon(0.03));
}

TEST_CASE("discover: a routing that an attribute explains becomes conditions", "[discover]") {
  SECTION("categorical") {
    const auto result = discover_from(constructed_log(Routing::BySegment));
    const Step& gateway = gateway_before(result.process, "review");
    REQUIRE(gateway.branches.size() == 2);
    for (const Branch& b : gateway.branches) {
      if (b.to == "review") {
        REQUIRE(b.when);
        CHECK(b.when->text() == "segment == 'enterprise'");
        CHECK_FALSE(b.p);
      } else {
        CHECK_FALSE(b.when);
        CHECK(b.p == Approx(1.0));  // smb: the fallback, and every case no condition takes
      }
    }
    CHECK(result.yaml.find("Routed by the case attribute 'segment'") != std::string::npos);
  }
  SECTION("numeric threshold") {
    const auto result = discover_from(constructed_log(Routing::ByAmount));
    const Step& gateway = gateway_before(result.process, "review");
    REQUIRE(gateway.branches.size() == 2);
    for (const Branch& b : gateway.branches) {
      // 60% of the cases (5000 and above) are reviewed: review is the fallback, and the
      // threshold falls between the largest fast-tracked amount (4900) and 5000.
      if (b.to == "fast-track") {
        REQUIRE(b.when);
        CHECK(b.when->text() == "amount < 5000");
      } else {
        CHECK(b.p == Approx(1.0));
      }
    }
  }
  SECTION("a routing an attribute explains only 90% of keeps probabilities (the criterion asks 95%)") {
    const auto result = discover_from(constructed_log(Routing::MostlyBySegment));
    const Step& gateway = gateway_before(result.process, "review");
    for (const Branch& b : gateway.branches) {
      CHECK_FALSE(b.when);
      CHECK(b.p);
    }
  }
  SECTION("a routing no attribute explains keeps probabilities") {
    const auto result = discover_from(constructed_log(Routing::Independent));
    const Step& gateway = gateway_before(result.process, "review");
    for (const Branch& b : gateway.branches) {
      CHECK_FALSE(b.when);
      REQUIRE(b.p);
      CHECK(*b.p == Approx(b.to == "review" ? 1.0 / 3.0 : 2.0 / 3.0).margin(0.01));
    }
  }
}

TEST_CASE("discover: the trace attributes of an XES log are case attributes too", "[discover]") {
  const kpi_test::TempFile log("routing.xes", constructed_xes());
  const auto result = discover::discover({log.path()}, discover::DiscoverOptions{});
  REQUIRE(result.process.arrivals.attributes.size() == 1);
  CHECK(result.process.arrivals.attributes[0].name == "segment");
  const Step& gateway = gateway_before(result.process, "review");
  int conditions = 0;
  for (const Branch& b : gateway.branches) {
    if (task_after(result.process, b.to) == "review") {
      REQUIRE(b.when);
      CHECK(b.when->text() == "segment == 'enterprise'");
      ++conditions;
    }
  }
  CHECK(conditions == 1);
}
