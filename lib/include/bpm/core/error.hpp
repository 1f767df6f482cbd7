#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// `text` with every control character written as an escape (\n, \r, \t, \xNN; C1 controls as
/// \uNNNN) and bytes that are not UTF-8 as \xNN: for one-line diagnostics, which a name holding a
/// line break must not split (a second line "::error::..." would be a command to GitHub Actions),
/// and which must not carry terminal escape sequences.
[[nodiscard]] BPM_API std::string escape_control(std::string_view text);

/// A position in an input file; line and column are 1-based, 0 means "unknown".
struct BPM_API Location {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:col", "file:line" or "file", whichever parts are known.
  [[nodiscard]] std::string str() const;
  friend bool operator==(const Location&, const Location&) = default;
};

/// Root of every error the library throws. The library never prints and never exits: tools catch
/// these and choose the exit code (see share/doc/exit-codes.md).
class BPM_API Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// An error located in an input file: a process file, an event log, a summary document.
class BPM_API LocatedError : public Error {
 public:
  LocatedError(Location where, const std::string& message) : Error(message), where_(std::move(where)) {}
  [[nodiscard]] const Location& where() const noexcept { return where_; }
  /// "file:line:col: error: message", the one diagnostic style of every tool.
  [[nodiscard]] std::string diagnostic() const;

 private:
  Location where_;
};

/// The process file is malformed or inconsistent.
class BPM_API ModelError : public LocatedError {
 public:
  using LocatedError::LocatedError;
};

/// An event log or summary document is malformed.
class BPM_API DataError : public LocatedError {
 public:
  using LocatedError::LocatedError;
};

/// A file cannot be opened, read or written.
class BPM_API IoError : public Error {
 public:
  using Error::Error;
};

/// A request that contradicts itself or the model: unknown scenario, malformed --set, zero
/// replications. Tools map it to the usage exit code.
class BPM_API UsageError : public Error {
 public:
  using Error::Error;
};

/// A UsageError about one setting of a library call, worded without any tool's flags: the library
/// knows its options structs, not the command lines around them. `setting()` names the options
/// field ("delta", "parameters", "metrics", "replications", "parts"); a tool puts its own flag for
/// it in front of the message (bpm-optimize: "--delta: must be more than 0% ...").
class BPM_API SettingError : public UsageError {
 public:
  SettingError(std::string setting, const std::string& message) : UsageError(message), setting_(std::move(setting)) {}
  [[nodiscard]] const std::string& setting() const noexcept { return setting_; }

 private:
  std::string setting_;
};

/// The model is valid but cannot be run as asked (e.g. a case exceeded the step limit).
class BPM_API SimulationError : public Error {
 public:
  using Error::Error;
};

/// A search ran out of its evaluation budget before it could answer; the message says what it
/// learned. Not a fault of the input: tools give it its own exit code.
class BPM_API BudgetExhausted : public Error {
 public:
  using Error::Error;
};

}  // namespace bpm

namespace bpm {

/// A syntax error inside one scalar of a file (a duration, a distribution, an expression). Its
/// offset is a byte offset into that scalar; the loader turns it into a ModelError at file:line:col.
class BPM_API SyntaxError : public Error {
 public:
  SyntaxError(std::size_t offset, const std::string& message) : Error(message), offset_(offset) {}
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

}  // namespace bpm
