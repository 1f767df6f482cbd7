#pragma once
#include <string>

#include "bpm/core/export.hpp"

namespace bpm {

/// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of uncommitted OutputFiles before
/// the process ends by that same signal. The tools call it once at start-up.
///
/// Why end by the signal rather than unwind and exit(130): a Ctrl-C must stop a tool at once
/// whatever it is doing (a long replication, a blocking read of stdin), and a process killed by
/// SIGINT is what lets a calling shell script or `make` stop too (the shell reports 128 + 2 =
/// 130). Signals that were ignored when the tool started (`nohup`, background jobs of a
/// non-interactive shell) stay ignored.
BPM_API void remove_temporaries_on_signal();

namespace detail {

/// Registers a temporary file for removal by the signal handler; returns a slot for
/// unregister_temporary, or -1 when the path is too long or every slot is taken (the file is then
/// only removed on normal unwinding). Thread-safe; the handler only reads.
[[nodiscard]] BPM_API int register_temporary(const std::string& path) noexcept;
/// Forgets a slot (no-op for -1): the file was committed (renamed) or removed.
BPM_API void unregister_temporary(int slot) noexcept;

}  // namespace detail

}  // namespace bpm
