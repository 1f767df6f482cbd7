#pragma once
// Helpers of the predict unit tests: event logs simulated by the library's simulator (what
// bpm-sim writes), and logs written by hand, in temporary files.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "../io/temp_dir.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/predict/train.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"

namespace predict_test {

/// The CSV event log of replications [first, first + count) of a process.
inline std::string simulate_log(const std::string& yaml, std::uint32_t first = 0, std::uint32_t count = 1) {
  const bpm::Process process = bpm::parse_process(yaml, "test.yaml");
  std::ostringstream out;
  {
    bpm::EventLogWriter log(out);
    bpm::SimulationOptions options;
    options.first_replication = first;
    options.replications = count;
    options.log = &log;
    (void)bpm::simulate(process, options);
  }
  return out.str();
}

/// A log in a temporary file, removed with the object.
class LogFile {
 public:
  explicit LogFile(const std::string& text, const std::string& name = "log.csv") : path_(dir_.file(name)) {
    bpm::test::spit(path_, text);
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::vector<std::string> paths() const { return {path_}; }

 private:
  bpm::test::TempDir dir_;
  std::string path_;
};

inline bpm::predict::TrainOptions won_options() {
  bpm::predict::TrainOptions o;
  o.label.outcomes = {"won"};
  return o;
}

/// Leads whose chance of being won is logistic(-1 + 0.8·referral - 0.5·partner + 0.4·employees):
/// `draw` is the case's own uniform draw that decides it (to be left out of the features).
inline const char* const kKnownEffects = R"yaml(
process: known-effects
arrivals:
  every: exponential(1h)
  attributes:
    channel: { web: 0.5, referral: 0.3, partner: 0.2 }
    employees: uniform(0, 4)
    draw: uniform(0, 1)
start: qualify
steps:
  qualify: { duration: 10m, next: decide }
  decide:
    xor:
      - { to: won, when: "draw < logistic(-1 + 0.8 * (channel == 'referral') - 0.5 * (channel == 'partner') + 0.4 * employees)" }
      - { to: lost, p: 1 }
  won: { end: won }
  lost: { end: lost }
simulation: { cases: 2000, replications: 1, seed: 17 }
)yaml";

}  // namespace predict_test
