#pragma once
// Helpers shared by the design area's tests: the sample processes and running a command.
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bpm/model/loader.hpp"

namespace designtest {

inline std::vector<std::string> sample_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(BPM_SOURCE_DIR) / "processes")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The samples (with processes/insurance-claims.yaml, the worked example of the constructs:
/// streams, data in durations, several pools, set:) plus the files that exercise BPMN's boundary
/// timers and multi-instance markers and sub-processes (fragments): what the BPMN export and import
/// are checked on.
inline std::vector<std::string> interchange_files() {
  std::vector<std::string> files = sample_files();
  files.push_back(std::string(BPM_TEST_DATA) + "/bpmn/timers-instances.yaml");
  files.push_back(std::string(BPM_TEST_DATA) + "/constructs/fragments.yaml");  // calls as sub-processes
  // A wait's timeout and escalation (receive tasks with boundary timers), also inside a fragment.
  files.push_back(std::string(BPM_TEST_DATA) + "/constructs/timers-batches.yaml");
  files.push_back(std::string(BPM_TEST_DATA) + "/bpmn/wait-timers-fragment.yaml");
  return files;
}

inline bpm::Process model(const std::string& yaml) { return bpm::parse_process(yaml, "test.yaml"); }

/// Exit status and combined output of a shell command line built by the test itself.
struct CommandResult {
  int status = -1;
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline bool have_program(const std::string& name) {
  return run_command("command -v " + name + " >/dev/null").status == 0;
}

}  // namespace designtest
