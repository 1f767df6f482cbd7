#pragma once
// The (unrestricted) Damerau–Levenshtein distance between activity sequences: insertions,
// deletions, substitutions and transpositions of adjacent symbols, where a transposed pair may be
// edited further (Lowrance and Wagner 1975), as jellyfish computes it for Simod's CFLD.
#include <cstdint>
#include <span>
#include <vector>

namespace bpm::distance {

class DamerauLevenshtein {
 public:
  /// `alphabet`: one more than the largest symbol that will be compared.
  explicit DamerauLevenshtein(std::size_t alphabet);
  [[nodiscard]] std::uint32_t operator()(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

 private:
  std::vector<std::uint32_t> last_row_;  // per symbol: the last row of `a` holding it (1-based, 0 = none)
  std::vector<std::uint32_t> table_;     // (|a| + 2) × (|b| + 2), reused between calls
};

}  // namespace bpm::distance
