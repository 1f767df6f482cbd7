#pragma once
// Comments in a process file: the canonical YAML of the writer (which has none) with comment
// lines inserted before the sections and entries they explain.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bpm::discover {

struct Annotations {
  std::vector<std::string> header;                                                  // at the top of the file
  std::map<std::string, std::vector<std::string>> sections;                         // before a top-level key
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> entries;  // (section, key)
};

/// Inserts `# ...` lines: header first, then before each top-level key and each entry directly
/// under one (two-space indent). Keys are matched unquoted. Long comments wrap at 100 columns.
[[nodiscard]] std::string annotate(const std::string& yaml, const Annotations& notes);

}  // namespace bpm::discover
