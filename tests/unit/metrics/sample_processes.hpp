#pragma once
// The sample processes of the repository (processes/*.yaml), in name order: what the tests that
// hold every sample to a rule iterate over; and the files that exercise each modelling construct
// (tests/data/constructs), for rules every construct must keep.
#include <algorithm>
#include <filesystem>
#include <vector>

namespace metrics_test {

inline std::vector<std::filesystem::path> sample_processes() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(BPM_SOURCE_DIR) / "processes")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// tests/data/constructs/*.yaml, then the processes of its sub-directories that call other files
/// (the called files are fragments, not runnable on their own).
inline std::vector<std::filesystem::path> construct_processes() {
  const std::filesystem::path dir = std::filesystem::path(BPM_SOURCE_DIR) / "tests" / "data" / "constructs";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  files.push_back(dir / "call-file" / "onboarding.yaml");
  files.push_back(dir / "call-nested" / "main.yaml");
  return files;
}

/// The extended insurance-claims sample (abandonment, timeouts, an escalation, a fragment with an
/// end, multi-instance, a batch), kept for the monitor's tests until it replaces
/// processes/insurance-claims.yaml.
inline std::filesystem::path insurance_claims_full() {
  return std::filesystem::path(BPM_SOURCE_DIR) / "tests" / "data" / "conformance" / "insurance-claims-full.yaml";
}

}  // namespace metrics_test
