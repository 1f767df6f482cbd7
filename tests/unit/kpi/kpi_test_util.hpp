#pragma once
// Helpers of the kpi unit tests: temporary log files and paths of the test data.
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace kpi_test {

/// A file in a fresh temporary directory, removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content) {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("bpm-kpi-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / name).string();
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

inline std::string data(const std::string& name) { return std::string(BPM_TEST_DATA) + "/logs/" + name; }

constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;

}  // namespace kpi_test
