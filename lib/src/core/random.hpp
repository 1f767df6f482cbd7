#pragma once
#include <cstdint>
#include <string_view>

#include <pcg_random.hpp>

namespace bpm {

/// The library's random stream: PCG64 (setseq XSL-RR 128/64, O'Neill 2014), chosen because it is
/// fast, statistically strong and, unlike std:: engines paired with std:: distributions, gives the
/// same numbers with every compiler and standard library.
///
/// How streams are named (Rng::stream): every random decision in a simulation draws from its own
/// stream, identified by three numbers, and the PCG state and stream increment are derived from
/// them by SplitMix64 mixing:
///
///     x = mix(seed); x = mix(x ^ replication); x = mix(x ^ element_key)
///     state     = w0 << 64 | w1,   increment = w2 << 64 | w3,   w_i = the next SplitMix64 outputs from x
///
/// `element_key` is the FNV-1a hash of the model element's name (Rng::key). Consequences:
/// - common random numbers: replication r of two scenarios draws the same numbers for the same
///   element, so scenario differences are not drowned in sampling noise;
/// - adding a step does not shift the draws of any other step (streams are not numbered by position);
/// - a replication's draws do not depend on which thread runs it or in which order, so results are
///   byte-identical whatever the thread count.
class Rng {
 public:
  /// A raw PCG64 seeded with `seed` on sequence `stream` (both widened to 128 bits).
  Rng(std::uint64_t seed, std::uint64_t stream) : engine_(seed, stream) {}

  /// The stream of one model element in one replication of a run seeded with `seed`.
  [[nodiscard]] static Rng stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t element_key) noexcept {
    std::uint64_t x = splitmix(seed);
    x = splitmix(x ^ replication);
    x = splitmix(x ^ element_key);
    const std::uint64_t w0 = splitmix(x);
    const std::uint64_t w1 = splitmix(x + kGolden);
    const std::uint64_t w2 = splitmix(x + 2 * kGolden);
    const std::uint64_t w3 = splitmix(x + 3 * kGolden);
    using pcg_extras::pcg128_t;
    return Rng(pcg64(PCG_128BIT_CONSTANT(w0, w1), PCG_128BIT_CONSTANT(w2, w3)));
  }

  /// FNV-1a 64 of an element name: a stable key for Rng::stream.
  [[nodiscard]] static constexpr std::uint64_t key(std::string_view element_name) noexcept {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : element_name) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    return hash;
  }

  /// 64 random bits.
  std::uint64_t next() noexcept { return engine_(); }

  /// A double in the open interval (0, 1): 53 random bits k, k * 2^-53, with k = 0 redrawn (one
  /// chance in 2^53). Open at both ends so that samplers can take log(u) and log(1 - u) freely;
  /// the classic (k + 0.5) * 2^-53 would round up to exactly 1.0 for the largest k.
  double uniform() noexcept {
    std::uint64_t bits = next() >> 11;
    while (bits == 0) bits = next() >> 11;
    return static_cast<double>(bits) * 0x1.0p-53;
  }

 private:
  static constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

  explicit Rng(const pcg64& engine) noexcept : engine_(engine) {}

  /// One SplitMix64 step (Steele, Lea & Flood 2014): a bijective avalanche mix of x + golden ratio.
  static constexpr std::uint64_t splitmix(std::uint64_t x) noexcept {
    std::uint64_t z = x + kGolden;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  pcg64 engine_;
};

}  // namespace bpm
