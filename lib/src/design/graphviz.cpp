// Runs Graphviz as a child process. The dot text goes through a temporary file rather than a
// pipe, so that a Graphviz that dies early cannot raise SIGPIPE in the tool; its output and
// errors are read through pipes with poll(), so that neither can fill up and block the other.
// posix_spawnp takes an argument vector, never a shell command line: nothing is interpreted.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/design/render.hpp"

extern char** environ;

namespace bpm {
namespace {

/// A temporary file holding the dot text, removed when it goes out of scope.
class TempInput {
 public:
  explicit TempInput(std::string_view text) {
    const char* dir = std::getenv("TMPDIR");
    path_ = fmt::format("{}/bpm-design-XXXXXX", dir && *dir ? dir : "/tmp");
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) throw IoError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int error = errno;
        ::close(fd);
        ::unlink(path_.c_str());
        throw IoError(fmt::format("cannot write '{}': {}", path_, std::strerror(error)));
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TempInput() { ::unlink(path_.c_str()); }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

struct Pipe {
  std::array<int, 2> fd{-1, -1};
  Pipe() {
    if (::pipe2(fd.data(), O_CLOEXEC) != 0) throw Error(fmt::format("cannot run Graphviz: {}", std::strerror(errno)));
  }
  ~Pipe() {
    for (const int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_write() {
    ::close(fd[1]);
    fd[1] = -1;
  }
};

/// Reads both pipes to their end.
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
  std::array<pollfd, 2> fds{pollfd{out_fd, POLLIN, 0}, pollfd{err_fd, POLLIN, 0}};
  std::array<std::string*, 2> sinks{&out, &err};
  int open = 2;
  std::array<char, 65536> buffer{};
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("cannot read Graphviz output: {}", std::strerror(errno)));
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
    }
  }
}

}  // namespace

std::string run_graphviz(std::string_view dot_text, std::string_view format, const std::string& program) {
  const TempInput input(dot_text);
  Pipe out_pipe;
  Pipe err_pipe;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fd[1], 2);
  std::string type = fmt::format("-T{}", format);
  std::string program_arg = program;
  std::string path_arg = input.path();
  std::array<char*, 4> argv{program_arg.data(), type.data(), path_arg.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    if (spawned == ENOENT) {
      throw Error(fmt::format("{} output needs Graphviz '{}' (apt-get install graphviz)", format, program));
    }
    throw Error(fmt::format("cannot run Graphviz '{}': {}", program, std::strerror(spawned)));
  }
  out_pipe.close_write();
  err_pipe.close_write();
  std::string out;
  std::string err;
  drain(out_pipe.fd[0], err_pipe.fd[0], out, err);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(fmt::format("cannot wait for Graphviz: {}", std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string first_line = err.substr(0, err.find('\n'));
    throw Error(fmt::format("Graphviz '{}' failed{}{}", program, first_line.empty() ? "" : ": ", first_line));
  }
  return out;
}

}  // namespace bpm
