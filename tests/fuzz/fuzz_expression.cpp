// The expression language: parse, bind every identifier to a slot, evaluate over some values.
#include <bpm/model/expression.hpp>

#include <array>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bpm::fuzz::expect_only_bpm_errors([&] {
    bpm::StringTable strings;
    bpm::Expression e = bpm::Expression::parse(bpm::fuzz::text(data, size), strings);
    std::uint32_t next = 0;
    e.bind([&](std::string_view) -> std::optional<std::uint32_t> {
      return next < 4 ? std::optional(next++) : std::nullopt;
    });
    const std::int32_t word = strings.intern("gold");
    const std::array<bpm::Value, 4> slots{bpm::Value::number(3.5), bpm::Value::string(word), bpm::Value::number(0.0),
                                          bpm::Value::number(-1e308)};
    (void)e.eval(slots.data());
    (void)e.holds(slots.data());
  });
  return 0;
}
