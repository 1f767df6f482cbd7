#pragma once
// The parsed form of a summary document that summary_read.cpp interprets: a plain tree holding the
// line and column of every node. Two parsers build it. A fast one reads the YAML and the JSON that
// bpm-sim itself writes (merging 1,000 parts must take well under a second, and yaml-cpp spends
// about 5 ms on one part); yaml-cpp reads everything else (hand-edited documents) and reports
// syntax errors. Both give the same tree, marks included, for what the fast one accepts.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace bpm::detail {

struct TreeNode {
  enum class Kind : std::uint8_t { Null, Scalar, List, Map };

  Kind kind = Kind::Null;
  // 0-based, as yaml-cpp's marks: a scalar's first character (its quote when quoted), a flow
  // collection's bracket, a block mapping's first key, a block sequence's first '-'. -1: unknown.
  int line = -1;
  int column = -1;
  std::string_view text;           // Scalar: the value, escapes decoded
  std::vector<TreeNode> children;  // List: the items; Map: key, value, key, value, ...

  /// The value of the first entry of a mapping whose key is the scalar `key`; nullptr if none.
  [[nodiscard]] const TreeNode* find(std::string_view key) const noexcept;
};

/// A parsed document. Scalars point into the document's text or into `strings`, so the text
/// must outlive the tree, and the tree must not be copied.
struct SummaryTree {
  TreeNode root;
  std::deque<std::string> strings;  // decoded text that is not a slice of the document

  SummaryTree() = default;
  SummaryTree(const SummaryTree&) = delete;
  SummaryTree& operator=(const SummaryTree&) = delete;
};

/// Reads the subset of YAML and JSON that bpm-sim writes: space-indented block mappings and
/// sequences, flow collections (also spread over lines), plain scalars, double-quoted scalars with
/// JSON escapes, comment lines. Returns false when the text uses anything else (anchors, tags,
/// single quotes, block scalars, tabs, multi-line plain scalars, ...) or is malformed; the caller
/// then falls back on parse_summary_yaml, which reads it or locates the error.
[[nodiscard]] bool parse_summary_fast(std::string_view text, SummaryTree& tree);

/// Reads any YAML 1.2 (hence JSON) document with yaml-cpp. Throws DataError at file:line:col
/// "malformed summary: ..." for a syntax error.
void parse_summary_yaml(std::string_view text, const std::string& file_name, SummaryTree& tree);

}  // namespace bpm::detail
