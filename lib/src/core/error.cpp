#include "bpm/core/error.hpp"

#include <fmt/format.h>

namespace bpm {

std::string Location::str() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string LocatedError::diagnostic() const {
  const std::string at = where_.str();
  if (at.empty()) return fmt::format("error: {}", what());
  return fmt::format("{}: error: {}", at, what());
}

}  // namespace bpm
