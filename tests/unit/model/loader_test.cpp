// The loader's reading of the process format's constructs, and its located errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <string_view>

#include "../lint/lint_test_support.hpp"
#include "bpm/model/loader.hpp"

namespace {

using bpm::test::parse_yaml;
using bpm::test::position_of;
using bpm::test::yaml_text;

/// Exactly the errors of a file that does not load; the first is at `needle` and says `fragment`.
void require_error(std::string_view yaml, std::string_view needle, std::string_view fragment) {
  const std::string text = yaml_text(yaml);
  const bpm::LoadResult loaded = bpm::parse_process_text(text, "t.yaml");
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE_FALSE(loaded.process.has_value());
  REQUIRE_FALSE(loaded.diagnostics.empty());
  const auto [line, column] = position_of(text, needle);
  const bpm::Diagnostic& d = loaded.diagnostics.front();
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
  CHECK_THAT(d.message, Catch::Matchers::Contains(std::string(fragment)));
}

}  // namespace

TEST_CASE("a step may carry a display name", "[model][loader]") {
  SECTION("on every kind of step") {
    const bpm::Process p = parse_yaml(R"(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { name: Check the claim, duration: 1h, next: g }
  g: { name: "Complete?", xor: [{ to: e, p: 1 }] }
  e: { name: Claim settled, end: settled }
)");
    CHECK(p.steps[0].name == "Check the claim");
    CHECK(p.steps[1].name == "Complete?");
    CHECK(p.steps[2].name == "Claim settled");
    CHECK(p.steps[0].id == "a");
  }
  SECTION("which must not be empty") {
    require_error(R"(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { name: "", duration: 1h, next: e }
  e: { end: ok }
)",
                  "\"\"", "display name must not be empty");
  }
}

TEST_CASE("a pool may name its members", "[model][loader][members]") {
  const std::string steps = "start: a\nsteps:\n  a: { resource: r, duration: 1h, next: e }\n  e: { end: ok }\n";
  SECTION("as a list or a mapping; count follows") {
    const bpm::Process p = parse_yaml(
        "process: p\narrivals: { every: 1h }\nresources:\n  r: { members: [ann, bob] }\n"
        "  s: { cost_per_hour: 10, members: { cy: { speed: 2, cost_per_hour: 12 }, dee: ~ } }\n" +
        steps);
    REQUIRE(p.resources[0].members.size() == 2);
    CHECK(p.resources[0].count == 2);
    CHECK(p.resources[0].members[1].id == "bob");
    CHECK(p.resources[1].members[0].speed == 2.0);
    CHECK(p.resources[1].member_cost(p.resources[1].members[0]) == 12.0);
    CHECK(p.resources[1].member_cost(p.resources[1].members[1]) == 10.0);
    CHECK(p.find_member_pool("dee") == &p.resources[1]);
  }
  SECTION("not together with count") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { count: 2, members: [ann, bob] }\n" + steps,
                  "2, members", "give either 'count' or 'members'");
  }
  SECTION("with unique ids") {
    require_error(
        "process: p\narrivals: { every: 1h }\nresources:\n  r: { members: [ann] }\n  s: { members: [bob, ann] }\n" +
            steps,
        "ann] }\nstart", "'ann' is already a member of pool 'r'");
  }
  SECTION("with a positive speed") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: { ann: { speed: 0 } } }\n" + steps,
                  "0 }", "speed must be a positive number");
  }
  SECTION("and known keys") {
    require_error("process: p\narrivals: { every: 1h }\nresources:\n  r: { members: { ann: { sped: 2 } } }\n" + steps,
                  "sped", "did you mean 'speed'");
  }
}

TEST_CASE("arrivals may follow a weekly rate profile", "[model][loader][arrivals]") {
  const std::string tail = "start: e\nsteps:\n  e: { end: ok }\n";
  SECTION("rates per unit, by day and hours; the canonical unit is the hour") {
    const bpm::Process p = parse_yaml(
        "process: p\ntime_unit: minutes\narrivals:\n  rate:\n"
        "    mon-fri: { \"08:00-12:00, 13:00-17:00\": 12/h, \"12:00-13:00\": 0.1 }\n"
        "    sat: 300/d\n" +
        tail);
    REQUIRE(p.arrivals.rate.has_value());
    const auto& monday = p.arrivals.rate->week[0];
    REQUIRE(monday.size() == 3);
    CHECK(monday[0].rate == 12.0);
    CHECK(monday[1].rate == Approx(6.0));  // 0.1 a minute
    CHECK(monday[1].from == 12 * 3600.0);
    CHECK(p.arrivals.rate->week[5].front().rate == 12.5);
    CHECK(p.arrivals.rate->week[6].empty());
    CHECK(p.arrivals.rate->weekly_arrivals() == Approx(5 * (8 * 12.0 + 6.0) + 300.0));
  }
  SECTION("not together with every") {
    require_error("process: p\narrivals: { every: 1h, rate: { daily: 1/h } }\n" + tail, "{ daily", "either 'every'");
  }
  SECTION("hours must not overlap") {
    require_error("process: p\narrivals:\n  rate: { mon: { \"08:00-12:00\": 1/h, \"11:00-13:00\": 2/h } }\n" + tail,
                  "\"11:00-13:00\"", "overlap");
  }
  SECTION("a rate has a known unit") {
    require_error("process: p\narrivals:\n  rate: { mon: 3/fortnight }\n" + tail, "fortnight", "unknown time unit");
  }
  SECTION("all zero is no arrivals at all") {
    require_error("process: p\narrivals:\n  rate: { mon: 0/h }\n" + tail, "{ mon", "every rate is 0");
  }
}

TEST_CASE("arrivals may come in batches and in named streams", "[model][loader][arrivals]") {
  const std::string tail = "start: e\nsteps:\n  e: { end: ok }\n  f: { end: other }\n";
  SECTION("batches") {
    const bpm::Process p = parse_yaml("process: p\narrivals: { every: 1d, size: poisson(12) }\n" + tail);
    REQUIRE(p.arrivals.size.has_value());
    CHECK(p.arrivals.size->mean() == 12.0);
    CHECK_FALSE(p.arrivals.size->is_time);
  }
  SECTION("streams with their own attributes and start") {
    const bpm::Process p = parse_yaml(R"yaml(process: p
arrivals:
  attributes: { amount: "uniform(1, 2)", channel: { direct: 1 } }
  streams:
    web: { every: 1h, attributes: { channel: { web: 1 } } }
    partners: { rate: { daily: 2/h }, start: f, attributes: { partner: { a: 1 } } }
)yaml" + tail);
    REQUIRE(p.arrivals.streams.size() == 2);
    CHECK(p.arrivals.streams[1].start == "f");
    CHECK(p.attribute_names() == std::vector<std::string>{"amount", "channel", "partner"});
    CHECK(p.find_attribute("partner") != nullptr);
    CHECK(p.arrivals_per_week() == Approx(168.0 + 2 * 168.0));
  }
  SECTION("a condition may read a stream's attribute") {
    const bpm::Process p = parse_yaml(R"yaml(process: p
arrivals:
  streams:
    web: { every: 1h, attributes: { tier: { gold: 1 } } }
start: g
steps:
  g: { xor: [{ to: e, when: "tier == 'gold'" }, { to: f, p: 1 }] }
  e: { end: ok }
  f: { end: other }
)yaml");
    CHECK(p.steps[0].branches[0].when.has_value());
  }
  SECTION("with streams, timing belongs to them") {
    require_error("process: p\narrivals:\n  every: 1h\n  streams: { web: { every: 2h } }\n" + tail, "1h",
                  "give 'every' in each stream");
  }
  SECTION("a stream needs every or rate") {
    require_error("process: p\narrivals:\n  streams: { web: { size: 2 } }\n" + tail, "{ size", "needs 'every'");
  }
}

TEST_CASE("a task may name several pools and a policy", "[model][loader][several-pools]") {
  const std::string head =
      "process: p\nresources: { a: { count: 1 }, b: { count: 2 } }\narrivals: { every: 1h }\n"
      "start: t\nsteps:\n";
  SECTION("a list, in order, with a policy") {
    const bpm::Process p = parse_yaml(
        head + "  t: { resource: [b, a], policy: shortest_queue, duration: 1h, next: e }\n  e: { end: ok }\n");
    CHECK(p.steps[0].resource == "b");
    CHECK(p.steps[0].other_resources == std::vector<std::string>{"a"});
    CHECK(p.steps[0].pools() == std::vector<std::string>{"b", "a"});
    CHECK(p.steps[0].policy == bpm::PoolPolicy::ShortestQueue);
  }
  SECTION("an unknown policy") {
    require_error(head + "  t: { resource: [a, b], policy: fastest, duration: 1h, next: e }\n  e: { end: ok }\n",
                  "fastest", "policy must be first, cheapest or shortest_queue");
  }
  SECTION("a policy without several pools") {
    require_error(head + "  t: { resource: a, policy: cheapest, duration: 1h, next: e }\n  e: { end: ok }\n",
                  "cheapest", "a policy picks among several pools");
  }
  SECTION("a pool listed twice") {
    require_error(head + "  t: { resource: [a, b, a], duration: 1h, next: e }\n  e: { end: ok }\n", "a], duration",
                  "pool 'a' is listed twice");
  }
}

TEST_CASE("durations, waits and costs may depend on case attributes; steps may set them", "[model][loader][data]") {
  const std::string head =
      "process: p\ntime_unit: minutes\narrivals:\n  every: 1h\n  attributes: { amount: \"uniform(0, 100)\" }\n"
      "start: t\nsteps:\n";
  SECTION("parameters as expressions, with units inside") {
    const bpm::Process p = parse_yaml(head +
                                      "  t: { duration: \"lognormal(mean: 30m + amount * 0.5h, sd: 10m)\", "
                                      "cost: \"5 + amount\", set: { big: \"amount > 50\" }, next: w }\n"
                                      "  w: { wait: \"big * 1d\", next: e }\n  e: { end: ok }\n");
    const bpm::Distribution& d = *p.steps[0].duration;
    REQUIRE(d.expressions.size() == 1);
    CHECK(d.expressions[0].slot == 0);
    CHECK(d.expressions[0].unit == 60.0);
    CHECK(d.p[1] == 600.0);
    CHECK(std::isnan(d.mean()));
    REQUIRE(p.steps[0].cost_formula.has_value());
    REQUIRE(p.steps[0].set.size() == 1);
    CHECK(p.steps[0].set[0].attribute == "big");
    CHECK(p.attribute_names() == std::vector<std::string>{"amount", "big"});
    REQUIRE(p.steps[1].wait->expressions.size() == 1);  // an expression alone is a constant
    CHECK(p.steps[1].wait->kind == bpm::DistKind::Constant);
  }
  SECTION("an unknown attribute, at its column") {
    require_error(head + "  t: { duration: \"normal(1h, amont * 1m)\", next: e }\n  e: { end: ok }\n", "amont",
                  "amont");
  }
  SECTION("an unknown unit inside an expression") {
    require_error(head + "  t: { duration: \"exponential(amount * 2parsecs)\", next: e }\n  e: { end: ok }\n",
                  "parsecs", "unknown time unit 'parsecs'");
  }
  SECTION("constraints between constants still hold") {
    require_error(head + "  t: { duration: \"lognormal(mean: amount * 1m, sd: -1m)\", next: e }\n  e: { end: ok }\n",
                  "-1m", "sd must not be negative");
  }
  SECTION("set names an attribute") {
    require_error(head + "  t: { duration: 1m, set: { 9lives: \"1\" }, next: e }\n  e: { end: ok }\n", "9lives",
                  "is not an attribute name");
  }
  SECTION("set is for tasks and waits") {
    require_error(head + "  t: { duration: 1m, next: e }\n  e: { end: ok, set: { x: \"1\" } }\n",
                  "set:", "'set' does not apply to end step 'e'");
  }
}
