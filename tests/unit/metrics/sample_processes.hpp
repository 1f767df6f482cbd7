#pragma once
// The sample processes of the repository (processes/*.yaml), in name order: what the tests that
// hold every sample to a rule iterate over.
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

}  // namespace metrics_test
