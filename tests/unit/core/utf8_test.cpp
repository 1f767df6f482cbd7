#include <catch2/catch.hpp>

#include <string>

#include "bpm/core/error.hpp"
#include "core/utf8.hpp"

using bpm::detail::is_utf8;
using bpm::detail::repair_utf8;
using bpm::detail::utf8_error;

TEST_CASE("utf8: well-formed text and the first bad byte", "[core]") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("plain ASCII, tabs\tand\nlines"));
  CHECK(is_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK(utf8_error("ab\xe9"
                   "cd") == 2);                // Latin-1 é
  CHECK(utf8_error("ab\xc3") == 2);            // truncated
  CHECK(utf8_error("\xc0\xaf") == 0);          // overlong '/'
  CHECK(utf8_error("x\xed\xa0\x80") == 1);     // a UTF-16 surrogate
  CHECK(utf8_error("\xf4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(utf8_error("ok\xff") == 2);
}

TEST_CASE("utf8: bytes that are not UTF-8 are read as Latin-1", "[core]") {
  CHECK(repair_utf8("R\xe9gister") == "R\xc3\xa9gister");
  CHECK(repair_utf8("caf\xc3\xa9 \xe9") == "caf\xc3\xa9 \xc3\xa9");  // valid sequences kept
  CHECK(is_utf8(repair_utf8("\xff\xfe\x80\xc3")));
}

TEST_CASE("utf8: documents must be text, located at the first offence", "[core]") {
  CHECK_NOTHROW(bpm::detail::require_text("a: 1\r\n\tb: \xc3\xa9\n", "f.yaml"));
  try {
    bpm::detail::require_text("a: 1\nb: x\xe9y\n", "f.yaml");
    FAIL("no error");
  } catch (const bpm::DataError& e) {
    CHECK(e.where().str() == "f.yaml:2:5");
    CHECK(std::string(e.what()) == "not UTF-8 text (save the file as UTF-8)");
  }
  try {
    bpm::detail::require_text(std::string("a\n\0b", 4), "g.yaml");
    FAIL("no error");
  } catch (const bpm::DataError& e) {
    CHECK(e.where().str() == "g.yaml:2:1");
    CHECK(std::string(e.what()) == "control character 0x00: not text");
  }
}

TEST_CASE("utf8: an XML document's declared encoding", "[core]") {
  CHECK(bpm::detail::xml_declares_utf8("<definitions/>"));
  CHECK(bpm::detail::xml_declares_utf8("<?xml version=\"1.0\"?><a/>"));
  CHECK(bpm::detail::xml_declares_utf8("<?xml version='1.0' encoding='utf-8'?><a/>"));
  CHECK_FALSE(bpm::detail::xml_declares_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"));
  CHECK_FALSE(bpm::detail::xml_declares_utf8("\xff\xfe<\0?\0x\0"));
}
