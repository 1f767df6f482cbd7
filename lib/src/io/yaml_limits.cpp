#include "io/yaml_limits.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "bpm/core/error.hpp"
#include "core/utf8.hpp"

namespace bpm::detail {
namespace {

/// Counts a document's nodes as written and as expanded through aliases, and its expanded depth,
/// as the parser reports them; throws as soon as one goes past its bound.
class Census : public YAML::EventHandler {
 public:
  Census(const std::string& file, std::size_t text_size)
      : file_(file), budget_(yaml_node_budget(text_size)), text_size_(text_size) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    // Keys name things (steps, resources, metrics) that every output prints; an escape such as
    // "\n" in one would break a diagnostic's line, or XML.
    if (at_key() && std::any_of(value.begin(), value.end(), [](char c) {
          const auto u = static_cast<unsigned char>(c);
          return u < 0x20 || u == 0x7f;
        })) {
      fail(mark, "a key holds a control character");
    }
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    // yaml-cpp lets an alias name a collection that is still open: the tree would be a cycle.
    if (it == anchors_.end()) fail(mark, "an alias refers to a node that contains it");
    count(mark, it->second.size);
    reach(mark, it->second.height);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Extent {
    std::uint64_t size = 0;    // nodes, aliases expanded
    std::uint64_t height = 0;  // levels, the node's own included
  };
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t expanded_before;
    std::uint64_t height = 0;  // of its tallest child so far
    YAML::Mark mark;
    bool map = false;
    std::uint64_t children = 0;  // of a map: keys and values alternate
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

  /// A node of `height` levels was added at the current position.
  void reach(const YAML::Mark& mark, std::uint64_t height) {
    if (open_.size() + height > kMaxYamlDepth) {
      fail(mark, fmt::format("the document nests deeper than {} levels", kMaxYamlDepth));
    }
    if (!open_.empty()) {
      open_.back().height = std::max(open_.back().height, height);
      ++open_.back().children;
    }
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    count(mark, 1);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Extent{1, 1};
    reach(mark, 1);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    const std::uint64_t before = expanded_;
    count(mark, 1);
    // Counted as a child of its parent when it closes (reach), not here.
    open_.push_back(Open{anchor, before, 0, mark, map, 0});
  }

  void close() {
    const Open o = open_.back();
    open_.pop_back();
    const Extent extent{expanded_ - o.expanded_before, o.height + 1};
    if (o.anchor != YAML::NullAnchor) anchors_[o.anchor] = extent;
    reach(o.mark, extent.height);
  }

  const std::string& file_;
  std::uint64_t budget_;
  std::size_t text_size_;
  std::uint64_t written_ = 0;
  std::uint64_t expanded_ = 0;
  std::vector<Open> open_;
  std::unordered_map<YAML::anchor_t, Extent> anchors_;
};

}  // namespace

YAML::Node load_yaml(std::string_view text, const std::string& file) {
  // YAML is Unicode text: bytes that are not UTF-8 would only fail (or make malformed JSON and
  // XML) on the way out, and raw control characters are not YAML at all.
  require_text(text, file);
  const std::string copy(text);
  {
    std::istringstream in(copy);
    YAML::Parser parser(in);
    Census census(file, text.size());
    parser.HandleNextDocument(census);
  }
  return YAML::Load(copy);
}

}  // namespace bpm::detail
