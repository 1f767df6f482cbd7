#pragma once
// One wording for every I/O failure: "cannot read 'path': reason", with "standard input" and
// "standard output" for "-".
#include <string>

namespace bpm::detail {

/// "'path'", or "standard input"/"standard output" for "-".
[[nodiscard]] std::string describe_path(const std::string& path, bool writing);

/// Throws IoError "cannot read|write <path>: <reason>".
[[noreturn]] void throw_io_error(const std::string& path, bool writing, const std::string& reason);

/// The same with strerror(error) as the reason; EPIPE while writing throws BrokenPipe.
[[noreturn]] void throw_errno(const std::string& path, bool writing, int error);

}  // namespace bpm::detail
