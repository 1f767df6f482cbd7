// The yaml-cpp path of the summary reader on its own (the fast parser accepts only what bpm-sim
// writes, so most inputs reach yaml-cpp anyway; this target starts there), and the bpm-kpi report
// reader, which reads report documents with yaml-cpp.
#include <bpm/kpi/report_reader.hpp>

#include "fuzz_common.hpp"
#include "sim/summary_tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bpm::fuzz::text(data, size);
  bpm::fuzz::expect_only_bpm_errors([&] {
    bpm::detail::SummaryTree tree;
    bpm::detail::parse_summary_yaml(text, "fuzz.yaml", tree);
  });
  bpm::fuzz::expect_only_bpm_errors([&] { (void)bpm::kpi::read_report_text(text, "fuzz.yaml"); });
  return 0;
}
