// The CSV event-log reader and the KPI report of what it read (fuzz_common.hpp).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bpm::fuzz::MemoryFile file(".csv");
  bpm::fuzz::read_log_and_report(file, data, size);
  return 0;
}
