// The distribution parser, as a duration and as a number: what parses must write back to text
// that parses to the same distribution.
#include <bpm/model/distribution.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bpm::fuzz::text(data, size);
  for (const bool is_time : {true, false}) {
    bpm::fuzz::expect_only_bpm_errors([&] {
      const bpm::Distribution d = bpm::parse_distribution(text, is_time, 60.0);
      (void)d.mean();
      (void)d.support_min();
      (void)d.support_max();
      const std::string written = d.to_string();
      if (!written.empty()) (void)bpm::parse_distribution(written, is_time, 60.0);
    });
  }
  return 0;
}
