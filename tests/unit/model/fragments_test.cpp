// Sub-processes: `fragments` and `call` steps, expanded by the loader into plain steps.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/writer.hpp"
#include "bpm/sim/simulator.hpp"

namespace {

const char* const kKyc = R"yaml(process: kyc-twice
time_unit: minutes
resources:
  compliance: { count: 4 }
  sales: { count: 3 }
arrivals: { every: exponential(30m), attributes: { risk: "uniform(0, 1)" } }
start: intake
steps:
  intake: { resource: sales, duration: 10m, next: kyc-applicant }
  kyc-applicant: { call: kyc, next: kyc-guarantor }
  kyc-guarantor: { call: kyc, next: open-account }
  open-account: { resource: sales, duration: 15m, next: done }
  done: { end: opened }
fragments:
  kyc:
    steps:
      check-id: { resource: compliance, duration: exponential(20m), next: screen }
      screen:
        xor:
          - { to: return, when: "risk < 0.8" }
          - { to: review, p: 1 }
      review: { resource: compliance, duration: 1h, next: decide }
      decide:
        xor:
          - { to: return, p: 0.5 }
          - { to: rejected, p: 0.5 }
      rejected: { end: rejected }
simulation: { cases: 500, replications: 3, seed: 7 }
)yaml";

std::vector<std::string> ids(const bpm::Process& p) {
  std::vector<std::string> out;
  for (const bpm::Step& s : p.steps) out.push_back(s.id);
  return out;
}

const bpm::Step& step(const bpm::Process& p, std::string_view id) {
  const bpm::Step* s = p.find_step(id);
  REQUIRE(s != nullptr);
  return *s;
}

/// The first error message of a file that must not load.
std::string load_error(const std::string& yaml) {
  const bpm::LoadResult r = bpm::parse_process_text(yaml, "f.yaml");
  for (const bpm::Diagnostic& d : r.diagnostics) {
    if (d.severity == bpm::Severity::Error) return d.where.str() + ": " + d.message;
  }
  return {};
}

std::string replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a call expands in place into its own copy of the fragment", "[model][fragments]") {
  const bpm::Process p = bpm::parse_process(kKyc, "kyc.yaml");
  CHECK(ids(p) == std::vector<std::string>{"intake", "kyc-applicant.check-id", "kyc-applicant.screen",
                                           "kyc-applicant.review", "kyc-applicant.decide", "kyc-applicant.rejected",
                                           "kyc-guarantor.check-id", "kyc-guarantor.screen", "kyc-guarantor.review",
                                           "kyc-guarantor.decide", "kyc-guarantor.rejected", "open-account", "done"});
  // A reference to a call goes to the fragment's start; `return` to the call's next.
  CHECK(step(p, "intake").next == "kyc-applicant.check-id");
  CHECK(step(p, "kyc-applicant.check-id").next == "kyc-applicant.screen");
  CHECK(step(p, "kyc-applicant.screen").branches[0].to == "kyc-guarantor.check-id");
  CHECK(step(p, "kyc-applicant.screen").branches[1].to == "kyc-applicant.review");
  CHECK(step(p, "kyc-guarantor.decide").branches[0].to == "open-account");
  CHECK(step(p, "kyc-guarantor.check-id").origin == "kyc-guarantor");
  CHECK(step(p, "intake").origin.empty());
  // Locations stay those of the fragment's text.
  CHECK(step(p, "kyc-guarantor.review").where.line == step(p, "kyc-applicant.review").where.line);
  // The steps as written are kept for the writer.
  REQUIRE(p.written_steps.size() == 5);
  CHECK(p.written_steps[1].call == "kyc");
  REQUIRE(p.fragments.size() == 1);
  CHECK(p.fragments[0].start == "check-id");
  // The expansion is a sound flow: no reference, reachability or pairing finding.
  for (const bpm::Diagnostic& d : bpm::lint(p, bpm::LintConfig::recommended())) {
    CAPTURE(d.rule, d.message);
    CHECK((d.rule == "process-owner" || d.rule == "raci-accountable"));
  }
}

TEST_CASE("calls nest, start the process and count as join inputs", "[model][fragments]") {
  const bpm::Process p = bpm::parse_process(R"yaml(process: nested
arrivals: { every: 1h }
start: outer
steps:
  outer: { call: a, next: split }
  split: { and: [left, right] }
  left: { call: b, next: both }
  right: { duration: 5m, next: both }
  both: { join: [left, right], next: done }
  done: { end: done }
fragments:
  a:
    start: first
    steps:
      first: { call: b, next: return }
  b:
    steps:
      x: { duration: 1m, next: y }
      y: { xor: [ { to: return, p: 0.5 }, { to: z, p: 0.5 } ] }
      z: { duration: 1m, next: return }
)yaml",
                                            "nested.yaml");
  CHECK(p.start == "outer.first.x");
  CHECK(step(p, "outer.first.z").next == "split");
  CHECK(step(p, "outer.first.y").branches[0].to == "split");
  CHECK(step(p, "outer.first.x").origin == "outer.first");
  CHECK(step(p, "split").targets == std::vector<std::string>{"left.x", "right"});
  // The join's input `left` is the steps of that call that return: y by a branch, z by its next.
  CHECK(step(p, "both").join_of == std::vector<std::string>{"left.y", "left.z", "right"});
  for (const bpm::Diagnostic& d : bpm::lint(p, bpm::LintConfig::recommended())) {
    CAPTURE(d.rule, d.message);
    CHECK(d.severity != bpm::Severity::Error);
  }
  CHECK(step(p, "left.z").next == "both");
}

TEST_CASE("calls that cannot expand are located errors", "[model][fragments]") {
  const std::string base = kKyc;
  SECTION("an unknown fragment, with a hint") {
    CHECK(load_error(replace(base, "kyc-applicant: { call: kyc", "kyc-applicant: { call: kcy")) ==
          "f.yaml:10:20: step 'kyc-applicant' calls unknown fragment 'kcy' (did you mean 'kyc'?)");
  }
  SECTION("a fragment that calls itself, directly or through another") {
    CHECK(load_error(replace(base, "rejected: { end: rejected }", "rejected: { call: kyc, next: return }")) ==
          "f.yaml:27:19: fragment 'kyc' calls itself (kyc → kyc): a call cannot recurse");
    const std::string indirect =
        replace(replace(base, "rejected: { end: rejected }", "rejected: { call: other, next: return }"),
                "simulation:", "  other:\n    steps:\n      again: { call: kyc, next: return }\nsimulation:");
    CHECK(load_error(indirect).find("fragment 'kyc' calls itself (kyc → other → kyc)") != std::string::npos);
  }
  SECTION("a start that is not one of its steps") {
    CHECK(load_error(replace(base, "  kyc:\n    steps:", "  kyc:\n    start: chek-id\n    steps:")) ==
          "f.yaml:16:12: fragment 'kyc' start 'chek-id' is not one of its steps (did you mean 'check-id'?)");
  }
  SECTION("a call without next, or with keys of a task") {
    CHECK(load_error(replace(base, "{ call: kyc, next: kyc-guarantor }", "{ call: kyc }")) ==
          "f.yaml:10:18: step 'kyc-applicant' needs 'next' (where the case goes on after the call)");
    CHECK(load_error(replace(base, "{ call: kyc, next: kyc-guarantor }", "{ call: kyc, duration: 5m, next: done }"))
              .find("duration") != std::string::npos);
  }
  SECTION("an expanded id that another step has") {
    const std::string clash =
        replace(base, "  done: { end: opened }", "  done: { end: opened }\n  kyc-applicant.review: { end: odd }");
    CHECK(load_error(clash) ==
          "f.yaml:23:7: step 'kyc-applicant.review' of call 'kyc-applicant' has the id of another step");
  }
  SECTION("'return' is reserved in a fragment") {
    CHECK(load_error(replace(base, "rejected: { end: rejected }", "return: { end: rejected }")) ==
          "f.yaml:27:7: fragment 'kyc': 'return' is reserved (the end of a call)");
  }
  SECTION("calls that double at every level stop at the bound") {
    std::string text =
        "process: wide\narrivals: { every: 1h }\nstart: c\nsteps:\n  c: { call: f0, next: done }\n"
        "  done: { end: done }\nfragments:\n";
    for (int i = 0; i < 20; ++i) {
      text += fmt::format("  f{}:\n    steps:\n", i);
      if (i < 19) {
        text += fmt::format("      a: {{ call: f{0}, next: b }}\n      b: {{ call: f{0}, next: return }}\n", i + 1);
      } else {
        text += "      a: { duration: 1m, next: return }\n";
      }
    }
    CHECK(load_error(text).find("the calls expand to more than 100000 steps") != std::string::npos);
  }
}

TEST_CASE("a fragment no step calls is a lint warning", "[model][fragments][lint]") {
  const std::string text =
      replace(kKyc, "simulation:", "  spare:\n    steps:\n      s: { duration: 1m, next: return }\nsimulation:");
  std::vector<bpm::Diagnostic> findings;
  for (bpm::Diagnostic& d : bpm::lint(bpm::parse_process(text, "f.yaml"), bpm::LintConfig::recommended())) {
    if (d.rule == "unused-fragment") findings.push_back(std::move(d));
  }
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "fragment 'spare' is not called by any step");
  CHECK(findings[0].where.line == 28);
  CHECK(findings[0].severity == bpm::Severity::Warning);
}

TEST_CASE("fmt writes calls and fragments back as written", "[model][fragments][writer]") {
  const bpm::Process p = bpm::parse_process(kKyc, "kyc.yaml");
  const std::string yaml = bpm::to_yaml(p);
  CHECK(yaml.find("  kyc-applicant: { call: kyc, next: kyc-guarantor }") != std::string::npos);
  CHECK(yaml.find("\nfragments:\n  kyc:\n    steps:\n      check-id:") != std::string::npos);
  CHECK(yaml.find("return") != std::string::npos);
  const bpm::Process again = bpm::parse_process(yaml, "again.yaml");
  CHECK(ids(again) == ids(p));
  CHECK(bpm::to_yaml(again) == yaml);
}

namespace {

// A call as a join input that returns in several places: a wait's timeout, xor branches and a
// task's next; nested, the inner call returns through its own exits.
const char* const kJoinOnCall = R"yaml(process: join-on-call
time_unit: minutes
resources:
  clerks: { count: 2 }
arrivals: { every: exponential(20m) }
start: split
steps:
  split: { and: [docs, check] }
  docs: { call: collect, next: both }
  check: { resource: clerks, duration: exponential(15m), next: both }
  both: { join: [docs, check], next: done }
  done: { end: done }
fragments:
  collect:
    steps:
      await: { wait: exponential(30m), timeout: { after: 20m, to: return }, next: read }
      read: { resource: clerks, duration: exponential(5m), next: pick }
      pick: { xor: [ { to: return, p: 0.5 }, { to: deeper, p: 0.5 } ] }
      deeper: { call: sign, next: return }
  sign:
    steps:
      sign-off: { resource: clerks, duration: exponential(4m), next: route }
      route: { xor: [ { to: return, p: 0.6 }, { to: stamp, p: 0.4 } ] }
      stamp: { duration: 2m, next: return }
simulation: { cases: 400, replications: 3, seed: 11 }
)yaml";

}  // namespace

TEST_CASE("a call used as a join input stands for every step of it that returns", "[model][fragments]") {
  const bpm::Process p = bpm::parse_process(kJoinOnCall, "join.yaml");
  CHECK(step(p, "both").join_of ==
        std::vector<std::string>{"docs.await", "docs.pick", "docs.deeper.route", "docs.deeper.stamp", "check"});
  CHECK(step(p, "docs.await").timeout->to == "both");
  CHECK(step(p, "docs.deeper.route").branches[0].to == "both");
  for (const bpm::Diagnostic& d : bpm::lint(p, bpm::LintConfig::recommended())) {
    CAPTURE(d.rule, d.message);
    CHECK((d.rule == "process-owner" || d.rule == "raci-accountable"));
  }
  // Every case gets through the join, whichever way the call returned.
  bpm::SimulationOptions options;
  const auto result = bpm::simulate(p, options);
  const auto completed = std::find_if(result.metrics.begin(), result.metrics.end(),
                                      [](const auto& metric) { return metric.name == "cases.completed"; });
  REQUIRE(completed != result.metrics.end());
  const auto column = static_cast<std::size_t>(completed - result.metrics.begin());
  for (const auto& r : result.replications) CHECK(r.values[column] == 400.0);
}

TEST_CASE("a call simulates exactly as its expansion written out", "[model][fragments][sim]") {
  // The same steps written by hand under the expanded ids: same streams, same numbers.
  const char* const model = GENERATE(kKyc, kJoinOnCall);
  const bpm::Process called = bpm::parse_process(model, "called.yaml");
  bpm::Process flat = called;
  flat.written_steps.clear();
  flat.fragments.clear();
  const bpm::Process written = bpm::parse_process(bpm::to_yaml(flat), "flat.yaml");
  CHECK(written.fragments.empty());
  CHECK(ids(written) == ids(called));
  bpm::SimulationOptions options;
  const auto a = bpm::simulate(called, options);
  const auto b = bpm::simulate(written, options);
  REQUIRE(a.replications.size() == 3);
  REQUIRE(a.metrics.size() == b.metrics.size());
  for (std::size_t r = 0; r < 3; ++r) {
    for (std::size_t m = 0; m < a.metrics.size(); ++m) {
      CAPTURE(r, a.metrics[m].name);
      CHECK(std::bit_cast<std::uint64_t>(a.replications[r].values[m]) ==
            std::bit_cast<std::uint64_t>(b.replications[r].values[m]));
    }
  }
}

namespace {

/// A caller and the process file it calls, written into a directory of their own.
struct CalledFiles {
  std::filesystem::path dir;
  explicit CalledFiles(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / fmt::format("bpm-called-{}-{}", name, ::getpid())) {
    std::filesystem::create_directories(dir / "teams");
  }
  ~CalledFiles() { std::filesystem::remove_all(dir); }
  CalledFiles(const CalledFiles&) = delete;
  CalledFiles& operator=(const CalledFiles&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

// Times of the called file are in hours: check 30m, then with p 0.25 a review of 1h. The caller
// adds 10m before. No pool does the work, so nothing queues: the mean cycle time is exactly
// 10 + 30 + 0.25 × 60 = 55 minutes.
const char* const kCaller = R"yaml(process: caller
time_unit: minutes
resources:
  clerks: { count: 1 }
arrivals: { every: exponential(1h) }
start: intake
steps:
  intake: { duration: 10m, next: kyc-check }
  kyc-check: { call: kyc, next: done }
  done: { end: done }
fragments:
  kyc: { file: teams/kyc.yaml }
simulation: { cases: 400, replications: 20, seed: 3 }
)yaml";

const char* const kCalled = R"yaml(process: kyc
time_unit: hours
roles: { analyst: Analyst }
resources:
  clerks: { role: analyst, count: 2 }
arrivals: { every: 1 }
start: check
steps:
  check: { duration: 0.5, next: pick }
  pick:
    xor:
      - { to: ok, p: 0.75 }
      - { to: review, p: 0.25 }
  review: { duration: 1, next: second }
  second: { call: sign, next: ok }
  ok: { end: cleared }
fragments:
  sign:
    steps:
      sign-off: { resource: clerks, duration: 0, next: return }
simulation: { cases: 10 }
)yaml";

}  // namespace

TEST_CASE("a fragment may be another process file; its ends return and its names get a namespace",
          "[model][fragments]") {
  const CalledFiles files("call");
  files.write("teams/kyc.yaml", kCalled);
  const bpm::Process p = bpm::load_process(files.write("caller.yaml", kCaller));
  CHECK(ids(p) == std::vector<std::string>{"intake", "kyc-check.check", "kyc-check.pick", "kyc-check.review",
                                           "kyc-check.second.sign-off", "done"});
  // The called file's end returns: its steps lead on to the call's next.
  CHECK(step(p, "kyc-check.pick").branches[0].to == "done");
  CHECK(step(p, "kyc-check.second.sign-off").next == "done");
  // Its bare durations are in its own unit (hours).
  CHECK(step(p, "kyc-check.check").duration->mean() == Approx(1800.0));
  // Its pool, role and fragment join under the fragment's name, apart from the caller's `clerks`.
  REQUIRE(p.find_resource("kyc.clerks") != nullptr);
  CHECK(p.find_resource("kyc.clerks")->count == 2);
  CHECK(p.find_resource("kyc.clerks")->role == "kyc.analyst");
  CHECK(p.find_resource("clerks")->count == 1);
  CHECK(step(p, "kyc-check.second.sign-off").resource == "kyc.clerks");
  CHECK(std::any_of(p.fragments.begin(), p.fragments.end(), [](const bpm::Fragment& f) { return f.id == "kyc.sign"; }));
  // fmt writes the call of the file back, not the file.
  const std::string yaml = bpm::to_yaml(p);
  CHECK(yaml.find("    file: teams/kyc.yaml\n") != std::string::npos);
  CHECK(yaml.find("kyc.clerks") == std::string::npos);
  CHECK(yaml.find("sign-off") == std::string::npos);
  CHECK(bpm::to_yaml(bpm::parse_process(yaml, (files.dir / "again.yaml").string())) == yaml);

  SECTION("the mean cycle time is the hand-computed one, within the confidence interval") {
    const auto result = bpm::simulate(p, bpm::SimulationOptions{});
    const auto m = std::find_if(result.metrics.begin(), result.metrics.end(),
                                [](const auto& metric) { return metric.name == "cycle_time.mean"; });
    REQUIRE(m != result.metrics.end());
    const auto column = static_cast<std::size_t>(m - result.metrics.begin());
    std::vector<double> values;
    for (const auto& r : result.replications) values.push_back(r.values[column]);
    REQUIRE(values.size() == 20);
    double mean = 0.0;
    for (const double v : values) mean += v / 20.0;
    double ss = 0.0;
    for (const double v : values) ss += (v - mean) * (v - mean);
    const double half_width = 2.093 * std::sqrt(ss / 19.0) / std::sqrt(20.0);  // t(0.975, 19)
    CHECK(half_width > 0.0);
    CHECK(std::fabs(mean - 55.0 * 60.0) <= half_width);
  }
}

TEST_CASE("a called file that is missing, malformed or calls back is a located error", "[model][fragments]") {
  const CalledFiles files("errors");
  const auto error_of = [&](const std::string& caller) {
    const bpm::LoadResult r = bpm::parse_process_text(bpm::read_all(caller), caller);
    std::string errors;  // every one
    for (const bpm::Diagnostic& d : r.diagnostics) {
      if (d.severity == bpm::Severity::Error) errors += d.where.str() + ": " + d.message + "\n";
    }
    return errors;
  };
  const std::string missing = files.write("caller.yaml", kCaller);
  CHECK(error_of(missing).find("caller.yaml:12:") != std::string::npos);
  CHECK(error_of(missing).find("fragment file 'teams/kyc.yaml': cannot read") != std::string::npos);
  {
    // One error, not a cascade: neither the call of the unread fragment nor a condition on an
    // attribute that file would set is reported again.
    const std::string gated =
        files.write("gated.yaml", replace(kCaller, "kyc-check: { call: kyc, next: done }",
                                          "kyc-check: { call: kyc, next: gate }\n"
                                          "  gate: { xor: [ { to: done, when: \"cleared\" }, { to: done, p: 1 } ] }"));
    const std::string errors = error_of(gated);
    CAPTURE(errors);
    CHECK(std::count(errors.begin(), errors.end(), '\n') == 1);
    CHECK(errors.find("gated.yaml:13:") != std::string::npos);
    CHECK(errors.find("fragment file 'teams/kyc.yaml': cannot read") != std::string::npos);
    // Once the file is there, the attribute it sets is known: no error at all.
    files.write("teams/kyc.yaml", replace(kCalled, "check: { duration: 0.5, next: pick }",
                                          "check: { duration: 0.5, set: { cleared: \"true\" }, next: pick }"));
    CHECK(error_of(gated).empty());
    std::filesystem::remove(files.dir / "teams/kyc.yaml");
  }

  files.write("teams/kyc.yaml", replace(kCalled, "check: { duration: 0.5, next: pick }", "check: { duration: [ }"));
  CHECK(error_of(missing).find("teams/kyc.yaml:") != std::string::npos);

  files.write("teams/kyc.yaml", replace(kCalled, "check: { duration: 0.5, next: pick }",
                                        "check: { duration: 0.5, next: pick, colour: red }"));
  CHECK(error_of(missing).find("kyc.yaml:9:") != std::string::npos);  // located in the called file
  CHECK(error_of(missing).find("unknown key 'colour'") != std::string::npos);

  files.write("a.yaml",
              "process: a\narrivals: { every: 1h }\nstart: go\nsteps:\n  go: { call: b, next: done }\n"
              "  done: { end: done }\nfragments:\n  b: { file: b.yaml }\n");
  files.write("b.yaml",
              "process: b\narrivals: { every: 1h }\nstart: go\nsteps:\n  go: { call: a, next: done }\n"
              "  done: { end: done }\nfragments:\n  a: { file: a.yaml }\n");
  const bpm::LoadResult cycle =
      bpm::parse_process_text(bpm::read_all((files.dir / "a.yaml").string()), (files.dir / "a.yaml").string());
  const bool said = std::any_of(cycle.diagnostics.begin(), cycle.diagnostics.end(), [](const bpm::Diagnostic& d) {
    return d.message.find("fragment file 'a.yaml' calls itself (a.yaml → b.yaml → a.yaml)") != std::string::npos &&
           d.where.line == 8;
  });
  CHECK(said);
  CHECK_FALSE(cycle.process.has_value());
}
