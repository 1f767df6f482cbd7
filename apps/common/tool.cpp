#include "tool.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <thread>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/signal_cleanup.hpp"

namespace bpm::app {
namespace {

// A reader that went away (`bpm-sim | head`) is not an error: the default SIGPIPE action ends the
// process silently, which is what users expect from a Unix filter.
void restore_sigpipe() { std::signal(SIGPIPE, SIG_DFL); }

void print_error(const std::string& tool, const std::string& message) {
  std::fflush(stdout);
  std::cerr << tool << ": error: " << message << '\n';
}

}  // namespace

int run_tool(const std::string& tool, const std::function<int()>& body) {
  restore_sigpipe();
  remove_temporaries_on_signal();
  try {
    const int code = body();
    std::cout.flush();
    return code;
  } catch (const BrokenPipe&) {
    // The reader went away: end like any filter killed by SIGPIPE, without a message.
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
    return Failure;
  } catch (const LocatedError& e) {
    std::fflush(stdout);
    std::cerr << e.diagnostic() << '\n';
    return Failure;
  } catch (const UsageError& e) {
    print_error(tool, e.what());
    return Usage;
  } catch (const BudgetExhausted& e) {
    print_error(tool, e.what());
    return Budget;
  } catch (const IoError& e) {
    print_error(tool, e.what());
    return Usage;
  } catch (const Error& e) {
    print_error(tool, e.what());
    return Failure;
  } catch (const std::bad_alloc&) {
    print_error(tool, "out of memory");
    return Failure;
  } catch (const std::exception& e) {
    print_error(tool, fmt::format("internal error: {}", e.what()));
    return Failure;
  }
}

int parse_args(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return Success;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return Success;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << '\n';
    return Success;
  } catch (const CLI::ParseError& e) {
    std::cerr << app.get_name() << ": error: " << e.what() << '\n'
              << "Run '" << app.get_name() << " --help' for usage.\n";
    return Usage;
  }
  return -1;
}

unsigned thread_count(long long threads) {
  if (threads != -1 && threads < 1) throw UsageError(fmt::format("--threads must be at least 1, not {}", threads));
  return threads > 0 ? static_cast<unsigned>(threads) : std::max(1U, std::thread::hardware_concurrency());
}

const char* environment(const char* name) { return std::getenv(name); }

void warn(const std::string& tool, const std::string& message) {
  std::cerr << tool << ": warning: " << message << '\n';
}

}  // namespace bpm::app
