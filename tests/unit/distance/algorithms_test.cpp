// The algorithms behind the measures, against definitions computed the slow way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "distance/edit_distance.hpp"
#include "distance/transport.hpp"
#include "distance/wasserstein.hpp"

using namespace bpm::distance;

namespace {

std::vector<std::uint32_t> seq(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (const char c : s) out.push_back(static_cast<std::uint32_t>(c - 'a' + 1));
  return out;
}

std::uint32_t dl(std::string_view a, std::string_view b) {
  DamerauLevenshtein edit(32);
  return edit(seq(a), seq(b));
}

/// W1 as scipy defines it: the integral of |F1 − F2| over the sorted union of the samples.
double wasserstein_by_definition(std::vector<std::int64_t> u, std::vector<std::int64_t> v) {
  std::sort(u.begin(), u.end());
  std::sort(v.begin(), v.end());
  std::vector<std::int64_t> all(u);
  all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  double sum = 0.0;
  for (std::size_t k = 0; k + 1 < all.size(); ++k) {
    const auto fu =
        static_cast<double>(std::upper_bound(u.begin(), u.end(), all[k]) - u.begin()) / static_cast<double>(u.size());
    const auto fv =
        static_cast<double>(std::upper_bound(v.begin(), v.end(), all[k]) - v.begin()) / static_cast<double>(v.size());
    sum += std::fabs(fu - fv) * static_cast<double>(all[k + 1] - all[k]);
  }
  return sum;
}

}  // namespace

TEST_CASE("Damerau-Levenshtein: unrestricted, with transpositions", "[distance]") {
  CHECK(dl("", "") == 0);
  CHECK(dl("abc", "") == 3);
  CHECK(dl("", "ab") == 2);
  CHECK(dl("abc", "abc") == 0);
  CHECK(dl("abc", "abd") == 1);
  CHECK(dl("abc", "acb") == 1);  // one transposition
  CHECK(dl("ca", "abc") == 2);   // 3 for the restricted (OSA) distance
  CHECK(dl("abcdef", "badcfe") == 3);
  CHECK(dl("kitten", "sitting") == 3);
  CHECK(dl("abcd", "dcba") == 3);
  // Symmetric, and the buffers reused between calls do not leak state.
  DamerauLevenshtein edit(32);
  CHECK(edit(seq("ca"), seq("abc")) == edit(seq("abc"), seq("ca")));
  CHECK(edit(seq("abab"), seq("baba")) == 2);
  CHECK(edit(seq("abab"), seq("baba")) == 2);
}

TEST_CASE("Wasserstein W1 of bin counts equals the definition", "[distance]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::uniform_int_distribution<std::int64_t> value(-20, 40);
    std::vector<std::int64_t> u(1 + rng() % 30);
    std::vector<std::int64_t> v(1 + rng() % 30);
    for (auto& x : u) x = value(rng);
    for (auto& x : v) x = value(rng);
    BinCounts a;
    BinCounts b;
    for (const auto x : u) a.add(x);
    for (const auto x : v) b.add(x);
    a.finish();
    b.finish();
    CHECK(wasserstein(a, b) == Approx(wasserstein_by_definition(u, v)).margin(1e-12));
    CHECK(wasserstein(a, b) == Approx(wasserstein(b, a)).margin(1e-12));
  }
  BinCounts a;
  a.add(0, 3);
  a.finish();
  BinCounts b;
  b.add(5, 2);
  b.finish();
  CHECK(wasserstein(a, b) == Approx(5.0));
}

TEST_CASE("transportation equals the best one-to-one pairing", "[distance]") {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    // Cases of two logs, each a "trace" 0..3 with a cost table between traces; brute force over
    // every pairing of the cases (the smaller log's cases to distinct cases of the other).
    const std::size_t na = 1 + rng() % 6;
    const std::size_t nb = 1 + rng() % 6;
    std::vector<std::size_t> ta(na);
    std::vector<std::size_t> tb(nb);
    for (auto& t : ta) t = rng() % 4;
    for (auto& t : tb) t = rng() % 4;
    std::vector<double> table(16);
    for (auto& c : table) c = static_cast<double>(rng() % 100) / 100.0;

    std::vector<std::uint64_t> supply(4, 0);
    std::vector<std::uint64_t> demand(4, 0);
    for (const auto t : ta) ++supply[t];
    for (const auto t : tb) ++demand[t];
    const double transported = min_cost_transport(supply, demand, table);

    const bool a_smaller = na <= nb;
    const std::vector<std::size_t>& small = a_smaller ? ta : tb;
    const std::vector<std::size_t>& large = a_smaller ? tb : ta;
    std::vector<std::size_t> perm(large.size());
    std::iota(perm.begin(), perm.end(), 0);
    double best = 1e300;
    do {
      double total = 0.0;
      for (std::size_t k = 0; k < small.size(); ++k) {
        const std::size_t i = a_smaller ? small[k] : large[perm[k]];
        const std::size_t j = a_smaller ? large[perm[k]] : small[k];
        total += table[i * 4 + j];
      }
      best = std::min(best, total);
    } while (std::next_permutation(perm.begin(), perm.end()));
    CAPTURE(trial, na, nb);
    CHECK(transported == Approx(best).margin(1e-12));
  }
}
