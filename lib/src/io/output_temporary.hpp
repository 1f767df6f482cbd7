#pragma once
// The temporary file behind an OutputFile, apart so that a test can choose the names it tries
// (the real ones are random) and plant a symbolic link under the first one.
#include <sys/types.h>

#include <functional>
#include <string>

namespace bpm::detail {

struct NewTemporary {
  int fd = -1;            // open for writing; -1 when none could be created
  std::string path;       // empty when none was created
  int cleanup_slot = -1;  // its signal_cleanup slot (removed on a signal until unregistered)
  int error = 0;          // errno of the last attempt when fd is -1
};

/// Creates `prefix` + suffix() for writing, as a new file of ours only: O_CREAT|O_EXCL|O_NOFOLLOW
/// fail on anything already under the name (a planted symbolic link included), and then another
/// suffix is tried, up to 100. `replaced_mode` (-1: none) is the mode of the file it will replace,
/// set with fchmod on the new descriptor, which cannot reach any other file; without one the file
/// gets 0666 less the umask.
[[nodiscard]] NewTemporary create_temporary(const std::string& prefix, int replaced_mode,
                                            const std::function<std::string()>& suffix);

}  // namespace bpm::detail
