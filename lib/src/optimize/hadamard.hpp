#pragma once
// Two-level orthogonal designs for the sensitivity metamodel (share/doc/bpm-optimize.md).
#include <cstddef>
#include <vector>

namespace bpm::optimize_detail {

/// A normalised Hadamard matrix of order n (first row and column all +1; HᵀH = nI), built by
/// Sylvester doubling and Paley's first construction (n − 1 a prime ≡ 3 mod 4). Empty when
/// neither builds order n.
[[nodiscard]] std::vector<std::vector<int>> hadamard(std::size_t n);

/// The smallest order ≥ minimum (1, 2 or a multiple of 4) that hadamard() can build.
[[nodiscard]] std::size_t hadamard_order(std::size_t minimum);

}  // namespace bpm::optimize_detail

namespace bpm {

/// The fold-over of a Plackett–Burman-type design for `factors` parameters: the n runs of the
/// columns 2..factors+1 of a Hadamard matrix of the smallest order n > factors, then the same n
/// runs with every sign flipped. 2n runs of −1/+1; main effects are orthogonal to each other and
/// to every two-parameter interaction (resolution IV).
[[nodiscard]] std::vector<std::vector<int>> foldover_design(std::size_t factors);

}  // namespace bpm
