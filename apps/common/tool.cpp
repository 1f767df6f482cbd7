#include "tool.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include "bpm/core/error.hpp"
#include "bpm/core/suggest.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/signal_cleanup.hpp"

namespace bpm::app {
namespace {

// A reader that went away (`bpm-sim | head`) is not an error: the default SIGPIPE action ends the
// process silently, which is what users expect from a Unix filter.
void restore_sigpipe() { std::signal(SIGPIPE, SIG_DFL); }

void print_error(const std::string& tool, const std::string& message) {
  std::fflush(stdout);
  std::cerr << tool << ": error: " << escape_control(message) << '\n';
}

}  // namespace

std::string flag_of(std::string_view setting) {
  // Settings whose flag is not their own name: the same word in every tool that has them.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kOtherWords{{
      {"overrides", "--set"},
      {"parameters", "--param"},
      {"metrics", "--metric"},
      {"parts", "--gather"},
  }};
  for (const auto& [name, flag] : kOtherWords) {
    if (name == setting) return std::string(flag);
  }
  std::string flag = "--";
  for (const char c : setting) flag += c == '_' ? '-' : c;
  return flag;
}

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
  } catch (const SettingError& e) {
    // The library names the setting; the flag that sets it is the tools' word.
    print_error(tool, flag_of(e.setting()) + ": " + e.what());
    return Usage;
  } catch (const UsageError& e) {
    print_error(tool, e.what());
    return Usage;
  } catch (const BudgetExhausted& e) {
    print_error(tool, e.what());
    return Budget;
  } catch (const Error& e) {  // IoError too: an unreadable file or a full disk is not a usage error
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

namespace {

/// For a tool of subcommands, "unknown command 'x'" when the first argument names none of them:
/// CLI11 alone would only say that a subcommand is required.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  if (app.get_require_subcommand_min() == 0 || argc < 2 || argv[1][0] == '-') return std::nullopt;
  const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* command : commands) {
    if (command->check_name(word)) return std::nullopt;
    names.push_back(command->get_name());
  }
  const std::string near = closest_match(word, names);
  return fmt::format("unknown command '{}'{}; commands: {}", word,
                     near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", "));
}

}  // namespace

int parse_args(CLI::App& app, int argc, char** argv) {
  if (const auto message = unknown_command(app, argc, argv)) {
    std::cerr << app.get_name() << ": error: " << escape_control(*message) << '\n'
              << "Run '" << app.get_name() << " --help' for usage.\n";
    return Usage;
  }
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
    std::cerr << app.get_name() << ": error: " << escape_control(e.what()) << '\n'
              << "Run '" << app.get_name() << " --help' for usage.\n";
    return Usage;
  }
  return -1;
}

CLI::Validator whole_number(long long min, long long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        long long value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc() || stop != end || value < min || value > max) {
          return fmt::format("must be a whole number from {} to {}, not '{}'", min, max, text);
        }
        return {};
      },
      "");  // the help shows the option's type name alone; the range is in its description
}

CLI::Validator real_number(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        double value = 0.0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc() || stop != end || !(value >= min && value <= max)) {
          return fmt::format("must be a number from {} to {}, not '{}'", min, max, text);
        }
        return {};
      },
      "");
}

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const std::string& a = outputs[i].second;
      const std::string& b = outputs[j].second;
      if (a.empty() || b.empty() || a == "-" || b == "-") continue;
      // Devices and FIFOs (/dev/null twice) are written in place, so both outputs arrive.
      struct stat sa {};
      struct stat sb {};
      const bool a_exists = ::stat(a.c_str(), &sa) == 0;
      const bool b_exists = ::stat(b.c_str(), &sb) == 0;
      if ((a_exists && !S_ISREG(sa.st_mode)) || (b_exists && !S_ISREG(sb.st_mode))) continue;
      const bool same = a == b || (a_exists && b_exists && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
      if (same) {
        throw UsageError(fmt::format("{} and {} both write '{}': one would overwrite the other", outputs[i].first,
                                     outputs[j].first, b));
      }
    }
  }
}

unsigned thread_count(long long threads) {
  if (threads != -1 && threads < 1) throw UsageError(fmt::format("--threads must be at least 1, not {}", threads));
  return threads > 0 ? static_cast<unsigned>(threads) : std::max(1U, std::thread::hardware_concurrency());
}

const char* environment(const char* name) { return std::getenv(name); }

void warn(const std::string& tool, const std::string& message) {
  std::cerr << tool << ": warning: " << escape_control(message) << '\n';
}

}  // namespace bpm::app
