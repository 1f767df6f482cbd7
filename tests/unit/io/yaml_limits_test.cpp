#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <string>

#include "bpm/core/error.hpp"
#include "io/yaml_limits.hpp"

using bpm::detail::load_yaml;

namespace {

std::string error_of(const std::string& text) {
  try {
    (void)load_yaml(text, "doc.yaml");
  } catch (const bpm::DataError& e) {
    return e.where().str() + ": " + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("yaml: ordinary documents load, anchors included", "[io]") {
  const YAML::Node root = load_yaml("a: &x [1, 2]\nb: *x\nc: { d: e }\n", "doc.yaml");
  CHECK(root["b"].size() == 2);
  CHECK(root["c"]["d"].Scalar() == "e");
  CHECK_THROWS_AS(load_yaml("a: [1, 2\n", "doc.yaml"), YAML::Exception);  // malformed: yaml-cpp's error
}

TEST_CASE("yaml: a billion laughs is refused before it is expanded", "[io]") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += fmt::format("a{}: &a{} [", i, i);
    for (int k = 0; k < 10; ++k) bomb += fmt::format("{}*a{}", k > 0 ? ", " : "", i - 1);
    bomb += "]\n";
  }
  const std::string error = error_of(bomb);
  CHECK(error.find("expands to more than") != std::string::npos);
  CHECK(error.rfind("doc.yaml:", 0) == 0);
}

TEST_CASE("yaml: cycles, depth, size and control characters in keys", "[io]") {
  // yaml-cpp lets an alias name the collection it is in.
  CHECK(error_of("a: &x [1, *x]\n") == "doc.yaml:1:11: an alias refers to a node that contains it");
  // Deep through aliases: twelve anchors, each 100 levels around the one before (a long comment
  // keeps the expanded size, about 8,000 nodes, within the budget of the text's size).
  const std::string open(100, '[');
  const std::string close(100, ']');
  std::string deep = fmt::format("# {}\nx0: &x0 {}1{}\n", std::string(20000, 'p'), open, close);
  for (int i = 1; i < 12; ++i) deep += fmt::format("x{}: &x{} {}*x{}{}\n", i, i, open, i - 1, close);
  CHECK(error_of(deep).find("nests deeper than 1000 levels") != std::string::npos);
  std::string big;
  for (int i = 0; i < 260'000; ++i) big += "- [x]\n";  // 520,001 nodes
  CHECK(error_of(big).find("more than 500000 YAML nodes") != std::string::npos);
  CHECK(error_of("steps:\n  \"a\\nb\": 1\n") == "doc.yaml:2:3: a key holds a control character");
  CHECK(error_of("name: \"a\\nb\"\n").empty());  // values may hold them; outputs escape them
  CHECK(error_of("a: \xe9\n") == "doc.yaml:1:4: not UTF-8 text (save the file as UTF-8)");
}
