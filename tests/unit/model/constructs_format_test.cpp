// The format of the constructs of real processes (issue 13): ends of one branch, timeouts,
// abandonment, batches, sub-processes — how they are read, what is refused, and that the
// canonical form (`bpm-design fmt`) writes them back unchanged.
#include <catch2/catch.hpp>

#include <string>

#include "bpm/model/loader.hpp"
#include "bpm/model/writer.hpp"

namespace {

bpm::Process parse(const std::string& text) {
  bpm::LoadResult result = bpm::parse_process_text(text, "t.yaml");
  std::string diagnostics;
  for (const auto& d : result.diagnostics) diagnostics += d.str() + "\n";
  INFO(diagnostics);
  REQUIRE(result.process.has_value());
  return std::move(*result.process);
}

/// The first error of a text that must not load.
std::string error_of(const std::string& text) {
  const bpm::LoadResult result = bpm::parse_process_text(text, "t.yaml");
  REQUIRE(!result.diagnostics.empty());
  return result.diagnostics.front().str();
}

/// fmt(fmt(x)) == fmt(x), and the re-read process has the same canonical form.
std::string canonical_round_trip(const std::string& text) {
  const std::string canonical = bpm::to_yaml(parse(text));
  INFO(canonical);
  CHECK(bpm::to_yaml(parse(canonical)) == canonical);
  return canonical;
}

const std::string kHead = "process: p\narrivals: { every: 1h }\n";

}  // namespace

TEST_CASE("an end may end only its branch", "[model][end]") {
  const std::string text = kHead + R"yaml(start: s
steps:
  s: { and: [a, b] }
  a: { duration: 1h, next: x }
  b: { duration: 1h, next: w }
  x: { end: done, terminate: false }
  w: { end: done, terminate: true }
)yaml";
  const bpm::Process p = parse(text);
  CHECK_FALSE(p.find_step("x")->terminate);
  CHECK(p.find_step("w")->terminate);
  const std::string canonical = canonical_round_trip(text);
  CHECK_THAT(canonical, Catch::Contains("x: { end: done, terminate: false }"));
  CHECK_THAT(canonical, Catch::Contains("w: { end: done }"));  // the default is not written
  CHECK_FALSE(parse(canonical).find_step("x")->terminate);

  CHECK_THAT(error_of(kHead + "start: x\nsteps:\n  x: { end: done, terminate: maybe }\n"),
             Catch::Contains("terminate must be true or false, not 'maybe'"));
  CHECK_THAT(
      error_of(kHead + "start: a\nsteps:\n  a: { duration: 1h, terminate: false, next: x }\n  x: { end: done }\n"),
      Catch::Contains("'terminate' does not apply to task step 'a'"));
}

TEST_CASE("tasks and waits carry timeouts, escalations and abandonment", "[model][timers]") {
  const std::string text = kHead + R"yaml(resources: { desk: { count: 1 } }
start: docs
steps:
  docs:
    wait: exponential(4d)
    timeout: { after: 10d, to: reject, description: no documents }
    escalate: { after: 7d, to: remind }
    next: answer
  answer:
    resource: desk
    duration: exponential(4m)
    abandon: { after: exponential(10m), to: lost }
    timeout: { after: 1h, to: lost }
    next: done
  remind: { duration: 5m, next: reminded }
  reminded: { end: reminded, terminate: false }
  reject: { end: rejected }
  lost: { end: lost }
  done: { end: done }
)yaml";
  const bpm::Process p = parse(text);
  const bpm::Step& docs = *p.find_step("docs");
  REQUIRE(docs.timeout);
  CHECK(docs.timeout->after.mean() == 10 * 86400.0);
  CHECK(docs.timeout->to == "reject");
  CHECK(docs.timeout->description == "no documents");
  REQUIRE(docs.escalate);
  CHECK(docs.escalate->to == "remind");
  CHECK_FALSE(docs.abandon);
  const bpm::Step& answer = *p.find_step("answer");
  REQUIRE(answer.abandon);
  CHECK(answer.abandon->after.mean() == 600.0);
  const std::string canonical = canonical_round_trip(text);
  CHECK_THAT(canonical, Catch::Contains("timeout: { after: 10d, to: reject, description: no documents }"));
  CHECK_THAT(canonical, Catch::Contains("abandon: { after: exponential(10m), to: lost }"));

  const std::string head = kHead + "resources: { desk: { count: 1 } }\nstart: a\nsteps:\n";
  CHECK_THAT(error_of(head + "  a: { duration: 1h, abandon: { after: 1h, to: e }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("'abandon' needs a 'resource'"));
  CHECK_THAT(error_of(head + "  a: { wait: 1h, abandon: { after: 1h, to: e }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("'abandon' does not apply to wait step 'a'"));
  CHECK_THAT(error_of(head + "  a: { duration: 1h, timeout: { to: e }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("timeout needs 'after'"));
  CHECK_THAT(error_of(head + "  a: { duration: 1h, timeout: { after: 1h, to: e, p: 1 }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("'p'"));
  CHECK_THAT(error_of(head + "  a: { and: [e, e], timeout: { after: 1h, to: e } }\n  e: { end: x }\n"),
             Catch::Contains("'timeout' does not apply to and step 'a'"));
}

TEST_CASE("a task may serve cases in batches", "[model][batch]") {
  const std::string text = kHead + R"yaml(resources: { finance: { count: 1 } }
start: pay
steps:
  pay: { resource: finance, duration: 2h, batch: { size: 50, timeout: 7d }, next: done }
  done: { end: done }
)yaml";
  const bpm::Process p = parse(text);
  const bpm::Step& pay = *p.find_step("pay");
  REQUIRE(pay.batch);
  CHECK(pay.batch->size == 50);
  REQUIRE(pay.batch->timeout);
  CHECK(pay.batch->timeout->mean() == 7 * 86400.0);
  CHECK_THAT(canonical_round_trip(text), Catch::Contains("batch: { size: 50, timeout: 1w }"));

  const std::string head = kHead + "start: a\nsteps:\n";
  CHECK_THAT(error_of(head + "  a: { duration: 1h, batch: { timeout: 1d }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("batch needs 'size'"));
  CHECK_THAT(error_of(head + "  a: { duration: 1h, batch: { size: -1 }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("size must be between 0 and 1000000"));
  CHECK_THAT(error_of(head + "  a: { duration: 1h, batch: { size: 2 }, timeout: { after: 1h, to: e }, next: e }\n"
                             "  e: { end: x }\n"),
             Catch::Contains("'timeout' does not apply to a batch task"));
  CHECK_THAT(error_of(head + "  a: { wait: 1h, batch: { size: 2 }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("'batch' does not apply to wait step 'a'"));
}

TEST_CASE("a task may run as several instances", "[model][instances]") {
  const std::string text = R"yaml(process: p
arrivals: { every: 1h, attributes: { directors: "poisson(2)" } }
start: a
steps:
  a: { duration: 1h, instances: { count: poisson(3) }, next: b }
  b: { duration: 1h, instances: { count: directors + 1, parallel: false }, next: e }
  e: { end: done }
)yaml";
  INFO(text);
  const bpm::Process p = parse(text);
  const bpm::Step& a = *p.find_step("a");
  REQUIRE(a.instances);
  REQUIRE(a.instances->count);
  CHECK(a.instances->count->mean() == 3.0);
  CHECK(a.instances->parallel);
  const bpm::Step& b = *p.find_step("b");
  REQUIRE(b.instances);
  CHECK_FALSE(b.instances->count);
  REQUIRE(b.instances->count_of);
  CHECK_FALSE(b.instances->parallel);
  const std::string canonical = canonical_round_trip(text);
  CHECK_THAT(canonical, Catch::Contains("instances: { count: poisson(3) }"));
  CHECK_THAT(canonical, Catch::Contains("instances: { count: \"directors + 1\", parallel: false }"));

  const std::string head = kHead + "start: a\nsteps:\n";
  CHECK_THAT(error_of(head + "  a: { duration: 1h, instances: { parallel: true }, next: e }\n  e: { end: x }\n"),
             Catch::Contains("instances needs 'count'"));
  CHECK_THAT(error_of(head + "  a: { duration: 1h, instances: { count: 2 }, rework: 0.1, next: e }\n  e: { end: x }\n"),
             Catch::Contains("'rework' does not apply to a multi-instance task"));
}
