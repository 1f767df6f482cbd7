// Feeds arbitrary bytes to the process loader and, when they parse, to lint: neither may crash,
// hang or leak, whatever the input.
#include <bpm/lint/lint.hpp>
#include <bpm/model/loader.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bpm::LoadResult result = bpm::parse_process_text(text, "fuzz.yaml");
  if (result.process) (void)bpm::lint(*result.process, bpm::LintConfig::recommended());
  return 0;
}
