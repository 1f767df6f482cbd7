#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"

TEST_CASE("located errors print file:line:col: error: message", "[core]") {
  const bpm::ModelError e({"lead.yaml", 12, 5}, "unknown step 'aprove'");
  CHECK(e.diagnostic() == "lead.yaml:12:5: error: unknown step 'aprove'");
  CHECK(bpm::Location{"f.csv", 3, 0}.str() == "f.csv:3");
  CHECK(bpm::Location{"f.csv", 0, 0}.str() == "f.csv");
}
