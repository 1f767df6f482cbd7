#include <catch2/catch.hpp>

#include <string>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/error.hpp"

TEST_CASE("located errors print file:line:col: error: message", "[core]") {
  const bpm::ModelError e({"lead.yaml", 12, 5}, "unknown step 'aprove'");
  CHECK(e.diagnostic() == "lead.yaml:12:5: error: unknown step 'aprove'");
  CHECK(bpm::Location{"f.csv", 3, 0}.str() == "f.csv:3");
  CHECK(bpm::Location{"f.csv", 0, 0}.str() == "f.csv");
}

TEST_CASE("diagnostics escape control characters onto one line", "[core]") {
  // A step id with a line break once printed raw: its second line was a GitHub Actions command.
  CHECK(bpm::escape_control("a\n::error::pwned") == "a\\n::error::pwned");
  CHECK(bpm::escape_control(std::string("tab\there\r\x1b[31mred\x7f\0", 19)) == "tab\\there\\r\\x1b[31mred\\x7f\\x00");
  CHECK(bpm::escape_control("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");  // UTF-8 stays
  CHECK(bpm::escape_control("\xc2\x9b[2J") == "\\u009b[2J");                             // C1 CSI
  CHECK(bpm::escape_control("latin1 \xe9!") == "latin1 \\xe9!");                         // not UTF-8
  const bpm::ModelError e({"x\ny.yaml", 3, 1}, "step 'a\nb' is bad");
  CHECK(e.diagnostic() == "x\\ny.yaml:3:1: error: step 'a\\nb' is bad");
  bpm::Diagnostic d;
  d.where = bpm::Location{"f.yaml", 1, 1};
  d.severity = bpm::Severity::Warning;
  d.message = "name\r\n::warning::x";
  d.rule = "rule";
  CHECK(d.str() == "f.yaml:1:1: warning: name\\r\\n::warning::x [rule]");
}
