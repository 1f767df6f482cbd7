// The summary reader (its fast parser, and yaml-cpp for what the fast one leaves), and the
// summary written back in every format: JSON needs valid UTF-8.
#include <bpm/kpi/report_reader.hpp>
#include <bpm/sim/summary.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bpm::fuzz::text(data, size);
  bpm::fuzz::expect_only_bpm_errors([&] {
    const bpm::Summary summary = bpm::read_summary(text, "fuzz.yaml");
    (void)bpm::summary_json(summary);
    (void)bpm::summary_yaml(summary);
    (void)bpm::summary_table(summary);
  });
  bpm::fuzz::expect_only_bpm_errors([&] { (void)bpm::read_summary_parts(text, "parts.yaml"); });
  return 0;
}
