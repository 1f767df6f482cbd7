#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/io/input.hpp"
#include "temp_dir.hpp"

using bpm::test::slurp;
using bpm::test::spit;
using bpm::test::TempDir;

namespace {

std::vector<std::string> all_lines(bpm::LineReader& reader) {
  std::vector<std::string> lines;
  std::size_t misnumbered = 0;
  while (const auto line = reader.next()) {
    lines.emplace_back(*line);
    misnumbered += reader.line_number() == lines.size() ? 0U : 1U;
  }
  CHECK(misnumbered == 0);
  return lines;
}

std::vector<std::string> all_lines(const std::string& path) {
  bpm::LineReader reader(path);
  return all_lines(reader);
}

void write_gzip(const std::string& path, const std::string& text, const char* mode = "wb") {
  gzFile file = gzopen(path.c_str(), mode);
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(file) == Z_OK);
}

// Many rows of varying length, so that lines straddle every 1 MiB block boundary.
std::string many_rows(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text +=
        std::to_string(i) + ",2026-01-05T09:30:00,approve," + std::string(static_cast<std::size_t>(i % 37), 'r') + "\n";
  }
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("read_all reads files and names failures", "[io]") {
  const TempDir dir;
  spit(dir.file("p.yaml"), "name: lead\n");
  CHECK(bpm::read_all(dir.file("p.yaml")) == "name: lead\n");
  spit(dir.file("empty"), "");
  CHECK(bpm::read_all(dir.file("empty")).empty());
  const std::string missing = dir.file("missing.yaml");
  CHECK_THROWS_WITH(bpm::read_all(missing), "cannot read '" + missing + "': No such file or directory");
  CHECK_THROWS_AS(bpm::read_all(missing), bpm::IoError);
  CHECK_THROWS_WITH(bpm::read_all(dir.path().string()), "cannot read '" + dir.path().string() + "': Is a directory");
  CHECK_THROWS_WITH(bpm::LineReader(dir.path().string()), "cannot read '" + dir.path().string() + "': Is a directory");
}

TEST_CASE("read_all stops at its bound instead of taking all memory", "[io]") {
  try {
    (void)bpm::read_all("/dev/zero");
    FAIL("no error");
  } catch (const bpm::DataError& e) {
    CHECK(e.where().str() == "/dev/zero");
    CHECK(std::string(e.what()) == "longer than 256 MiB: not a document that bpmkit reads");
  }
}

TEST_CASE("line reader splits lines and counts them", "[io]") {
  const TempDir dir;
  spit(dir.file("a.txt"), "\xEF\xBB\xBFheader\r\nfirst\n\nthird\r\nlast without newline");
  CHECK(all_lines(dir.file("a.txt")) ==
        std::vector<std::string>{"header", "first", "", "third", "last without newline"});
  spit(dir.file("b.txt"), "one\n");
  CHECK(all_lines(dir.file("b.txt")) == std::vector<std::string>{"one"});
  spit(dir.file("empty.txt"), "");
  CHECK(all_lines(dir.file("empty.txt")).empty());

  bpm::LineReader reader(dir.file("b.txt"));
  CHECK(reader.line_number() == 0);
  CHECK(reader.next() == std::optional<std::string_view>("one"));
  CHECK(!reader.next());
  CHECK(!reader.next());
  CHECK(reader.line_number() == 1);
  CHECK(!reader.compressed());
  CHECK(reader.bytes_consumed() == 4);
  CHECK(reader.size() == std::optional<std::uint64_t>(4));
}

TEST_CASE("line reader crosses buffer boundaries and long lines", "[io]") {
  const TempDir dir;
  std::string text = many_rows(100'000);
  const std::string long_line(3 << 20, 'L');  // longer than the buffer: it must grow
  text += long_line + "\nafter\n";
  spit(dir.file("log.csv"), text);
  const std::vector<std::string> lines = all_lines(dir.file("log.csv"));
  CHECK(lines == split_lines(text));
  REQUIRE(lines.size() == 100'002);
  CHECK(lines[100'000] == long_line);
}

TEST_CASE("line reader refuses a line longer than its bound", "[io]") {
  // /dev/zero, or a file of one 2 GiB line, must not take all memory before failing.
  bpm::LineReader zero("/dev/zero");
  try {
    (void)zero.next();
    FAIL("no error");
  } catch (const bpm::CorruptInput& e) {  // corrupt: a reader that skips bad records must stop here
    CHECK(e.where().str() == "/dev/zero:1");
    CHECK(std::string(e.what()) == "line longer than 64 MiB: not a text log, or a line break is missing");
  }
  // A line just within the bound is read whole.
  const TempDir dir;
  const std::string longest(bpm::LineReader::kMaxLineLength, 'x');
  spit(dir.file("long.csv"), "header\n" + longest + "\nlast");
  bpm::LineReader lines(dir.file("long.csv"));
  REQUIRE(lines.next() == std::optional<std::string_view>("header"));
  const auto line = lines.next();
  REQUIRE(line);
  CHECK(line->size() == longest.size());
  CHECK(lines.next() == std::optional<std::string_view>("last"));
}

TEST_CASE("line reader decompresses gzip by its magic bytes", "[io]") {
  const TempDir dir;
  const std::string text = many_rows(60'000);
  // No .gz extension: detection is by content.
  write_gzip(dir.file("log.csv"), text);
  bpm::LineReader reader(dir.file("log.csv"));
  const std::vector<std::string> lines = all_lines(reader);
  CHECK(reader.compressed());
  CHECK(lines == split_lines(text));
  CHECK(reader.bytes_consumed() == *reader.size());
  CHECK(*reader.size() < text.size() / 3);

  SECTION("concatenated members read as one stream") {
    write_gzip(dir.file("two.gz"), "first\nsec");
    write_gzip(dir.file("two.gz"), "ond\nthird\n", "ab");
    CHECK(all_lines(dir.file("two.gz")) == std::vector<std::string>{"first", "second", "third"});
  }
  // Damaged gzip is bad data (exit 1), not an unreadable file, located at its compressed byte.
  SECTION("truncated data is an error") {
    const std::string whole = slurp(dir.file("log.csv"));
    spit(dir.file("cut.gz"), whole.substr(0, whole.size() / 2));
    CHECK_THROWS_AS(all_lines(dir.file("cut.gz")), bpm::DataError);
    CHECK_THROWS_WITH(all_lines(dir.file("cut.gz")), "truncated gzip data: the input ends at byte " +
                                                         std::to_string(whole.size() / 2) +
                                                         " inside a compressed stream");
  }
  SECTION("corrupt data is an error") {
    std::string whole = slurp(dir.file("log.csv"));
    for (std::size_t i = 100; i < 200; ++i) whole[i] = static_cast<char>(whole[i] ^ 0x55);
    spit(dir.file("bad.gz"), whole);
    try {
      (void)all_lines(dir.file("bad.gz"));
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK(e.where().file == dir.file("bad.gz"));
      const std::string message = e.what();
      const std::string prefix = "corrupt gzip data at byte ";
      REQUIRE(message.rfind(prefix, 0) == 0);
      const std::uint64_t offset = std::stoull(message.substr(prefix.size()));
      CHECK(offset >= 100);  // zlib notices the damage where it starts or later
      CHECK(offset <= whole.size());
    }
  }
  SECTION("trailing garbage is an error") {
    const std::string whole = slurp(dir.file("log.csv"));
    spit(dir.file("junk.gz"), whole + "junk");
    CHECK_THROWS_AS(all_lines(dir.file("junk.gz")), bpm::DataError);
    CHECK_THROWS_WITH(all_lines(dir.file("junk.gz")),
                      "trailing garbage after gzip data at byte " + std::to_string(whole.size()));
  }
}

TEST_CASE("\"-\" reads standard input", "[io]") {
  const TempDir dir;
  write_gzip(dir.file("in.gz"), "x,y\n1,2\n");
  const int file = ::open(dir.file("in.gz").c_str(), O_RDONLY);
  REQUIRE(file >= 0);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(file, STDIN_FILENO);
  ::close(file);
  std::vector<std::string> lines;
  {
    bpm::LineReader reader("-");
    lines = all_lines(reader);
  }
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  CHECK(lines == std::vector<std::string>{"x,y", "1,2"});
}
