// Benchmark driver: runs bpm::simulate on a process file and prints throughput figures, so the
// engine can be measured apart from the bpm-sim front end (tests/bench/bench_sim.sh).
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/override.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"

namespace {

int usage() {
  std::cerr << "usage: bpm_bench_sim FILE [--cases N] [--replications R] [--threads T] [--seed S]\n"
               "                     [--log PATH] [--set PATH=VALUE]... [--print]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  try {
    bpm::Process process = bpm::load_process(argv[1]);
    bpm::SimulationOptions options;
    std::optional<std::string> log_path;
    bool print = false;
    for (int i = 2; i < argc; ++i) {
      const std::string_view arg = argv[i];
      const auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw bpm::UsageError(fmt::format("{} needs a value", arg));
        return argv[++i];
      };
      if (arg == "--cases") {
        options.cases = std::stoull(value());
      } else if (arg == "--replications") {
        options.replications = static_cast<std::uint32_t>(std::stoul(value()));
      } else if (arg == "--threads") {
        options.threads = static_cast<unsigned>(std::stoul(value()));
      } else if (arg == "--seed") {
        options.seed = std::stoull(value());
      } else if (arg == "--log") {
        log_path = value();
      } else if (arg == "--set") {
        bpm::apply_override(process, bpm::parse_set_option(value()));
      } else if (arg == "--print") {
        print = true;
      } else {
        return usage();
      }
    }
    std::unique_ptr<bpm::OutputFile> log_file;
    std::unique_ptr<bpm::EventLogWriter> log;
    if (log_path) {
      log_file = std::make_unique<bpm::OutputFile>(*log_path);
      log = std::make_unique<bpm::EventLogWriter>(*log_file);
      options.log = log.get();
    }
    const std::clock_t cpu_begin = std::clock();
    const auto begin = std::chrono::steady_clock::now();
    const bpm::SimulationResult result = bpm::simulate(process, options);
    if (log_file) log_file->commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    const double cpu = static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC;

    std::uint64_t events = 0;
    std::uint64_t cases = 0;
    std::uint64_t executions = 0;
    for (const auto& r : result.replications) {
      events += r.events;
      cases += r.cases;
      executions += r.executions;
    }
    fmt::print("process      {}\n", process.name);
    fmt::print("replications {}\n", result.replications.size());
    fmt::print("threads      {}\n", options.threads);
    fmt::print("log          {}\n", log_path.value_or("none"));
    fmt::print("cases        {}\n", cases);
    fmt::print("events       {}\n", events);
    fmt::print("executions   {}   (task and wait executions = event-log rows)\n", executions);
    fmt::print("seconds      {:.3f}\n", seconds);
    fmt::print("cpu seconds  {:.3f}\n", cpu);
    fmt::print("cases/cpu-s  {:.0f}\n", static_cast<double>(cases) / cpu);
    fmt::print("events/cpu-s {:.0f}\n", static_cast<double>(events) / cpu);
    fmt::print("execs/cpu-s  {:.0f}\n", static_cast<double>(executions) / cpu);
    fmt::print("cases/s      {:.0f}\n", static_cast<double>(cases) / seconds);
    fmt::print("events/s     {:.0f}\n", static_cast<double>(events) / seconds);
    fmt::print("executions/s {:.0f}\n", static_cast<double>(executions) / seconds);
    if (print) {
      for (std::size_t m = 0; m < result.metrics.size(); ++m) {
        double sum = 0.0;
        for (const auto& r : result.replications) sum += r.values[m];
        fmt::print("  {:<40} {:.6g}\n", result.metrics[m].name, sum / static_cast<double>(result.replications.size()));
      }
    }
  } catch (const bpm::LocatedError& e) {
    std::cerr << "bpm_bench_sim: " << e.diagnostic() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "bpm_bench_sim: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
