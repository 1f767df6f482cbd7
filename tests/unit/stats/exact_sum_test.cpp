#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "bpm/stats/exact_sum.hpp"

namespace {
double sum_of(const std::vector<double>& values) {
  bpm::ExactSum sum;
  for (const double x : values) sum.add(x);
  return sum.value();
}
}  // namespace

TEST_CASE("exact sums do not round intermediate results", "[stats]") {
  CHECK(sum_of({1e100, 1.0, -1e100}) == 1.0);
  CHECK(sum_of(std::vector<double>(10, 0.1)) == 1.0);  // naive summation gives 0.9999999999999999
  CHECK(sum_of({}) == 0.0);
  CHECK(sum_of({1.0, 1e-16, 1e-16}) == 1.0000000000000002);  // correctly rounded, not 1.0
}

TEST_CASE("exact sums do not depend on the order of values", "[stats]") {
  std::vector<double> values;
  for (int i = 1; i <= 200; ++i) values.push_back(std::pow(-1.7, i % 40) / i);
  const double forward = sum_of(values);
  std::reverse(values.begin(), values.end());
  CHECK(sum_of(values) == forward);
  std::sort(values.begin(), values.end());
  CHECK(sum_of(values) == forward);

  bpm::ExactSum left;
  bpm::ExactSum right;
  for (std::size_t i = 0; i < values.size(); ++i) (i % 3 == 0 ? left : right).add(values[i]);
  left.merge(right);
  CHECK(left.value() == forward);
}

TEST_CASE("exact sums leave the finite range like IEEE addition", "[stats]") {
  CHECK(sum_of({1e308, 1e308}) == INFINITY);
  CHECK(sum_of({1.0, INFINITY, 2.0}) == INFINITY);
  CHECK(std::isnan(sum_of({INFINITY, -INFINITY})));
}
