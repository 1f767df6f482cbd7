// Hadamard matrices for two-level screening designs. Plackett–Burman designs exist for every
// multiple of 4 up to large orders, but each needs its own tabulated generator; Sylvester doubling
// and Paley's construction cover most orders without tables, and the next buildable order costs at
// most a few more runs.
#include "optimize/hadamard.hpp"

namespace bpm::optimize_detail {
namespace {

bool is_prime(std::size_t q) {
  if (q < 2) return false;
  for (std::size_t d = 2; d * d <= q; ++d) {
    if (q % d == 0) return false;
  }
  return true;
}

/// Paley I: for a prime q ≡ 3 (mod 4), H = I + S with S = [[0, 1ᵀ], [−1, Q]] and Q the Jacobsthal
/// matrix Q[i][j] = χ(j − i) of the quadratic character mod q; then rows are negated to normalise.
std::vector<std::vector<int>> paley(std::size_t q) {
  std::vector<int> chi(q, -1);
  chi[0] = 0;
  for (std::size_t x = 1; x < q; ++x) chi[(x * x) % q] = 1;
  const std::size_t n = q + 1;
  std::vector<std::vector<int>> h(n, std::vector<int>(n, 0));
  for (std::size_t j = 1; j < n; ++j) {
    h[0][j] = 1;
    h[j][0] = -1;
  }
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = 1; j < n; ++j) h[i][j] = chi[(j - 1 + q - (i - 1)) % q];
  }
  for (std::size_t i = 0; i < n; ++i) h[i][i] += 1;
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) h[i][j] = -h[i][j];
  }
  return h;
}

bool orthogonal(const std::vector<std::vector<int>>& h) {
  const std::size_t n = h.size();
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a; b < n; ++b) {
      long dot = 0;
      for (std::size_t r = 0; r < n; ++r) dot += h[r][a] * h[r][b];
      if (dot != (a == b ? static_cast<long>(n) : 0)) return false;
    }
  }
  return true;
}

std::vector<std::vector<int>> build(std::size_t n) {
  if (n == 1) return {{1}};
  if (n == 2) return {{1, 1}, {1, -1}};
  if (n % 4 != 0) return {};
  if (is_prime(n - 1) && (n - 1) % 4 == 3) return paley(n - 1);
  const std::vector<std::vector<int>> half = build(n / 2);
  if (half.empty()) return {};
  std::vector<std::vector<int>> h(n, std::vector<int>(n));
  const std::size_t m = n / 2;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      h[i][j] = h[i][j + m] = h[i + m][j] = half[i][j];
      h[i + m][j + m] = -half[i][j];
    }
  }
  return h;
}

}  // namespace

std::vector<std::vector<int>> hadamard(std::size_t n) {
  std::vector<std::vector<int>> h = build(n);
  // The constructions are proven; the check guards the implementation, and costs microseconds.
  if (!h.empty() && !orthogonal(h)) return {};
  return h;
}

std::size_t hadamard_order(std::size_t minimum) {
  if (minimum <= 1) return 1;
  if (minimum == 2) return 2;
  for (std::size_t n = (minimum + 3) / 4 * 4;; n += 4) {
    if (!build(n).empty()) return n;
  }
}

}  // namespace bpm::optimize_detail

namespace bpm {

std::vector<std::vector<int>> foldover_design(std::size_t factors) {
  if (factors == 0) return {};
  const std::vector<std::vector<int>> h = optimize_detail::hadamard(optimize_detail::hadamard_order(factors + 1));
  std::vector<std::vector<int>> design;
  design.reserve(2 * h.size());
  for (const auto& row : h)
    design.emplace_back(row.begin() + 1, row.begin() + 1 + static_cast<std::ptrdiff_t>(factors));
  for (std::size_t r = 0; r < h.size(); ++r) {
    std::vector<int> mirrored = design[r];
    for (int& x : mirrored) x = -x;
    design.push_back(std::move(mirrored));
  }
  return design;
}

}  // namespace bpm
