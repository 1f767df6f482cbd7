#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bpm/model/loader.hpp"
#include "bpm/model/writer.hpp"

namespace {

bpm::Process parse(const std::string& text, const std::string& name = "test.yaml") {
  bpm::LoadResult result = bpm::parse_process_text(text, name);
  std::string diagnostics;
  for (const auto& d : result.diagnostics) diagnostics += d.str() + "\n";
  INFO(diagnostics);
  REQUIRE(result.process.has_value());
  return std::move(*result.process);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Table weights are normalised on every read, so a written weight may come back an ulp away.
void check_same(const bpm::Distribution& a, const bpm::Distribution& b) {
  CHECK(a.kind == b.kind);
  // Parameters given as expressions are NaN in p.
  for (std::size_t i = 0; i < a.p.size(); ++i) CHECK((a.p[i] == b.p[i] || (std::isnan(a.p[i]) && std::isnan(b.p[i]))));
  CHECK(a.values == b.values);
  REQUIRE(a.weights.size() == b.weights.size());
  for (std::size_t i = 0; i < a.weights.size(); ++i) CHECK(a.weights[i] == Approx(b.weights[i]).epsilon(1e-12));
  CHECK(a.lower == b.lower);
  CHECK(a.upper == b.upper);
  CHECK(a.scale == b.scale);
  CHECK(a.is_time == b.is_time);
  CHECK(a.expressions == b.expressions);
}

void check_same(const std::optional<bpm::Distribution>& a, const std::optional<bpm::Distribution>& b) {
  REQUIRE(a.has_value() == b.has_value());
  if (a) check_same(*a, *b);
}

void check_same(const std::optional<bpm::Expression>& a, const std::optional<bpm::Expression>& b) {
  REQUIRE(a.has_value() == b.has_value());
  if (a) CHECK(a->text() == b->text());
}

void check_same(const bpm::SlaEndpoint& a, const bpm::SlaEndpoint& b) {
  CHECK(a.kind == b.kind);
  CHECK(a.step == b.step);
  CHECK(a.text == b.text);
}

/// Every field the format defines, that is everything but source locations.
void check_same(const bpm::Process& a, const bpm::Process& b) {
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  CHECK(a.owner == b.owner);
  CHECK(a.time_unit == b.time_unit);
  CHECK(a.time_unit_seconds == b.time_unit_seconds);

  REQUIRE(a.objectives.size() == b.objectives.size());
  for (std::size_t i = 0; i < a.objectives.size(); ++i) {
    const auto& x = a.objectives[i];
    const auto& y = b.objectives[i];
    CHECK(x.kpi == y.kpi);
    CHECK(x.target == y.target);
    CHECK(x.baseline == y.baseline);
    CHECK(x.baseline_text == y.baseline_text);
    CHECK(x.description == y.description);
  }
  REQUIRE(a.roles.size() == b.roles.size());
  for (std::size_t i = 0; i < a.roles.size(); ++i) {
    CHECK(a.roles[i].id == b.roles[i].id);
    CHECK(a.roles[i].name == b.roles[i].name);
    CHECK(a.roles[i].description == b.roles[i].description);
  }
  CHECK(a.calendars == b.calendars);
  REQUIRE(a.resources.size() == b.resources.size());
  for (std::size_t i = 0; i < a.resources.size(); ++i) {
    const auto& x = a.resources[i];
    const auto& y = b.resources[i];
    CHECK(x.id == y.id);
    CHECK(x.role == y.role);
    CHECK(x.count == y.count);
    CHECK(x.cost_per_hour == y.cost_per_hour);
    CHECK(x.calendar == y.calendar);
    CHECK(x.description == y.description);
    REQUIRE(x.members.size() == y.members.size());
    for (std::size_t m = 0; m < x.members.size(); ++m) {
      CHECK(x.members[m].id == y.members[m].id);
      CHECK(x.members[m].calendar == y.members[m].calendar);
      CHECK(x.members[m].cost_per_hour == y.members[m].cost_per_hour);
      CHECK(x.members[m].speed == y.members[m].speed);
      CHECK(x.members[m].description == y.members[m].description);
    }
  }

  check_same(a.arrivals.every, b.arrivals.every);
  CHECK(a.arrivals.calendar == b.arrivals.calendar);
  CHECK(a.arrivals.rate == b.arrivals.rate);
  check_same(a.arrivals.size, b.arrivals.size);
  REQUIRE(a.arrivals.streams.size() == b.arrivals.streams.size());
  for (std::size_t i = 0; i < a.arrivals.streams.size(); ++i) {
    const auto& x = a.arrivals.streams[i];
    const auto& y = b.arrivals.streams[i];
    CHECK(x.id == y.id);
    check_same(x.every, y.every);
    CHECK(x.rate == y.rate);
    check_same(x.size, y.size);
    CHECK(x.calendar == y.calendar);
    CHECK(x.start == y.start);
    CHECK(x.description == y.description);
    REQUIRE(x.attributes.size() == y.attributes.size());
    for (std::size_t j = 0; j < x.attributes.size(); ++j) CHECK(x.attributes[j].name == y.attributes[j].name);
  }
  REQUIRE(a.arrivals.attributes.size() == b.arrivals.attributes.size());
  for (std::size_t i = 0; i < a.arrivals.attributes.size(); ++i) {
    const auto& x = a.arrivals.attributes[i];
    const auto& y = b.arrivals.attributes[i];
    CHECK(x.name == y.name);
    CHECK(x.categorical == y.categorical);
    if (!x.categorical && !x.formula) check_same(x.numeric, y.numeric);
    check_same(x.formula, y.formula);
    CHECK(x.categories == y.categories);
    CHECK(x.weights == y.weights);
  }

  CHECK(a.start == b.start);
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    const auto& x = a.steps[i];
    const auto& y = b.steps[i];
    INFO("step " << x.id);
    CHECK(x.id == y.id);
    CHECK(x.name == y.name);
    CHECK(x.kind == y.kind);
    CHECK(x.description == y.description);
    CHECK(x.resource == y.resource);
    CHECK(x.other_resources == y.other_resources);
    CHECK(x.policy == y.policy);
    check_same(x.duration, y.duration);
    CHECK(x.cost == y.cost);
    check_same(x.cost_formula, y.cost_formula);
    REQUIRE(x.set.size() == y.set.size());
    for (std::size_t j = 0; j < x.set.size(); ++j) {
      CHECK(x.set[j].attribute == y.set[j].attribute);
      CHECK(x.set[j].value.text() == y.set[j].value.text());
    }
    CHECK(x.priority == y.priority);
    check_same(x.priority_expression, y.priority_expression);
    CHECK(x.raci.responsible == y.raci.responsible);
    CHECK(x.raci.accountable == y.raci.accountable);
    CHECK(x.raci.consulted == y.raci.consulted);
    CHECK(x.raci.informed == y.raci.informed);
    REQUIRE(x.rework.has_value() == y.rework.has_value());
    if (x.rework) {
      CHECK(x.rework->p == y.rework->p);
      CHECK(x.rework->to == y.rework->to);
    }
    check_same(x.wait, y.wait);
    CHECK(x.next == y.next);
    REQUIRE(x.branches.size() == y.branches.size());
    for (std::size_t j = 0; j < x.branches.size(); ++j) {
      CHECK(x.branches[j].to == y.branches[j].to);
      check_same(x.branches[j].when, y.branches[j].when);
      CHECK(x.branches[j].p == y.branches[j].p);
      CHECK(x.branches[j].description == y.branches[j].description);
    }
    CHECK(x.targets == y.targets);
    CHECK(x.join_of == y.join_of);
    CHECK(x.outcome == y.outcome);
    check_same(x.revenue, y.revenue);
  }

  REQUIRE(a.slas.size() == b.slas.size());
  for (std::size_t i = 0; i < a.slas.size(); ++i) {
    CHECK(a.slas[i].id == b.slas[i].id);
    check_same(a.slas[i].from, b.slas[i].from);
    check_same(a.slas[i].to, b.slas[i].to);
    CHECK(a.slas[i].within == b.slas[i].within);
    CHECK(a.slas[i].description == b.slas[i].description);
  }
  REQUIRE(a.kpis.size() == b.kpis.size());
  for (std::size_t i = 0; i < a.kpis.size(); ++i) {
    CHECK(a.kpis[i].id == b.kpis[i].id);
    CHECK(a.kpis[i].description == b.kpis[i].description);
    CHECK(a.kpis[i].formula.text() == b.kpis[i].formula.text());
    CHECK(a.kpis[i].unit == b.kpis[i].unit);
    CHECK(a.kpis[i].target == b.kpis[i].target);
  }
  REQUIRE(a.scenarios.size() == b.scenarios.size());
  for (std::size_t i = 0; i < a.scenarios.size(); ++i) {
    CHECK(a.scenarios[i].id == b.scenarios[i].id);
    CHECK(a.scenarios[i].description == b.scenarios[i].description);
    REQUIRE(a.scenarios[i].overrides.size() == b.scenarios[i].overrides.size());
    for (std::size_t j = 0; j < a.scenarios[i].overrides.size(); ++j) {
      CHECK(a.scenarios[i].overrides[j].path == b.scenarios[i].overrides[j].path);
      CHECK(a.scenarios[i].overrides[j].value == b.scenarios[i].overrides[j].value);
    }
  }

  const auto& s = a.simulation;
  const auto& t = b.simulation;
  CHECK(s.start == t.start);
  CHECK(s.horizon == t.horizon);
  CHECK(s.cases == t.cases);
  CHECK(s.warmup_time == t.warmup_time);
  CHECK(s.warmup_cases == t.warmup_cases);
  CHECK(s.replications == t.replications);
  CHECK(s.seed == t.seed);
  CHECK(s.max_steps_per_case == t.max_steps_per_case);
}

/// fmt's contract: the canonical text parses back to the same process, and fmt of fmt is fmt.
void check_round_trip(const std::string& text, const std::string& name) {
  const bpm::Process original = parse(text, name);
  const std::string canonical = bpm::to_yaml(original);
  INFO(canonical);
  const bpm::Process reread = parse(canonical, name + " (canonical)");
  check_same(original, reread);
  CHECK(bpm::to_yaml(reread) == canonical);
}

// The issue's example, with the quoting YAML needs: inside { } a value with a comma or a '?' is
// quoted, and anywhere a value containing ": ".
const char* const kLeadToCash = R"yaml(process: lead-to-cash
description: Inbound lead to closed deal
owner: Head of Revenue Operations          # the accountable process owner
time_unit: minutes

objectives:
  - { kpi: cycle_time.p90, target: "<= 21d", baseline: 28d }
  - { kpi: win_rate, target: ">= 0.25" }

roles:
  sdr: Sales Development Rep
  ae: Account Executive
  manager: Sales Manager

calendars:
  office: { mon-fri: "09:00-17:00" }

resources:
  sdr:     { role: sdr, count: 2, cost_per_hour: 40, calendar: office }
  ae:      { role: ae, count: 4, cost_per_hour: 90, calendar: office }

arrivals:
  every: exponential(30m)
  calendar: office
  attributes:
    deal_value: "lognormal(mean: 12000, sd: 6000)"
    segment: { smb: 0.7, mid-market: 0.3 }

start: qualify
steps:
  qualify:
    resource: sdr
    duration: triangular(10m, 20m, 40m)
    raci: { accountable: manager, consulted: [ae] }
    next: qualified?
  qualified?:
    xor:
      - { to: book-demo, when: "segment == 'mid-market'" }
      - { to: book-demo, p: 0.55 }
      - { to: lost, p: 45% }
  book-demo: { wait: "uniform(1d, 3d)", next: demo }
  demo:      { resource: ae, duration: "lognormal(mean: 45m, sd: 15m)", next: "decision?" }
  decision?:
    xor:
      - { to: won, p: 0.6 }
      - { to: lost, p: 0.4 }
  won:  { end: won, revenue: deal_value }
  lost: { end: lost }

slas:
  first_touch: { from: arrival, to: qualify.start, within: 240 }

simulation: { start: 2026-01-05T00:00, horizon: 90d, warmup: 3d, replications: 30, seed: 42 }
)yaml";

}  // namespace

TEST_CASE("the canonical form has a fixed layout", "[model][writer]") {
  const std::string expected = R"yaml(process: lead-to-cash
description: Inbound lead to closed deal
owner: Head of Revenue Operations
time_unit: minutes

objectives:
  - { kpi: cycle_time.p90, target: "<= 21d", baseline: 28d }
  - { kpi: win_rate, target: ">= 0.25" }

roles:
  sdr: Sales Development Rep
  ae: Account Executive
  manager: Sales Manager

calendars:
  office: { mon-fri: "09:00-17:00" }

resources:
  sdr: { role: sdr, count: 2, cost_per_hour: 40, calendar: office }
  ae: { role: ae, count: 4, cost_per_hour: 90, calendar: office }

arrivals:
  every: exponential(30m)
  calendar: office
  attributes:
    deal_value: "lognormal(mean: 12000, sd: 6000)"
    segment: { smb: 0.7, mid-market: 0.3 }

start: qualify
steps:
  qualify:
    resource: sdr
    duration: triangular(10m, 20m, 40m)
    raci: { accountable: manager, consulted: [ae] }
    next: qualified?
  qualified?:
    xor:
      - { to: book-demo, when: "segment == 'mid-market'" }
      - { to: book-demo, p: 0.55 }
      - { to: lost, p: 0.45 }
  book-demo: { wait: "uniform(1d, 3d)", next: demo }
  demo: { resource: ae, duration: "lognormal(mean: 45m, sd: 15m)", next: "decision?" }
  decision?:
    xor:
      - { to: won, p: 0.6 }
      - { to: lost, p: 0.4 }
  won: { end: won, revenue: deal_value }
  lost: { end: lost }

slas:
  first_touch: { from: arrival, to: qualify.start, within: 4h }

simulation: { start: 2026-01-05T00:00, horizon: 90d, warmup: 3d, replications: 30, seed: 42 }
)yaml";
  CHECK(bpm::to_yaml(parse(kLeadToCash)) == expected);
  check_round_trip(kLeadToCash, "lead-to-cash");
}

TEST_CASE("every sample process and template survives fmt", "[model][writer]") {
  const std::filesystem::path root = BPM_SOURCE_DIR;
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"processes", "share/templates", "tests/data/constructs"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  REQUIRE(files.size() >= 8);
  for (const auto& file : files) {
    SECTION(file.filename().string() + " in " + file.parent_path().filename().string()) {
      check_round_trip(read_file(file), file.string());
    }
  }
}

TEST_CASE("fmt quotes exactly what YAML would misread", "[model][writer]") {
  const std::string text = R"yaml(process: "yes"
description: "Step one: qualify # not a comment"
owner: '"The" owner'
time_unit: hours
roles:
  r1: "123"
  r2: "- dash"
  r3: "multi\nline \\ text"
  r4: "on"
calendars:
  c: { mon-fri: "09:00-17:00" }
resources:
  pool: { role: r1, count: 1, calendar: c, description: "it's got 'quotes'" }
arrivals:
  every: 2
  attributes:
    kind: { "yes": 0.5, "no": 0.25, "a, b": 0.25 }
start: a?
steps:
  a?: { duration: 0.5, resource: pool, raci: { accountable: [r2, r3] }, next: split }
  split: { and: ["b?", c] }
  b?: { duration: 1, resource: pool, raci: { accountable: r4 }, next: j }
  c: { duration: 1, resource: pool, raci: { accountable: r4 }, next: j }
  j: { join: ["b?", c], next: done }
  done: { end: "true" }
scenarios:
  s1:
    steps.a?.priority: "+1"
    resources.pool.count: "-1"
    steps.b?.duration: "*2"
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical, Catch::Contains("process: \"yes\"\n"));
  CHECK_THAT(canonical, Catch::Contains("description: \"Step one: qualify # not a comment\"\n"));
  CHECK_THAT(canonical, Catch::Contains("owner: '\"The\" owner'\n"));
  CHECK_THAT(canonical, Catch::Contains("  r1: \"123\"\n"));
  CHECK_THAT(canonical, Catch::Contains("  r2: \"- dash\"\n"));
  CHECK_THAT(canonical, Catch::Contains("  r3: \"multi\\nline \\\\ text\"\n"));
  CHECK_THAT(canonical, Catch::Contains("  r4: \"on\"\n"));
  CHECK_THAT(canonical, Catch::Contains("kind: { \"yes\": 0.5, \"no\": 0.25, \"a, b\": 0.25 }"));
  CHECK_THAT(canonical, Catch::Contains("\n  a?: { resource: pool"));     // a '?' is fine in block style ...
  CHECK_THAT(canonical, Catch::Contains("split: { and: [\"b?\", c] }"));  // ... but not in flow style
  CHECK_THAT(canonical, Catch::Contains("raci: { accountable: [r2, r3] }"));
  CHECK_THAT(
      canonical,
      Catch::Contains(R"(s1: { "steps.a?.priority": "+1", resources.pool.count: "-1", "steps.b?.duration": "*2" })"));
  CHECK_THAT(canonical, Catch::Contains("done: { end: \"true\" }"));
  check_round_trip(text, "quoting");
}

TEST_CASE("fmt groups calendar days and lists holidays before exceptions", "[model][writer]") {
  const std::string text = R"yaml(process: p
arrivals: { every: 1h }
calendars:
  shop:
    exceptions: { 2026-12-24: "09:00-12:00", 2026-12-31: closed }
    sun: "10:00-14:00"
    mon, wed, fri: "09:00-12:00, 13:00-17:00"
    sat: "10:00-14:00"
    holidays: [2026-12-25]
  odd: { tue: "08:00-09:00", thu: "08:00-09:00" }
  always: { daily: "00:00-24:00" }
start: done
steps:
  done: { end: ok }
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical, Catch::Contains(R"yaml(  shop:
    mon, wed, fri: "09:00-12:00, 13:00-17:00"
    sat-sun: "10:00-14:00"
    holidays: [2026-12-25, 2026-12-31]
    exceptions: { 2026-12-24: "09:00-12:00" }
  odd: { "tue, thu": "08:00-09:00" }
  always: { daily: "00:00-24:00" }
)yaml"));
  check_round_trip(text, "calendars");
}

TEST_CASE("fmt writes the warm-up, the run length and the table distributions in their forms", "[model][writer]") {
  const std::string head = R"yaml(process: p
arrivals:
  every: { histogram: [[0, 1h, 1], [1h, 3h, 3]], max: 2h }
  attributes:
    size: { empirical: [[1, 2], [5, 6]] }
start: done
steps:
  done: { end: ok }
)yaml";
  SECTION("time warm-up and horizon") {
    const std::string canonical = bpm::to_yaml(parse(head + "simulation: { horizon: 30d, warmup: 2d }\n"));
    CHECK_THAT(canonical,
               Catch::Contains(
                   "simulation: { start: 2026-01-05T00:00, horizon: 30d, warmup: 2d, replications: 30, seed: 1 }"));
    CHECK_THAT(canonical, Catch::Contains("every: { histogram: [[0s, 1h, 0.25], [1h, 3h, 0.75]], max: 2h }"));
    CHECK_THAT(canonical, Catch::Contains("size: { empirical: [[1, 0.25], [5, 0.75]] }"));
  }
  SECTION("case warm-up, case count and step limit") {
    const std::string text =
        head +
        "simulation: { start: 2026-03-02T08:30:15, cases: 500, warmup: { cases: 50 }, max_steps_per_case: 99 }\n";
    const std::string canonical = bpm::to_yaml(parse(text));
    CHECK_THAT(canonical, Catch::Contains("start: 2026-03-02T08:30:15"));
    CHECK_THAT(canonical, Catch::Contains("cases: 500"));
    CHECK_THAT(canonical, Catch::Contains("warmup: { cases: 50 }"));
    CHECK_THAT(canonical, Catch::Contains("max_steps_per_case: 99"));
    check_round_trip(text, "case warm-up");
  }
  SECTION("both warm-ups") {
    check_round_trip(head + "simulation: { horizon: 10d, warmup: { time: 1d, cases: 5 } }\n", "both warm-ups");
  }
}

TEST_CASE("fmt writes computed attributes and priority expressions", "[model][writer]") {
  const std::string text = R"yaml(process: p
resources:
  ae: { count: 2 }
arrivals:
  every: exponential(30m)
  attributes:
    source: { web: 0.6, referral: 0.4 }
    score: { formula: "logistic(-0.5 + 0.8 * (source == 'referral'))" }
start: demo
steps:
  demo: { resource: ae, duration: 30m, priority: score, next: close }
  close: { resource: ae, duration: 10m, priority: "score * 2", next: done }
  done: { end: ok }
simulation: { horizon: 10d }
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical, Catch::Contains("score: { formula: \"logistic(-0.5 + 0.8 * (source == 'referral'))\" }"));
  CHECK_THAT(canonical, Catch::Contains("priority: score,"));
  CHECK_THAT(canonical, Catch::Contains("priority: \"score * 2\""));
  check_round_trip(text, "computed attribute");
}

TEST_CASE("fmt writes a step's display name first", "[model][writer]") {
  const std::string text = R"yaml(process: p
arrivals: { every: 1h }
start: a
steps:
  a: { duration: 1h, description: Look at it, name: "Check: claim", next: e }
  e: { end: ok, name: Settled }
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical,
             Catch::Contains("a: { name: \"Check: claim\", description: Look at it, duration: 1h, next: e }"));
  CHECK_THAT(canonical, Catch::Contains("e: { name: Settled, end: ok }"));
  check_round_trip(text, "step names");
}

TEST_CASE("fmt writes members as a list, or as a mapping when one has settings", "[model][writer]") {
  const std::string head = "process: p\narrivals: { every: 1h }\ncalendars: { c: { daily: \"08:00-12:00\" } }\n";
  const std::string tail = "start: a\nsteps:\n  a: { resource: r, duration: 1h, next: e }\n  e: { end: ok }\n";
  SECTION("plain members") {
    const std::string text = head + "resources: { r: { members: [ann, bob] } }\n" + tail;
    CHECK_THAT(bpm::to_yaml(parse(text)), Catch::Contains("  r: { members: [ann, bob] }\n"));
    check_round_trip(text, "plain members");
  }
  SECTION("members with settings") {
    const std::string text = head +
                             "resources:\n  r:\n    cost_per_hour: 30\n    members:\n      ann: { speed: 1.5, "
                             "calendar: c, cost_per_hour: 40 }\n      bob:\n" +
                             tail;
    const std::string canonical = bpm::to_yaml(parse(text));
    CHECK_THAT(canonical, Catch::Contains(R"(  r:
    cost_per_hour: 30
    members:
      ann: { calendar: c, cost_per_hour: 40, speed: 1.5 }
      bob: {}
)"));
    check_round_trip(text, "members with settings");
  }
}

TEST_CASE("fmt writes rate profiles, batches and streams", "[model][writer][arrivals]") {
  const std::string text = R"yaml(process: p
time_unit: minutes
calendars:
  office: { mon-fri: "08:00-18:00" }
arrivals:
  attributes:
    amount: "uniform(1, 2)"
  streams:
    phone:
      rate:
        tue-fri: { "08:00-12:00": 6/h, "13:00-17:00": 6/h, "12:00-13:00": 1/h }
        mon: { "08:00-12:00": 14/h, "13:00-17:00": 6/h, "12:00-13:00": 1/h }
        sat: 0.05
      calendar: office
    mail: { every: 1d, size: poisson(12), start: f, description: Letters }
start: e
steps:
  e: { end: ok }
  f: { end: other }
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical, Catch::Contains(R"(arrivals:
  attributes:
    amount: uniform(1, 2)
  streams:
    phone:
      rate:
        mon: { "08:00-12:00": 14/h, "12:00-13:00": 1/h, "13:00-17:00": 6/h }
        tue-fri: { "08:00-12:00, 13:00-17:00": 6/h, "12:00-13:00": 1/h }
        sat: 3/h
      calendar: office
    mail: { description: Letters, every: 1d, size: poisson(12), start: f }
)"));
  check_round_trip(text, "streams");
}

TEST_CASE("fmt writes several pools, data-dependent parameters and set", "[model][writer][data]") {
  const std::string text = R"yaml(process: p
time_unit: minutes
resources:
  a: { count: 1 }
  b: { count: 1 }
arrivals:
  every: 1h
  attributes: { amount: "uniform(0, 100)" }
start: t
steps:
  t:
    resource: [b, a]
    policy: cheapest
    duration: "lognormal(mean: 30m + amount * 0.5m, sd: 10m)"
    cost: "5 + amount * 0.1"
    set: { big: "amount > 50", amount: "amount / 2" }
    next: u
  u: { resource: [a, b], duration: "20m + big * 1h", next: w }
  w: { wait: "gamma(shape: 1 + big, scale: 2m)", next: e }
  e: { end: ok }
)yaml";
  const std::string canonical = bpm::to_yaml(parse(text));
  CHECK_THAT(canonical, Catch::Contains("resource: [b, a]"));
  CHECK_THAT(canonical, Catch::Contains("policy: cheapest"));
  CHECK_THAT(canonical, Catch::Contains("lognormal(mean: 30m + amount * 0.5m, sd: 10m)"));
  CHECK_THAT(canonical, Catch::Contains(R"(set: { big: "amount > 50", amount: "amount / 2" })"));
  CHECK_THAT(canonical, Catch::Contains("gamma(shape: 1 + big, scale: 2m)"));
  CHECK_THAT(canonical, !Catch::Contains("policy: first"));
  check_round_trip(text, "data and pools");
}
