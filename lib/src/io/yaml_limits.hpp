#pragma once
// Bounds on the YAML documents bpmkit reads. yaml-cpp builds a tree of about 500 bytes per node,
// and shares an anchored node between its aliases, so a few hundred bytes of nested aliases
// ("billion laughs") stand for 10^9 nodes that a reader walking the tree, or converting it to its
// own, would expand. load_yaml builds the tree in the one pass of the parser that checks these
// bounds, and stops at the node that crosses one.
#include <cstddef>
#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace bpm::detail {

/// Nodes a document may have as written: about 250 MB of yaml-cpp's tree.
inline constexpr std::size_t kMaxYamlNodes = 500000;
/// Nesting a document may reach, its aliases expanded.
inline constexpr std::size_t kMaxYamlDepth = 1000;

/// Nodes a document of `text_size` bytes may expand to through its aliases: twice its size, as
/// every node takes at least one byte of text when written out without aliases, plus a little.
[[nodiscard]] constexpr std::size_t yaml_node_budget(std::size_t text_size) noexcept { return 2 * text_size + 64; }

/// The tree YAML::Load(text) gives (the first document), for a text that keeps within the bounds
/// above: throws DataError "file:line:col: ..." at the node where it crosses one, and
/// YAML::Exception for malformed text, as YAML::Load does.
[[nodiscard]] YAML::Node load_yaml(std::string_view text, const std::string& file);

}  // namespace bpm::detail
