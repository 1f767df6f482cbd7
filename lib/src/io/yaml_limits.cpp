#include "io/yaml_limits.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/node/detail/memory.h>
#include <yaml-cpp/node/detail/node.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "bpm/core/error.hpp"
#include "core/utf8.hpp"

namespace bpm::detail {
struct YamlNodeAccess;
}  // namespace bpm::detail

// yaml-cpp builds its tree only inside YAML::Load, which cannot be bounded while it parses, and
// has no public way to wrap a tree built from its parser's events in a YAML::Node: the constructor
// that does is private. Node befriends every as_if<T, S>; this specialization, for a type of our
// own, is that friend and does nothing else.
template <>
struct YAML::as_if<bpm::detail::YamlNodeAccess, bpm::detail::YamlNodeAccess> {
  static Node wrap(detail::node& root, detail::shared_memory_holder memory) { return Node(root, std::move(memory)); }
};

namespace bpm::detail {
namespace {

/// Builds the first document's tree from the parser's events, as YAML::Load does, while it counts
/// the nodes as written and as expanded through aliases, and the expanded depth; throws as soon as
/// one goes past its bound, so that nothing past a bound is ever built (an alias shares its anchor's
/// node, as in YAML::Load, and is never copied).
class BoundedBuilder : public YAML::EventHandler {
 public:
  BoundedBuilder(const std::string& file, std::size_t text_size)
      : file_(file),
        budget_(yaml_node_budget(text_size)),
        text_size_(text_size),
        memory_(std::make_shared<YAML::detail::memory_holder>()) {}

  /// The document's root; a null node for an empty stream, as YAML::Load gives.
  [[nodiscard]] YAML::Node root() const {
    if (root_ == nullptr) return YAML::Node();
    return YAML::as_if<YamlNodeAccess, YamlNodeAccess>::wrap(*root_, memory_);
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YAML::detail::node& node = leaf(mark, anchor);
    node.set_null();
    add(node, 1);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // Keys name things (steps, resources, metrics) that every output prints; an escape such as
    // "\n" in one would break a diagnostic's line, or XML.
    if (at_key() && std::any_of(value.begin(), value.end(), [](char c) {
          const auto u = static_cast<unsigned char>(c);
          return u < 0x20 || u == 0x7f;
        })) {
      fail(mark, "a key holds a control character");
    }
    YAML::detail::node& node = leaf(mark, anchor);
    node.set_scalar(value);
    node.set_tag(tag);
    add(node, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    // yaml-cpp lets an alias name a collection that is still open: the tree would be a cycle.
    if (it == anchors_.end()) fail(mark, "an alias refers to a node that contains it");
    count(mark, it->second.size);
    reach(mark, it->second.height);
    add(*it->second.node, it->second.height);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    YAML::detail::node& node = open(mark, anchor, false);
    node.set_tag(tag);
    node.set_type(YAML::NodeType::Sequence);
    node.set_style(style);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    YAML::detail::node& node = open(mark, anchor, true);
    node.set_type(YAML::NodeType::Map);
    node.set_tag(tag);
    node.set_style(style);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Extent {
    std::uint64_t size = 0;    // nodes, aliases expanded
    std::uint64_t height = 0;  // levels, the node's own included
    YAML::detail::node* node = nullptr;
  };
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t expanded_before;
    std::uint64_t height = 0;  // of its tallest child so far
    YAML::Mark mark;
    bool map = false;
    std::uint64_t children = 0;  // of a map: keys and values alternate
    YAML::detail::node* node = nullptr;
    YAML::detail::node* key = nullptr;  // of a map: the key whose value comes next
  };

  [[nodiscard]] bool at_key() const noexcept {
    return !open_.empty() && open_.back().map && open_.back().children % 2 == 0;
  }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
    throw DataError(Location{file_, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0},
                    message);
  }

  void count(const YAML::Mark& mark, std::uint64_t expanded) {
    if (++written_ > kMaxYamlNodes) {
      fail(mark, fmt::format("the document has more than {} YAML nodes, more than bpmkit reads", kMaxYamlNodes));
    }
    expanded_ += expanded;
    if (expanded_ > budget_) {
      fail(mark, fmt::format("the document expands to more than {} nodes through YAML aliases, which a document "
                             "of {} bytes cannot hold without them",
                             budget_, text_size_));
    }
  }

  /// A node of `height` levels is to be added at the current position.
  void reach(const YAML::Mark& mark, std::uint64_t height) const {
    if (open_.size() + height > kMaxYamlDepth) {
      fail(mark, fmt::format("the document nests deeper than {} levels", kMaxYamlDepth));
    }
  }

  /// Adds a finished node (of `height` levels) to the open collection, or makes it the root.
  void add(YAML::detail::node& node, std::uint64_t height) {
    if (open_.empty()) {
      root_ = &node;
      return;
    }
    Open& parent = open_.back();
    parent.height = std::max(parent.height, height);
    if (!parent.map) {
      parent.node->push_back(node, memory_);
    } else if (parent.children % 2 == 0) {
      parent.key = &node;
    } else {
      parent.node->insert(*parent.key, node, memory_);
    }
    ++parent.children;
  }

  YAML::detail::node& create(const YAML::Mark& mark) {
    YAML::detail::node& node = memory_->create_node();
    node.set_mark(mark);
    return node;
  }

  YAML::detail::node& leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    count(mark, 1);
    reach(mark, 1);
    YAML::detail::node& node = create(mark);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Extent{1, 1, &node};
    return node;
  }

  YAML::detail::node& open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    const std::uint64_t before = expanded_;
    count(mark, 1);
    // Its depth is checked as a child of its parent when it closes (reach), not here.
    YAML::detail::node& node = create(mark);
    open_.push_back(Open{anchor, before, 0, mark, map, 0, &node, nullptr});
    return node;
  }

  void close() {
    const Open o = open_.back();
    open_.pop_back();
    const Extent extent{expanded_ - o.expanded_before, o.height + 1, o.node};
    if (o.anchor != YAML::NullAnchor) anchors_[o.anchor] = extent;
    reach(o.mark, extent.height);
    add(*o.node, extent.height);
  }

  const std::string& file_;
  std::uint64_t budget_;
  std::size_t text_size_;
  std::uint64_t written_ = 0;
  std::uint64_t expanded_ = 0;
  std::vector<Open> open_;
  std::unordered_map<YAML::anchor_t, Extent> anchors_;
  YAML::detail::shared_memory_holder memory_;
  YAML::detail::node* root_ = nullptr;
};

}  // namespace

YAML::Node load_yaml(std::string_view text, const std::string& file) {
  // YAML is Unicode text: bytes that are not UTF-8 would only fail (or make malformed JSON and
  // XML) on the way out, and raw control characters are not YAML at all.
  require_text(text, file);
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  BoundedBuilder builder(file, text.size());
  if (!parser.HandleNextDocument(builder)) return YAML::Node();
  return builder.root();
}

}  // namespace bpm::detail
