#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bpm/kpi/analysis.hpp"
#include "bpm/metrics/reference.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"

namespace {

namespace fs = std::filesystem;
using bpm::metrics::Source;

std::vector<fs::path> sample_processes() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(BPM_SOURCE_DIR) / "processes")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("registry: names match their patterns, the longest literal suffix first", "[metrics]") {
  using bpm::metrics::find_definition;
  REQUIRE(find_definition("cycle_time.p90") != nullptr);
  CHECK(find_definition("cycle_time.p90")->pattern == "cycle_time.p90");
  CHECK(find_definition("steps.qualify.count")->pattern == "steps.<step>.count");
  // Activity names of real logs hold dots and blanks.
  CHECK(find_definition("steps.Check invoice v1.2.waiting.mean")->pattern == "steps.<step>.waiting.mean");
  CHECK(find_definition("resources.ae.utilisation")->pattern == "resources.<resource>.utilisation");
  CHECK(find_definition("outcome.won.rate")->pattern == "outcome.<outcome>.rate");
  CHECK(find_definition("sla.first_touch")->pattern == "sla.<sla>");
  CHECK(find_definition("steps.<step>.count")->pattern == "steps.<step>.count");
  CHECK(find_definition("cycle_time.p42") == nullptr);
  CHECK(find_definition("steps..count") == nullptr);  // the placeholder is never empty
  CHECK(find_definition("cost_per_claim") == nullptr);
  CHECK(bpm::metrics::unit_of("resources.ae.busy_hours") == bpm::MetricUnit::Hours);
  CHECK(bpm::metrics::unit_of("cycle_time.mean") == bpm::MetricUnit::Duration);
  CHECK(bpm::metrics::unit_of("unknown") == bpm::MetricUnit::Number);
}

TEST_CASE("registry: producers must name registered patterns", "[metrics]") {
  CHECK_THROWS_AS(bpm::metrics::definition_of("steps.<step>.cuont"), std::logic_error);
  const auto& def = bpm::metrics::definition_of("steps.<step>.count");
  CHECK(bpm::metrics::metric_name(def, "qualify") == "steps.qualify.count");
  CHECK(bpm::metrics::metric_name(bpm::metrics::definition_of("wip"), "ignored") == "wip");
}

TEST_CASE("registry: every pattern is unique and fully described", "[metrics]") {
  std::set<std::string_view> seen;
  for (const auto& def : bpm::metrics::definitions()) {
    INFO(def.pattern);
    CHECK(seen.insert(def.pattern).second);
    CHECK(!def.definition.empty());
    CHECK(def.definition.back() == '.');
    CHECK(!def.group.empty());
  }
}

TEST_CASE("registry: the simulator reports exactly the metrics the registry lists for a process", "[metrics]") {
  for (const fs::path& file : sample_processes()) {
    INFO(file.filename().string());
    const bpm::Process process = bpm::load_process(file.string());
    bpm::SimulationOptions options;
    options.replications = 1;
    options.cases = 50;
    const bpm::SimulationResult result = bpm::simulate(process, options);
    const auto expected = bpm::metrics::process_metrics(process, Source::Simulation);
    REQUIRE(result.metrics.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(result.metrics[i].name == expected[i].name);
      CHECK(result.metrics[i].unit == expected[i].def->unit);
    }
  }
}

TEST_CASE("registry: bpm-kpi reports only registered log metrics, with the registry's units", "[metrics]") {
  for (const fs::path& file : sample_processes()) {
    INFO(file.filename().string());
    const bpm::Process process = bpm::load_process(file.string());
    bpm::SimulationOptions options;
    options.replications = 1;
    options.cases = 200;
    std::ostringstream log;
    bpm::EventLogWriter writer(log);
    options.log = &writer;
    (void)bpm::simulate(process, options);
    const fs::path path = fs::temp_directory_path() / ("registry-" + file.stem().string() + ".csv");
    std::ofstream(path) << log.str();
    bpm::kpi::AnalysisOptions analysis;
    analysis.process = &process;
    const bpm::kpi::Report report = bpm::kpi::analyze({path.string()}, analysis);
    fs::remove(path);
    std::set<std::string> logged;
    for (const auto& m : report.metrics) {
      INFO(m.name);
      const auto* def = bpm::metrics::find_definition(m.name);
      REQUIRE(def != nullptr);
      CHECK(bpm::metrics::measured_by(def->sources, Source::Log));
      CHECK(m.unit == def->unit);
      logged.insert(m.name);
    }
    // What the registry promises for a log of the process is there (every step occurs in 200 cases).
    for (const auto& expected : bpm::metrics::process_metrics(process, Source::Log)) {
      if (expected.def->scope != bpm::metrics::Scope::Run) continue;
      INFO(expected.name);
      CHECK(logged.count(expected.name) == 1);
    }
  }
}

TEST_CASE("registry: share/doc/metrics.md holds the generated reference", "[metrics]") {
  const std::string doc = read_file(fs::path(BPM_SOURCE_DIR) / "share/doc/metrics.md");
  const std::string begin = "<!-- BEGIN GENERATED REFERENCE";
  const std::string end = "<!-- END GENERATED REFERENCE -->";
  const std::size_t from = doc.find(begin);
  const std::size_t to = doc.find(end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  const std::size_t body = doc.find("-->\n", from) + 4;
  INFO("regenerate with: build/apps/bpm-kpi metrics --format markdown");
  CHECK(doc.substr(body, to - body) == bpm::metrics::reference_markdown());
}

TEST_CASE("registry: names accepted by a process include its KPIs and leave out what it cannot have", "[metrics]") {
  const bpm::Process process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/processes/service-fulfillment.yaml");
  const auto names = bpm::metrics::accepted_names(process);
  const auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  CHECK(has("cycle_time.p90"));
  CHECK(has("revenue.per_case"));
  CHECK(!has("win_rate"));  // no outcome `won`
  CHECK(!has("pipeline_velocity"));
  for (const auto& kpi : process.kpis) CHECK(has(kpi.id));
}
