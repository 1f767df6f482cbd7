#include "distance/edit_distance.hpp"

#include <algorithm>

namespace bpm::distance {

DamerauLevenshtein::DamerauLevenshtein(std::size_t alphabet) : last_row_(alphabet, 0) {}

std::uint32_t DamerauLevenshtein::operator()(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if (n == 0) return static_cast<std::uint32_t>(m);
  if (m == 0) return static_cast<std::uint32_t>(n);
  const std::size_t width = m + 2;
  table_.assign((n + 2) * width, 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table_[i * width + j]; };
  // Row and column 0 hold "infinity" so that a transposition never reaches before the start.
  const auto infinity = static_cast<std::uint32_t>(n + m);
  at(0, 0) = infinity;
  for (std::size_t i = 0; i <= n; ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = static_cast<std::uint32_t>(i);
  }
  for (std::size_t j = 0; j <= m; ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = static_cast<std::uint32_t>(j);
  }
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t last_match_column = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t i1 = last_row_[b[j - 1]];
      const std::size_t j1 = last_match_column;
      std::uint32_t cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        last_match_column = j;
      }
      const std::uint32_t substitution = at(i, j) + cost;
      const std::uint32_t insertion = at(i + 1, j) + 1;
      const std::uint32_t deletion = at(i, j + 1) + 1;
      const std::uint32_t transposition = at(i1, j1) + static_cast<std::uint32_t>((i - i1 - 1) + 1 + (j - j1 - 1));
      at(i + 1, j + 1) = std::min({substitution, insertion, deletion, transposition});
    }
    last_row_[a[i - 1]] = static_cast<std::uint32_t>(i);
  }
  for (const std::uint32_t symbol : a) last_row_[symbol] = 0;
  return at(n + 1, m + 1);
}

}  // namespace bpm::distance
