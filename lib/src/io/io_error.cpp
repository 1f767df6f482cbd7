#include "io/io_error.hpp"

#include <cerrno>
#include <system_error>

#include "bpm/core/error.hpp"
#include "bpm/io/output_file.hpp"

namespace bpm::detail {

std::string describe_path(const std::string& path, bool writing) {
  if (path == "-") return writing ? "standard output" : "standard input";
  return "'" + path + "'";
}

void throw_io_error(const std::string& path, bool writing, const std::string& reason) {
  throw IoError((writing ? "cannot write " : "cannot read ") + describe_path(path, writing) + ": " + reason);
}

void throw_errno(const std::string& path, bool writing, int error) {
  // std::generic_category gives strerror's text without its thread-safety problem.
  const std::string reason = std::generic_category().message(error);
  if (writing && error == EPIPE) throw BrokenPipe("cannot write " + describe_path(path, true) + ": " + reason);
  throw_io_error(path, writing, reason);
}

}  // namespace bpm::detail
