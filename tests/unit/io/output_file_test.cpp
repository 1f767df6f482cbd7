#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"
#include "bpm/io/signal_cleanup.hpp"
#include "io/output_temporary.hpp"
#include "temp_dir.hpp"

using bpm::test::slurp;
using bpm::test::spit;
using bpm::test::TempDir;

namespace {

// Runs `body` with standard output redirected to `fd`, restoring it even when body throws.
template <class Body>
void with_stdout(int fd, Body body) {
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  ::dup2(fd, STDOUT_FILENO);
  try {
    body();
  } catch (...) {
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    throw;
  }
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
}

}  // namespace

TEST_CASE("output appears only on commit, through a temporary file", "[io]") {
  const TempDir dir;
  const std::string target = dir.file("result.csv");
  bpm::OutputFile out(target);
  out.stream() << "a,b\n";
  out.write("1,2\n");
  const std::vector<std::string> entries = dir.entries();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].starts_with(".result.csv.tmp."));
  CHECK(entries[0].size() == std::string(".result.csv.tmp.").size() + 6);
  out.commit();
  CHECK(out.committed());
  CHECK(dir.entries() == std::vector<std::string>{"result.csv"});
  CHECK(slurp(target) == "a,b\n1,2\n");
}

TEST_CASE("an uncommitted output leaves no file and keeps the old one", "[io]") {
  const TempDir dir;
  const std::string target = dir.file("summary.json");
  {
    bpm::OutputFile out(target);
    out.write("partial");
  }
  CHECK(dir.entries().empty());

  spit(target, "old content");
  try {
    bpm::OutputFile out(target);
    out.stream() << "new content that will never be committed";
    throw std::runtime_error("simulation failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(dir.entries() == std::vector<std::string>{"summary.json"});
  CHECK(slurp(target) == "old content");
}

TEST_CASE("stream and raw writes share one ordered buffer", "[io]") {
  const TempDir dir;
  const std::string target = dir.file("big.csv");
  std::string expected;
  {
    bpm::OutputFile out(target);
    for (int i = 0; i < 200'000; ++i) {
      const std::string row = std::to_string(i) + ",case-" + std::to_string(i * 7) + "\n";
      if (i % 2 == 0) {
        out.write(row);
      } else {
        out.stream() << row;
      }
      expected += row;
    }
    const std::string block(3 << 20, 'x');  // larger than the buffer: written straight through
    out.write(block);
    out.stream() << "end\n";
    expected += block + "end\n";
    out.commit();
  }
  CHECK(expected.size() > (4u << 20));
  CHECK(slurp(target) == expected);
}

TEST_CASE("replacing a file keeps its permissions", "[io]") {
  const TempDir dir;
  const std::string target = dir.file("private.yaml");
  spit(target, "x");
  ::chmod(target.c_str(), 0600);
  bpm::OutputFile out(target);
  out.write("y");
  out.commit();
  struct stat info {};
  REQUIRE(::stat(target.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("nothing planted in the target's directory is followed or changed", "[io]") {
  // Another user of a shared directory cannot know the temporary name, and if they plant links
  // under every name it might take, the open fails (O_EXCL) rather than writing through one.
  const TempDir dir;
  const std::string victim = dir.file("victim.txt");
  spit(victim, "precious");
  ::chmod(victim.c_str(), 0600);
  const std::string target = dir.file("out.csv");
  for (int i = 0; i < 20; ++i) {
    bpm::OutputFile out(target);
    out.write("data\n");
    out.commit();
  }
  // A link planted where the old fixed name (.NAME.tmp.PID) was, and a link as the target itself.
  REQUIRE(::symlink(victim.c_str(), dir.file(".out.csv.tmp." + std::to_string(::getpid())).c_str()) == 0);
  const std::string linked = dir.file("linked.csv");
  REQUIRE(::symlink(victim.c_str(), linked.c_str()) == 0);
  {
    bpm::OutputFile out(target);
    out.write("new\n");
    out.commit();
    bpm::OutputFile replaced(linked);
    replaced.write("replaces the link, not the file it points to\n");
    replaced.commit();
  }
  CHECK(slurp(victim) == "precious");
  struct stat info {};
  REQUIRE(::stat(victim.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  REQUIRE(::lstat(linked.c_str(), &info) == 0);
  CHECK(S_ISREG(info.st_mode));
  CHECK(slurp(target) == "new\n");
}

TEST_CASE("a link planted under the temporary's name is neither followed nor changed", "[io]") {
  // The names are random; here the test chooses them, plants a link to a victim under the first,
  // and the temporary must be created under the next one with the replaced file's mode, leaving
  // the link and the victim (content and mode) as they were.
  const TempDir dir;
  const std::string victim = dir.file("victim.txt");
  spit(victim, "precious");
  ::chmod(victim.c_str(), 0644);
  const std::string prefix = dir.file(".out.csv.tmp.");
  REQUIRE(::symlink(victim.c_str(), (prefix + "planted").c_str()) == 0);
  int calls = 0;
  const auto names = [&calls] { return ++calls == 1 ? std::string("planted") : std::string("free"); };
  bpm::detail::NewTemporary made = bpm::detail::create_temporary(prefix, 0600, names);
  REQUIRE(made.fd >= 0);
  CHECK(calls == 2);
  CHECK(made.path == prefix + "free");
  CHECK(::write(made.fd, "new", 3) == 3);
  ::close(made.fd);
  bpm::detail::unregister_temporary(made.cleanup_slot);
  struct stat info {};
  REQUIRE(::stat(made.path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(slurp(made.path) == "new");
  CHECK(slurp(victim) == "precious");
  REQUIRE(::stat(victim.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
  REQUIRE(::lstat((prefix + "planted").c_str(), &info) == 0);
  CHECK(S_ISLNK(info.st_mode));

  SECTION("when every name tried is taken, nothing is created and the error is EEXIST") {
    const auto always_planted = [] { return std::string("planted"); };
    const bpm::detail::NewTemporary none = bpm::detail::create_temporary(prefix, 0600, always_planted);
    CHECK(none.fd == -1);
    CHECK(none.path.empty());
    CHECK(none.error == EEXIST);
    CHECK(slurp(victim) == "precious");
  }
}

TEST_CASE("output errors name the path and the reason", "[io]") {
  const TempDir dir;
  const std::string missing = dir.file("no/such/dir/out.csv");
  CHECK_THROWS_WITH(bpm::OutputFile(missing), "cannot write '" + missing + "': No such file or directory");
  CHECK_THROWS_AS(bpm::OutputFile(missing), bpm::IoError);
  CHECK_THROWS_WITH(bpm::OutputFile(dir.path().string()), "cannot write '" + dir.path().string() + "': Is a directory");
  CHECK_THROWS_WITH(bpm::OutputFile(""), "cannot write '': No such file or directory");

  bpm::OutputFile out(dir.file("done.txt"));
  out.commit();
  CHECK_THROWS_AS(out.write("late"), bpm::IoError);
  CHECK_THROWS_AS(out.stream() << std::string(2 << 20, 'x'), bpm::IoError);
  out.commit();  // idempotent
}

TEST_CASE("devices are written in place, never replaced", "[io]") {
  bpm::OutputFile out("/dev/null");
  out.write("discarded");
  out.commit();
  struct stat info {};
  REQUIRE(::stat("/dev/null", &info) == 0);
  CHECK(S_ISCHR(info.st_mode));
}

TEST_CASE("\"-\" writes to standard output", "[io]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  with_stdout(fds[1], [] {
    bpm::OutputFile out("-");
    CHECK(out.is_stdout());
    out.stream() << "hello ";
    out.write("world\n");
    out.commit();
  });
  ::close(fds[1]);
  char text[64] = {};
  const ssize_t n = ::read(fds[0], text, sizeof text);
  ::close(fds[0]);
  CHECK(std::string(text, n > 0 ? static_cast<std::size_t>(n) : 0) == "hello world\n");
}

TEST_CASE("a closed standard output throws BrokenPipe", "[io]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  std::string caught;
  with_stdout(fds[1], [&] {
    try {
      bpm::OutputFile out("-");
      out.write("nobody reads this\n");
      out.commit();
    } catch (const bpm::BrokenPipe& e) {
      caught = e.what();
    }
  });
  std::signal(SIGPIPE, previous);
  ::close(fds[1]);
  CHECK(caught == "cannot write standard output: Broken pipe");
}
