#pragma once
// Anonymous temporary files for data that does not fit in memory (spilled event-log rows, KPI
// cases). std::tmpfile ignores $TMPDIR, so a user who points it at a big disk would still fill
// /tmp: these files go to $TMPDIR (or /tmp), created with mkstemp (O_EXCL, mode 0600) and
// unlinked at once, so that nothing is left behind whether the program ends normally, by an
// exception, a signal or a crash.
#include <cstdio>
#include <memory>
#include <string>

namespace bpm::detail {

/// $TMPDIR, or /tmp when it is unset or empty; without a trailing slash.
[[nodiscard]] std::string temp_directory();

struct CloseFile {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using UniqueFile = std::unique_ptr<std::FILE, CloseFile>;

/// A new anonymous file open for reading and writing ("w+b"), named `prefix`-XXXXXX in
/// temp_directory() for the moment it exists. Throws IoError naming the path when it cannot.
[[nodiscard]] UniqueFile open_anonymous_temp_file(const char* prefix);

}  // namespace bpm::detail
