#include <catch2/catch.hpp>

#include <cmath>

#include "bpm/model/loader.hpp"
#include "bpm/model/routing_analysis.hpp"

namespace {

bpm::Process parse(std::string_view yaml) {
  if (!yaml.empty() && yaml.front() == '\n') yaml.remove_prefix(1);
  return bpm::parse_process(yaml, "t.yaml");
}

double visits(const bpm::Process& p, const bpm::RoutingAnalysis& r, std::string_view step) {
  const auto i = bpm::step_index(p, step);
  REQUIRE(i.has_value());
  return r.visits[*i];
}

double outcome(const bpm::RoutingAnalysis& r, std::string_view name) {
  for (const auto& [o, probability] : r.outcomes) {
    if (o == name) return probability;
  }
  FAIL("no outcome " << name);
  return 0.0;
}

/// The routing of processes/lead-to-cash.yaml: a categorical `when`, an and split with its join,
/// rework on one branch and a rework loop back to the split.
constexpr std::string_view kLeadToCash = R"yaml(
process: lead
calendars:
  office: { mon-fri: "09:00-17:00" }
resources:
  sdr: { count: 2, calendar: office }
  ae: { count: 4, calendar: office }
  finance: { count: 1, calendar: office }
arrivals:
  every: exponential(30m)
  calendar: office
  attributes:
    segment: { smb: 0.7, mid-market: 0.3 }
start: qualify
steps:
  qualify: { resource: sdr, duration: "triangular(10m, 20m, 40m)", next: "qualified?" }
  qualified?:
    xor:
      - { to: book-demo, when: "segment == 'mid-market'" }
      - { to: book-demo, p: 0.55 }
      - { to: lost, p: 0.45 }
  book-demo: { wait: "uniform(1d, 3d)", next: demo }
  demo: { resource: ae, duration: 45m, next: prepare }
  prepare: { and: [proposal, credit-check] }
  proposal: { resource: ae, duration: "uniform(20m, 40m)", next: ready }
  credit-check: { resource: finance, duration: exponential(15m), rework: 0.05, next: ready }
  ready: { join: [proposal, credit-check], next: negotiate }
  negotiate: { resource: ae, duration: 30m, next: "decision?" }
  decision?:
    xor:
      - { to: prepare, p: 0.25 }
      - { to: won, p: 0.45 }
      - { to: lost, p: 0.30 }
  won: { end: won }
  lost: { end: lost }
)yaml";

}  // namespace

TEST_CASE("rework with p visits a task 1 / (1 - p) times", "[model]") {
  const auto p = parse(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, rework: 0.25, next: done }
  done: { end: ok }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  CHECK(visits(p, r, "a") == Approx(1.0 / (1.0 - 0.25)).epsilon(1e-12));
  CHECK(outcome(r, "ok") == Approx(1.0).epsilon(1e-12));
  CHECK(r.stall_probability == 0.0);
}

TEST_CASE("streams start at their own steps in proportion to their weekly arrivals", "[model]") {
  // phone: 40 office hours a week at 3/h = 120 arrivals; web: 168 h / 2 h = 84; brokers: 5 office
  // days a week, one file of mean 4.8 claims every 8 h = 24. 228 in all.
  const auto p = parse(R"yaml(
process: p
calendars:
  office: { mon-fri: "09:00-17:00" }
arrivals:
  streams:
    phone: { rate: { mon-fri: { "09:00-17:00": 3/h } }, calendar: office, start: call }
    web: { every: exponential(2h) }
    brokers: { every: 8h, size: poisson(4.8), calendar: office, start: file }
start: form
steps:
  call: { duration: 5m, next: check }
  form: { duration: 5m, next: check }
  file: { duration: 5m, next: done }
  check: { duration: 5m, rework: 0.5, next: done }
  done: { end: ok }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  CHECK(visits(p, r, "call") == Approx(120.0 / 228.0).epsilon(1e-12));
  CHECK(visits(p, r, "form") == Approx(84.0 / 228.0).epsilon(1e-12));
  CHECK(visits(p, r, "file") == Approx(24.0 / 228.0).epsilon(1e-12));
  CHECK(visits(p, r, "check") == Approx(2.0 * 204.0 / 228.0).epsilon(1e-12));
  CHECK(outcome(r, "ok") == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("lead-to-cash routing: hand-computed visits and outcomes", "[model]") {
  const auto p = parse(kLeadToCash);
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  // P(demo) = P(mid-market) + P(smb) x 0.55; the loop back to prepare repeats it 1 / (1 - 0.25) times.
  const double demo = 0.3 + 0.7 * 0.55;
  const double rounds = demo / (1.0 - 0.25);
  CHECK(visits(p, r, "qualify") == Approx(1.0));
  CHECK(visits(p, r, "demo") == Approx(demo).epsilon(1e-12));
  CHECK(visits(p, r, "prepare") == Approx(rounds).epsilon(1e-12));
  CHECK(visits(p, r, "proposal") == Approx(rounds).epsilon(1e-12));
  CHECK(visits(p, r, "credit-check") == Approx(rounds / 0.95).epsilon(1e-12));
  // The join fires once per pair of tokens.
  CHECK(visits(p, r, "ready") == Approx(rounds).epsilon(1e-12));
  CHECK(visits(p, r, "negotiate") == Approx(rounds).epsilon(1e-12));
  CHECK(outcome(r, "won") == Approx(rounds * 0.45).epsilon(1e-12));
  CHECK(outcome(r, "lost") == Approx(0.7 * 0.45 + rounds * 0.30).epsilon(1e-12));
  CHECK(outcome(r, "won") + outcome(r, "lost") == Approx(1.0).epsilon(1e-12));

  const auto load = bpm::analyze_load(p, r);
  CHECK(load.arrivals_per_week == Approx(80.0));  // 40 open hours / 30 min
  REQUIRE(load.pools.size() == 3);
  const auto& ae = load.pools[1];
  CHECK(ae.resource == "ae");
  CHECK(ae.work_per_case == Approx((demo * 45.0 + rounds * (30.0 + 30.0)) * 60.0).epsilon(1e-12));
  CHECK(ae.open_hours_per_week == Approx(40.0));
  CHECK(ae.capacity_servers == Approx(4.0 * 40.0 / 168.0));
  CHECK(ae.offered_servers == Approx(80.0 * ae.work_per_case / (168.0 * 3600.0)));
  CHECK(ae.utilisation() == Approx(0.7135).margin(0.0005));
}

TEST_CASE("an or split activates independent branches and its join fires once", "[model]") {
  const auto p = parse(R"yaml(
process: p
arrivals: { every: 1h }
start: s
steps:
  s:
    or:
      - { to: a, p: 0.5 }
      - { to: b, p: 0.5 }
  a: { duration: 1h, next: j }
  b: { duration: 1h, next: j }
  j: { join: [a, b], next: done }
  done: { end: ok }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  // a also takes the case when neither draw succeeds (first of the highest p): 0.5 + 0.25.
  CHECK(visits(p, r, "a") == Approx(0.75).epsilon(1e-12));
  CHECK(visits(p, r, "b") == Approx(0.5).epsilon(1e-12));
  CHECK(visits(p, r, "j") == Approx(1.0).epsilon(1e-12));
  CHECK(outcome(r, "ok") == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("a threshold on a numeric attribute is weighed exactly by its CDF", "[model]") {
  const auto p = parse(R"yaml(
process: p
arrivals:
  every: 1h
  attributes:
    x: "uniform(0, 1)"
    deal_value: "lognormal(mean: 12000, sd: 6000)"
    segment: { smb: 0.7, mid-market: 0.3 }
    tier: "poisson(2)"
start: g
steps:
  g:
    xor:
      - { to: small, when: "x < 0.25" }
      - { to: big, when: "deal_value >= 20000 and segment == 'smb'" }
      - { to: gold, when: "tier == 2 or 3 < tier" }
      - { to: other, p: 1 }
  small: { end: small }
  big: { end: big }
  gold: { end: gold }
  other: { end: other }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  CHECK(r.estimated_gateways.empty());
  const double small = 0.25;
  const double big = 0.7 * (1.0 - p.find_attribute("deal_value")->numeric.cdf(20000, false));
  const double e = std::exp(-2.0);
  const double gold = 2 * e + (1.0 - e * (1 + 2 + 2 + 4.0 / 3.0));  // P(N = 2) + P(N > 3)
  CHECK(outcome(r, "small") == Approx(small).epsilon(1e-12));
  CHECK(outcome(r, "big") == Approx((1 - small) * big).epsilon(1e-12));
  CHECK(outcome(r, "gold") == Approx((1 - small) * (1 - big) * gold).epsilon(1e-12));
  CHECK(outcome(r, "small") + outcome(r, "big") + outcome(r, "gold") + outcome(r, "other") ==
        Approx(1.0).epsilon(1e-12));
}

TEST_CASE("a condition that computes with a numeric attribute is weighed by fixed-stream draws", "[model]") {
  const auto p = parse(R"yaml(
process: p
arrivals: { every: 1h, attributes: { x: "uniform(0, 1)" } }
start: g
steps:
  g:
    xor:
      - { to: small, when: "x * 4 < 1" }
      - { to: large, p: 1 }
  small: { end: small }
  large: { end: large }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  CHECK(r.estimated_gateways == std::vector<std::string>{"g"});
  // 4096 draws: standard error sqrt(0.25 x 0.75 / 4096) = 0.0068; allow 4 of them.
  CHECK(outcome(r, "small") == Approx(0.25).margin(4 * 0.0068));
  CHECK(outcome(r, "small") + outcome(r, "large") == Approx(1.0).epsilon(1e-12));
  CHECK(bpm::analyze_routing(p).visits == r.visits);  // the same estimate every time
}

TEST_CASE("conditions over a computed attribute are weighed through its formula", "[model]") {
  // score = logistic(4x - 2) >= 0.5 exactly when x >= 0.5; segment 'a' (30%) adds 10 to the log-odds.
  const auto p = parse(R"yaml(
process: p
arrivals:
  every: 1h
  attributes:
    x: "uniform(0, 1)"
    segment: { a: 0.3, b: 0.7 }
    score: { formula: "logistic(4 * x - 2 + 10 * (segment == 'a'))" }
start: g
steps:
  g:
    xor:
      - { to: hot, when: "score >= 0.5" }
      - { to: cold, p: 1 }
  hot: { end: hot }
  cold: { end: cold }
)yaml");
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  // P(hot) = 0.3 + 0.7 x 0.5 = 0.65; 4096 draws: standard error 0.0075, allow 4 of them.
  CHECK(outcome(r, "hot") == Approx(0.65).margin(4 * 0.0075));
}

TEST_CASE("a loop without exit has no finite visits; a missing next stalls", "[model]") {
  const auto loop = parse(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, next: b }
  b: { duration: 1h, next: a }
  done: { end: ok }
)yaml");
  CHECK_FALSE(bpm::analyze_routing(loop).finite);

  const auto stall = parse(R"yaml(
process: p
arrivals: { every: 1h }
start: g
steps:
  g:
    xor:
      - { to: a, p: 0.4 }
      - { to: done, p: 0.6 }
  a: { duration: 1h }
  done: { end: ok }
)yaml");
  const auto r = bpm::analyze_routing(stall);
  REQUIRE(r.finite);
  CHECK(r.stall_probability == Approx(0.4).epsilon(1e-12));
  CHECK(outcome(r, "ok") == Approx(0.6).epsilon(1e-12));
}

TEST_CASE("matching_splits pairs each join with its nearest split", "[model]") {
  const auto p = parse(R"yaml(
process: p
arrivals: { every: 1h }
start: a
steps:
  a: { and: [b, c] }
  b: { and: [b1, b2] }
  b1: { duration: 1h, next: jb }
  b2: { duration: 1h, next: jb }
  jb: { join: [b1, b2], next: j }
  c: { duration: 1h, next: j }
  j: { join: [jb, c], next: done }
  done: { end: ok }
)yaml");
  const auto matches = bpm::matching_splits(p);
  CHECK(matches[*bpm::step_index(p, "jb")] == bpm::step_index(p, "b"));
  CHECK(matches[*bpm::step_index(p, "j")] == bpm::step_index(p, "a"));
  CHECK_FALSE(matches[*bpm::step_index(p, "c")].has_value());
  const auto r = bpm::analyze_routing(p);
  REQUIRE(r.finite);
  CHECK(visits(p, r, "jb") == Approx(1.0).epsilon(1e-12));
  CHECK(visits(p, r, "j") == Approx(1.0).epsilon(1e-12));
}
