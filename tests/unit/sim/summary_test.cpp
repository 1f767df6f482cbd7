#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <cmath>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/sim/summary.hpp"

namespace {

/// Three replications of a made-up process; durations in seconds as the simulator reports them.
bpm::SimulationResult result() {
  using U = bpm::MetricUnit;
  bpm::SimulationResult r;
  r.metrics = {{"cases.completed", U::Count, ""},
               {"cycle_time.mean", U::Duration, ""},
               {"throughput", U::PerDay, ""},
               {"win_rate", U::Fraction, ""},
               {"outcome.won.rate", U::Fraction, ""},
               {"outcome.lost.rate", U::Fraction, ""},
               {"sla.first_touch", U::Fraction, ""},
               {"steps.qualify.count", U::Count, ""},
               {"steps.qualify.waiting.mean", U::Duration, ""},
               {"resources.sdr.utilisation", U::Fraction, ""},
               {"deal_value.mean", U::Money, ""}};
  const double nan = std::nan("");
  const std::vector<std::vector<double>> values = {
      {100, 600, 10, 0.25, 0.25, 0.75, 0.9, 120, 30, 0.5, nan},
      {110, 1200, 11, 0.5, 0.5, 0.5, 0.95, 130, 60, 0.6, 12000},
      {120, 1800, 12, 0.75, 0.75, 0.25, 1.0, 140, 90, 0.7, 13000.5},
  };
  for (std::uint32_t i = 0; i < 3; ++i) {
    bpm::ReplicationResult rep;
    rep.replication = i;
    rep.values = values[i];
    for (int k = 1; k <= 100; ++k) {
      rep.cycle_time.add(60.0 * k * (i + 1));
      rep.waiting_time.add(k % 10 == 0 ? 0.0 : 7.5 * k);
    }
    r.replications.push_back(std::move(rep));
  }
  return r;
}

bpm::SummaryRun run_info() {
  bpm::SummaryRun run;
  run.version = "9.9.9";
  run.process = "lead-to-cash";
  run.source = "processes/lead-to-cash.yaml";
  run.digest = bpm::model_digest("process: lead-to-cash\n");
  run.scenario = "faster";
  run.overrides = {"resources.ae.count=5", "steps.qualify.duration=*0.8"};
  run.seed = 42;
  run.time_unit = "minutes";
  run.time_unit_seconds = 60.0;
  return run;
}

bpm::Summary summary() { return bpm::summarize(result(), run_info()); }

}  // namespace

TEST_CASE("summary estimates across replications", "[sim][summary]") {
  const bpm::Summary s = summary();
  CHECK(s.run.replications == 3);
  CHECK(s.run.first_replication == 0);

  SECTION("durations are converted to the time unit, then estimated") {
    const bpm::SummaryMetric* cycle = s.find("cycle_time.mean");
    REQUIRE(cycle != nullptr);
    CHECK(cycle->values == std::vector<double>{10, 20, 30});
    CHECK(cycle->estimate.mean == Approx(20.0));
    CHECK(cycle->estimate.sd == Approx(10.0));
    // Student t with 2 degrees of freedom has the closed-form quantile (2p-1) / sqrt(2p(1-p)).
    const double t_975_2 = 0.95 / std::sqrt(2 * 0.975 * 0.025);
    CHECK(cycle->estimate.half_width == Approx(t_975_2 * 10.0 / std::sqrt(3.0)).epsilon(1e-12));
    CHECK(cycle->estimate.n == 3);
    CHECK(s.internal_factor(cycle->unit) == 60.0);
  }
  SECTION("fractions stay fractions") {
    const bpm::SummaryMetric* win = s.find("win_rate");
    CHECK(win->estimate.mean == Approx(0.5));
    CHECK(win->estimate.sd == Approx(0.25));
  }
  SECTION("undefined replications (NaN) are left out of the estimate") {
    const bpm::SummaryMetric* deal = s.find("deal_value.mean");
    CHECK(deal->estimate.n == 2);
    CHECK(deal->estimate.mean == Approx(12500.25));
    CHECK(std::isnan(deal->values[0]));
  }
  SECTION("case histograms are pooled over replications") {
    CHECK(s.cycle_time.count() == 300);
    CHECK(s.cycle_time.max() == 18000.0);
    CHECK(s.waiting_time.zero_count() == 30);
  }
  CHECK(s.find("no.such.metric") == nullptr);
}

TEST_CASE("summary documents", "[sim][summary]") {
  const bpm::Summary s = summary();
  const std::string yaml = bpm::summary_yaml(s);
  const std::string json = bpm::summary_json(s);

  SECTION("the YAML names its schema, metadata and units") {
    CHECK(yaml.rfind("# bpm-sim summary of 'lead-to-cash'. Durations in minutes", 0) == 0);
    CHECK(yaml.find("format: bpm-sim-summary/1\n") != std::string::npos);
    CHECK(yaml.find("  time_unit: minutes\n") != std::string::npos);
    CHECK(yaml.find("  overrides: [\"resources.ae.count=5\", \"steps.qualify.duration=*0.8\"]\n") != std::string::npos);
    CHECK(yaml.find("  cycle_time.mean:\n    unit: minutes\n    mean: 20\n    sd: 10\n") != std::string::npos);
    CHECK(yaml.find("    values: [10, 20, 30]\n") != std::string::npos);
    CHECK(yaml.find("    values: [.nan, 12000, 13000.5]\n") != std::string::npos);
    CHECK(yaml.find("  version: \"9.9.9\"\n") != std::string::npos);
  }
  SECTION("JSON carries the same content") {
    CHECK(json.find("\"format\": \"bpm-sim-summary/1\"") != std::string::npos);
    CHECK(json.find("\"values\": [null, 12000, 13000.5]") != std::string::npos);
    CHECK(json.find("\"scenario\": \"faster\"") != std::string::npos);
  }
  SECTION("write, read, write gives the same bytes") {
    const bpm::Summary from_yaml = bpm::read_summary(yaml, "s.yaml");
    CHECK(bpm::summary_yaml(from_yaml) == yaml);
    CHECK(bpm::summary_json(from_yaml) == json);
    CHECK(bpm::summary_table(from_yaml) == bpm::summary_table(s));
    const bpm::Summary from_json = bpm::read_summary(json, "s.json");
    CHECK(bpm::summary_json(from_json) == json);
    CHECK(bpm::summary_yaml(from_json) == yaml);
    CHECK(from_json.cycle_time.quantile(0.9) == s.cycle_time.quantile(0.9));
    CHECK(from_json.run.overrides == s.run.overrides);
    CHECK(from_json.run.scenario == "faster");
  }
  SECTION("the same summary gives the same bytes") {
    CHECK(bpm::summary_yaml(summary()) == yaml);
    CHECK(bpm::summary_json(summary()) == json);
  }
  SECTION("pooled case quantiles are in the time unit") {
    const double p90 = s.cycle_time.interpolated_quantile(0.9) / 60.0;  // the one quantile rule
    CHECK(yaml.find(fmt::format("p90: {}", p90)) != std::string::npos);
    // Cycle times k, 2k, 3k minutes (k = 1..100): 270 of the 300 are at most 210 minutes.
    CHECK(p90 == Approx(210.0).epsilon(0.01));
  }
}

/// The line of a table that starts (after blanks) with `name`, with runs of blanks squeezed to one.
std::string table_line(const std::string& table, std::string_view name) {
  std::size_t at = 0;
  while ((at = table.find(name, at)) != std::string::npos) {
    const std::size_t begin = table.rfind('\n', at) + 1;
    if (table.find_first_not_of(' ', begin) == at) {
      const std::string line = table.substr(begin, table.find('\n', at) - begin);
      std::string squeezed;
      for (const char c : line) {
        if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed += c;
      }
      return squeezed;
    }
    ++at;
  }
  return {};
}

TEST_CASE("summary table", "[sim][summary]") {
  const std::string table = bpm::summary_table(summary());
  CHECK(table.rfind("lead-to-cash: 3 replications (seed 42), mean ± 95% confidence half-width\nscenario: faster\n",
                    0) == 0);
  CHECK(table_line(table, "cycle_time.mean") == "cycle_time.mean 20m ± 24.8m");
  CHECK(table_line(table, "win_rate") == "win_rate 50.0% ± 62.1 pp");
  CHECK(table_line(table, "throughput") == "throughput 11/d ± 2.48/d");
  CHECK(table.find("\nOutcomes\n") != std::string::npos);
  CHECK(table_line(table, "won") == "won 50.0% ± 62.1 pp");
  CHECK(table_line(table, "step") == "step count waiting.mean");
  CHECK(table_line(table, "qualify") == "qualify 130 ± 24.8 1m ± 1.24m");
  CHECK(table.find("\nResources\n") != std::string::npos);
  CHECK(table_line(table, "resource").rfind("resource utilisation", 0) == 0);
  CHECK(table.find("Case quantiles (300 cases)") != std::string::npos);
}

TEST_CASE("reading malformed summaries", "[sim][summary]") {
  const std::string yaml = bpm::summary_yaml(summary());
  auto error = [](const std::string& text) -> std::string {
    try {
      (void)bpm::read_summary(text, "bad.yaml");
    } catch (const bpm::DataError& e) {
      return e.diagnostic();
    }
    return "no error";
  };
  CHECK(error("format: [1, 2\n").rfind("bad.yaml:2:1: error: malformed summary: ", 0) == 0);
  CHECK(error("process: x\n") == "bad.yaml:1:1: error: not a bpm-sim summary: no 'format: bpm-sim-summary/1'");
  CHECK(error("format: bpm-sim-summary/7\n") ==
        "bad.yaml:1:9: error: unsupported summary format 'bpm-sim-summary/7' (this version reads bpm-sim-summary/1)");

  std::string wrong_count = yaml;
  const std::string values = "    values: [10, 20, 30]\n";
  wrong_count.replace(wrong_count.find(values), values.size(), "    values: [10, 20]\n");
  CHECK(error(wrong_count).find("error: metric 'cycle_time.mean' has 2 values for 3 replications") !=
        std::string::npos);

  std::string bad_number = yaml;
  bad_number.replace(bad_number.find(values), values.size(), "    values: [10, twenty, 30]\n");
  const std::string message = error(bad_number);
  CHECK(message.find("error: a value must be a number, not 'twenty'") != std::string::npos);
  CHECK(message.find("bad.yaml:") == 0);
  CHECK(message.find(":0:") == std::string::npos);
}

TEST_CASE("summary formats and digests", "[sim][summary]") {
  CHECK(bpm::parse_summary_format("json") == bpm::report::Format::Json);
  CHECK(bpm::parse_summary_format("csv") == bpm::report::Format::Csv);
  CHECK_THROWS_AS(bpm::parse_summary_format("xml"), bpm::UsageError);
  CHECK(bpm::model_digest("") == "cbf29ce484222325");
  CHECK(bpm::model_digest("a") == "af63dc4c8601ec8c");
}

TEST_CASE("summary documents quote what YAML would misread", "[sim][summary]") {
  bpm::SimulationResult r = result();
  r.metrics[7].name = "steps.prüfen: #1.count";
  bpm::SummaryRun run = run_info();
  run.process = "Lead: \"to\" cash # v2\nsecond line";
  run.scenario = "- yes";
  run.overrides = {"arrivals.attributes.segment={smb: 0.5, ent: 0.5}", "steps.x.priority=-1", "true"};
  run.source = "C:\\data\\lead.yaml";
  const bpm::Summary s = bpm::summarize(r, run);
  for (const std::string& text : {bpm::summary_yaml(s), bpm::summary_json(s)}) {
    const bpm::Summary back = bpm::read_summary(text, "s");
    CHECK(back.run.process == run.process);
    CHECK(back.run.scenario == run.scenario);
    CHECK(back.run.overrides == run.overrides);
    CHECK(back.run.source == run.source);
    CHECK(back.metrics[7].name == "steps.prüfen: #1.count");
    CHECK(bpm::summary_yaml(back) == bpm::summary_yaml(s));
  }
  CHECK(bpm::summary_yaml(s).rfind("# bpm-sim summary of 'Lead: \"to\" cash # v2\n# second line'.", 0) == 0);
}

TEST_CASE("a single replication has no confidence interval", "[sim][summary]") {
  bpm::SimulationResult r = result();
  r.replications.resize(1);
  const bpm::Summary s = bpm::summarize(r, run_info());
  const bpm::SummaryMetric* cycle = s.find("cycle_time.mean");
  CHECK(cycle->estimate.mean == 10.0);
  CHECK(std::isnan(cycle->estimate.half_width));
  const std::string yaml = bpm::summary_yaml(s);
  CHECK(yaml.find("    mean: 10\n    sd: .nan\n    half_width: .nan\n    n: 1\n") != std::string::npos);
  CHECK(bpm::summary_yaml(bpm::read_summary(yaml, "s.yaml")) == yaml);
  CHECK(table_line(bpm::summary_table(s), "cycle_time.mean") == "cycle_time.mean 10m");
  // Every value of deal_value.mean is undefined: no estimate at all.
  CHECK(s.find("deal_value.mean")->estimate.n == 0);
  CHECK(table_line(bpm::summary_table(s), "deal_value.mean") == "deal_value.mean n/a");
}
