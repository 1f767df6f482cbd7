#include "sim/summary_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <cstring>

#include "bpm/core/error.hpp"
#include "io/yaml_limits.hpp"

namespace bpm::detail {
namespace {

/// Thrown inside the fast parser when the text leaves the subset it reads; never escapes it.
struct Unsupported {};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

/// Characters of a plain scalar inside a flow collection: enough for numbers, `.nan`, `-.inf`,
/// `null` and plain strings without blanks. Anything else ends the scalar.
bool flow_plain_char(char c) {
  return is_alnum(c) || is_high(c) || c == '_' || c == '.' || c == '+' || c == '-' || c == '/' || c == '~';
}

/// Characters of a plain mapping key in block context (what plain_safe() lets the writer leave
/// unquoted), blanks inside included.
bool key_char(char c) { return is_alnum(c) || is_high(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ' '; }

bool is_null_text(std::string_view text) { return text == "null" || text == "Null" || text == "NULL" || text == "~"; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class FastParser {
 public:
  FastParser(std::string_view text, SummaryTree& tree) : text_(text), tree_(tree) {}

  void parse() {
    // Tabs and carriage returns have rules of their own in YAML; the writer emits neither.
    if (std::memchr(text_.data(), '\t', text_.size()) != nullptr ||
        std::memchr(text_.data(), '\r', text_.size()) != nullptr) {
      throw Unsupported{};
    }
    skip_blank_lines();
    if (at_end()) throw Unsupported{};  // an empty document is null: let yaml-cpp say so
    if (peek() == '[' || peek() == '{') {
      tree_.root = flow(-1);
      finish_line(-1);
    } else {
      tree_.root = block_node(column());
    }
    if (!at_end()) throw Unsupported{};
  }

 private:
  std::string_view text_;
  SummaryTree& tree_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 0;
  int depth_ = 0;

  // Deeply nested input is left to yaml-cpp, which refuses it, before recursion exhausts the stack.
  class Nesting {
   public:
    explicit Nesting(int& depth) : level_(depth) {
      if (++level_ > kMaxDepth) throw Unsupported{};
    }
    ~Nesting() { --level_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    static constexpr int kMaxDepth = 256;
    int& level_;
  };

  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : text_[pos_]; }
  [[nodiscard]] char peek_at(std::size_t offset) const {
    return pos_ + offset < text_.size() ? text_[pos_ + offset] : '\0';
  }
  [[nodiscard]] int column() const { return static_cast<int>(pos_ - line_start_); }

  [[nodiscard]] TreeNode node(TreeNode::Kind kind) const {
    TreeNode n;
    n.kind = kind;
    n.line = line_;
    n.column = column();
    return n;
  }

  void new_line() {  // at '\n'
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  void skip_spaces() {
    while (peek() == ' ') ++pos_;
  }

  void skip_to_line_end() {
    const void* newline = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    pos_ =
        newline == nullptr ? text_.size() : static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data());
  }

  /// From the start of a line: skips blank and comment lines, stopping at the first content
  /// character (or the end).
  void skip_blank_lines() {
    for (;;) {
      skip_spaces();
      if (peek() == '#') skip_to_line_end();
      if (peek() != '\n') return;
      new_line();
    }
  }

  /// After a value written on the line of its key or dash: the rest of the line must be blank or
  /// a comment, and the next content line must not be indented deeper than `indent` (that would
  /// continue a plain scalar over several lines, or be an error).
  void finish_line(int indent) {
    const std::size_t before = pos_;
    skip_spaces();
    if (peek() == '#' && pos_ > before) skip_to_line_end();
    if (at_end()) return;
    if (peek() != '\n') throw Unsupported{};
    new_line();
    skip_blank_lines();
    if (!at_end() && column() > indent) throw Unsupported{};
  }

  [[nodiscard]] bool at_dash() const {
    const char next = peek_at(1);
    return peek() == '-' && (next == ' ' || next == '\n' || next == '\0');
  }

  TreeNode block_node(int indent) {
    const Nesting nesting(depth_);
    return at_dash() ? block_list(indent) : block_map(indent);
  }

  /// The value of a key or dash that ends its line: a block collection indented deeper than
  /// `indent` on the following lines. (An empty value, null, is left to yaml-cpp.)
  TreeNode nested_block(int indent) {
    skip_to_line_end();
    if (at_end()) throw Unsupported{};
    new_line();
    skip_blank_lines();
    if (at_end() || column() <= indent) throw Unsupported{};
    return block_node(column());
  }

  /// What follows a key's ':' or an item's '-'.
  TreeNode block_value(int indent) {
    if (at_end() || peek() == '\n') return nested_block(indent);
    if (peek() != ' ') throw Unsupported{};
    skip_spaces();
    if (at_end() || peek() == '\n' || peek() == '#') return nested_block(indent);
    TreeNode value = inline_value(indent);
    finish_line(indent);
    return value;
  }

  /// After a block value: true when the collection at `indent` goes on at the current line.
  bool continues(int indent) {
    if (at_end() || column() < indent) return false;
    if (column() > indent) throw Unsupported{};
    return true;
  }

  TreeNode block_map(int indent) {
    TreeNode map = node(TreeNode::Kind::Map);
    do {
      map.children.push_back(block_key());
      map.children.push_back(block_value(indent));
    } while (continues(indent));
    return map;
  }

  TreeNode block_list(int indent) {
    TreeNode list = node(TreeNode::Kind::List);
    do {
      if (!at_dash()) throw Unsupported{};
      ++pos_;
      list.children.push_back(block_value(indent));
    } while (continues(indent));
    return list;
  }

  /// A mapping key in block context and its ':'.
  TreeNode block_key() {
    TreeNode key = node(TreeNode::Kind::Scalar);
    if (peek() == '"') {
      key = quoted();
    } else {
      const char first = peek();
      if (!(is_alnum(first) || is_high(first) || first == '_' || first == '.' || first == '/')) throw Unsupported{};
      const std::size_t begin = pos_;
      while (!at_end() && key_char(text_[pos_])) ++pos_;
      key.text = text_.substr(begin, pos_ - begin);
      if (key.text.back() == ' ' || is_null_text(key.text)) throw Unsupported{};
    }
    if (peek() != ':') throw Unsupported{};
    ++pos_;
    const char next = peek();
    if (next != ' ' && next != '\n' && next != '\0') throw Unsupported{};
    return key;
  }

  /// A value on its key's or dash's line.
  TreeNode inline_value(int indent) {
    switch (peek()) {
      case '[':
      case '{': return flow(indent);
      case '"': return quoted();
      default: return block_plain();
    }
  }

  /// A plain scalar in block context: the rest of the line.
  TreeNode block_plain() {
    TreeNode scalar = node(TreeNode::Kind::Scalar);
    const char first = peek();
    if (std::strchr("?:,[]{}#&*!|>'\"%@`", first) != nullptr) throw Unsupported{};
    if (first == '-' && (peek_at(1) == ' ' || peek_at(1) == '\n' || peek_at(1) == '\0')) throw Unsupported{};
    const std::size_t begin = pos_;
    skip_to_line_end();
    std::size_t end = pos_;
    while (end > begin && text_[end - 1] == ' ') --end;
    pos_ = end;
    const std::string_view text = text_.substr(begin, end - begin);
    // A comment, or a ": " that makes the line a mapping, is for yaml-cpp to sort out.
    if (text.find('#') != std::string_view::npos || text.find(": ") != std::string_view::npos || text.back() == ':') {
      throw Unsupported{};
    }
    scalar.text = text;
    if (is_null_text(text)) scalar.kind = TreeNode::Kind::Null;
    return scalar;
  }

  /// Blanks, line breaks and comments inside a flow collection; continuation lines must be
  /// indented deeper than the block collection around it (`indent`).
  void skip_flow_space(int indent) {
    bool blank_before = false;
    for (;;) {
      const char c = peek();
      if (c == ' ') {
        ++pos_;
        blank_before = true;
      } else if (c == '\n') {
        new_line();
        skip_spaces();
        if (peek() != '\n' && peek() != '#' && column() <= indent) throw Unsupported{};
        blank_before = true;
      } else if (c == '#' && blank_before) {
        skip_to_line_end();
      } else {
        if (at_end()) throw Unsupported{};  // an unclosed collection
        return;
      }
    }
  }

  TreeNode flow(int indent) {
    const Nesting nesting(depth_);
    const bool is_map = peek() == '{';
    const char close = is_map ? '}' : ']';
    TreeNode collection = node(is_map ? TreeNode::Kind::Map : TreeNode::Kind::List);
    ++pos_;
    skip_flow_space(indent);
    if (peek() == close) {
      ++pos_;
      return collection;
    }
    for (;;) {
      if (is_map) {
        const bool quoted_key = peek() == '"';
        TreeNode key = flow_item(indent);
        if (key.kind != TreeNode::Kind::Scalar || peek() != ':') throw Unsupported{};
        ++pos_;
        // "a:b" is one scalar in YAML, but after a quoted key JSON's "a":1 is a pair.
        if (!quoted_key && peek() != ' ' && peek() != '\n') throw Unsupported{};
        collection.children.push_back(std::move(key));
        skip_flow_space(indent);
      }
      collection.children.push_back(flow_item(indent));
      skip_flow_space(indent);
      if (peek() == close) {
        ++pos_;
        return collection;
      }
      if (peek() != ',') throw Unsupported{};
      ++pos_;
      skip_flow_space(indent);
      if (peek() == close) throw Unsupported{};  // a trailing comma
    }
  }

  TreeNode flow_item(int indent) {
    const char c = peek();
    if (c == '[' || c == '{') return flow(indent);
    if (c == '"') return quoted();
    TreeNode scalar = node(TreeNode::Kind::Scalar);
    const std::size_t begin = pos_;
    while (!at_end() && flow_plain_char(text_[pos_])) ++pos_;
    scalar.text = text_.substr(begin, pos_ - begin);
    if (scalar.text.empty() || scalar.text == "-") throw Unsupported{};
    if (is_null_text(scalar.text)) scalar.kind = TreeNode::Kind::Null;
    return scalar;
  }

  /// A double-quoted scalar with JSON's escapes (all that the writer produces).
  TreeNode quoted() {
    TreeNode scalar = node(TreeNode::Kind::Scalar);
    ++pos_;
    const std::size_t begin = pos_;
    std::string* decoded = nullptr;
    std::size_t copied = begin;  // text_[copied, pos_) is not yet in *decoded
    for (;;) {
      if (at_end()) throw Unsupported{};
      const char c = text_[pos_];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) throw Unsupported{};  // a line break folds in YAML
      if (c != '\\') {
        ++pos_;
        continue;
      }
      if (decoded == nullptr) decoded = &tree_.strings.emplace_back();
      decoded->append(text_.substr(copied, pos_ - copied));
      const char e = peek_at(1);
      pos_ += 2;
      switch (e) {
        case '"': *decoded += '"'; break;
        case '\\': *decoded += '\\'; break;
        case 'b': *decoded += '\b'; break;
        case 'f': *decoded += '\f'; break;
        case 'n': *decoded += '\n'; break;
        case 'r': *decoded += '\r'; break;
        case 't': *decoded += '\t'; break;
        case 'u': {
          unsigned code = 0;
          for (int i = 0; i < 4; ++i) {
            const int digit = hex_digit(peek());
            if (digit < 0) throw Unsupported{};
            code = code * 16 + static_cast<unsigned>(digit);
            ++pos_;
          }
          // NUL and UTF-16 surrogates: yaml-cpp's own rules apply.
          if (code == 0 || (code >= 0xD800 && code <= 0xDFFF)) throw Unsupported{};
          append_utf8(*decoded, code);
          break;
        }
        default: throw Unsupported{};
      }
      copied = pos_;
    }
    if (decoded == nullptr) {
      scalar.text = text_.substr(begin, pos_ - begin);
    } else {
      decoded->append(text_.substr(copied, pos_ - copied));
      scalar.text = *decoded;
    }
    ++pos_;
    return scalar;
  }
};

void convert(const YAML::Node& from, TreeNode& to, SummaryTree& tree) {
  const YAML::Mark mark = from.Mark();
  to.line = mark.line;
  to.column = mark.column;
  switch (from.Type()) {
    case YAML::NodeType::Scalar:
      to.kind = TreeNode::Kind::Scalar;
      to.text = tree.strings.emplace_back(from.Scalar());
      break;
    case YAML::NodeType::Sequence:
      to.kind = TreeNode::Kind::List;
      for (const auto& item : from) convert(item, to.children.emplace_back(), tree);
      break;
    case YAML::NodeType::Map:
      to.kind = TreeNode::Kind::Map;
      for (const auto& entry : from) {
        convert(entry.first, to.children.emplace_back(), tree);
        convert(entry.second, to.children.emplace_back(), tree);
      }
      break;
    default: to.kind = TreeNode::Kind::Null;
  }
}

}  // namespace

const TreeNode* TreeNode::find(std::string_view key) const noexcept {
  if (kind != Kind::Map) return nullptr;
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    if (children[i].kind == Kind::Scalar && children[i].text == key) return &children[i + 1];
  }
  return nullptr;
}

bool parse_summary_fast(std::string_view text, SummaryTree& tree) {
  try {
    FastParser(text, tree).parse();
    return true;
  } catch (const Unsupported&) {
    tree.root = TreeNode{};
    tree.strings.clear();
    return false;
  }
}

void parse_summary_yaml(std::string_view text, const std::string& file_name, SummaryTree& tree) {
  YAML::Node root;
  try {
    root = load_yaml(text, file_name);  // bounded: convert() expands aliases
  } catch (const YAML::Exception& e) {
    throw DataError(Location{file_name, e.mark.line + 1, e.mark.column + 1}, "malformed summary: " + e.msg);
  }
  tree.root = TreeNode{};
  tree.strings.clear();
  convert(root, tree.root, tree);
}

}  // namespace bpm::detail
