// The analyses' figures under their registered names: on tests/data/logs/tiny.csv (the funnel's
// figures are worked out by hand in funnel_test.cpp), and, for every sample process, on a
// simulated log: every figure a command prints is in the registry as a "log analysis" metric with
// the registry's unit, and every such metric of a run is printed.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../metrics/sample_processes.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/monitor/figures.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "monitor_test_util.hpp"

using namespace bpm::monitor;
using bpm::metrics::Source;

namespace {

namespace fs = std::filesystem;

struct Analyses {
  ConformanceResult conformance;
  FunnelResult funnel;
  StallResult stalls;
};

Analyses analyse(const std::string& log, const bpm::Process& process) {
  ConformanceChecker conformance(process);
  FunnelOptions funnel_options;
  funnel_options.process = &process;
  FunnelBuilder funnel(funnel_options);
  StallFinder stalls(StallOptions{});
  bpm::kpi::CaseObserver* observers[] = {&conformance, &funnel, &stalls};
  monitor_test::Pass pass;
  bpm::kpi::AnalysisOptions options;
  options.process = &process;
  monitor_test::run(pass, {log}, options, observers);
  return {conformance.result(), funnel.result(pass.info), stalls.result(pass.info)};
}

std::map<std::string, Figure> by_name(const std::vector<Figure>& figures) {
  std::map<std::string, Figure> out;
  for (const Figure& f : figures) out.emplace(f.name, f);
  return out;
}

/// Every figure is registered as a log-analysis metric with its unit, and the command's JSON
/// prints it under that name.
void check_registered(const std::vector<Figure>& figures, const std::string& json) {
  for (const Figure& f : figures) {
    INFO(f.name);
    const auto* def = bpm::metrics::find_definition(f.name);
    REQUIRE(def != nullptr);
    CHECK(def->sources == Source::LogAnalysis);
    CHECK(def->unit == f.unit);
    CHECK(json.find("\"" + f.name + "\"") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("figures: the analyses of a small log under their registered names", "[monitor][figures]") {
  const bpm::Process tiny = bpm::load_process(std::string(BPM_TEST_DATA) + "/logs/tiny-process.yaml");
  const Analyses a = analyse(monitor_test::log_path("tiny.csv"), tiny);

  const auto funnel = by_name(funnel_figures(a.funnel));
  CHECK(funnel.at("funnel.lost").value == 1.0);
  CHECK(funnel.at("funnel.stages.register.reached").value == 3.0);
  CHECK(std::isnan(funnel.at("funnel.stages.register.conversion").value));  // the first stage has none
  CHECK(funnel.at("funnel.stages.close.conversion").value == Approx(2.0 / 3.0));
  CHECK(funnel.at("funnel.stages.review.time_to_convert.median").value == Approx(3 * 3600.0).epsilon(0.005));
  CHECK(funnel.at("funnel.stages.close.lost").value == 1.0);
  CHECK(funnel.at("funnel.stages.outcome: won.reached").value == 1.0);

  const auto conformance = by_name(conformance_figures(a.conformance));
  const double checked = static_cast<double>(a.conformance.cases - a.conformance.not_checked);
  CHECK(conformance.at("conformance.fitting_cases").value ==
        Approx(static_cast<double>(a.conformance.fitting) / checked));
  CHECK(conformance.at("conformance.deviating_cases").value == checked - static_cast<double>(a.conformance.fitting));
  CHECK(conformance.at("conformance.fitness").value == Approx(a.conformance.log_fitness));
  CHECK(conformance.at("conformance.precision").value == Approx(a.conformance.precision));

  const auto stalls = by_name(stall_figures(a.stalls));
  CHECK(stalls.at("stalls.count").value == static_cast<double>(a.stalls.stalled));
  CHECK(a.stalls.in_flight == 1);  // case C
  CHECK(stalls.at("stalls.share").value == Approx(static_cast<double>(a.stalls.stalled)));
}

TEST_CASE("figures: every sample's analyses print exactly the registered log-analysis figures",
          "[monitor][figures][metrics]") {
  std::vector<fs::path> files = metrics_test::sample_processes();
  REQUIRE(files.size() >= 4);
  // Every construct too: a log bpm-sim wrote for a model fits that model, whatever it uses.
  for (const fs::path& file : metrics_test::construct_processes()) files.push_back(file);
  files.push_back(metrics_test::insurance_claims_full());
  for (const fs::path& file : files) {
    INFO(file.string());
    bpm::Process process = bpm::load_process(file.string());
    // 150 cases from the start: every one measured.
    process.simulation.warmup_time = 0.0;
    process.simulation.warmup_cases = 0;
    bpm::SimulationOptions options;
    options.replications = 1;
    options.cases = 150;
    std::ostringstream log;
    {
      bpm::EventLogWriter writer(log);
      options.log = &writer;
      (void)bpm::simulate(process, options);
    }
    const fs::path path = fs::temp_directory_path() / ("figures-" + file.stem().string() + ".csv");
    std::ofstream(path) << log.str();
    const Analyses a = analyse(path.string(), process);
    fs::remove(path);

    std::ostringstream conformance_json, funnel_json, stalls_json;
    write_conformance(conformance_json, a.conformance, ConformanceFormat::Json);
    write_funnel(funnel_json, a.funnel, MonitorFormat::Json);
    write_stalls(stalls_json, a.stalls, MonitorFormat::Json);
    const auto conformance = conformance_figures(a.conformance);
    const auto funnel = funnel_figures(a.funnel);
    const auto stalls = stall_figures(a.stalls);
    check_registered(conformance, conformance_json.str());
    check_registered(funnel, funnel_json.str());
    check_registered(stalls, stalls_json.str());
    // A simulated log of the process fits it.
    CHECK(a.conformance.cases > 100);
    CHECK(by_name(conformance).at("conformance.fitting_cases").value == 1.0);

    std::set<std::string> printed;
    for (const auto* list : {&conformance, &funnel, &stalls}) {
      for (const Figure& f : *list) printed.insert(f.name);
    }
    std::size_t expected_count = 0;
    for (const auto& expected : bpm::metrics::process_metrics(process, Source::LogAnalysis)) {
      INFO(expected.name);
      CHECK(printed.count(expected.name) == 1);
      ++expected_count;
    }
    CHECK(expected_count >= 10);
    // One figure set per stage of the funnel.
    CHECK(funnel.size() == 1 + 4 * a.funnel.stages.size());
  }
}
