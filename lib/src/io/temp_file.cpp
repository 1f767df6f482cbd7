#include "io/temp_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "io/io_error.hpp"

namespace bpm::detail {

std::string temp_directory() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = dir != nullptr && *dir != '\0' ? dir : "/tmp";
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

UniqueFile open_anonymous_temp_file(const char* prefix) {
  std::string path = temp_directory() + '/' + prefix + "-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw_errno(path, true, errno);
  ::unlink(path.c_str());
  UniqueFile file(::fdopen(fd, "w+b"));
  if (!file) {
    const int error = errno;
    ::close(fd);
    throw_errno(path, true, error);
  }
  return file;
}

}  // namespace bpm::detail
