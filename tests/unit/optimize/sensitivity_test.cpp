// Sensitivity studies: parameters and levels, the fold-over design, known-answer metamodels under
// common random numbers, and shards gathered into the single-run report.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/optimize/sensitivity.hpp"
#include "optimize/hadamard.hpp"

namespace {

bpm::Process claims() {
  bpm::Process p = bpm::parse_process(bpm::read_all(std::string(BPM_TEST_DATA) + "/sim-claims.yaml"), "claims.yaml");
  bpm::require_valid(p);
  return p;
}

bpm::Process load(const char* text) {
  bpm::Process p = bpm::parse_process(text, "model.yaml");
  bpm::require_valid(p);
  return p;
}

// Two tasks on pools far too large to queue, every case run to the end: the cycle time of a case is
// exactly the sum of its two durations, so under common random numbers it is linear in the two
// duration scales (coefficient X·E[duration]) and does not depend on anything else.
constexpr const char* kTandem = R"yaml(
process: tandem
resources:
  a: { count: 40, cost_per_hour: 60 }
  b: { count: 40, cost_per_hour: 30 }
arrivals:
  every: exponential(30m)
start: long
steps:
  long: { resource: a, duration: exponential(60m), next: short }
  short: { resource: b, duration: exponential(5m), next: done }
  done: { end: won }
simulation: { cases: 200, replications: 10, seed: 5 }
)yaml";

// M/M/1 at 60% load: utilisation = λ·E[S]·s/a for duration scale s and inter-arrival scale a.
constexpr const char* kQueue = R"yaml(
process: mm1
resources:
  clerk: { count: 1, cost_per_hour: 60 }
arrivals:
  every: exponential(10m)
start: work
steps:
  work: { resource: clerk, duration: exponential(6m), next: done }
  done: { end: won }
simulation: { horizon: 20d, replications: 10, seed: 3 }
)yaml";

// The known-answer tests check about ten intervals against theory: at 99.9% each, a correct
// implementation fails one of them for about 1% of seeds rather than 40% at 95%.
bpm::SensitivityOptions options_for(std::vector<std::string> parameters, std::vector<std::string> metrics) {
  bpm::SensitivityOptions options;
  options.confidence = 0.999;
  options.parameters = std::move(parameters);
  options.metrics = std::move(metrics);
  return options;
}

const bpm::MetricSensitivity& metric(const bpm::SensitivityReport& report, const std::string& name) {
  for (const auto& m : report.metrics) {
    if (m.metric.name == name) return m;
  }
  FAIL("no metric " << name);
  throw 0;
}

const bpm::MetamodelTerm& term(const bpm::MetricSensitivity& m, const std::string& name) {
  for (const auto& t : m.terms) {
    if (t.term == name) return t;
  }
  FAIL("no term " << name);
  throw 0;
}

bool covers(const bpm::Estimate& e, double value) {
  return e.mean - e.half_width <= value && value <= e.mean + e.half_width;
}

// The expected value lies within the estimate's confidence interval.
#define CHECK_COVERS(estimate_, value_)                                                          \
  do {                                                                                           \
    const bpm::Estimate e_ = (estimate_);                                                        \
    INFO(#estimate_ << " = " << e_.mean << " ± " << e_.half_width << ", expected " << (value_)); \
    CHECK(covers(e_, (value_)));                                                                 \
  } while (false)

bpm::SensitivityReport run(const bpm::Process& process, const bpm::SensitivityStudy& study, unsigned threads = 2) {
  return bpm::analyse_sensitivity(study, bpm::run_sensitivity(process, study, 0, study.evaluations.size(), threads));
}

}  // namespace

TEST_CASE("delta: a percentage or a fraction strictly between 0 and 1", "[optimize][sensitivity]") {
  CHECK(bpm::parse_sensitivity_delta("10%") == Approx(0.1));
  CHECK(bpm::parse_sensitivity_delta("0.25") == 0.25);
  for (const char* bad : {"0", "0%", "100%", "1", "150%", "-5%", "ten", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(bpm::parse_sensitivity_delta(bad), bpm::UsageError);
  }
}

TEST_CASE("setting errors name the setting, never a tool's flag", "[optimize][sensitivity]") {
  // The library knows its options, not the command lines around it: bpm-optimize puts "--delta"
  // or "--param" in front (apps/bpm-optimize), another tool its own words.
  const auto caught = [](auto&& call) -> std::pair<std::string, std::string> {
    try {
      call();
    } catch (const bpm::SettingError& e) {
      return {e.setting(), e.what()};
    }
    return {"none", ""};
  };
  const auto delta = caught([] { (void)bpm::parse_sensitivity_delta("150%"); });
  CHECK(delta.first == "delta");
  CHECK(delta.second == "must be more than 0% and less than 100%, not '150%'");
  const bpm::Process p = claims();
  const auto twice = caught([&] {
    (void)bpm::plan_sensitivity(p, options_for({"steps.assess.duration", "steps.assess.duration"}, {}));
  });
  CHECK(twice.first == "parameters");
  CHECK(twice.second == "'steps.assess.duration' is given twice");
  for (const auto& [setting, message] : {delta, twice}) CHECK(message.find("--") == std::string::npos);
}

TEST_CASE("every numeric parameter of a file, in file order", "[optimize][sensitivity]") {
  // The xor's conditional branch is tested, not drawn; its most likely drawn branch (xor.1, 0.8)
  // absorbs the change of xor.2; the clerk's and pay's zero costs are left out.
  CHECK(bpm::sensitivity_parameter_paths(claims()) ==
        std::vector<std::string>{"steps.register.duration", "steps.assess.duration", "steps.assess.cost",
                                 "steps.assess.rework.p", "steps.decide?.xor.2.p", "steps.pay.duration",
                                 "resources.clerk.count", "resources.clerk.cost_per_hour", "resources.expert.count",
                                 "resources.expert.cost_per_hour", "arrivals.every", "arrivals.attributes.amount"});
}

TEST_CASE("levels: scaled distributions, clipped probabilities, whole counts of at least one",
          "[optimize][sensitivity]") {
  const bpm::Process p = claims();
  bpm::SensitivityOptions options =
      options_for({"steps.assess.duration", "steps.decide?.xor.2.p", "resources.clerk.count", "resources.expert.count",
                   "steps.assess.cost"},
                  {"cycle_time.mean"});
  options.delta = 0.5;
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  REQUIRE(study.parameters.size() == 5);
  const auto& duration = study.parameters[0];
  CHECK(duration.kind == bpm::ParameterKind::Duration);
  CHECK(duration.low == 0.5);
  CHECK(duration.high == 1.5);
  const auto& branch = study.parameters[2];  // file order: steps first, then the xor
  CHECK(branch.path == "steps.decide?.xor.2.p");
  CHECK(branch.low == Approx(0.1));
  CHECK(branch.high == Approx(0.3));
  const auto& clerks = study.parameters[3];  // one server less and more, whatever the delta
  CHECK(clerks.low == 1);
  CHECK(clerks.high == 3);
  const auto& expert = study.parameters[4];  // 1 - 1 would be no server at all
  CHECK(expert.low == 1);
  CHECK(expert.high == 2);
  CHECK(study.parameters[1].low == 1.0);  // assess.cost 2 × 0.5
  CHECK(study.parameters[1].high == 3.0);

  // 1 baseline, 2 per parameter, then the fold-over design: 2 × 8 runs for 5 parameters.
  CHECK(study.design.size() == 16);
  CHECK(study.evaluations.size() == 1 + 10 + 16);
  CHECK(study.evaluations[0].overrides.empty());
  CHECK(study.evaluations[1].overrides == std::vector<std::string>{"steps.assess.duration=*0.5"});

  // The branch's high run: the absorbing branch keeps the probabilities summing to 1.
  const auto& high = study.evaluations[6];
  CHECK(high.label == "steps.decide?.xor.2.p high");
  CHECK(high.overrides == std::vector<std::string>{"steps.decide?.xor.1.p=0.7", "steps.decide?.xor.2.p=0.3"});
  for (const auto& evaluation : study.evaluations) {
    bpm::Process variant = p;
    for (const auto& text : evaluation.overrides) bpm::apply_override(variant, bpm::parse_set_option(text));
    INFO(evaluation.label);
    CHECK_NOTHROW(bpm::require_valid(variant));
  }
}

TEST_CASE("bad parameters are usage errors that say why", "[optimize][sensitivity]") {
  const bpm::Process p = claims();
  const auto message = [&](std::vector<std::string> params) {
    try {
      (void)bpm::plan_sensitivity(p, options_for(std::move(params), {}));
    } catch (const bpm::UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message({"steps.asess.duration"}), Catch::Contains("did you mean 'steps.assess.duration'"));
  CHECK_THAT(message({"steps.register.priority"}), Catch::Contains("priority"));
  CHECK_THAT(message({"simulation.seed"}), Catch::Contains("not a quantity"));
  CHECK_THAT(message({"steps.register.cost"}), Catch::Contains("is 0 in the file"));
  CHECK_THAT(message({"steps.decide?.xor.0.p"}), Catch::Contains("branch 0 of 'decide?'"));
  CHECK_THAT(message({"steps.decide?.xor.1.p", "steps.decide?.xor.2.p"}), Catch::Contains("every drawn branch"));
  CHECK_THAT(message({"arrivals.every", "arrivals.every"}), Catch::Contains("given twice"));
  std::string text = bpm::read_all(std::string(BPM_TEST_DATA) + "/sim-claims.yaml");
  text.replace(text.find("rework: 0.1"), 11, "rework: 0.95");
  const bpm::Process looping = load(text.c_str());
  CHECK_THROWS_WITH(bpm::plan_sensitivity(looping, options_for({"steps.assess.rework.p"}, {})),
                    Catch::Contains("would be 1: every case would be redone forever"));
  bpm::SensitivityOptions options;
  options.metrics = {"cycle_time.maen"};
  CHECK_THROWS_WITH(bpm::plan_sensitivity(p, options), Catch::Contains("did you mean 'cycle_time.mean'"));
}

TEST_CASE("Hadamard matrices and the fold-over design are orthogonal", "[optimize][sensitivity]") {
  for (const std::size_t n : {1U, 2U, 4U, 8U, 12U, 20U, 24U, 40U, 44U, 48U, 64U}) {
    INFO(n);
    const auto h = bpm::optimize_detail::hadamard(n);
    REQUIRE(h.size() == n);
    for (std::size_t a = 0; a < n; ++a) {
      CHECK(h[0][a] == 1);
      CHECK(h[a][0] == 1);
    }
  }
  CHECK(bpm::optimize_detail::hadamard(28).empty());  // neither construction builds 28
  CHECK(bpm::optimize_detail::hadamard_order(5) == 8);
  CHECK(bpm::optimize_detail::hadamard_order(10) == 12);
  CHECK(bpm::optimize_detail::hadamard_order(25) == 32);

  for (const std::size_t p : {1U, 3U, 7U, 11U, 13U}) {
    INFO(p);
    const auto d = bpm::foldover_design(p);
    const std::size_t runs = d.size();
    CHECK(runs == 2 * bpm::optimize_detail::hadamard_order(p + 1));
    for (std::size_t i = 0; i < p; ++i) {
      long sum = 0;
      for (const auto& row : d) sum += row[i];
      CHECK(sum == 0);  // balanced
      for (std::size_t j = i + 1; j < p; ++j) {
        long dot = 0;
        for (const auto& row : d) dot += row[i] * row[j];
        CHECK(dot == 0);  // main effects orthogonal
        for (std::size_t k = 0; k < p; ++k) {
          long interaction = 0;
          for (const auto& row : d) interaction += row[k] * row[i] * row[j];
          CHECK(interaction == 0);  // and clear of every two-parameter interaction
        }
      }
    }
  }
}

TEST_CASE("known answer: cycle time linear in two durations, nothing else matters", "[optimize][sensitivity]") {
  const bpm::Process p = load(kTandem);
  bpm::SensitivityOptions options = options_for({}, {"cycle_time.mean"});
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  CHECK(study.parameters.size() == 7);  // 2 durations, 2 counts, 2 costs per hour, arrivals.every
  const bpm::SensitivityReport report = run(p, study);
  const bpm::MetricSensitivity& m = metric(report, "cycle_time.mean");

  // One at a time: the long task first, then the short one; the rest move nothing at all. The
  // two counts are apart, one server less and more.
  REQUIRE(m.tornado.size() == 5);
  REQUIRE(m.servers.size() == 2);
  CHECK(study.parameters[m.tornado[0].parameter].path == "steps.long.duration");
  CHECK(study.parameters[m.tornado[1].parameter].path == "steps.short.duration");
  CHECK(m.tornado[0].significant);
  CHECK_COVERS(m.tornado[0].swing, 0.2 * 3600.0);  // 2X·E[D] = 12 minutes
  CHECK_COVERS(m.tornado[1].swing, 0.2 * 300.0);
  for (std::size_t k = 2; k < 5; ++k) {
    INFO(study.parameters[m.tornado[k].parameter].path);
    CHECK(m.tornado[k].swing.mean == 0.0);
    CHECK_FALSE(m.tornado[k].significant);
  }
  for (const auto& row : m.servers) {
    CHECK(row.swing.mean == 0.0);
    CHECK_FALSE(row.significant);
  }

  // Metamodel: coefficient X·E[D] per duration (within its interval), exactly 0 for the others,
  // and a perfect linear fit.
  CHECK_COVERS(term(m, "steps.long.duration").coefficient, 0.1 * 3600.0);
  CHECK_COVERS(term(m, "steps.short.duration").coefficient, 0.1 * 300.0);
  CHECK(term(m, "steps.long.duration").significant);
  CHECK_COVERS(term(m, "intercept").coefficient, 3900.0);
  for (const char* none : {"resources.a.count", "resources.b.cost_per_hour", "arrivals.every"}) {
    INFO(none);
    CHECK(std::abs(term(m, none).coefficient.mean) < 1e-6);
    CHECK_FALSE(term(m, none).significant);
  }
  CHECK(m.r_squared > 0.999999);
  CHECK(m.fitted_replications == 10);
  CHECK(m.fitted_runs == study.design.size());
  CHECK(m.linear);
}

TEST_CASE("known answer: M/M/1 utilisation, its interaction kept out of the other effects", "[optimize][sensitivity]") {
  const bpm::Process p = load(kQueue);
  const bpm::SensitivityStudy study =
      bpm::plan_sensitivity(p, options_for({"steps.work.duration", "resources.clerk.cost_per_hour", "arrivals.every"},
                                           {"resources.clerk.utilisation"}));
  const bpm::SensitivityReport report = run(p, study, 3);
  const bpm::MetricSensitivity& m = metric(report, "resources.clerk.utilisation");
  // ρ = 0.6·s/a over the balanced design: b_s = ρ0·X/(1 − X²) = −b_a.
  const double x = 0.1;
  const double b = 0.6 * x / (1 - x * x);
  CHECK_COVERS(term(m, "steps.work.duration").coefficient, b);
  CHECK_COVERS(term(m, "arrivals.every").coefficient, -b);
  // Three parameters fit a 4-run Hadamard design, where the s × a interaction is the third column:
  // only the fold-over keeps it out of the cost's coefficient, which must be exactly 0.
  CHECK(study.design.size() == 8);
  CHECK(std::abs(term(m, "resources.clerk.cost_per_hour").coefficient.mean) < 1e-12);
  CHECK_FALSE(term(m, "resources.clerk.cost_per_hour").significant);
  // One at a time: s from 0.9 to 1.1 moves ρ by 0.12; a from 0.9 to 1.1 by 0.6·(1/1.1 − 1/0.9).
  const auto swing_of = [&](const std::string& path) {
    for (const auto& row : m.tornado) {
      if (study.parameters[row.parameter].path == path) return row.swing;
    }
    FAIL(path);
    throw 0;
  };
  CHECK_COVERS(swing_of("steps.work.duration"), 0.12);
  CHECK_COVERS(swing_of("arrivals.every"), 0.6 * (1 / 1.1 - 1 / 0.9));
  CHECK(study.parameters[m.tornado.back().parameter].path == "resources.clerk.cost_per_hour");
}

TEST_CASE("the values do not depend on the threads, shards gather into the single run", "[optimize][sensitivity]") {
  const bpm::Process p = claims();
  bpm::SensitivityOptions options =
      options_for({"steps.assess.duration", "steps.decide?.xor.2.p", "resources.expert.count"}, {});
  options.digest = "0123456789abcdef";
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  const std::size_t total = study.evaluations.size();
  const auto one = bpm::run_sensitivity(p, study, 0, total, 1);
  const auto three = bpm::run_sensitivity(p, study, 0, total, 3);
  CHECK(one == three);
  const std::string single = bpm::format_sensitivity(bpm::analyse_sensitivity(study, one), bpm::OptimizeFormat::Json);

  const auto part_of = [&](std::uint32_t k, std::uint32_t n) {
    const bpm::EvaluationRange range = bpm::sensitivity_shard_range({k, n}, total);
    bpm::SensitivityPart part{"part-" + std::to_string(k),
                              study,
                              {k, n},
                              range.first,
                              bpm::run_sensitivity(p, study, range.first, range.count, 1)};
    // Through the written document, as between machines.
    auto read = bpm::read_sensitivity_parts(bpm::write_sensitivity_part(part), part.name);
    REQUIRE(read.size() == 1);
    return read.front();
  };
  const auto parts = std::vector<bpm::SensitivityPart>{part_of(3, 3), part_of(1, 3), part_of(2, 3)};
  const bpm::GatheredSensitivity gathered = bpm::gather_sensitivity(parts);
  CHECK(gathered.study == study);
  CHECK(bpm::format_sensitivity(bpm::analyse_sensitivity(gathered.study, gathered.values), bpm::OptimizeFormat::Json) ==
        single);

  SECTION("missing, duplicated and foreign parts are refused by name") {
    CHECK_THROWS_WITH(bpm::gather_sensitivity({parts[0], parts[1]}),
                      Catch::Contains("missing (shard 2/3) before 'part-3'"));
    CHECK_THROWS_WITH(bpm::gather_sensitivity({parts[1], parts[1], parts[2], parts[0]}),
                      Catch::Contains("'part-1' (evaluations 0-") && Catch::Contains("duplicates 'part-1'"));
    auto moved = parts[2];  // the same file reached by another path on another machine
    moved.study.source = "/elsewhere/claims.yaml";
    CHECK_NOTHROW(bpm::gather_sensitivity({parts[0], parts[1], moved}));
    auto foreign = parts[2];
    foreign.study.seed += 1;
    CHECK_THROWS_WITH(bpm::gather_sensitivity({parts[0], parts[1], foreign}),
                      Catch::Contains("not parts of the same study: different seed"));
    CHECK_THROWS_AS(bpm::read_sensitivity_parts("{\"format\": \"other\"}", "x.json"), bpm::DataError);
  }
}

TEST_CASE("reports: tornado order in every format and a self-contained SVG", "[optimize][sensitivity]") {
  const bpm::Process p = load(kTandem);
  bpm::SensitivityOptions options = options_for({"steps.short.duration", "steps.long.duration"}, {"cycle_time.mean"});
  options.metamodel = false;
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  CHECK(study.design.empty());
  CHECK(study.evaluations.size() == 5);
  const bpm::SensitivityReport report = run(p, study);
  const std::string table = bpm::format_sensitivity(report, bpm::OptimizeFormat::Table);
  CHECK(table.find("steps.long.duration") < table.find("steps.short.duration", table.find("One at a time")));
  CHECK(table.find("Metamodel") == std::string::npos);
  const std::string svg = bpm::tornado_svg(report);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("http", 10) == svg.find("http://www.w3.org/2000/svg", 10));  // nothing fetched
  CHECK(svg.find("steps.long.duration") < svg.find("steps.short.duration"));
  const std::string plan = bpm::format_sensitivity_plan(study, bpm::OptimizeFormat::Json);
  CHECK(plan.find("\"overrides\": \"steps.long.duration=*1.1\"") != std::string::npos);
}

// Two clerks at 83%: one server less overloads the pool (167%), whatever the other levels; three
// never do (at most 68%). The two costs change no time at all.
constexpr const char* kBusy = R"yaml(
process: busy
resources:
  clerk: { count: 2, cost_per_hour: 60 }
arrivals:
  every: exponential(30m)
start: work
steps:
  work: { resource: clerk, duration: exponential(50m), cost: 5, next: done }
  done: { end: won }
simulation: { horizon: 10d, replications: 10, seed: 11 }
)yaml";

TEST_CASE("overloaded design points: kept out of the fit, costs never significant for a time metric",
          "[optimize][sensitivity]") {
  const bpm::Process p = load(kBusy);
  bpm::SensitivityOptions options;
  options.metrics = {"cycle_time.mean", "cycle_time.p90", "cost.per_case"};
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  REQUIRE(study.parameters.size() == 5);
  const auto evaluation = [&](const std::string& label) -> const bpm::SensitivityEvaluation& {
    for (const auto& e : study.evaluations) {
      if (e.label == label) return e;
    }
    FAIL("no evaluation " << label);
    throw 0;
  };
  CHECK(evaluation("baseline").overloaded.empty());
  CHECK(evaluation("resources.clerk.count low").overloaded == std::vector<std::string>{"clerk"});
  CHECK(evaluation("resources.clerk.count high").overloaded.empty());
  CHECK(evaluation("steps.work.duration high").overloaded.empty());  // 55/30/2 = 92%
  std::size_t overloaded_runs = 0;
  for (std::size_t r = 0; r < study.design.size(); ++r) {
    if (!study.evaluations[1 + 2 * study.parameters.size() + r].overloaded.empty()) ++overloaded_runs;
  }
  // Every design run with one clerk (the count is low in half of them), and no other.
  CHECK(overloaded_runs == study.design.size() / 2);

  const bpm::SensitivityReport report = run(p, study);
  for (const char* time : {"cycle_time.mean", "cycle_time.p90"}) {
    INFO(time);
    const bpm::MetricSensitivity& m = metric(report, time);
    CHECK(m.fitted_runs == study.design.size() - overloaded_runs);
    for (const char* cost : {"steps.work.cost", "resources.clerk.cost_per_hour"}) {
      INFO(cost);
      const bpm::MetamodelTerm& t = term(m, cost);
      CHECK_FALSE(t.significant);
      CHECK(t.coefficient.mean == 0.0);
      CHECK_THAT(t.note, Catch::Contains("no effect"));
      for (const auto& row : m.tornado) {
        if (study.parameters[row.parameter].path == cost) CHECK_FALSE(row.significant);
      }
    }
    // The count is held at its high level in every run that is left: not estimated.
    CHECK_THAT(term(m, "resources.clerk.count").note, Catch::Contains("high level"));
    CHECK(std::isnan(term(m, "resources.clerk.count").coefficient.mean));
  }
  // A money metric does depend on the costs.
  CHECK(term(metric(report, "cost.per_case"), "steps.work.cost").coefficient.mean > 0.0);

  SECTION("a count's row states its real change and the level that overloads") {
    const bpm::MetricSensitivity& m = metric(report, "cycle_time.mean");
    REQUIRE(m.servers.size() == 1);
    const bpm::TornadoRow& row = m.servers.front();
    const bpm::SensitivityParameter& count = study.parameters[row.parameter];
    CHECK(count.path == "resources.clerk.count");
    CHECK(count.change(-1) == -0.5);
    CHECK(count.change(1) == 0.5);
    CHECK(row.overloaded_low == std::vector<std::string>{"clerk"});
    CHECK(row.overloaded_high.empty());
    const std::string table = bpm::format_sensitivity(report, bpm::OptimizeFormat::Markdown);
    const std::size_t servers = table.find("## One server less and more");
    REQUIRE(servers != std::string::npos);
    const std::size_t line = table.find("| cycle_time.mean | 1 | resources.clerk.count | -50% | +50% |", servers);
    CHECK(line != std::string::npos);
    CHECK(table.find("low: clerk", line) < table.find('\n', line));
    CHECK(table.find("## Evaluations that overload a pool") != std::string::npos);
    const std::string json = bpm::format_sensitivity(report, bpm::OptimizeFormat::Json);
    CHECK(json.find("\"low_change\": -0.5") != std::string::npos);
  }
}

TEST_CASE("lack of fit: a curved response is not read as linear", "[optimize][sensitivity]") {
  // M/M/1 at 70%: the mean wait ρ/(μ − λ) is far from linear in the duration and inter-arrival
  // scales over ±10% (the corners run at 57% to 86% of load: waits of 1.3 to 5.9 service times,
  // an interaction as large as half a main effect), and under common random numbers the curvature
  // stands far above the noise. No coefficient is then called significant.
  const bpm::Process p = load(R"yaml(
process: curved
resources:
  clerk: { count: 1 }
arrivals:
  every: exponential(10m)
start: work
steps:
  work: { resource: clerk, duration: exponential(7m), next: done }
  done: { end: won }
simulation: { horizon: 60d, replications: 10, seed: 9 }
)yaml");
  bpm::SensitivityOptions options;
  options.parameters = {"steps.work.duration", "arrivals.every"};
  options.metrics = {"cycle_time.mean"};
  const bpm::SensitivityStudy study = bpm::plan_sensitivity(p, options);
  const bpm::SensitivityReport report = run(p, study);
  const bpm::MetricSensitivity& wait = metric(report, "cycle_time.mean");
  INFO("F = " << wait.lack_of_fit.f << ", p = " << wait.lack_of_fit.p_value);
  CHECK_FALSE(wait.linear);
  CHECK(wait.lack_of_fit.p_value < 0.05);
  for (const auto& t : wait.terms) CHECK_FALSE(t.significant);
  const std::string table = bpm::format_sensitivity(report, bpm::OptimizeFormat::Table);
  CHECK(table.find("the linear model does not hold") != std::string::npos);
}

TEST_CASE("sensitivity studies a KPI of the process like a metric", "[optimize][sensitivity]") {
  // A KPI that is cycle time in minutes moves exactly as cycle_time.mean / 60.
  const std::string text = std::string(kTandem) + "kpis:\n  cycle_minutes: { formula: \"cycle_time.mean / 60\" }\n";
  const bpm::Process p = load(text.c_str());
  const bpm::SensitivityStudy study =
      bpm::plan_sensitivity(p, options_for({"steps.long.duration"}, {"cycle_minutes", "cycle_time.mean"}));
  const bpm::SensitivityReport report = run(p, study);
  const bpm::MetricSensitivity& kpi = metric(report, "cycle_minutes");
  const bpm::MetricSensitivity& base = metric(report, "cycle_time.mean");
  REQUIRE(kpi.tornado.size() == 1);
  CHECK(kpi.tornado[0].swing.mean == Approx(base.tornado[0].swing.mean / 60.0));
}
