#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/io/input.hpp"
#include "temp_dir.hpp"

using bpm::test::spit;
using bpm::test::TempDir;

namespace {

std::vector<std::string> split(std::string_view record, char separator = ',') {
  bpm::CsvSplitter splitter(separator);
  REQUIRE(splitter.split(record));
  return {splitter.fields().begin(), splitter.fields().end()};
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("csv fields split on separators outside quotes", "[io]") {
  CHECK(split("a,b,c") == Fields{"a", "b", "c"});
  CHECK(split("") == Fields{""});
  CHECK(split(",") == Fields{"", ""});
  CHECK(split("a,,c,") == Fields{"a", "", "c", ""});
  CHECK(split("\"a,b\",c") == Fields{"a,b", "c"});
  CHECK(split("\"\",x") == Fields{"", "x"});
  CHECK(split("\"say \"\"hi\"\"\",\"\"\"\",end") == Fields{"say \"hi\"", "\"", "end"});
  CHECK(split("\"line\nbreak\",2") == Fields{"line\nbreak", "2"});
  CHECK(split("5\" disk,x") == Fields{"5\" disk", "x"});  // a stray quote is kept literally
  CHECK(split(" \"a\" ,b") == Fields{" \"a\" ", "b"});
  CHECK(split("a;\"b;c\";d", ';') == Fields{"a", "b;c", "d"});
  CHECK(split("a\tb c\t", '\t') == Fields{"a", "b c", ""});
}

TEST_CASE("csv unescaped fields stay valid together", "[io]") {
  bpm::CsvSplitter splitter;
  const std::string record = "\"a\"\"1\",\"b\"\"2\",\"c\"\"3\"";
  REQUIRE(splitter.split(record));
  CHECK(Fields(splitter.fields().begin(), splitter.fields().end()) == Fields{"a\"1", "b\"2", "c\"3"});
  CHECK(splitter.offsets() == std::vector<std::size_t>{0, 7, 14});
}

TEST_CASE("csv splitter reports open quotes and stray text", "[io]") {
  bpm::CsvSplitter splitter;
  CHECK_FALSE(splitter.split("1,\"open"));
  CHECK_FALSE(splitter.split("\"ends with doubled \"\""));
  try {
    (void)splitter.split("a,\"b\"c,d");
    FAIL("no error");
  } catch (const bpm::SyntaxError& e) {
    CHECK(e.offset() == 5);
    CHECK(std::string(e.what()) == "unexpected character after a closing quote");
  }
}

TEST_CASE("csv separators are detected from the header", "[io]") {
  CHECK(bpm::detect_separator("case,activity,time") == ',');
  CHECK(bpm::detect_separator("case;activity;time") == ';');
  CHECK(bpm::detect_separator("case\tactivity\ttime") == '\t');
  CHECK(bpm::detect_separator("\"a;b;c\",d") == ',');
  CHECK(bpm::detect_separator("single") == ',');
  CHECK(bpm::detect_separator("a;b,c") == ',');
}

TEST_CASE("csv escaping round-trips through the splitter", "[io]") {
  CHECK(bpm::csv_escape("plain") == "plain");
  CHECK(bpm::csv_escape("").empty());
  CHECK(bpm::csv_escape("a,b") == "\"a,b\"");
  CHECK(bpm::csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(bpm::csv_escape("two\nlines") == "\"two\nlines\"");
  CHECK(bpm::csv_escape("cr\r") == "\"cr\r\"");
  CHECK(bpm::csv_escape("a;b") == "a;b");
  CHECK(bpm::csv_escape("a;b", ';') == "\"a;b\"");

  const Fields fields{"x", "", "a,b", "\"", "multi\nline", "end"};
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += ',';
    bpm::append_csv_field(row, fields[i]);
  }
  CHECK(split(row) == fields);
}

TEST_CASE("csv reader joins quoted line breaks and locates fields", "[io]") {
  const TempDir dir;
  spit(dir.file("log.csv"),
       "case;activity;note\r\n"
       "1;approve;\"multi\r\nline; note\"\r\n"
       "\r\n"
       "2;reject;plain\r\n");
  bpm::LineReader lines(dir.file("log.csv"));
  bpm::CsvReader reader(lines);
  REQUIRE(reader.next());
  CHECK(reader.separator() == ';');
  CHECK(reader.line_number() == 1);
  CHECK(Fields(reader.fields().begin(), reader.fields().end()) == Fields{"case", "activity", "note"});
  REQUIRE(reader.next());
  CHECK(reader.line_number() == 2);
  CHECK(reader[2] == "multi\nline; note");
  CHECK(reader.location(1).str() == dir.file("log.csv") + ":2:3");
  REQUIRE(reader.next());
  CHECK(reader.line_number() == 5);
  CHECK(reader.size() == 3);
  CHECK(reader[2] == "plain");
  CHECK(reader.location(2).str() == dir.file("log.csv") + ":5:10");
  CHECK_FALSE(reader.next());
}

TEST_CASE("csv reader errors carry file, line and column", "[io]") {
  const TempDir dir;
  spit(dir.file("bad.csv"), "a,b\n1,\"x\n\"y\"z,2\n");
  bpm::LineReader lines(dir.file("bad.csv"));
  bpm::CsvReader reader(lines, ',');
  REQUIRE(reader.next());
  try {
    (void)reader.next();
    FAIL("no error");
  } catch (const bpm::DataError& e) {
    // The quote opened on line 2 closes at the start of line 3; the 'y' after it is the error.
    CHECK(e.where().str() == dir.file("bad.csv") + ":3:2");
    CHECK(std::string(e.what()) == "unexpected character after a closing quote");
  }

  // A quote that never closes: fatal (CorruptInput, no reader may skip it), at the opening quote.
  spit(dir.file("open.csv"), "a,b\n1,\"never closed\n2,3\n");
  bpm::LineReader open_lines(dir.file("open.csv"));
  bpm::CsvReader open_reader(open_lines);
  REQUIRE(open_reader.next());
  try {
    (void)open_reader.next();
    FAIL("no error");
  } catch (const bpm::CorruptInput& e) {
    CHECK(e.where().str() == dir.file("open.csv") + ":2:3");
    CHECK(std::string(e.what()) == "this quote opens a field that the input never closes");
  }
}

TEST_CASE("csv reader finds the end of a quoted record in linear time", "[io]") {
  // Records that go on over many lines, with quotes (escaped, closing and reopening) in them:
  // each line is scanned once, not the whole record again per line.
  const TempDir dir;
  std::string text = "a,b\n1,\"start";
  for (int i = 0; i < 50'000; ++i) text += "\nline \"\"quoted\"\" " + std::to_string(i);
  text += "\",\"x\ny\"\n2,\"z\"\n";
  spit(dir.file("long.csv"), text);
  bpm::LineReader lines(dir.file("long.csv"));
  bpm::CsvReader reader(lines);
  REQUIRE(reader.next());
  REQUIRE(reader.next());
  CHECK(reader.line_number() == 2);
  REQUIRE(reader.size() == 3);
  CHECK(reader[1].starts_with("start\nline \"quoted\" 0\nline \"quoted\" 1\n"));
  CHECK(reader[1].ends_with("\nline \"quoted\" 49999"));
  CHECK(reader[2] == "x\ny");
  REQUIRE(reader.next());
  CHECK(reader.line_number() == 50'004);
  CHECK(reader[1] == "z");
  CHECK_FALSE(reader.next());

  // A stray quote before a million rows: found at once, located where it opens.
  std::string stray = "a,b\n1,2\n3,\"oops\n";
  for (int i = 0; i < 200'000; ++i) stray += "4,5\n";
  spit(dir.file("stray.csv"), stray);
  bpm::LineReader stray_lines(dir.file("stray.csv"));
  bpm::CsvReader stray_reader(stray_lines);
  REQUIRE(stray_reader.next());
  REQUIRE(stray_reader.next());
  try {
    (void)stray_reader.next();
    FAIL("no error");
  } catch (const bpm::CorruptInput& e) {
    CHECK(e.where().str() == dir.file("stray.csv") + ":3:3");
  }
}
