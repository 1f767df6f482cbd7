#include "io/temp_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "bpm/core/error.hpp"
#include "sim/case_log_rows.hpp"
#include "temp_dir.hpp"

namespace {

/// Sets TMPDIR for the life of the object, then restores it.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& dir) {
    if (const char* before = std::getenv("TMPDIR")) saved_ = before;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (saved_) {
      ::setenv("TMPDIR", saved_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;

 private:
  std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("anonymous temporary files go to $TMPDIR and leave no name behind", "[io]") {
  const bpm::test::TempDir dir;
  const ScopedTmpdir tmpdir(dir.path().string() + "/");
  CHECK(bpm::detail::temp_directory() == dir.path().string());
  const bpm::detail::UniqueFile file = bpm::detail::open_anonymous_temp_file("bpm-test");
  REQUIRE(file != nullptr);
  CHECK(dir.entries().empty());  // unlinked at once: nothing to clean up after a crash
  const std::string text = "spilled";
  REQUIRE(std::fwrite(text.data(), 1, text.size(), file.get()) == text.size());
  std::rewind(file.get());
  std::string back(text.size(), '\0');
  REQUIRE(std::fread(back.data(), 1, back.size(), file.get()) == back.size());
  CHECK(back == text);
}

TEST_CASE("an unusable $TMPDIR is an I/O error naming it", "[io]") {
  const bpm::test::TempDir dir;
  const ScopedTmpdir tmpdir(dir.file("missing"));
  CHECK_THROWS_WITH(bpm::detail::open_anonymous_temp_file("bpm-test"),
                    Catch::Matchers::Contains(dir.file("missing") + "/bpm-test-"));
  CHECK_THROWS_AS(bpm::detail::open_anonymous_temp_file("bpm-test"), bpm::IoError);
}

TEST_CASE("the simulator's long-case log rows spill to $TMPDIR", "[io][sim]") {
  // std::tmpfile, used before, always wrote to /tmp whatever TMPDIR said.
  const bpm::test::TempDir dir;
  bpm::sim::CaseLogRows rows;
  rows.resize(1);
  const auto fill = [&rows] {
    for (std::uint32_t i = 0; i <= bpm::sim::CaseLogRows::kRowsInMemory; ++i) rows.add(0, bpm::sim::LogRow{i});
  };
  {
    const ScopedTmpdir tmpdir(dir.file("missing"));
    CHECK_THROWS_AS(fill(), bpm::IoError);
  }
  rows.reset();
  const ScopedTmpdir tmpdir(dir.path().string());
  fill();
  CHECK(rows.count(0) == bpm::sim::CaseLogRows::kRowsInMemory + 1);
  CHECK(dir.entries().empty());
  std::uint64_t drained = 0;
  rows.drain(0, [&](std::span<const bpm::sim::LogRow> batch) { drained += batch.size(); });
  CHECK(drained == bpm::sim::CaseLogRows::kRowsInMemory + 1);
}
