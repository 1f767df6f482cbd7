// Process discovery from a CSV event log (bpm-design discover): whatever the log, discovery ends
// with a model or a bpm::Error, and the process file it writes loads again as a valid process.
#include <bpm/discover/discover.hpp>
#include <bpm/model/loader.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bpm::fuzz::MemoryFile file(".csv");
  const std::string& path = file.write(bpm::fuzz::text(data, size));
  bpm::fuzz::expect_only_bpm_errors([&] {
    bpm::discover::DiscoverOptions options;
    options.log.memory_limit = std::uint64_t{64} << 20;
    options.name = "fuzz";
    const bpm::discover::DiscoveryResult result = bpm::discover::discover({path}, options);
    const bpm::LoadResult again = bpm::parse_process_text(result.yaml, "discovered.yaml");
    if (!again.process) {
      std::fprintf(stderr, "the discovered process does not load again:\n%s\n", result.yaml.c_str());
      for (const bpm::Diagnostic& d : again.diagnostics) std::fprintf(stderr, "%s\n", d.str().c_str());
      std::abort();
    }
  });
  return 0;
}
