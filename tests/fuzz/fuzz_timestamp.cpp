// Timestamps and durations: ISO 8601 in the logs, strptime-like patterns (the first line of the
// input is the pattern), the process format's dates and durations, and the formatting back.
#include <bpm/core/time.hpp>
#include <bpm/kpi/timestamp.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bpm::fuzz::text(data, size);
  if (const auto t = bpm::kpi::parse_iso_timestamp(text)) (void)bpm::format_datetime(*t);
  bpm::fuzz::expect_only_bpm_errors([&] { (void)bpm::format_datetime(bpm::parse_datetime(text)); });
  bpm::fuzz::expect_only_bpm_errors([&] { (void)bpm::format_duration(bpm::parse_duration(text, 60.0)); });
  const std::size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    bpm::fuzz::expect_only_bpm_errors([&] {
      const bpm::kpi::TimestampParser parser(text.substr(0, newline));
      (void)parser.parse(text.substr(newline + 1));
    });
  }
  for (const char* format : {"epoch", "epoch_ms", "%d/%m/%Y %H:%M:%S", "%b %d %Y %I:%M %p"}) {
    const bpm::kpi::TimestampParser parser(format);
    (void)parser.parse(text);
  }
  return 0;
}
