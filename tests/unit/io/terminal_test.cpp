#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bpm/io/terminal.hpp"

namespace {

// Sets an environment variable for the scope of a test, restoring the previous value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) previous_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (previous_) {
      ::setenv(name_, previous_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

bpm::ProgressOptions immediate() {
  bpm::ProgressOptions options;
  options.delay = std::chrono::milliseconds(0);
  options.interval = std::chrono::milliseconds(0);
  options.width = 10;
  return options;
}

}  // namespace

TEST_CASE("progress bar text", "[io]") {
  CHECK(bpm::ProgressBar::render(45, 100, 10.0, 10) == "[====>     ]  45% ETA 0:12");
  CHECK(bpm::ProgressBar::render(0, 100, 0.0, 10) == "[          ]   0% ETA --:--");
  CHECK(bpm::ProgressBar::render(100, 100, 5.0, 4) == "[====] 100% ETA 0:00");
  CHECK(bpm::ProgressBar::render(150, 100, 5.0, 4) == "[====] 100% ETA 0:00");
  CHECK(bpm::ProgressBar::render(1, 2, 4000.0, 4) == "[==> ]  50% ETA 1:06:40");
  CHECK(bpm::ProgressBar::render(1234, 0, 75.0, 10) == "1234 done 1:15");
}

TEST_CASE("a disabled progress bar writes nothing", "[io]") {
  std::ostringstream out;
  {
    bpm::ProgressBar bar(out, 100, false, immediate());
    bar.advance(50);
    bar.callback()(60, 100);
    CHECK(bar.done() == 60);
  }
  CHECK(out.str().empty());
}

TEST_CASE("a progress bar waits for its delay", "[io]") {
  std::ostringstream out;
  bpm::ProgressOptions options = immediate();
  options.delay = std::chrono::hours(1);
  bpm::ProgressBar bar(out, 100, true, options);
  bar.advance(99);
  bar.finish();
  CHECK(out.str().empty());
}

TEST_CASE("a progress bar draws in place and clears its line", "[io]") {
  std::ostringstream out;
  bpm::ProgressOptions options = immediate();
  options.label = "simulating";
  bpm::ProgressBar bar(out, 4, true, options);
  bar.advance();
  CHECK(out.str().rfind("\rsimulating [==>       ]  25% ETA ", 0) == 0);
  bar.set(4, 4);
  bar.finish();
  const std::string text = out.str();
  const std::size_t last_draw = text.rfind("\rsimulating [==========] 100% ETA 0:00");
  REQUIRE(last_draw != std::string::npos);
  const std::string cleared = text.substr(text.rfind('\r', text.size() - 2));
  CHECK(cleared.find_first_not_of(" \r") == std::string::npos);
  CHECK(text.back() == '\r');
  const std::size_t length = text.size();
  bar.finish();
  bar.advance();
  CHECK(out.str().size() == length);
}

TEST_CASE("progress counts are exact across threads", "[io]") {
  std::ostringstream out;
  bpm::ProgressBar bar(out, 40'000, true, immediate());
  std::vector<std::thread> workers;
  workers.reserve(4);
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&bar] {
      for (int i = 0; i < 10'000; ++i) bar.advance();
    });
  }
  for (std::thread& worker : workers) worker.join();
  CHECK(bar.done() == 40'000);
}

TEST_CASE("colour follows NO_COLOR, CLICOLOR_FORCE and the terminal", "[io]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK_FALSE(bpm::is_tty(fds[1]));
  {
    const ScopedEnv no_colour("NO_COLOR", nullptr);
    const ScopedEnv force("CLICOLOR_FORCE", nullptr);
    CHECK_FALSE(bpm::use_colour(fds[1]));
  }
  {
    const ScopedEnv no_colour("NO_COLOR", nullptr);
    const ScopedEnv force("CLICOLOR_FORCE", "1");
    CHECK(bpm::use_colour(fds[1]));
  }
  {
    const ScopedEnv no_colour("NO_COLOR", "");
    const ScopedEnv force("CLICOLOR_FORCE", "0");
    CHECK_FALSE(bpm::use_colour(fds[1]));
  }
  {
    const ScopedEnv no_colour("NO_COLOR", "1");
    const ScopedEnv force("CLICOLOR_FORCE", "1");
    CHECK_FALSE(bpm::use_colour(fds[1]));
  }
  ::close(fds[0]);
  ::close(fds[1]);
}
