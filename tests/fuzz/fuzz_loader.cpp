// The process loader and, when the bytes parse, lint, the YAML writer and a reload of what it
// wrote: none may crash, hang or leak, whatever the input.
#include <bpm/lint/lint.hpp>
#include <bpm/model/loader.hpp>
#include <bpm/model/writer.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bpm::fuzz::expect_only_bpm_errors([&] {
    bpm::LoadResult result = bpm::parse_process_text(bpm::fuzz::text(data, size), "fuzz.yaml");
    if (!result.process) return;
    (void)bpm::lint(*result.process, bpm::LintConfig::recommended());
    // What fmt writes must load again (a written `horizon: inf` once did not).
    const bpm::LoadResult again = bpm::parse_process_text(bpm::to_yaml(*result.process), "fmt.yaml");
    if (!again.process) std::abort();
  });
  return 0;
}
